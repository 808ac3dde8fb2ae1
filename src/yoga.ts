import { type Plugin, createYoga } from 'graphql-yoga';
import { type ContextDeps, type GraphQLContext, createContext } from './context.js';
import { createExecute } from './execution/execute.js';
import { EXAMPLE_CREATE_MUTATION, EXAMPLE_QUERY, EXAMPLE_SYNC_MUTATION } from './examples.js';
import type { Logger } from './logger.js';
import { maskError } from './mask-error.js';
import { useRequestBodyLimit } from './request-body-limit.js';
import { schema } from './schema/index.js';

export interface YogaDeps extends ContextDeps {
  logger: Logger;
  /** Larger request bodies get 413 (default DEFAULT_MAX_REQUEST_BODY_BYTES, Yoga's own). */
  maxRequestBodyBytes?: number;
}

/** The GraphQL app: `/graphql` (with GraphiQL) and `/healthz`. Tests call `yoga.fetch`. */
export function createYogaApp(deps: YogaDeps) {
  const { logger } = deps;
  return createYoga<Record<string, never>, GraphQLContext>({
    schema,
    graphqlEndpoint: '/graphql',
    healthCheckEndpoint: '/healthz',
    landingPage: false,
    maskedErrors: { isDev: false, maskError },
    context: ({ request }) => createContext(deps, request),
    // Yoga's built-in limit streams every body through a TransformStream; ours counts only
    // bodies without a Content-Length (see request-body-limit.ts).
    maxRequestBodySize: false,
    plugins: [useRequestBodyLimit(deps.maxRequestBodyBytes), useCompiledExecute],
    graphiql: {
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
 * Executes with execution/execute.ts rather than Yoga's default executor (@graphql-tools/executor):
 * graphql-js's results and errors (@oneOf included, graphql 16.9+), without the executor's extra
 * copy of every variable value before coercion. We use no @defer, @stream or subscriptions, the
 * only things the default executor adds. Variables are coerced by the compiled fast path of
 * execution/variables.ts (graphql-js's own coercion of the sync input, a dozen 16-field
 * LocalizedTextInput objects, was the largest frame of the mutation path), and operations run
 * compiled by graphql-jit (graphql-js's per-field walk was a third of a 50-row page's time).
 */
const compiledExecute = createExecute(schema);
const useCompiledExecute: Plugin = { onExecute: ({ setExecuteFn }) => setExecuteFn(compiledExecute) };

export type YogaApp = ReturnType<typeof createYogaApp>;
