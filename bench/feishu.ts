import { Pool } from 'undici';
import type { FeishuEnvelope } from '../src/feishu/wire.js';
import { PATHS, SANDBOX_APP } from '../src/sandbox/sandbox.js';

/** Where a benchmark request goes in Feishu. */
export type Path = 'sync' | 'create';

export const FEISHU_PATHS: Record<Path, string> = { sync: PATHS.externalInstances, create: PATHS.instances };

/** An HTTP client's keep-alive pool, no pipelining: the benchmark's every client uses one. */
export const keepAlivePool = (origin: string, connections = 64) => new Pool(origin, { connections, pipelining: 1, keepAliveTimeout: 60_000 });

/** Posts Feishu payloads straight to the sandbox with the sandbox app's tenant token: what a raw undici loop does. */
export class RawFeishu {
  private token = '';

  private constructor(private readonly pool: Pool) {}

  static async connect(sandbox: string, connections?: number): Promise<RawFeishu> {
    const raw = new RawFeishu(keepAlivePool(sandbox, connections));
    const answer = await raw.post(PATHS.tenantToken, { app_id: SANDBOX_APP.appId, app_secret: SANDBOX_APP.appSecret });
    raw.token = (answer as unknown as { tenant_access_token: string }).tenant_access_token;
    return raw;
  }

  /** Feishu's answer's `data`; throws when Feishu refuses. */
  async send(path: Path, payload: unknown): Promise<{ instance_code?: string } | undefined> {
    const answer = await this.post(FEISHU_PATHS[path], payload);
    if (answer.code !== 0) throw new Error(`Feishu answered ${answer.code}: ${answer.msg}`);
    return answer.data;
  }

  close(): Promise<void> {
    return this.pool.close();
  }

  private async post(path: string, payload: unknown): Promise<FeishuEnvelope<{ instance_code?: string }>> {
    const response = await this.pool.request({
      path,
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8', ...(this.token ? { authorization: `Bearer ${this.token}` } : {}) },
      body: JSON.stringify(payload),
    });
    return (await response.body.json()) as FeishuEnvelope<{ instance_code?: string }>;
  }
}
