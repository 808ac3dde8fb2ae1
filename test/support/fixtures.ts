import type { ExternalInstancePayload } from '../../src/feishu/wire.js';
/** Valid inputs as GraphQL variables, and the operations the tests send. */

export const T0 = '2026-11-20T09:00:00.000Z';
export const at = (minutes: number) => new Date(Date.parse(T0) + minutes * 60_000).toISOString();

export function taskInput(n: number, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    taskId: `task-${n}`,
    userId: `approver-${n}`,
    title: { zhCN: `审批 ${n}`, enUS: `Approval ${n}` },
    links: { pcLink: `https://oa.example.com/t/${n}` },
    status: 'PENDING',
    createTime: T0,
    updateTime: T0,
    ...overrides,
  };
}

export function ccInput(n: number, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    ccId: `cc-${n}`,
    openId: `ou_cc_${n}`,
    title: { zhCN: `抄送 ${n}`, enUS: `Copy ${n}` },
    links: { mobileLink: `https://m.oa.example.com/c/${n}` },
    readStatus: 'UNREAD',
    createTime: T0,
    updateTime: T0,
    ...overrides,
  };
}

export function syncInput(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    approvalCode: 'APPROVAL-1',
    instanceId: 'inst-1',
    status: 'PENDING',
    title: { zhCN: '请假申请', enUS: 'Leave request' },
    links: { pcLink: 'https://oa.example.com/i/1', mobileLink: 'https://m.oa.example.com/i/1' },
    userId: 'initiator-1',
    form: [{ name: { zhCN: '天数', enUS: 'Days' }, value: { zhCN: '3 天', enUS: '3 days' } }],
    startTime: T0,
    updateTime: T0,
    taskList: [taskInput(1)],
    ccList: [ccInput(1)],
    ...overrides,
  };
}

export const SYNC = `mutation Sync($input: SyncExternalInstanceInput!) {
  syncExternalInstance(input: $input) {
    __typename
    ... on Error { code message }
    ... on BadUserInputError { path issues { path message } }
    ... on FeishuError { feishuCode feishuMessage httpStatus logId retryable }
    ... on RateLimitedError { retryAfter logId }
    ... on FeishuUnavailableError { retryable responseStatus }
    ... on SyncExternalInstancePayload {
      applied
      logId
      outcome {
        instance
        tasks { inserted updated stale deleted }
        ccEntries { inserted updated stale deleted }
      }
      instance { instanceId status updateTime title(locale: EN_US) taskList { taskId status } ccList { ccId readStatus } }
    }
  }
}`;

export const READ = `query Read($approvalCode: String!, $instanceId: String!) {
  externalInstance(approvalCode: $approvalCode, instanceId: $instanceId) {
    instanceId status updateTime endTime
    title titleEn: title(locale: EN_US) titleZh: title(locale: ZH_CN) titleJa: title(locale: JA_JP)
    userName departmentName defaultLocale extra
    form { name value }
    taskList { taskId status title updateTime nodeName actionConfigs { actionType actionName } }
    ccList { ccId readStatus title updateTime }
  }
}`;

export interface SyncResult {
  syncExternalInstance: {
    __typename: string;
    code?: string;
    message?: string;
    path?: string;
    issues?: { path: string; message: string }[];
    feishuCode?: number;
    feishuMessage?: string;
    httpStatus?: number;
    logId?: string | null;
    retryable?: boolean;
    retryAfter?: number;
    responseStatus?: number | null;
    applied?: boolean;
    outcome?: {
      instance: string;
      tasks: { inserted: number; updated: number; stale: number; deleted: number };
      ccEntries: { inserted: number; updated: number; stale: number; deleted: number };
    };
    instance?: {
      instanceId: string;
      status: string;
      updateTime: string;
      title: string | null;
      taskList: { taskId: string; status: string }[];
      ccList: { ccId: string; readStatus: string | null }[];
    };
  };
}

/** The smallest push the mirror takes: instance `I<n>` of approval A, one title; no tasks, no cc. */
export const minimalPush = (n: number, title = `标题 ${n}`): ExternalInstancePayload => ({
  approval_code: 'A',
  instance_id: `I${n}`,
  status: 'PENDING',
  links: { pc_link: 'https://x' },
  title: '@i18n@1',
  user_id: 'u',
  start_time: '1',
  end_time: '0',
  update_time: '1',
  i18n_resources: [{ locale: 'zh-CN', is_default: true, texts: [{ key: '@i18n@1', value: title }] }],
});

/** A payload as Feishu accepted it, ready for Mirror.recordSync. */
export const accepted = (payload: ExternalInstancePayload) => ({ payload, payloadJson: JSON.stringify(payload) });
