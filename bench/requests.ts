import type { CreateInstanceInput } from '../src/translate/create-instance-input.js';
import type { SyncExternalInstanceInput } from '../src/translate/external-instance-input.js';
import { type Instant, formatInOwnOffset, parseInstant } from '../src/util/datetime.js';
import type { Path } from './feishu.js';

/**
 * The mutations the benchmark sends, each as a typed input: the GraphQL variables are its JSON
 * (instants written as RFC 3339 text), the Feishu payload its translation by src/translate, as
 * the facade makes it. `run` keeps the instance ids and uuids of one load apart from another's.
 */

const BASE = Date.parse('2026-11-20T01:00:00Z');
const at = (ms: number): Instant => ({ epochMs: ms, offset: 'Z' });
const LEAVE_DEFINITION = '7C468A54-8745-2245-9675-08B7C63E7A85';
const LEAD_NODE = '46e6d96cfa756980907209209ec03b64';

/** A leave request with 3 tasks, 2 cc entries and texts in Chinese and English. */
export function syncInput(n: number, run: string): SyncExternalInstanceInput {
  const time = at(BASE + n * 1000);
  const links = (path: string) => ({ pcLink: `https://oa.example.com/leave/${path}`, mobileLink: `https://m.oa.example.com/leave/${path}` });
  return {
    approvalCode: '81D31358-93AF-92D6-7425-01A5D67C4E71',
    instanceId: `bench-${run}-${n}`,
    status: 'PENDING',
    title: { zhCN: '请假申请', enUS: 'Leave request' },
    links: links(`${n}`),
    userId: `user-${n % 1000}`,
    userName: { zhCN: '张三', enUS: 'Zhang San' },
    departmentId: 'od-8ec33278bc2',
    form: [
      { name: { zhCN: '请假类型', enUS: 'Leave type' }, value: { zhCN: '年假', enUS: 'Annual leave' } },
      { name: { zhCN: '请假天数', enUS: 'Days' }, value: { zhCN: '3 天', enUS: '3 days' } },
    ],
    startTime: time,
    updateTime: time,
    extra: { business_key: `LEAVE-${n}` },
    taskList: (['APPROVED', 'PENDING', 'PENDING'] as const).map((status, i) => ({
      taskId: `task-${i + 1}`,
      userId: `user-${(n + i + 1) % 1000}`,
      title: { zhCN: `第 ${i + 1} 级审批`, enUS: `Level ${i + 1} approval` },
      links: links(`${n}/task-${i + 1}`),
      status,
      createTime: time,
      updateTime: time,
      actionConfigs: [{ actionType: 'APPROVE' }, { actionType: 'REJECT' }],
    })),
    ccList: [1, 2].map((i) => ({
      ccId: `cc-${i}`,
      userId: `user-${(n + 10 + i) % 1000}`,
      title: { zhCN: '抄送人事', enUS: 'Copy to HR' },
      links: links(`${n}/cc-${i}`),
      readStatus: 'UNREAD' as const,
      createTime: time,
      updateTime: time,
    })),
  };
}

/** A leave request against the sandbox's demo definition (src/sandbox/definitions.ts), with a uuid of its own. */
export function createInput(n: number, run: string): CreateInstanceInput {
  return {
    approvalCode: LEAVE_DEFINITION,
    userId: `user-${n % 1000}`,
    uuid: `bench-${run}-${n}`,
    title: { zhCN: '年假申请', enUS: 'Annual leave' },
    form: [
      { radioV2: { id: 'leave_type', value: 'annual' } },
      {
        dateInterval: {
          id: 'period',
          value: { start: parseInstant('2026-12-01T09:00:00+08:00')!, end: parseInstant('2026-12-03T18:00:00+08:00')!, interval: 3 },
        },
      },
      { textarea: { id: 'reason', localizedValue: { zhCN: '家庭旅行', enUS: 'Family trip' } } },
    ],
    nodeApproverUserIdList: [{ key: LEAD_NODE, value: [`user-${(n + 1) % 1000}`] }],
  };
}

export const DOCUMENTS: Record<Path, string> = {
  sync: `mutation Sync($input: SyncExternalInstanceInput!) {
  syncExternalInstance(input: $input) {
    __typename
    ... on SyncExternalInstancePayload { applied instance { id instanceId updateTime } }
    ... on Error { code message }
  }
}`,
  create: `mutation Create($input: CreateInstanceInput!) {
  createInstance(input: $input) {
    __typename
    ... on CreateInstancePayload { instance { id instanceCode intentState } }
    ... on Error { code message }
  }
}`,
};

/** The __typename a mutation answers when it went through. */
export const SUCCESS: Record<Path, string> = { sync: 'SyncExternalInstancePayload', create: 'CreateInstancePayload' };

const isInstant = (value: unknown): value is Instant => typeof value === 'object' && value !== null && 'epochMs' in value && 'offset' in value;

/** The body of a GraphQL request for mutation n of a path. */
export function graphqlBody(path: Path, n: number, run: string): string {
  const input = path === 'sync' ? syncInput(n, run) : createInput(n, run);
  return JSON.stringify({ query: DOCUMENTS[path], variables: { input } }, (_key, value: unknown) => (isInstant(value) ? formatInOwnOffset(value) : value));
}
