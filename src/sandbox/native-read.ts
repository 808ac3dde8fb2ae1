import type { DemoDefinition } from './definitions.js';
import type { NativeState } from './native-instances.js';

const ms = (time: number) => String(time);

/** What GET /open-apis/approval/v4/instances/:instance_id answers as `data` for a sandbox instance. */
export function instanceData(state: NativeState, definition: DemoDefinition | undefined): Record<string, unknown> {
  const node = (index: number) => definition?.nodes[index];
  return {
    approval_code: state.approvalCode,
    approval_name: definition?.name ?? '',
    instance_code: state.instanceCode,
    status: state.status,
    uuid: state.uuid,
    user_id: state.initiator.userId ?? '',
    open_id: state.initiator.openId ?? '',
    department_id: state.departmentId ?? '',
    serial_number: String(state.startTime).slice(-6),
    start_time: ms(state.startTime),
    end_time: ms(state.endTime ?? 0),
    form: state.form,
    task_list: state.tasks.map((task) => ({
      id: task.id,
      user_id: task.userId ?? '',
      open_id: task.openId ?? '',
      status: task.status,
      node_id: node(task.nodeIndex)?.id ?? '',
      node_name: node(task.nodeIndex)?.name ?? '',
      custom_node_id: node(task.nodeIndex)?.customId ?? '',
      type: 'AND',
      start_time: ms(task.startTime),
      end_time: ms(task.endTime ?? 0),
    })),
    comment_list: [],
    timeline: [
      { type: 'START', create_time: ms(state.startTime), user_id: state.initiator.userId ?? '', open_id: state.initiator.openId ?? '' },
      ...state.ccEntries.map((entry) => ({
        type: 'CC',
        create_time: ms(entry.createTime),
        user_id: entry.from ?? '',
        cc_user_list: [{ user_id: entry.userId ?? '', open_id: entry.openId ?? '', cc_id: entry.id }],
      })),
    ],
  };
}
