import type { SyncCounts, SyncOutcome } from '../../mirror/sync-writes.js';
import type { SyncResult } from '../../services/sync-external-instance.js';
import { syncExternalInstanceInputSchema } from '../../validate/sync-external-instance.js';
import { builder } from '../builder.js';
import { FEISHU_CALL_ERRORS } from '../errors.js';
import { MirrorWriteEnum } from './enums.js';
import { SyncExternalInstanceInputRef } from './inputs.js';
import { ExternalInstanceRef } from './objects.js';

const SyncCountsRef = builder.objectRef<SyncCounts>('SyncCounts').implement({
  description: 'What one push did to the mirrored tasks or cc entries.',
  fields: (t) => ({
    inserted: t.exposeInt('inserted', { description: 'New ones written.' }),
    updated: t.exposeInt('updated', { description: 'Existing ones overwritten.' }),
    stale: t.exposeInt('stale', { description: 'Left untouched: UPDATE mode and an updateTime not newer than the mirrored one.' }),
    deleted: t.exposeInt('deleted', { description: 'Removed because a REPLACE push no longer lists them.' }),
  }),
});

const SyncOutcomeRef = builder.objectRef<SyncOutcome>('SyncOutcome').implement({
  description: "How the mirror applied the push, by Feishu's UPDATE / REPLACE rules.",
  fields: (t) => ({
    instance: t.expose('instance', { type: MirrorWriteEnum, description: 'What happened to the instance itself.' }),
    tasks: t.expose('tasks', { type: SyncCountsRef, description: 'What happened to its tasks.' }),
    ccEntries: t.expose('ccEntries', { type: SyncCountsRef, description: 'What happened to its cc entries.' }),
  }),
});

const SyncPayloadRef = builder.objectRef<SyncResult>('SyncExternalInstancePayload').implement({
  description: 'Feishu accepted the push and the mirror recorded it.',
  fields: (t) => ({
    instance: t.expose('instance', { type: ExternalInstanceRef, description: 'The instance as now mirrored.' }),
    applied: t.boolean({
      description:
        'Whether the push changed the instance itself. False for an UPDATE push whose updateTime was not newer than the mirrored one (its newer tasks or cc entries may still have been applied: see outcome).',
      resolve: (payload) => payload.outcome.instance !== 'STALE',
    }),
    outcome: t.expose('outcome', { type: SyncOutcomeRef, description: 'What the push did, object by object.' }),
    logId: t.exposeString('logId', { nullable: true, description: "Feishu's `x-tt-logid` for the accepted request." }),
  }),
});

builder.mutationField('syncExternalInstance', (t) =>
  t.field({
    type: SyncPayloadRef,
    description:
      'Pushes a third-party approval instance to Feishu (POST /open-apis/approval/v4/external_instances) and, once Feishu accepts it, records it in the mirror. Invalid input is refused before anything is sent.',
    errors: {
      types: FEISHU_CALL_ERRORS,
      union: { name: 'SyncExternalInstanceResult', description: 'The mirrored instance, or why it was not synced.' },
    },
    args: {
      input: t.arg({
        type: SyncExternalInstanceInputRef,
        required: true,
        description: 'The instance to push.',
        validate: { schema: syncExternalInstanceInputSchema },
      }),
    },
    resolve: (_root, { input }, ctx) => ctx.syncs.sync(input, ctx.logger),
  }),
);
