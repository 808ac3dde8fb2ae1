import type { GraphQLContext } from '../context.js';
import type { UserRef } from '../mirror/lists.js';
import type { ApprovalInstanceRow, ExternalInstanceRow, ExternalTaskRow } from '../mirror/tables.js';
import { isSameUser } from './caller.js';

/**
 * What an end user may read: the external instances they started or hold a task or cc entry on
 * (with all of those instances' tasks and cc entries, which their approval page shows), and the
 * native instances they started. Everything a field leads to from such a row (task → instance →
 * taskList → …) stays within the same instance, so checking where a request enters is enough.
 */
export async function mayReadExternalInstance(ctx: GraphQLContext, user: UserRef, row: ExternalInstanceRow): Promise<boolean> {
  if (isSameUser(user, row.userId, row.openId)) return true;
  // The same loaders answer the instance's taskList and ccList, should the request ask for them.
  const [tasks, ccEntries] = await Promise.all([ctx.loaders.externalTasks.load(row.id), ctx.loaders.externalCcEntries.load(row.id)]);
  return tasks.some((task) => isSameUser(user, task.userId, task.openId)) || ccEntries.some((entry) => isSameUser(user, entry.userId, entry.openId));
}

export function mayReadApprovalInstance(user: UserRef, row: ApprovalInstanceRow): boolean {
  return isSameUser(user, row.userId, row.openId);
}

/** A row `node(id:)` found, by the type its global ID names; a type not listed is refused. */
export async function mayReadNode(ctx: GraphQLContext, user: UserRef, typename: string, row: object): Promise<boolean> {
  switch (typename) {
    case 'ExternalInstance':
      return mayReadExternalInstance(ctx, user, row as ExternalInstanceRow);
    case 'ExternalTask':
    case 'ExternalCcEntry': {
      const instance = await ctx.loaders.externalInstance.load((row as Pick<ExternalTaskRow, 'instancePk'>).instancePk);
      return instance !== null && mayReadExternalInstance(ctx, user, instance);
    }
    case 'ApprovalInstance':
      return mayReadApprovalInstance(user, row as ApprovalInstanceRow);
    default:
      return false;
  }
}
