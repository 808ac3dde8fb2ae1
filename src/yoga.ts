import { type Plugin, createYoga } from 'graphql-yoga';
import type { SecurityConfig } from './auth/config.js';
import { createCallerCheck } from './auth/yoga-plugin.js';
import { type ContextDeps, type GraphQLContext, createContext } from './context.js';
import { useFeishuEvents } from './events/endpoint.js';
import { createExecute } from './execution/execute.js';
import { GRAPHIQL_OPTIONS, renderOfflineGraphiQL } from './graphiql.js';
import { corsOption, exposurePlugins } from './http-exposure.js';
import { useRequestLimits } from './limits/plugin.js';
import type { Logger } from './logger.js';
import { maskError } from './mask-error.js';
import { type Readiness, useReadinessEndpoint } from './ops/readiness.js';
import { createRequestLogs } from './ops/request-log.js';
import { yogaLogging } from './ops/yoga-logging.js';
import { useRequestBodyLimit } from './request-body-limit.js';
import { schema } from './schema/index.js';

export interface YogaDeps extends ContextDeps {
  logger: Logger;
  /** Larger request bodies get 413 (default DEFAULT_MAX_REQUEST_BODY_BYTES, Yoga's own). */
  maxRequestBodyBytes?: number;
  /** Who may call, CORS, GraphiQL, introspection. The runtime passes the config's; without it the app runs open. */
  security?: SecurityConfig;
  /** Answers /readyz when given. */
  readiness?: Readiness;
  /** Metrics (GET /metrics) and tracing (src/ops/): last, so that they see the execute function the others set. */
  plugins?: Plugin[];
  /** POST /feishu/events (events/endpoint.ts); absent: not served. */
  feishuEvents?: (request: Request) => Promise<Response>;
}

const OPEN: SecurityConfig = { auth: { kind: 'open', reason: 'sandbox' }, corsOrigins: [], graphiql: true, introspection: true };

/** The GraphQL app: `/graphql` (with GraphiQL), `/healthz`, `/readyz`, `/feishu/events` and, unless METRICS=off, `/metrics` (src/ops/). Tests call `yoga.fetch`. */
export function createYogaApp(deps: YogaDeps) {
  const { logger } = deps;
  const security = deps.security ?? OPEN;
  const requestLogs = createRequestLogs(logger, (request) => callers.knownCaller(request));
  const callers = createCallerCheck(security.auth, requestLogs.loggerOf);
  return createYoga<Record<string, never>, GraphQLContext>({
    schema,
    graphqlEndpoint: '/graphql',
    healthCheckEndpoint: '/healthz',
    landingPage: false,
    maskedErrors: { isDev: false, maskError },
    context: ({ request }) => createContext(deps, request, callers.callerOf(request), requestLogs.loggerOf(request)),
    cors: corsOption(security.corsOrigins),
    // Yoga's built-in limit streams every body through a TransformStream; ours counts only
    // bodies without a Content-Length (see request-body-limit.ts).
    maxRequestBodySize: false,
    plugins: [
      requestLogs.plugin,
      ...(deps.readiness ? [useReadinessEndpoint(deps.readiness)] : []),
      ...(deps.feishuEvents ? [useFeishuEvents(deps.feishuEvents)] : []),
      useRequestBodyLimit(deps.maxRequestBodyBytes),
      ...exposurePlugins(security),
      ...(callers.plugin ? [callers.plugin] : []),
      useRequestLimits(),
      useCompiledExecute,
      ...(deps.plugins ?? []),
    ],
    graphiql: security.graphiql && GRAPHIQL_OPTIONS,
    renderGraphiQL: renderOfflineGraphiQL,
    logging: yogaLogging(logger, requestLogs.loggerOfError),
  });
}

/**
 * Queries run compiled by graphql-jit for fast list pages, the rest by graphql-js
 * (execution/execute.ts); we use none of what Yoga's default executor adds (@defer, @stream).
 */
const compiledExecute = createExecute(schema);
const useCompiledExecute: Plugin = { onExecute: ({ setExecuteFn }) => setExecuteFn(compiledExecute) };

export type YogaApp = ReturnType<typeof createYogaApp>;
