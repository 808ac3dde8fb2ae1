import type { CreateInstancePayload, ExternalInstancePayload } from '../../src/feishu/wire.js';
import { toCreateInstancePayload } from '../../src/translate/create-instance.js';
import type { CreateInstanceInput } from '../../src/translate/create-instance-input.js';
import { toExternalInstancePayload } from '../../src/translate/external-instance.js';
import type { SyncExternalInstanceInput } from '../../src/translate/external-instance-input.js';
import { parseInstant } from '../../src/util/datetime.js';

/**
 * The realistic requests of the benchmark, each in the two forms the contenders send: GraphQL
 * variables (the facade) and the Feishu payload the facade would make of them (raw undici, SDK).
 */

const BASE = Date.parse('2026-11-20T01:00:00Z');
const iso = (ms: number) => new Date(ms).toISOString();
const instant = (text: string) => parseInstant(text)!;

/** A leave request with 3 tasks, 2 cc entries and texts in Chinese and English. */
export function syncVariables(n: number, run: string): { input: Record<string, unknown> } {
  const t = iso(BASE + n * 1000);
  const task = (i: number, status: string) => ({
    taskId: `task-${i}`,
    userId: `user-${(n + i) % 1000}`,
    title: { zhCN: `第 ${i} 级审批`, enUS: `Level ${i} approval` },
    links: { pcLink: `https://oa.example.com/leave/${n}/task-${i}`, mobileLink: `https://m.oa.example.com/leave/${n}/task-${i}` },
    status,
    createTime: t,
    updateTime: t,
    actionConfigs: [{ actionType: 'APPROVE' }, { actionType: 'REJECT' }],
  });
  const cc = (i: number) => ({
    ccId: `cc-${i}`,
    userId: `user-${(n + 10 + i) % 1000}`,
    title: { zhCN: '抄送人事', enUS: 'Copy to HR' },
    links: { pcLink: `https://oa.example.com/leave/${n}/cc-${i}` },
    readStatus: 'UNREAD',
    createTime: t,
    updateTime: t,
  });
  return {
    input: {
      approvalCode: '81D31358-93AF-92D6-7425-01A5D67C4E71',
      instanceId: `bench-${run}-${n}`,
      status: 'PENDING',
      title: { zhCN: '请假申请', enUS: 'Leave request' },
      links: { pcLink: `https://oa.example.com/leave/${n}`, mobileLink: `https://m.oa.example.com/leave/${n}` },
      userId: `user-${n % 1000}`,
      userName: { zhCN: '张三', enUS: 'Zhang San' },
      departmentId: 'od-8ec33278bc2',
      form: [
        { name: { zhCN: '请假类型', enUS: 'Leave type' }, value: { zhCN: '年假', enUS: 'Annual leave' } },
        { name: { zhCN: '请假天数', enUS: 'Days' }, value: { zhCN: '3 天', enUS: '3 days' } },
      ],
      startTime: t,
      updateTime: t,
      extra: { business_key: `LEAVE-${n}` },
      taskList: [task(1, 'APPROVED'), task(2, 'PENDING'), task(3, 'PENDING')],
      ccList: [cc(1), cc(2)],
    },
  };
}

const TIME_FIELDS = new Set(['startTime', 'endTime', 'updateTime', 'createTime']);

/** GraphQL variables as the schema would parse them (DateTime strings become instants). */
function parsed<T>(value: unknown): T {
  const walk = (v: unknown, key?: string): unknown => {
    if (typeof v === 'string' && key && TIME_FIELDS.has(key)) return instant(v);
    if (Array.isArray(v)) return v.map((item) => walk(item));
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, item]) => [k, walk(item, k)]));
    return v;
  };
  return walk(value) as T;
}

/** The Feishu payload the facade makes of sync variables' input (parsed as its schema would: DateTimes become instants). */
export function syncPayloadOf(variablesInput: Record<string, unknown>): ExternalInstancePayload {
  return toExternalInstancePayload(parsed<SyncExternalInstanceInput>(variablesInput), 'zh-CN');
}

export function syncPayload(n: number, run: string): ExternalInstancePayload {
  return syncPayloadOf(syncVariables(n, run).input);
}

export const SYNC_MUTATION = `mutation Sync($input: SyncExternalInstanceInput!) {
  syncExternalInstance(input: $input) {
    __typename
    ... on SyncExternalInstancePayload { applied instance { id instanceId updateTime } }
    ... on Error { code message }
  }
}`;

/** A leave request against the sandbox's demo definition. */
export function createVariables(n: number, run: string): { input: Record<string, unknown> } {
  return {
    input: {
      approvalCode: '7C468A54-8745-2245-9675-08B7C63E7A85',
      userId: `user-${n % 1000}`,
      uuid: `bench-${run}-${n}`,
      title: { zhCN: '年假申请', enUS: 'Annual leave' },
      form: [
        { radioV2: { id: 'leave_type', value: 'annual' } },
        { dateInterval: { id: 'period', value: { start: '2026-12-01T09:00:00+08:00', end: '2026-12-03T18:00:00+08:00', interval: 3 } } },
        { textarea: { id: 'reason', localizedValue: { zhCN: '家庭旅行', enUS: 'Family trip' } } },
      ],
      nodeApproverUserIdList: [{ key: '46e6d96cfa756980907209209ec03b64', value: [`user-${(n + 1) % 1000}`] }],
    },
  };
}

/** The Feishu payload the facade makes of create variables' input (parsed as its schema would: the date interval's ends become instants). */
export function createPayloadOf(variablesInput: Record<string, unknown>): CreateInstancePayload {
  const form = (variablesInput.form as Record<string, Record<string, unknown>>[]).map((widget) => {
    const interval = widget.dateInterval as { id: string; value: { start: string; end: string; interval: number } } | undefined;
    return interval ? { dateInterval: { id: interval.id, value: { ...interval.value, start: instant(interval.value.start), end: instant(interval.value.end) } } } : widget;
  });
  const input: CreateInstanceInput = { ...(variablesInput as unknown as CreateInstanceInput), form: form as unknown as CreateInstanceInput['form'] };
  return toCreateInstancePayload(input, variablesInput.uuid as string, 'zh-CN');
}

export function createPayload(n: number, run: string): CreateInstancePayload {
  return createPayloadOf(createVariables(n, run).input);
}

export const CREATE_MUTATION = `mutation Create($input: CreateInstanceInput!) {
  createInstance(input: $input) {
    __typename
    ... on CreateInstancePayload { instance { id instanceCode intentState } }
    ... on Error { code message }
  }
}`;
