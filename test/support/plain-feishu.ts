import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A Feishu that knows nothing of forms: it issues tokens, serves the definitions it was given (the
 * `data` of GET /open-apis/approval/v4/approvals/:approval_code, the same in every locale) and
 * creates an instance for any create request (v4 and the legacy v2). What the facade refuses
 * against it, the facade refused by itself.
 */
export interface PlainFeishu {
  origin: string;
  /** The paths (query left out) of the calls received, in order. */
  calls: { method: string; path: string; query: string }[];
  creates(): number;
  close(): Promise<void>;
}

const CREATE_PATHS = new Set(['/open-apis/approval/v4/instances', '/approval/openapi/v2/instance/create']);
const DEFINITION_PREFIX = '/open-apis/approval/v4/approvals/';

export async function startPlainFeishu(definitions: Record<string, Record<string, unknown>>): Promise<PlainFeishu> {
  const calls: PlainFeishu['calls'] = [];
  let created = 0;
  const answer = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  const server: Server = createServer(async (req: IncomingMessage, res: ServerResponse) => {
    for await (const _chunk of req);
    const [path = '/', query = ''] = (req.url ?? '/').split('?');
    calls.push({ method: req.method ?? 'GET', path, query });
    if (path === '/open-apis/auth/v3/tenant_access_token/internal') {
      return answer(res, 200, { code: 0, msg: 'ok', tenant_access_token: 't-plain', expire: 7200 });
    }
    if (req.method === 'GET' && path.startsWith(DEFINITION_PREFIX)) {
      const data = definitions[decodeURIComponent(path.slice(DEFINITION_PREFIX.length))];
      return data ? answer(res, 200, { code: 0, msg: 'success', data }) : answer(res, 400, { code: 1390002, msg: 'approval code not found' });
    }
    if (req.method === 'POST' && CREATE_PATHS.has(path)) {
      created += 1;
      return answer(res, 200, { code: 0, msg: 'success', data: { instance_code: `PLAIN-${created}` } });
    }
    answer(res, 404, { code: 404, msg: 'not found' });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    calls,
    creates: () => created,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
