import * as lark from '@larksuiteoapi/node-sdk';
import { Pool } from 'undici';
import { SANDBOX_APP } from '../../src/sandbox/sandbox.js';
import { CREATE_MUTATION, SYNC_MUTATION, createPayload, createVariables, syncPayload, syncVariables } from './payloads.js';

/** One way of sending the benchmark's requests. */
export interface Contender {
  name: string;
  /** Fetches the tenant token and opens connections before anything is measured. */
  warm(): Promise<void>;
  send(n: number): Promise<boolean>;
  close(): Promise<void>;
}

export type Path = 'sync' | 'create';

const FEISHU_PATHS: Record<Path, string> = {
  sync: '/open-apis/approval/v4/external_instances',
  create: '/open-apis/approval/v4/instances',
};

/** The facade's client-side limits are raised for the run: the benchmark measures the facade, not Feishu's quotas. */
export const RAISED_LIMITS = {
  FEISHU_RATE_CREATE_PER_MINUTE: '1000000',
  FEISHU_RATE_SYNC_PER_SECOND: '1000000',
  FEISHU_RATE_SYNC_PER_MINUTE: '60000000',
};

/**
 * The facade's configuration as the benchmark runs it (the variables of src/config.ts): real mode
 * against the sandbox at `sandboxOrigin` (the legacy create API too), its mirror at `databasePath`,
 * its client-side limits raised. For the facade's server, its heap check and the facade without Yoga.
 */
export function facadeEnv(sandboxOrigin: string, databasePath: string): Record<string, string> {
  return {
    FEISHU_APP_ID: SANDBOX_APP.appId,
    FEISHU_APP_SECRET: SANDBOX_APP.appSecret,
    FEISHU_BASE_URL: sandboxOrigin,
    FEISHU_LEGACY_BASE_URL: sandboxOrigin,
    DATABASE_URL: databasePath,
    ...RAISED_LIMITS,
  };
}

/** The contenders' HTTP pool (to the facade, a reference server or the sandbox): keep-alive, no pipelining. */
export const keepAlivePool = (origin: string) => new Pool(origin, { connections: 128, pipelining: 1, keepAliveTimeout: 60_000 });

/** The sandbox app's tenant token, fetched on `pool`. */
export async function tenantToken(pool: Pool): Promise<string> {
  const response = await pool.request({
    path: '/open-apis/auth/v3/tenant_access_token/internal',
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ app_id: SANDBOX_APP.appId, app_secret: SANDBOX_APP.appSecret }),
  });
  return ((await response.body.json()) as { tenant_access_token: string }).tenant_access_token;
}

/** Feishu's answer to a payload posted to the path's endpoint with `token`. */
export async function postPayload(pool: Pool, token: string, path: Path, payload: unknown): Promise<{ code: number; msg: string; data?: { instance_code?: string } }> {
  const response = await pool.request({
    path: FEISHU_PATHS[path],
    method: 'POST',
    headers: { 'content-type': 'application/json; charset=utf-8', authorization: `Bearer ${token}` },
    body: JSON.stringify(payload),
  });
  return (await response.body.json()) as { code: number; msg: string; data?: { instance_code?: string } };
}

/** GraphQL over HTTP to the facade server (or to a reference server standing where it stands, under `name`). */
export function facadeContender(facadeOrigin: string, path: Path, run: string, name = 'facade'): Contender {
  const pool = keepAlivePool(facadeOrigin);
  const query = path === 'sync' ? SYNC_MUTATION : CREATE_MUTATION;
  const success = path === 'sync' ? 'SyncExternalInstancePayload' : 'CreateInstancePayload';
  const send = async (n: number) => {
    const variables = path === 'sync' ? syncVariables(n, run) : createVariables(n, run);
    const response = await pool.request({
      path: '/graphql',
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query, variables }),
    });
    const text = await response.body.text();
    if (response.statusCode !== 200 || !text.includes(`"__typename":"${success}"`)) throw new Error(`${name}: ${text.slice(0, 300)}`);
    return true;
  };
  return { name, warm: async () => void (await send(-1)), send, close: () => pool.close() };
}

/** A raw undici.request loop on a keep-alive pool, straight to the sandbox. */
export function rawContender(sandboxOrigin: string, path: Path, run: string): Contender {
  const pool = keepAlivePool(sandboxOrigin);
  let token = '';
  const send = async (n: number) => {
    const body = await postPayload(pool, token, path, path === 'sync' ? syncPayload(n, run) : createPayload(n, run));
    if (body.code !== 0) throw new Error(`raw: ${body.code} ${body.msg}`);
    return true;
  };
  return {
    name: 'raw undici',
    async warm() {
      token = await tenantToken(pool);
      await send(-1);
    },
    send,
    close: () => pool.close(),
  };
}

/** The official Lark Node SDK (axios underneath), with its defaults and its own token cache. */
export function sdkContender(sandboxOrigin: string, path: Path, run: string): Contender {
  const client = new lark.Client({
    appId: SANDBOX_APP.appId,
    appSecret: SANDBOX_APP.appSecret,
    domain: sandboxOrigin,
    loggerLevel: lark.LoggerLevel.error,
  });
  const send = async (n: number) => {
    const response =
      path === 'sync'
        ? await client.approval.v4.externalInstance.create({ data: syncPayload(n, run) as never })
        : await client.approval.v4.instance.create({ data: createPayload(n, run) as never });
    if (response.code !== 0) throw new Error(`sdk: ${response.code} ${response.msg}`);
    return true;
  };
  return { name: 'official SDK', warm: async () => void (await send(-1)), send, close: async () => {} };
}
