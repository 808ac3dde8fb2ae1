import type { GraphQLResolveInfo } from 'graphql';
import type { GraphQLContext } from '../context.js';
import type { InitiatedKey, TaskGroup, UserRef } from '../mirror/lists.js';
import type { ApprovalInstanceRow, ExternalInstanceRow } from '../mirror/tables.js';
import { ApprovalCcEntryRef, ApprovalTaskRef } from './approval-instance/native.js';
import { ApprovalInstanceRef } from './approval-instance/objects.js';
import { builder } from './builder.js';
import { type ConnectionArgs, keysetConnection } from './connection.js';
import { CcReadStatusEnum } from './external-instance/enums.js';
import { ExternalCcEntryRef, ExternalInstanceRef, ExternalTaskRef } from './external-instance/objects.js';
import { UserRefInputRef, toUserRef } from './filters.js';
import { pageReadsFor } from './page-reads.js';

/**
 * A user's approval center, as Feishu's shows it (seed 001): what they started, their pending
 * and done tasks, what was copied to them. Each list is newest update first.
 */
export interface ApprovalCenter {
  user: UserRef;
}

const InitiatedInstanceRef = builder.unionType('InitiatedInstance', {
  description: 'An instance a user started: a third-party (external) one, or a native one created through the facade.',
  types: [ExternalInstanceRef, ApprovalInstanceRef],
  resolveType: (row) => ('uuidKey' in row ? ApprovalInstanceRef : ExternalInstanceRef),
});

const InitiatedConnectionRef = builder.connectionObject(
  { type: InitiatedInstanceRef, name: 'InitiatedInstanceConnection', description: 'A page of instances a user started.' },
  { name: 'InitiatedInstanceEdge', description: 'An instance and its cursor.' },
);
const CenterTaskRef = builder.unionType('ApprovalCenterTask', {
  description: "A task in a user's approval center: of a third-party (external) instance, or of a native one (as Feishu's events and reads told it).",
  types: [ExternalTaskRef, ApprovalTaskRef],
  resolveType: (row) => ('customNodeId' in row ? ApprovalTaskRef : ExternalTaskRef),
});
const CenterCcRef = builder.unionType('ApprovalCenterCcEntry', {
  description: "A cc entry in a user's approval center: of a third-party (external) instance, or of a native one.",
  types: [ExternalCcEntryRef, ApprovalCcEntryRef],
  resolveType: (row) => ('fromUserId' in row ? ApprovalCcEntryRef : ExternalCcEntryRef),
});
const TaskConnectionRef = builder.connectionObject(
  { type: CenterTaskRef, name: 'ApprovalCenterTaskConnection', description: 'A page of tasks.' },
  { name: 'ApprovalCenterTaskEdge', description: 'A task and its cursor.' },
);
const CcConnectionRef = builder.connectionObject(
  { type: CenterCcRef, name: 'ApprovalCenterCcEntryConnection', description: 'A page of cc entries.' },
  { name: 'ApprovalCenterCcEntryEdge', description: 'A cc entry and its cursor.' },
);

const userKey = (user: UserRef) => (user.userId !== undefined ? `u:${user.userId}` : `o:${user.openId}`);

function initiatedNode(ctx: GraphQLContext, key: InitiatedKey): Promise<ExternalInstanceRow | ApprovalInstanceRow> {
  const row = key.kind === 0 ? ctx.loaders.externalInstance.load(key.id) : ctx.loaders.approvalInstance.load(key.id);
  return row.then((found) => {
    if (!found) throw new Error(`mirrored row ${key.kind}/${key.id} vanished between two statements`);
    return found;
  });
}

export const ApprovalCenterRef = builder.objectRef<ApprovalCenter>('ApprovalCenter').implement({
  description: "A user's approval center, read from the mirror: each list newest update first, paged by keyset cursors.",
  fields: (t) => ({
    userId: t.string({ nullable: true, description: 'The user, when given by user_id.', resolve: (center) => center.user.userId ?? null }),
    openId: t.string({ nullable: true, description: 'The user, when given by open_id.', resolve: (center) => center.user.openId ?? null }),
    initiated: t.connection(
      {
        type: InitiatedInstanceRef,
        description: 'Instances the user started: external ones, and native ones Feishu created.',
        resolve: (center, args, ctx) =>
          keysetConnection(
            args,
            `initiated:${userKey(center.user)}`,
            'DESC',
            {
              async read(plan) {
                const page = await ctx.mirror.lists.initiatedPage(center.user, plan);
                // One statement per table for the whole page: the loads are issued together.
                const rows = await Promise.all(page.rows.map((key) => initiatedNode(ctx, key)));
                return { rows: page.rows.map((key, index) => ({ key, row: rows[index]! })), hasMore: page.hasMore };
              },
              keyOf: (entry) => entry.key,
              count: () => ctx.mirror.lists.initiatedCount(center.user),
            },
            (entry) => entry.row,
          ),
      },
      InitiatedConnectionRef,
    ),
    pendingTasks: t.connection(
      {
        type: CenterTaskRef,
        description: 'Tasks waiting for the user (status PENDING): of external instances, and of native ones.',
        resolve: (center, args, ctx, info) => tasks(center, args, ctx, info, 'PENDING'),
      },
      TaskConnectionRef,
    ),
    doneTasks: t.connection(
      {
        type: CenterTaskRef,
        description:
          "Tasks the user is done with, external and native: APPROVED, REJECTED or TRANSFERRED. A task with status DONE passed without the user acting and is not theirs to see (seed 001): it is on neither this list nor pendingTasks, only on its instance's taskList.",
        resolve: (center, args, ctx, info) => tasks(center, args, ctx, info, 'DONE'),
      },
      TaskConnectionRef,
    ),
    ccToMe: t.connection(
      {
        type: CenterCcRef,
        description: 'Cc entries copied to the user: of external instances, and of native ones.',
        args: { readStatus: t.arg({ type: CcReadStatusEnum, description: 'Only entries with this read status.' }) },
        resolve: (center, args, ctx, info) =>
          keysetConnection(
            args,
            `ccToMe:${userKey(center.user)}`,
            'DESC',
            {
              read: (plan) => ctx.mirror.center.ccPage(center.user, args.readStatus, plan, pageReadsFor(info, 'ExternalCcEntry')),
              keyOf: (entry) => entry.key,
              count: () => ctx.mirror.center.ccCount(center.user, args.readStatus),
            },
            (entry) => entry.row,
          ),
      },
      CcConnectionRef,
    ),
  }),
});

function tasks(center: ApprovalCenter, args: ConnectionArgs, ctx: GraphQLContext, info: GraphQLResolveInfo, group: TaskGroup) {
  return keysetConnection(
    args,
    `${group === 'PENDING' ? 'pendingTasks' : 'doneTasks'}:${userKey(center.user)}`,
    'DESC',
    {
      read: (plan) => ctx.mirror.center.tasksPage(center.user, group, plan, pageReadsFor(info, 'ExternalTask')),
      keyOf: (entry) => entry.key,
      count: () => ctx.mirror.center.tasksCount(center.user, group),
    },
    (entry) => entry.row,
  );
}

builder.queryField('approvalCenter', (t) =>
  t.field({
    type: ApprovalCenterRef,
    description: "A user's approval center: what they started, their pending and done tasks, their cc entries.",
    args: { user: t.arg({ type: UserRefInputRef, required: true, description: 'Whose approval center.' }) },
    resolve: (_root, args) => ({ user: toUserRef(args.user) }),
  }),
);
