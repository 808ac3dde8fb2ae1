import { readFileSync } from 'node:fs';
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import { type DocumentNode, GraphQLError, parse, validate } from 'graphql';
import { createSchema, createYoga } from 'graphql-yoga';
import type { Pool } from 'undici';
import { loadConfig } from '../../src/config.js';
import { type ContextDeps, createContext } from '../../src/context.js';
import { createExecute } from '../../src/execution/execute.js';
import { createLogger } from '../../src/logger.js';
import { startRuntime } from '../../src/runtime.js';
import { schema as facadeSchema } from '../../src/schema/index.js';
import { type Path, facadeEnv, keepAlivePool, postPayload, tenantToken } from './contenders.js';
import { CREATE_MUTATION, SYNC_MUTATION, createPayloadOf, syncPayloadOf } from './payloads.js';

/**
 * Three reference servers. Each stands where the facade stands, between the load generator and the
 * sandbox, and answers the benchmark's two GraphQL requests with the Feishu call the facade makes of
 * them. The first two tell what any server in the middle costs on the machine, apart from the facade's work:
 * - `node-proxy`: node:http and no GraphQL. The body's JSON parsed, its variables translated to the
 *   Feishu payload by the facade's own translation, sent with undici, the answer parsed, a JSON answer.
 * - `stock-yoga`: graphql-yoga with its defaults (graphql-js parses, validates and executes), on the
 *   facade's schema as printed (schema.graphql), its two resolvers translating and sending as above.
 * Neither checks Feishu's rules nor writes a mirror: they are floors to measure against, not products.
 * The third tells what Yoga costs the facade:
 * - `facade-without-yoga`: the facade's own work, all of it (its schema and resolvers, the argument
 *   validation, the compiled execution, the Feishu client, the mirror and its writer thread), served by
 *   node:http instead of Yoga (see withoutYoga).
 */
export type ReferenceKind = 'node-proxy' | 'stock-yoga' | 'facade-without-yoga';

export const REFERENCE_NAMES: Record<ReferenceKind, string> = {
  'node-proxy': 'reference: node proxy',
  'stock-yoga': 'reference: stock Yoga',
  'facade-without-yoga': 'reference: facade without Yoga',
};

/** Sends the Feishu payload of a benchmark request to the sandbox, as the raw loop sends its own (see contenders.ts). */
class FeishuForwarder {
  private readonly pool: Pool;
  private token = '';

  constructor(feishuOrigin: string) {
    this.pool = keepAlivePool(feishuOrigin);
  }

  async start(): Promise<void> {
    this.token = await tenantToken(this.pool);
  }

  /** The answer's `data`; an Error when Feishu refuses. */
  async send(path: Path, variablesInput: Record<string, unknown>): Promise<{ instance_code?: string } | undefined> {
    const payload = path === 'sync' ? syncPayloadOf(variablesInput) : createPayloadOf(variablesInput);
    const answer = await postPayload(this.pool, this.token, path, payload);
    if (answer.code !== 0) throw new Error(`Feishu answered ${answer.code}: ${answer.msg}`);
    return answer.data;
  }

  close(): Promise<void> {
    return this.pool.close();
  }
}

/** The mutation's success payload, with the fields the benchmark's documents select. */
function successPayload(path: Path, variablesInput: Record<string, unknown>, data: { instance_code?: string } | undefined, id: number) {
  return path === 'sync'
    ? { __typename: 'SyncExternalInstancePayload', applied: true, instance: { id: `ExternalInstance:${id}`, instanceId: variablesInput.instanceId, updateTime: variablesInput.updateTime } }
    : { __typename: 'CreateInstancePayload', instance: { id: `ApprovalInstance:${id}`, instanceCode: data?.instance_code ?? null, intentState: 'CREATED' } };
}

const MUTATION_FIELDS: Record<Path, string> = { sync: 'syncExternalInstance', create: 'createInstance' };

/** A JSON answer, as GraphQL over HTTP gives it. */
function reply(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/graphql-response+json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

/** A node:http handler of GraphQL requests (a POST's JSON body), whatever the method and path. */
function jsonRequests(handle: (request: { query?: unknown; variables?: Record<string, unknown> }, req: IncomingMessage, res: ServerResponse) => void) {
  return (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      let request: { query?: unknown; variables?: Record<string, unknown> };
      try {
        request = JSON.parse(Buffer.concat(chunks).toString('utf8')) as typeof request;
      } catch {
        return reply(res, 400, { errors: [{ message: 'the body is not JSON' }] });
      }
      handle(request, req, res);
    });
  };
}

