import { GraphQLError } from 'graphql';
import { approvalCodeProblem } from '../../definitions/approval-code.js';
import { isFeishuFailure } from '../../feishu/errors.js';
import { BadUserInputError } from '../../validate/bad-user-input.js';
import { builder } from '../builder.js';
import { ApprovalDefinitionRef, toDefinitionView } from './objects.js';

/** Feishu's failure as the query field's error, its code and details in `extensions` (a GraphQLError is never masked). */
function queryError(error: unknown): unknown {
  if (!isFeishuFailure(error)) return error;
  const extensions: Record<string, unknown> = { code: error.code, retryable: error.retryable };
  if ('feishuCode' in error && error.feishuCode !== null) extensions.feishuCode = error.feishuCode;
  if ('retryAfterSeconds' in error) extensions.retryAfter = error.retryAfterSeconds;
  if (error.logId !== null) extensions.logId = error.logId;
  return new GraphQLError(error.message, { extensions });
}

builder.queryField('approvalDefinition', (t) =>
  t.field({
    type: ApprovalDefinitionRef,
    nullable: true,
    description:
      "A native approval definition: its name, status, form widgets and process nodes, to render createInstance's form from. The one query that may call Feishu: the mirror's copy is answered while younger than FEISHU_DEFINITION_MAX_AGE_MS, else Feishu is read again (concurrent requests share one read). Null when Feishu has no definition of this code (1390002). When Feishu cannot be read, the last copy is answered with `stale: true`; without one, the field fails with Feishu's error (`extensions.code`: `FEISHU_UNAVAILABLE`, `RATE_LIMITED`, `FEISHU_AUTH_FAILED`, ...).",
    args: { approvalCode: t.arg.string({ required: true, description: 'The approval code.' }) },
    resolve: async (_root, args, ctx) => {
      const problem = approvalCodeProblem(args.approvalCode);
      if (problem) throw BadUserInputError.argument('approvalCode', problem);
      try {
        const read = await ctx.definitions.get(args.approvalCode);
        return read.definition ? toDefinitionView(read.definition, read.stale) : null;
      } catch (error) {
        throw queryError(error);
      }
    },
  }),
);
