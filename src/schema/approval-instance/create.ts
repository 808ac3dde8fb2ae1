import type { CreateInstanceResult } from '../../create-instance/service.js';
import { IdempotencyKeyInUseError, IdempotencyKeyReusedError } from '../../create-instance/errors.js';
import { createInstanceInputSchema } from '../../validate/create-instance.js';
import { builder } from '../builder.js';
import { FEISHU_CALL_ERRORS } from '../errors.js';
import { CreateInstanceInputRef } from './inputs.js';
import { ApprovalInstanceRef } from './objects.js';

const CreateInstancePayloadRef = builder.objectRef<CreateInstanceResult>('CreateInstancePayload').implement({
  description: 'Feishu created the instance (now or in an earlier request with the same uuid).',
  fields: (t) => ({
    instance: t.expose('instance', { type: ApprovalInstanceRef, description: 'The instance.' }),
    replayed: t.exposeBoolean('replayed', {
      description: 'True when an earlier request with the same uuid created it and Feishu was not called again.',
    }),
    logId: t.exposeString('logId', {
      nullable: true,
      description:
        "Feishu's `x-tt-logid` for the request that created the instance, which Feishu support asks for (for a reconciled instance, that of the 60012 answer that showed it created). Null for a replayed create: Feishu was not called.",
    }),
  }),
});

builder.mutationField('createInstance', (t) =>
  t.field({
    type: CreateInstancePayloadRef,
    description:
      'Creates a native approval instance (POST /open-apis/approval/v4/instances, or the legacy v2 API). Safe to retry with the same uuid, also across facade processes sharing the mirror and after a crash: one instance at most is created per uuid, and every request with it answers that one.',
    errors: {
      types: [IdempotencyKeyReusedError, IdempotencyKeyInUseError, ...FEISHU_CALL_ERRORS],
      union: { name: 'CreateInstanceResult', description: 'The created instance, or why it was not created.' },
    },
    args: {
      input: t.arg({
        type: CreateInstanceInputRef,
        required: true,
        description: 'The instance to create.',
        validate: { schema: createInstanceInputSchema },
      }),
    },
    resolve: (_root, { input }, ctx) => ctx.createInstances.create(input, ctx.logger),
  }),
);
