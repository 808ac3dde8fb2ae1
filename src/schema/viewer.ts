import type { UserRef } from '../mirror/lists.js';
import { ApprovalCenterRef } from './approval-center.js';
import { builder } from './builder.js';

/** The end user a request's bearer token names. */
interface Viewer {
  user: UserRef;
}

const ViewerRef = builder.objectRef<Viewer>('Viewer').implement({
  description: 'The end user signed in with a bearer token: what a frontend shows them, without naming them again.',
  fields: (t) => ({
    userId: t.string({ nullable: true, description: 'Their user_id, when the token names users by user_id.', resolve: (viewer) => viewer.user.userId ?? null }),
    openId: t.string({ nullable: true, description: 'Their open_id, when the token names users by open_id.', resolve: (viewer) => viewer.user.openId ?? null }),
    approvalCenter: t.field({
      type: ApprovalCenterRef,
      description: 'Their approval center: what they started, their pending and done tasks, their cc entries.',
      resolve: (viewer) => ({ user: viewer.user }),
    }),
  }),
});

builder.queryField('viewer', (t) =>
  t.field({
    type: ViewerRef,
    nullable: true,
    description: 'The end user whose bearer token signed the request in: their ids and approval center.',
    resolve: (_root, _args, ctx) => (ctx.caller.kind === 'user' ? { user: ctx.caller.user } : null),
  }),
);
