import { type Plugin, createYoga } from 'graphql-yoga';
import type { SecurityConfig } from './auth/config.js';
import { createCallerCheck } from './auth/yoga-plugin.js';
import { type ContextDeps, type GraphQLContext, createContext } from './context.js';
import { useFeishuEvents } from './events/endpoint.js';
import { createExecute } from './execution/execute.js';
import { EXAMPLE_CREATE_MUTATION, EXAMPLE_QUERY, EXAMPLE_SYNC_MUTATION } from './examples.js';
import { corsOption, exposurePlugins } from './http-exposure.js';
import { useRequestLimits } from './limits/plugin.js';
import type { Logger } from './logger.js';
import { maskError } from './mask-error.js';
import { useRequestBodyLimit } from './request-body-limit.js';
import { schema } from './schema/index.js';

export interface YogaDeps extends ContextDeps {
  logger: Logger;
  /** Larger request bodies get 413 (default DEFAULT_MAX_REQUEST_BODY_BYTES, Yoga's own). */
  maxRequestBodyBytes?: number;
  /** Who may call, CORS, GraphiQL, introspection. The runtime passes the config's; without it the app runs open. */
  security?: SecurityConfig;
  /** POST /feishu/events (events/endpoint.ts); absent: not served. */
  feishuEvents?: (request: Request) => Promise<Response>;
}

const OPEN: SecurityConfig = { auth: { kind: 'open', reason: 'sandbox' }, corsOrigins: [], graphiql: true, introspection: true };

/** The GraphQL app: `/graphql` (with GraphiQL), `/healthz` and `/feishu/events`. Tests call `yoga.fetch`. */
export function createYogaApp(deps: YogaDeps) {
  const { logger } = deps;
  const security = deps.security ?? OPEN;
  const callers = createCallerCheck(security.auth, logger);
  return createYoga<Record<string, never>, GraphQLContext>({
    schema,
    graphqlEndpoint: '/graphql',
    healthCheckEndpoint: '/healthz',
    landingPage: false,
    maskedErrors: { isDev: false, maskError },
    context: ({ request }) => createContext(deps, request, callers.callerOf(request)),
    cors: corsOption(security.corsOrigins),
    // Yoga's built-in limit streams every body through a TransformStream; ours counts only
    // bodies without a Content-Length (see request-body-limit.ts).
    maxRequestBodySize: false,
    plugins: [
      ...(deps.feishuEvents ? [useFeishuEvents(deps.feishuEvents)] : []),
      useRequestBodyLimit(deps.maxRequestBodyBytes),
      ...exposurePlugins(security),
      ...(callers.plugin ? [callers.plugin] : []),
      useRequestLimits(),
      useCompiledExecute,
    ],
    graphiql: security.graphiql && {
      title: 'Feishu approvals GraphQL',
      defaultQuery: `# Run SyncLeaveRequest, then ReadLeaveRequest. CreateLeaveRequest creates a native instance\n# (run it twice: the second run replays the first, by its uuid).\n\n${EXAMPLE_SYNC_MUTATION}\n\n${EXAMPLE_QUERY}\n\n${EXAMPLE_CREATE_MUTATION}\n`,
    },
    logging: {
      debug: (...args: unknown[]) => logger.debug(args.map(String).join(' ')),
      info: (...args: unknown[]) => logger.info(args.map(String).join(' ')),
      warn: (...args: unknown[]) => logger.warn(args.map(String).join(' ')),
      error: (...args: unknown[]) => logger.error(args.map(String).join(' ')),
    },
  });
}

/**
 * Queries run compiled by graphql-jit for fast list pages, the rest by graphql-js
 * (execution/execute.ts); we use none of what Yoga's default executor adds (@defer, @stream).
 */
const compiledExecute = createExecute(schema);
const useCompiledExecute: Plugin = { onExecute: ({ setExecuteFn }) => setExecuteFn(compiledExecute) };

export type YogaApp = ReturnType<typeof createYogaApp>;
