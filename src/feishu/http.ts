import { Pool } from 'undici';

export interface HttpRequest {
  origin: string;
  path: string;
  method: 'POST' | 'GET';
  headers: Record<string, string>;
  body?: string;
  /** Bounds the wait for the response headers and for the body, each. */
  timeoutMs: number;
}

export interface HttpResponse {
  status: number;
  /** Lower-case header names; repeated headers joined by `, `. */
  headers: Record<string, string>;
  body: string;
}

/** The request never produced a response: refused, reset, dropped or timed out. */
export class TransportError extends Error {
  constructor(
    readonly kind: 'timeout' | 'connection',
    readonly detail: string,
  ) {
    super(`${kind}: ${detail}`);
    this.name = 'TransportError';
  }
}

export interface HttpTransportOptions {
  connectTimeoutMs?: number;
  /** Sockets per origin. */
  connections?: number;
  keepAliveTimeoutMs?: number;
}

const TIMEOUT_CODES = new Set(['UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'ETIMEDOUT']);

/** One keep-alive undici Pool per origin; the only place that opens sockets to Feishu. */
export class HttpTransport {
  private readonly pools = new Map<string, Pool>();
  private closed = false;

  constructor(private readonly options: HttpTransportOptions = {}) {}

  private pool(origin: string): Pool {
    let pool = this.pools.get(origin);
    if (!pool) {
      if (this.closed) throw new TransportError('connection', 'the HTTP transport is closed');
      pool = new Pool(origin, {
        connections: this.options.connections ?? 128,
        pipelining: 1,
        keepAliveTimeout: this.options.keepAliveTimeoutMs ?? 30_000,
        connect: { timeout: this.options.connectTimeoutMs ?? 5_000 },
      });
      this.pools.set(origin, pool);
    }
    return pool;
  }

  async send(request: HttpRequest): Promise<HttpResponse> {
    const timeout = Math.max(1, Math.floor(request.timeoutMs));
    try {
      const response = await this.pool(request.origin).request({
        path: request.path,
        method: request.method,
        headers: request.headers,
        body: request.body ?? null,
        headersTimeout: timeout,
        bodyTimeout: timeout,
      });
      const body = await response.body.text();
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(response.headers)) {
        if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
      }
      return { status: response.statusCode, headers, body };
    } catch (error) {
      if (error instanceof TransportError) throw error;
      const code = (error as { code?: unknown }).code;
      const detail = typeof code === 'string' ? code : error instanceof Error ? error.message : 'unknown error';
      throw new TransportError(typeof code === 'string' && TIMEOUT_CODES.has(code) ? 'timeout' : 'connection', detail);
    }
  }

  /** Pools in use, by origin: how many sockets are open. For diagnostics and the benchmark. */
  stats(): Record<string, { connected: number; running: number; pending: number }> {
    const out: Record<string, { connected: number; running: number; pending: number }> = {};
    for (const [origin, pool] of this.pools) {
      out[origin] = { connected: pool.stats.connected, running: pool.stats.running, pending: pool.stats.pending };
    }
    return out;
  }

  async close(): Promise<void> {
    this.closed = true;
    const pools = [...this.pools.values()];
    this.pools.clear();
    await Promise.all(pools.map((pool) => pool.close()));
  }
}