function nodeProxy(feishu: FeishuForwarder): (req: IncomingMessage, res: ServerResponse) => void {
  let answered = 0;
  return jsonRequests((request, _req, res) => {
    const path: Path | undefined = request.query === SYNC_MUTATION ? 'sync' : request.query === CREATE_MUTATION ? 'create' : undefined;
    const input = request.variables?.input as Record<string, unknown> | undefined;
    if (!path || !input) return reply(res, 400, { errors: [{ message: 'only the benchmark’s two documents are served' }] });
    feishu.send(path, input).then(
      (data) => reply(res, 200, { data: { [MUTATION_FIELDS[path]]: successPayload(path, input, data, (answered += 1)) } }),
      (error: unknown) => reply(res, 200, { errors: [{ message: String(error) }], data: null }),
    );
  });
}

function stockYoga(feishu: FeishuForwarder) {
  let answered = 0;
  const resolver = (path: Path) => async (_root: unknown, { input }: { input: Record<string, unknown> }) =>
    successPayload(path, input, await feishu.send(path, input), (answered += 1));
  const schema = createSchema({
    typeDefs: readFileSync(new URL('../../schema.graphql', import.meta.url), 'utf8'),
    resolvers: { Mutation: { syncExternalInstance: resolver('sync'), createInstance: resolver('create') } },
    // The unions' members are told by the answers' __typename, graphql-js's default.
    resolverValidationOptions: { requireResolversForResolveType: 'ignore' },
  });
  return createYoga({ schema, logging: false });
}

/** Documents kept parsed and validated by the facade without Yoga (Yoga's cache holds 1,024). */
const MAX_DOCUMENTS = 1_024;

/**
 * The facade's work served by node:http instead of Yoga: a document parsed and validated once
 * (graphql-js, as Yoga's cache does), the context the facade builds, the facade's compiled
 * execution (execution/execute.ts: queries by graphql-jit), the result as JSON.
 * What it leaves out of what Yoga does for the facade: Yoga's HTTP layer (whatwg-node's requests
 * and responses), its hooks (request parsers, CORS, the health check, GraphiQL, the result
 * processors), the masking of unexpected errors, and the limit on request bodies. A reference to
 * measure what Yoga costs, not a server to deploy.
 */
function withoutYoga(deps: ContextDeps): (req: IncomingMessage, res: ServerResponse) => void {
  const execute = createExecute(facadeSchema);
  const documents = new Map<string, DocumentNode>();
  return jsonRequests((request, req, res) => {
    if (typeof request.query !== 'string') return reply(res, 400, { errors: [{ message: 'the request has no query' }] });
    let document = documents.get(request.query);
    if (!document) {
      try {
        document = parse(request.query);
      } catch (error) {
        return reply(res, 400, { errors: [error instanceof GraphQLError ? error : { message: String(error) }] });
      }
      const errors = validate(facadeSchema, document);
      if (errors.length > 0) return reply(res, 400, { errors });
      if (documents.size < MAX_DOCUMENTS) documents.set(request.query, document);
    }
    const headers = { get: (name: string) => req.headers[name.toLowerCase()]?.toString() ?? null };
    const contextValue = createContext(deps, { headers });
    Promise.resolve(execute({ schema: facadeSchema, document, variableValues: request.variables, contextValue })).then(
      (result) => reply(res, 200, result),
      (error: unknown) => reply(res, 500, { errors: [{ message: String(error) }] }),
    );
  });
}

/**
 * Starts a reference server on loopback in front of `feishuOrigin`; its GraphQL endpoint is
 * `${origin}/graphql`. The facade without Yoga writes its mirror at `databasePath` (in memory by default).
 */
export async function startReferenceServer(
  kind: ReferenceKind,
  feishuOrigin: string,
  options: { databasePath?: string } = {},
): Promise<{ origin: string; close(): Promise<void> }> {
  let handler: (req: IncomingMessage, res: ServerResponse) => void;
  let closeBehind: () => Promise<void>;
  if (kind === 'facade-without-yoga') {
    // Configured as the benchmark configures the facade.
    const config = loadConfig(facadeEnv(feishuOrigin, options.databasePath ?? ':memory:'));
    const runtime = await startRuntime(config, createLogger('warn'));
    handler = withoutYoga(runtime.contextDeps);
    closeBehind = () => runtime.close();
  } else {
    const feishu = new FeishuForwarder(feishuOrigin);
    await feishu.start();
    handler = kind === 'node-proxy' ? nodeProxy(feishu) : stockYoga(feishu);
    closeBehind = () => feishu.close();
  }
  const server: Server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    origin: `http://127.0.0.1:${port}`,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await closeBehind();
    },
  };
}
