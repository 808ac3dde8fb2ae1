import { builder } from '../builder.js';
import { ExternalInstanceRef } from './objects.js';

builder.queryField('externalInstance', (t) =>
  t.field({
    type: ExternalInstanceRef,
    nullable: true,
    description: 'A mirrored external instance by its approval code and instance id; null when the mirror has none.',
    args: {
      approvalCode: t.arg.string({ required: true, description: 'The approval definition.' }),
      instanceId: t.arg.string({ required: true, description: 'Your id of the instance.' }),
    },
    resolve: async (_root, args, ctx) => {
      const row = await ctx.mirror.reads.externalInstanceByKey(args.approvalCode, args.instanceId);
      if (row) ctx.loaders.externalInstance.prime(row.id, row);
      return row;
    },
  }),
);
