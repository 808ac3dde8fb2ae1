import type { GraphQLContext } from '../context.js';
import type { UserRef } from '../mirror/lists.js';
import type { ApprovalInstanceRow, ExternalInstanceRow } from '../mirror/tables.js';
import type { Scope } from './api-keys.js';
import { describeUser, isSameUser } from './caller.js';
import { ForbiddenError } from './forbidden.js';
import { mayReadApprovalInstance, mayReadExternalInstance, mayReadNode } from './visibility.js';

type Args = Record<string, unknown>;
type UserRefArg = { userId?: string | null; openId?: string | null } | null | undefined;

/** What an end user may do with a root field: its arguments checked (and completed) before it runs, its result after. */
export interface EndUserRule {
  before?(args: Args, user: UserRef): Args;
  after?(result: unknown, args: Args, user: UserRef, ctx: GraphQLContext): Promise<unknown>;
}

/** Who may call a root field. Every Query and Mutation field has one: the schema does not build without it. */
export interface RootFieldRule {
  /** The scope an API key needs; null: any caller. */
  scope: Scope | null;
  /** What an end user may do; null: nothing (FORBIDDEN). */
  endUser: EndUserRule | null;
  /** Appended to the field's description. */
  who: string;
}

const NOT_YOURS = 'an end user sees only the instances they started or hold a task or cc entry on';

function requireSelf(ref: UserRefArg, user: UserRef, argument: string): void {
  if (!ref || !isSameUser(user, ref.userId, ref.openId)) {
    throw new ForbiddenError(`${argument} must name the signed-in user (${describeUser(user)}): ${NOT_YOURS}`);
  }
}

const ownList: EndUserRule = {
  before(args, user) {
    requireSelf((args.filter as { initiator?: UserRefArg } | null | undefined)?.initiator, user, 'filter.initiator');
    return args;
  },
};

const ownApprovalInstance: EndUserRule = {
  async after(row, _args, user) {
    if (row && !mayReadApprovalInstance(user, row as ApprovalInstanceRow)) throw new ForbiddenError(`This instance is not yours to see: ${NOT_YOURS}.`);
    return row;
  },
};

type GlobalId = { typename: string; id: string };

async function readableNode(ctx: GraphQLContext, user: UserRef, id: GlobalId | undefined, row: unknown): Promise<unknown> {
  if (row === null || row === undefined || row instanceof Error) return row;
  if (id && (await mayReadNode(ctx, user, id.typename, row as object))) return row;
  return new ForbiddenError(`This ${id?.typename ?? 'object'} is not yours to see: ${NOT_YOURS}.`);
}

/** A result that is an Error is raised as the field's error (in a list, as that item's). */
function raise(value: unknown): unknown {
  if (value instanceof ForbiddenError) throw value;
  return value;
}

/**
 * An end user creates instances only as themselves: a `userId` / `openId` left out is filled
 * from the token, by the id type the token gives; an id of the other type cannot be confirmed.
 */
function asSignedInUser(args: Args, user: UserRef): Args {
  const input = args.input as { userId?: string | null; openId?: string | null };
  const [own, other] = user.userId !== undefined ? (['userId', 'openId'] as const) : (['openId', 'userId'] as const);
  const ownId = user.userId ?? user.openId;
  if (input[other] != null) {
    throw new ForbiddenError(`input.${other}: the signed-in user is known by ${own} only; leave ${other} out (createInstance creates as the signed-in user)`);
  }
  if (input[own] != null && input[own] !== ownId) {
    throw new ForbiddenError(`input.${own} names another user: an end user creates instances only as themselves (${describeUser(user)})`);
  }
  return { ...args, input: { ...input, [own]: ownId } };
}

const READ_KEY = 'Who may call: an API key with the `read` scope';

export const ROOT_FIELD_RULES: Readonly<Record<string, RootFieldRule>> = {
  'Query.externalInstance': {
    scope: 'read',
    who: `${READ_KEY}; an end user, for an instance they started or hold a task or cc entry on (else a FORBIDDEN error).`,
    endUser: {
      async after(row, _args, user, ctx) {
        if (row && !(await mayReadExternalInstance(ctx, user, row as ExternalInstanceRow))) {
          throw new ForbiddenError(`This instance is not yours to see: ${NOT_YOURS}.`);
        }
        return row;
      },
    },
  },
  'Query.externalInstances': {
    scope: 'read',
    who: `${READ_KEY}; an end user, with \`filter.initiator\` naming themselves.`,
    endUser: ownList,
  },
  'Query.approvalInstance': {
    scope: 'read',
    who: `${READ_KEY}; an end user, for an instance they started.`,
    endUser: ownApprovalInstance,
  },
  'Query.approvalInstanceByUuid': {
    scope: 'read',
    who: `${READ_KEY}; an end user, for an instance they started.`,
    endUser: ownApprovalInstance,
  },
  'Query.approvalInstances': {
    scope: 'read',
    who: `${READ_KEY}; an end user, with \`filter.initiator\` naming themselves.`,
    endUser: ownList,
  },
  'Query.approvalCenter': {
    scope: 'read',
    who: `${READ_KEY}; an end user, for their own (\`user\` naming themselves; \`viewer\` needs no argument).`,
    endUser: {
      before(args, user) {
        requireSelf(args.user as UserRefArg, user, 'user');
        return args;
      },
    },
  },
  'Query.node': {
    scope: 'read',
    who: `${READ_KEY}; an end user, for what is theirs to see (an instance they started or hold a task or cc entry on, its tasks and cc entries; else a FORBIDDEN error).`,
    endUser: {
      after: async (row, args, user, ctx) => raise(await readableNode(ctx, user, args.id as GlobalId, row)),
    },
  },
  'Query.nodes': {
    scope: 'read',
    who: `${READ_KEY}; an end user, for what is theirs to see (else null and a FORBIDDEN error at that position).`,
    endUser: {
      async after(rows, args, user, ctx) {
        const ids = args.ids as GlobalId[];
        return Promise.all((rows as unknown[]).map((row, index) => readableNode(ctx, user, ids[index], row)));
      },
    },
  },
  'Query.approvalDefinition': {
    scope: 'read',
    who: `${READ_KEY}; any end user (to render a form before creating an instance; a definition holds no one's data).`,
    endUser: {},
  },
  'Query.viewer': {
    scope: null,
    who: 'Who may call: anyone; null unless the caller is an end user signed in with a bearer token.',
    endUser: {},
  },
  'Mutation.syncExternalInstance': {
    scope: 'sync',
    who: 'Who may call: an API key with the `sync` scope (else a ForbiddenError, and nothing is sent).',
    endUser: null,
  },
  'Mutation.refreshApprovalInstance': {
    scope: 'read',
    who: `${READ_KEY} (it reads the instance from Feishu and writes only what Feishu holds).`,
    endUser: null,
  },
  'Mutation.createInstance': {
    scope: 'create',
    who: 'Who may call: an API key with the `create` scope; an end user, as themselves: `userId` / `openId` left out are filled from their token, another user is a ForbiddenError (nothing is sent).',
    endUser: { before: asSignedInUser },
  },
};
