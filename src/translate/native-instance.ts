import type { NativeInstanceData } from '../feishu/wire.js';
import type { NativeRead } from '../mirror/native-store.js';
import { isNativeInstanceStatus, isNativeTaskStatus } from '../mirror/native-statuses.js';
import type { CcChange, TaskChange } from '../mirror/native-writes.js';

/** Feishu's millisecond strings; "0" and absent are null. */
function millis(value: string | number | undefined): number | null {
  const parsed = typeof value === 'number' ? value : value !== undefined && /^\d+$/.test(value.trim()) ? Number(value) : Number.NaN;
  return Number.isSafeInteger(parsed) && parsed > 0 ? parsed : null;
}

const orNull = (value: string | undefined): string | null => (value ? value : null);

/**
 * What GET /open-apis/approval/v4/instances/:instance_id says of a native instance, as mirror
 * writes. Each part carries Feishu's time of it, the same clock its events use: the instance's
 * and each task's end time once finished, else its start time; a cc entry's creation time (a
 * read does not say whether it was read). A reverted instance reads REVERTED.
 */
export function nativeReadOf(data: NativeInstanceData): NativeRead {
  const start = millis(data.start_time);
  const end = millis(data.end_time);
  const statusName = data.reverted ? 'REVERTED' : data.status;
  const statusTime = end ?? start;
  const status = isNativeInstanceStatus(statusName) && statusTime !== null ? { status: statusName, time: statusTime } : null;

  const tasks: TaskChange[] = [];
  for (const task of data.task_list ?? []) {
    if (!task.id || !isNativeTaskStatus(task.status)) continue;
    const startTime = millis(task.start_time);
    const endTime = task.status === 'PENDING' ? null : millis(task.end_time);
    const time = endTime ?? startTime;
    if (time === null) continue;
    tasks.push({
      taskId: task.id,
      userId: orNull(task.user_id),
      openId: orNull(task.open_id),
      status: task.status,
      nodeId: orNull(task.node_id),
      nodeName: orNull(task.node_name),
      customNodeId: orNull(task.custom_node_id),
      taskType: orNull(task.type),
      startTime,
      endTime,
      time,
    });
  }

  const ccEntries: CcChange[] = [];
  for (const entry of data.timeline ?? []) {
    if (entry.type !== 'CC') continue;
    const createTime = millis(entry.create_time);
    if (createTime === null) continue;
    for (const user of entry.cc_user_list ?? []) {
      if (!user.cc_id) continue;
      ccEntries.push({
        ccId: user.cc_id,
        userId: orNull(user.user_id),
        openId: orNull(user.open_id),
        readStatus: 'UNREAD',
        fromUserId: orNull(entry.user_id),
        createTime,
        time: createTime,
      });
    }
  }
  return { status, tasks, ccEntries };
}
