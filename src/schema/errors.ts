import { ForbiddenError } from '../auth/forbidden.js';
import { IdempotencyKeyInUseError, IdempotencyKeyReusedError } from '../create-instance/errors.js';
import {
  FeishuApiError,
  FeishuApprovalInactiveError,
  FeishuAuthError,
  FeishuFreeProcessUnsupportedError,
  FeishuInvalidParameterError,
  FeishuQuotaExceededError,
  FeishuServiceError,
  FeishuSyncTooFrequentError,
  FeishuUnavailableError,
  FeishuUuidConflictError,
  RateLimitedError,
} from '../feishu/errors.js';
import { BadUserInputError, type InputIssue } from '../validate/bad-user-input.js';
import { builder } from './builder.js';

export const ErrorInterface = builder.interfaceRef<{ message: string; code: string }>('Error').implement({
  description: 'An expected failure, returned in a mutation result union. Unexpected failures stay masked GraphQL errors.',
  fields: (t) => ({
    message: t.exposeString('message', { description: 'What went wrong, for people.' }),
    code: t.exposeString('code', { description: 'What went wrong, for programs, e.g. `BAD_USER_INPUT` or `FEISHU_INVALID_PARAMETER`.' }),
  }),
});

const InputIssueRef = builder.objectRef<InputIssue>('InputIssue').implement({
  description: 'One rule an input broke.',
  fields: (t) => ({
    path: t.exposeString('path', { description: 'The offending field, e.g. `input.taskList[2].links`.' }),
    message: t.exposeString('message', { description: 'The rule it broke.' }),
  }),
});

builder.objectType(BadUserInputError, {
  name: 'BadUserInputError',
  description:
    "The input broke a rule of Feishu's that GraphQL types cannot express. Nothing was sent to Feishu and the mirror is unchanged. `code` is `BAD_USER_INPUT`.",
  interfaces: [ErrorInterface],
  isTypeOf: (value) => value instanceof BadUserInputError,
  fields: (t) => ({
    path: t.exposeString('inputPath', { description: 'The first offending field, e.g. `input.taskList[2].links`.' }),
    issues: t.expose('issues', { type: [InputIssueRef], description: 'Every broken rule.' }),
  }),
});

builder.objectType(ForbiddenError, {
  name: 'ForbiddenError',
  description:
    'The caller may not do this: an API key without the scope the mutation needs, or an end user acting for someone else. Nothing was sent to Feishu and the mirror is unchanged. `code` is `FORBIDDEN`.',
  interfaces: [ErrorInterface],
  isTypeOf: (value) => value instanceof ForbiddenError,
  fields: () => ({}),
});

export const FeishuErrorInterface = builder.interfaceRef<FeishuApiError>('FeishuError').implement({
  description: 'Feishu answered with a non-zero business code. The mirror is unchanged.',
  interfaces: [ErrorInterface],
  fields: (t) => ({
    feishuCode: t.exposeInt('feishuCode', { description: "Feishu's `code`, e.g. 1390001." }),
    feishuMessage: t.exposeString('feishuMessage', { description: "Feishu's `msg`, verbatim." }),
    httpStatus: t.exposeInt('httpStatus', { description: 'The HTTP status Feishu answered with.' }),
    logId: t.exposeString('logId', { nullable: true, description: "Feishu's `x-tt-logid` header: quote it to Feishu support." }),
    retryable: t.exposeBoolean('retryable', { description: 'Whether sending the same request again later may succeed.' }),
  }),
});

/**
 * Each error class becomes its own GraphQL type. A subclass type matches its exact class; the
 * FeishuApiError type matches any Feishu business error, so a code without a type of its own
 * still comes back typed.
 */
function feishuErrorType(errorClass: typeof FeishuApiError, name: string, description: string) {
  builder.objectType(errorClass, {
    name,
    description,
    interfaces: [ErrorInterface, FeishuErrorInterface],
    isTypeOf: (value) => value instanceof errorClass && (errorClass === FeishuApiError || value.constructor === errorClass),
    fields: () => ({}),
  });
}

