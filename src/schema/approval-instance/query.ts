import { z } from 'zod';
import type { ApprovalInstanceListFilter } from '../../mirror/lists.js';
import { type IntentState, uuidKey } from '../../mirror/intents.js';
import { rulesFor } from '../../validate/rules.js';
import { timeRange, valueList } from '../../validate/list-filters.js';
import { builder } from '../builder.js';
import { keysetConnection } from '../connection.js';
import { OrderDirectionEnum, type TimeRangeInput, TimeRangeInputRef, type UserRefInput, UserRefInputRef, toTimeRange, toUserRef } from '../filters.js';
import { IntentStateEnum } from './enums.js';
import { ApprovalInstanceRef } from './objects.js';

interface ApprovalInstanceFilterInput {
  approvalCodes?: readonly string[] | null;
  initiator?: UserRefInput | null;
  createdAt?: TimeRangeInput | null;
  intentStates?: readonly IntentState[] | null;
}

const ApprovalInstanceFilterRef = builder.inputRef<ApprovalInstanceFilterInput>('ApprovalInstanceFilter').implement({
  description: 'Which native instances to list; the conditions given must all hold.',
  fields: (t) => ({
    approvalCodes: t.stringList({ description: 'Instances of these approval definitions (1 to 100).' }),
    initiator: t.field({ type: UserRefInputRef, description: 'Instances started by this user.' }),
    createdAt: t.field({ type: TimeRangeInputRef, description: 'Whose creation was first recorded in this range.' }),
    intentStates: t.field({ type: [IntentStateEnum], description: 'Instances in these states (1 to 100).' }),
  }),
});

const ApprovalInstanceOrderRef = builder.inputRef<{ direction: 'ASC' | 'DESC' }>('ApprovalInstanceOrder').implement({
  description: 'The order of a native instance list: by creation time; ties go by mirror id.',
  fields: (t) => ({ direction: t.field({ type: OrderDirectionEnum, required: true, description: 'Which way.' }) }),
});

const filterRules = rulesFor<ApprovalInstanceFilterInput>(z.looseObject({ approvalCodes: valueList, intentStates: valueList, createdAt: timeRange }));

const ApprovalInstanceConnectionRef = builder.connectionObject(
  { type: ApprovalInstanceRef, name: 'ApprovalInstanceConnection', description: 'A page of native instances.' },
  { name: 'ApprovalInstanceEdge', description: 'A native instance and its cursor.' },
);

function toListFilter(filter: ApprovalInstanceFilterInput | null | undefined): ApprovalInstanceListFilter {
  if (!filter) return {};
  return {
    approvalCodes: filter.approvalCodes,
    initiator: filter.initiator ? toUserRef(filter.initiator) : null,
    createdAt: toTimeRange(filter.createdAt),
    states: filter.intentStates,
  };
}

builder.queryFields((t) => ({
  approvalInstance: t.field({
    type: ApprovalInstanceRef,
    nullable: true,
    description: 'A native instance created through the facade, by its Feishu instance code; null when the mirror has none.',
    args: { instanceCode: t.arg.string({ required: true, description: "Feishu's instance code." }) },
    resolve: (_root, args, ctx) => ctx.mirror.reads.approvalInstanceByCode(args.instanceCode),
  }),
  approvalInstanceByUuid: t.field({
    type: ApprovalInstanceRef,
    nullable: true,
    description:
      'A native instance by the uuid it was (or is being) created with, whatever its intent state: how a client checks a request whose answer it lost (`intentState`, and while PENDING `attemptInFlight` and `outcomeUnknown`, say where it stands).',
    args: { uuid: t.arg.string({ required: true, description: 'The idempotency key (case-insensitive).' }) },
    resolve: (_root, args, ctx) => ctx.mirror.reads.approvalInstanceByUuidKey(uuidKey(args.uuid)),
  }),
  approvalInstances: t.connection(
    {
      type: ApprovalInstanceRef,
      description: 'Native instances created through the facade, newest first by default, paged by keyset cursors.',
      args: {
        filter: t.arg({ type: ApprovalInstanceFilterRef, description: 'Which instances; all when absent.', validate: { schema: filterRules } }),
        orderBy: t.arg({ type: ApprovalInstanceOrderRef, description: 'The order; newest first when absent.' }),
      },
      resolve: (_root, args, ctx) => {
        const direction = args.orderBy?.direction ?? 'DESC';
        const filter = toListFilter(args.filter);
        return keysetConnection(args, `approvalInstances:${direction}`, direction, {
          read: (plan) => ctx.mirror.lists.approvalInstancesPage(filter, plan),
          keyOf: (row) => ({ value: row.createdAt, id: row.id }),
          count: () => ctx.mirror.lists.approvalInstancesCount(filter),
        });
      },
    },
    ApprovalInstanceConnectionRef,
  ),
}));
