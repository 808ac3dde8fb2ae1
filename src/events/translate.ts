import { z } from 'zod';
import type { NativeChange } from '../mirror/native-store.js';
import { isNativeInstanceStatus, isNativeTaskStatus } from '../mirror/native-statuses.js';

/** The approval events the mirror follows (1.0 envelope, `event.type`). */
export const APPROVAL_EVENT_TYPES = ['approval_instance', 'approval_task', 'approval_cc'] as const;
export type ApprovalEventType = (typeof APPROVAL_EVENT_TYPES)[number];

export const isApprovalEventType = (value: unknown): value is ApprovalEventType =>
  typeof value === 'string' && (APPROVAL_EVENT_TYPES as readonly string[]).includes(value);

/** Feishu's times: milliseconds as a string, or as a number (REVERTED instance events). */
const millis = z.union([z.string(), z.number()]).transform((value, ctx) => {
  const parsed = typeof value === 'number' ? value : /^\d+$/.test(value.trim()) ? Number(value) : Number.NaN;
  if (!Number.isSafeInteger(parsed)) {
    ctx.addIssue({ code: 'custom', message: 'must be epoch milliseconds' });
    return z.NEVER;
  }
  return parsed;
});
const id = z.string().min(1);
const optionalId = z
  .string()
  .nullish()
  .transform((value) => (value ? value : null));

const instanceEvent = z.looseObject({
  instance_code: id,
  status: z.string(),
  operate_time: millis.optional(),
  instance_operate_time: millis.optional(),
  uuid: optionalId,
});

const taskEvent = z.looseObject({
  instance_code: id,
  task_id: id,
  user_id: optionalId,
  open_id: optionalId,
  status: z.string(),
  operate_time: millis.optional(),
  def_key: optionalId,
  custom_key: optionalId,
});

const ccEvent = z.looseObject({
  instance_code: id,
  id,
  user_id: optionalId,
  open_id: optionalId,
  create_time: millis.optional(),
  operate_time: millis.optional(),
  operate: z.string(),
  from: optionalId,
});

/** Why an approval event carries nothing the mirror can write. */
export class UnusableEvent extends Error {}

/**
 * What an approval event says, ready to write: the instance's status, a task, or a cc entry, with
 * Feishu's time of it. `sentAt` (the envelope's `ts`, in ms) stands in for a time the event lacks.
 * Throws UnusableEvent when the event lacks what it needs (an id, a status of Feishu's list).
 */
export function nativeChangeOf(type: ApprovalEventType, event: unknown, sentAt: number | null): NativeChange {
  const fail = (why: string): never => {
    throw new UnusableEvent(`${type} event: ${why}`);
  };
  const parse = <T>(schema: z.ZodType<T>): T => {
    const parsed = schema.safeParse(event);
    if (!parsed.success) fail(parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; '));
    return (parsed as { data: T }).data;
  };
  if (type === 'approval_instance') {
    const e = parse(instanceEvent);
    if (!isNativeInstanceStatus(e.status)) return fail(`unknown status ${e.status}`);
    const time = e.operate_time ?? e.instance_operate_time ?? sentAt ?? fail('no operate_time');
    return { kind: 'instance', instanceCode: e.instance_code, uuid: e.uuid, change: { status: e.status, time } };
  }
  if (type === 'approval_task') {
    const e = parse(taskEvent);
    if (!isNativeTaskStatus(e.status)) return fail(`unknown status ${e.status}`);
    const time = e.operate_time ?? sentAt ?? fail('no operate_time');
    const pending = e.status === 'PENDING';
    return {
      kind: 'task',
      instanceCode: e.instance_code,
      change: {
        taskId: e.task_id,
        userId: e.user_id,
        openId: e.open_id,
        status: e.status,
        nodeId: e.def_key,
        nodeName: null,
        customNodeId: e.custom_key,
        taskType: null,
        startTime: pending ? time : null,
        endTime: pending ? null : time,
        time,
      },
    };
  }
  const e = parse(ccEvent);
  if (e.operate !== 'CREATE' && e.operate !== 'READ') return fail(`unknown operate ${e.operate}`);
  const createTime = e.create_time ?? sentAt ?? fail('no create_time');
  const time = e.operate_time ?? (e.operate === 'READ' ? sentAt : createTime) ?? createTime;
  return {
    kind: 'cc',
    instanceCode: e.instance_code,
    change: {
      ccId: e.id,
      userId: e.user_id,
      openId: e.open_id,
      readStatus: e.operate === 'READ' ? 'READ' : 'UNREAD',
      fromUserId: e.from,
      createTime,
      time: Math.max(time, createTime),
    },
  };
}
