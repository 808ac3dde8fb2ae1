import { readFileSync } from 'node:fs';
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import { createSchema, createYoga } from 'graphql-yoga';
import type { Pool } from 'undici';
import { type Path, keepAlivePool, postPayload, tenantToken } from './contenders.js';
import { CREATE_MUTATION, SYNC_MUTATION, createPayloadOf, syncPayloadOf } from './payloads.js';

/**
 * Two reference servers. Each stands where the facade stands, between the load generator and the
 * sandbox, and answers the benchmark's two GraphQL requests with the Feishu call the facade makes of
 * them. They tell what any server in the middle costs on the machine, apart from the facade's work:
 * - `node-proxy`: node:http and no GraphQL. The body's JSON parsed, its variables translated to the
 *   Feishu payload by the facade's own translation, sent with undici, the answer parsed, a JSON answer.
 * - `stock-yoga`: graphql-yoga with its defaults (graphql-js parses, validates and executes), on the
 *   facade's schema as printed (schema.graphql), its two resolvers translating and sending as above.
 * Neither checks Feishu's rules nor writes a mirror: they are floors to measure against, not products.
 */
export type ReferenceKind = 'node-proxy' | 'stock-yoga';

export const REFERENCE_NAMES: Record<ReferenceKind, string> = {
  'node-proxy': 'reference: node proxy',
  'stock-yoga': 'reference: stock Yoga',
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

function nodeProxy(feishu: FeishuForwarder): (req: IncomingMessage, res: ServerResponse) => void {
  let answered = 0;
  const reply = (res: ServerResponse, status: number, body: unknown) => {
    const text = JSON.stringify(body);
    res.writeHead(status, { 'content-type': 'application/graphql-response+json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
    res.end(text);
  };
  return (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      let request: { query?: unknown; variables?: { input?: Record<string, unknown> } };
      try {
        request = JSON.parse(Buffer.concat(chunks).toString('utf8')) as typeof request;
      } catch {
        return reply(res, 400, { errors: [{ message: 'the body is not JSON' }] });
      }
      const path: Path | undefined = request.query === SYNC_MUTATION ? 'sync' : request.query === CREATE_MUTATION ? 'create' : undefined;
      const input = request.variables?.input;
      if (!path || !input) return reply(res, 400, { errors: [{ message: 'only the benchmark’s two documents are served' }] });
      feishu.send(path, input).then(
        (data) => reply(res, 200, { data: { [MUTATION_FIELDS[path]]: successPayload(path, input, data, (answered += 1)) } }),
        (error: unknown) => reply(res, 200, { errors: [{ message: String(error) }], data: null }),
      );
    });
  };
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

/** Starts a reference server on loopback in front of `feishuOrigin`; its GraphQL endpoint is `${origin}/graphql`. */
export async function startReferenceServer(kind: ReferenceKind, feishuOrigin: string): Promise<{ origin: string; close(): Promise<void> }> {
  const feishu = new FeishuForwarder(feishuOrigin);
  await feishu.start();
  const server: Server = createServer(kind === 'node-proxy' ? nodeProxy(feishu) : stockYoga(feishu));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    origin: `http://127.0.0.1:${port}`,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await feishu.close();
    },
  };
}