feishuErrorType(FeishuApiError, 'FeishuApiError', 'Feishu refused the request with a code no more specific type covers.');
feishuErrorType(FeishuInvalidParameterError, 'FeishuInvalidParameterError', '1390001: Feishu found a parameter invalid; `feishuMessage` names it.');
feishuErrorType(
  FeishuSyncTooFrequentError,
  'FeishuSyncTooFrequentError',
  '1390014: the same instance was synchronized too recently. Not retried at once; push it again later (`retryable` is true).',
);
feishuErrorType(FeishuServiceError, 'FeishuServiceError', '1395001 or an HTTP 5xx that outlived the retries. Retryable later.');
feishuErrorType(FeishuAuthError, 'FeishuAuthError', "Feishu refused the app's credentials or tenant token, even after fetching a new token.");
feishuErrorType(FeishuQuotaExceededError, 'FeishuQuotaExceededError', "99991403: the app's monthly call quota is spent.");
feishuErrorType(
  FeishuFreeProcessUnsupportedError,
  'FeishuFreeProcessUnsupportedError',
  '1390013: the approval definition uses a free process, which the API cannot create instances of.',
);
feishuErrorType(
  FeishuApprovalInactiveError,
  'FeishuApprovalInactiveError',
  '1390015: the approval definition is deactivated; enable it in the approval admin.',
);
feishuErrorType(
  FeishuUuidConflictError,
  'FeishuUuidConflictError',
  '60012: Feishu already created an instance with this uuid, and not through an attempt of this request. Use another uuid.',
);

builder.objectType(IdempotencyKeyReusedError, {
  name: 'IdempotencyKeyReusedError',
  description:
    'The uuid was already used for a different request. Refused locally, nothing sent; use a new uuid for a new instance. `code` is `IDEMPOTENCY_KEY_REUSED`.',
  interfaces: [ErrorInterface],
  isTypeOf: (value) => value instanceof IdempotencyKeyReusedError,
  fields: (t) => ({ uuid: t.exposeString('uuid', { description: 'The uuid.' }) }),
});

builder.objectType(IdempotencyKeyInUseError, {
  name: 'IdempotencyKeyInUseError',
  description:
    'An earlier request with the same uuid and input is still being sent to Feishu (by this facade process or another sharing the mirror), and stayed so for as long as this request waited. Nothing was sent: no second create. Retry with the same uuid. `code` is `IDEMPOTENCY_KEY_IN_USE`.',
  interfaces: [ErrorInterface],
  isTypeOf: (value) => value instanceof IdempotencyKeyInUseError,
  fields: (t) => ({ uuid: t.exposeString('uuid', { description: 'The uuid.' }) }),
});

builder.objectType(RateLimitedError, {
  name: 'RateLimitedError',
  description: "Feishu's rate limit (HTTP 429 or code 99991400) still held after the retries. `code` is `RATE_LIMITED`.",
  interfaces: [ErrorInterface],
  isTypeOf: (value) => value instanceof RateLimitedError,
  fields: (t) => ({
    retryAfter: t.exposeInt('retryAfterSeconds', { description: 'Seconds to wait before trying again.' }),
    logId: t.exposeString('logId', { nullable: true, description: "Feishu's `x-tt-logid` header." }),
  }),
});

builder.objectType(FeishuUnavailableError, {
  name: 'FeishuUnavailableError',
  description:
    'Feishu could not be reached, timed out, or answered without Feishu JSON, after the retries. The mirror is unchanged. `code` is `FEISHU_UNAVAILABLE`.',
  interfaces: [ErrorInterface],
  isTypeOf: (value) => value instanceof FeishuUnavailableError,
  fields: (t) => ({
    retryable: t.exposeBoolean('retryable', { description: 'Whether sending the same request again later may succeed.' }),
    responseStatus: t.exposeInt('httpStatus', { nullable: true, description: 'The HTTP status, when there was an answer.' }),
    logId: t.exposeString('logId', { nullable: true, description: "Feishu's `x-tt-logid` header, when there was an answer." }),
  }),
});

/** The errors any mutation that calls Feishu can return. */
export const FEISHU_CALL_ERRORS = [
  ForbiddenError,
  BadUserInputError,
  FeishuInvalidParameterError,
  FeishuSyncTooFrequentError,
  FeishuFreeProcessUnsupportedError,
  FeishuApprovalInactiveError,
  FeishuUuidConflictError,
  FeishuServiceError,
  FeishuAuthError,
  FeishuQuotaExceededError,
  FeishuApiError,
  RateLimitedError,
  FeishuUnavailableError,
];
