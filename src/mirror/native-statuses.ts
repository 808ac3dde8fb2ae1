/**
 * The statuses of native instances, tasks and cc entries as Feishu's events and reads give them
 * (its event pages: 审批实例状态变更, 审批任务状态变更, 审批抄送状态变更; GET instance).
 */

export const NATIVE_INSTANCE_STATUSES = ['PENDING', 'APPROVED', 'REJECTED', 'CANCELED', 'DELETED', 'REVERTED', 'OVERTIME_CLOSE', 'OVERTIME_RECOVER'] as const;
export type NativeInstanceStatus = (typeof NATIVE_INSTANCE_STATUSES)[number];

export const NATIVE_TASK_STATUSES = [
  'PENDING',
  'APPROVED',
  'REJECTED',
  'TRANSFERRED',
  'DONE',
  'ROLLBACK',
  'REVERTED',
  'OVERTIME_CLOSE',
  'OVERTIME_RECOVER',
] as const;
export type NativeTaskStatus = (typeof NATIVE_TASK_STATUSES)[number];

export type NativeCcReadStatus = 'UNREAD' | 'READ';

/** Statuses after which an instance may still change without anyone acting on it again. */
export const UNSETTLED_INSTANCE_STATUSES: readonly NativeInstanceStatus[] = ['PENDING', 'OVERTIME_RECOVER'];

export const isNativeInstanceStatus = (value: unknown): value is NativeInstanceStatus =>
  typeof value === 'string' && (NATIVE_INSTANCE_STATUSES as readonly string[]).includes(value);

export const isNativeTaskStatus = (value: unknown): value is NativeTaskStatus =>
  typeof value === 'string' && (NATIVE_TASK_STATUSES as readonly string[]).includes(value);
