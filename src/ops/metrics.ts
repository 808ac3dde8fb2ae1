import { type FillLabelsFnParams, createCounter, createHistogram, usePrometheus } from '@graphql-yoga/plugin-prometheus';
import { GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { Counter, Histogram, Registry } from 'prom-client';
import { maskError } from '../mask-error.js';

export const METRICS_PATH = '/metrics';

/** Seconds: from a millisecond to the longest a call may take (FEISHU_TIMEOUT_MS's maximum is 10 minutes). */
const DURATION_BUCKETS = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];
const WAIT_BUCKETS = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300];

/** The counters and histograms of one runtime, in a registry of its own (apps in one process do not mix). */
export class FacadeMetrics {
  readonly registry = new Registry();
  readonly feishuCalls = new Counter({
    name: 'feishu_calls_total',
    help: "Requests sent to Feishu, by endpoint and outcome: Feishu's code, http_<status> when the answer had none, or timeout / connection when none came",
    labelNames: ['endpoint', 'code'] as const,
    registers: [this.registry],
  });
  readonly feishuRetries = new Counter({
    name: 'feishu_retries_total',
    help: 'Requests sent to Feishu again after a transient failure (5xx, 1395001, rate limit, timeout, dropped connection)',
    labelNames: ['endpoint'] as const,
    registers: [this.registry],
  });
  readonly rateLimitWaits = new Histogram({
    name: 'feishu_rate_limit_wait_seconds',
    help: "How long calls waited for the client-side rate limit's slot, for the calls that waited",
    labelNames: ['endpoint'] as const,
    buckets: WAIT_BUCKETS,
    registers: [this.registry],
  });
  readonly rateLimited = new Counter({
    name: 'feishu_rate_limited_total',
    help: 'Calls refused by the client-side rate limit (RATE_LIMITED) without being sent: no slot within FEISHU_RATE_MAX_WAIT_MS or the queue full',
    labelNames: ['endpoint'] as const,
    registers: [this.registry],
  });
  readonly tokenRefreshes = new Counter({
    name: 'feishu_token_refreshes_total',
    help: 'Tenant access tokens fetched: the first, one before each expiry, and one after Feishu refused a token',
    registers: [this.registry],
  });
  readonly mirrorWrites = new Histogram({
    name: 'mirror_write_duration_seconds',
    help: "Duration of the mirror's writes, by kind: sync_push (an accepted push), intent_* (the steps of a createInstance intent)",
    labelNames: ['kind'] as const,
    buckets: DURATION_BUCKETS,
    registers: [this.registry],
  });

  /** GraphQL operations counted and timed, and GET /metrics answered, on this registry. */
  yogaPlugin(): Plugin {
    const registry = this.registry;
    const operationName = boundedNames(MAX_OPERATION_NAMES);
    const operationLabels = (params: FillLabelsFnParams) => ({
      operation_name: operationName(params.operationName),
      operation_type: params.operationType ?? 'unknown',
    });
    return usePrometheus({
      registry,
      endpoint: METRICS_PATH,
      skipIntrospection: true,
      metrics: {
        graphql_envelop_request: createCounter({
          registry,
          counter: { name: 'graphql_operations_total', help: 'GraphQL operations executed', labelNames: ['operation_name', 'operation_type'] },
          fillLabelsFn: operationLabels,
        }),
        graphql_envelop_request_duration: createHistogram({
          registry,
          histogram: {
            name: 'graphql_operation_duration_seconds',
            help: 'Time spent executing GraphQL operations',
            labelNames: ['operation_name', 'operation_type'],
            buckets: DURATION_BUCKETS,
          },
          fillLabelsFn: operationLabels,
        }),
        graphql_envelop_error_result: createCounter({
          registry,
          counter: {
            name: 'graphql_operation_errors_total',
            help: 'Errors in GraphQL results, by operation, phase (parse, validate, context, execute) and error code',
            labelNames: ['operation_name', 'operation_type', 'phase', 'code'],
          },
          fillLabelsFn: (params) => ({ ...operationLabels(params), phase: params.errorPhase ?? 'unknown', code: errorCode(params) }),
        }),
        graphql_envelop_deprecated_field: false,
        graphql_envelop_request_time_summary: false,
        graphql_envelop_phase_parse: false,
        graphql_envelop_phase_validate: false,
        graphql_envelop_phase_context: false,
        graphql_envelop_phase_execute: false,
        graphql_envelop_phase_subscribe: false,
        graphql_envelop_schema_change: false,
        graphql_yoga_http_duration: false,
      },
    });
  }
}

/** Distinct operation names kept as labels; later ones are counted as `other`, so no caller can grow the series without end. */
const MAX_OPERATION_NAMES = 200;
const GRAPHQL_NAME = /^[_A-Za-z][_0-9A-Za-z]{0,99}$/;

function boundedNames(max: number): (name: string | undefined) => string {
  const seen = new Set<string>();
  return (name) => {
    if (!name) return 'Anonymous';
    if (seen.has(name)) return name;
    if (seen.size >= max || !GRAPHQL_NAME.test(name)) return 'other';
    seen.add(name);
    return name;
  };
}

/**
 * The code the client is answered with (errors are counted before they are masked): an upper-case
 * word such as BAD_USER_INPUT or INTERNAL_SERVER_ERROR; anything else is `OTHER`.
 */
function errorCode({ error, errorPhase }: FillLabelsFnParams): string {
  const masked = error ? maskError(error, 'Unexpected error.', false) : undefined;
  const code = masked instanceof GraphQLError ? masked.extensions.code : undefined;
  if (typeof code === 'string' && /^[A-Z][A-Z0-9_]{0,63}$/.test(code)) return code;
  // What Yoga codes them with once they are answered; the validate phase reports no error, only that it failed.
  if (errorPhase === 'parse') return 'GRAPHQL_PARSE_FAILED';
  if (errorPhase === 'validate') return 'GRAPHQL_VALIDATION_FAILED';
  return 'OTHER';
}
