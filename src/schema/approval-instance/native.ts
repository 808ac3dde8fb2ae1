import { NATIVE_INSTANCE_STATUSES, NATIVE_TASK_STATUSES } from '../../mirror/native-statuses.js';
import type { ApprovalInstanceRow, NativeCcRow, NativeTaskRow } from '../../mirror/tables.js';
import { builder } from '../builder.js';
import { FEISHU_CALL_ERRORS } from '../errors.js';
import { DateTimeScalar } from '../scalars.js';
import { CcReadStatusEnum } from '../external-instance/enums.js';
import { ApprovalInstanceRef } from './objects.js';

const values = <const T extends readonly string[]>(names: T, describe: (name: T[number]) => string) =>
  Object.fromEntries(names.map((name) => [name, { value: name, description: describe(name) }])) as { [K in T[number]]: { value: K; description: string } };

export const NativeInstanceStatusEnum = builder.enumType('ApprovalInstanceStatus', {
  description: "A native instance's status in Feishu, as its approval_instance events and reads tell it.",
  values: values(NATIVE_INSTANCE_STATUSES, (name) => `Feishu's ${name}.`),
});

export const NativeTaskStatusEnum = builder.enumType('ApprovalTaskStatus', {
  description: "A native task's status in Feishu, as its approval_task events and reads tell it.",
  values: values(NATIVE_TASK_STATUSES, (name) => `Feishu's ${name}.`),
});

const instanceOf = async (pk: number, ctx: { loaders: { approvalInstance: { load(pk: number): Promise<ApprovalInstanceRow | null> } } }) => {
  const row = await ctx.loaders.approvalInstance.load(pk);
  if (!row) throw new Error(`approval instance ${pk} vanished from the mirror`);
  return row;
};

export const ApprovalTaskRef = builder.objectRef<NativeTaskRow>('ApprovalTask').implement({
  description: "A task of a native instance: who must act, at which node, and what they did, as Feishu's events and reads tell it.",
  fields: (t) => ({
    taskId: t.exposeString('taskId', { description: "Feishu's task id." }),
    userId: t.exposeString('userId', { nullable: true, description: "The approver's user_id." }),
    openId: t.exposeString('openId', { nullable: true, description: "The approver's open_id." }),
    status: t.expose('status', { type: NativeTaskStatusEnum, description: 'Where the task stands.' }),
    nodeId: t.exposeString('nodeId', { nullable: true, description: 'The node of the approval definition the task belongs to.' }),
    nodeName: t.exposeString('nodeName', { nullable: true, description: "The node's name, once a read of the instance told it (events do not)." }),
    customNodeId: t.exposeString('customNodeId', { nullable: true, description: "The node's custom id, when it has one." }),
    startTime: t.expose('startTime', { type: DateTimeScalar, nullable: true, description: 'When the task was created in Feishu.' }),
    endTime: t.expose('endTime', { type: DateTimeScalar, nullable: true, description: 'When it was done; null while PENDING.' }),
    updateTime: t.expose('updateTime', { type: DateTimeScalar, description: "Feishu's time of the task's last change held." }),
    instance: t.field({ type: ApprovalInstanceRef, description: 'The instance.', resolve: (row, _args, ctx) => instanceOf(row.instancePk, ctx) }),
  }),
});

export const ApprovalCcEntryRef = builder.objectRef<NativeCcRow>('ApprovalCcEntry').implement({
  description: "A cc entry of a native instance: who was copied and whether they read it, as Feishu's approval_cc events tell it.",
  fields: (t) => ({
    ccId: t.exposeString('ccId', { description: "Feishu's cc id." }),
    userId: t.exposeString('userId', { nullable: true, description: "The copied user's user_id." }),
    openId: t.exposeString('openId', { nullable: true, description: "The copied user's open_id." }),
    readStatus: t.expose('readStatus', { type: CcReadStatusEnum, description: 'READ once they opened it; never back to UNREAD.' }),
    fromUserId: t.exposeString('fromUserId', { nullable: true, description: 'Who copied them.' }),
    createTime: t.expose('createTime', { type: DateTimeScalar, description: 'When they were copied.' }),
    updateTime: t.expose('updateTime', { type: DateTimeScalar, description: "Feishu's time of the entry's last change held." }),
    instance: t.field({ type: ApprovalInstanceRef, description: 'The instance.', resolve: (row, _args, ctx) => instanceOf(row.instancePk, ctx) }),
  }),
});

builder.objectFields(ApprovalInstanceRef, (t) => ({
  status: t.expose('status', {
    type: NativeInstanceStatusEnum,
    nullable: true,
    description:
      "Feishu's status of the instance, live: PENDING once created, then as Feishu's events (POST /feishu/events) or a refresh tell it. An event older than the status held never moves it back. Null until created.",
  }),
  statusUpdatedAt: t.expose('statusTime', {
    type: DateTimeScalar,
    nullable: true,
    description:
      "Feishu's time of the status held (the event's operate time, or the instance's end or start time on a read). Null while the status is the PENDING assumed at creation.",
  }),
  tasks: t.field({
    type: [ApprovalTaskRef],
    description: 'The tasks of the instance, oldest first, as Feishu told them.',
    resolve: (row, _args, ctx) => ctx.loaders.nativeTasks.load(row.id),
  }),
  ccEntries: t.field({
    type: [ApprovalCcEntryRef],
    description: 'Who was copied on the instance, oldest first, and whether they read it.',
    resolve: (row, _args, ctx) => ctx.loaders.nativeCcEntries.load(row.id),
  }),
}));

builder.mutationField('refreshApprovalInstance', (t) =>
  t.field({
    type: ApprovalInstanceRef,
    nullable: true,
    description:
      "Reads a native instance from Feishu now (GET /open-apis/approval/v4/instances/:instance_id) and writes what Feishu holds: its status, tasks and cc entries, each only if newer than the mirror's. For when events are not configured or one was missed; the facade also does this in the background for instances not in a final state. Null when the mirror holds no instance with this code.",
    errors: {
      types: FEISHU_CALL_ERRORS,
      union: { name: 'RefreshApprovalInstanceResult', description: 'The instance as Feishu holds it, or why it could not be read.' },
    },
    args: { instanceCode: t.arg.string({ required: true, description: "Feishu's instance code.", validate: { minLength: 1, maxLength: 128 } }) },
    resolve: async (_root, { instanceCode }, ctx) => {
      if (!ctx.native) throw new Error('live status of native instances is not wired');
      return ctx.native.refresh.refreshByCode(instanceCode);
    },
  }),
);
