import type { Logger } from '../logger.js';
import type { Clock } from '../util/clock.js';
import { FeishuApiError, FeishuAuthError } from './errors.js';
import type { TenantTokenResponse } from './wire.js';

export const TENANT_TOKEN_PATH = '/open-apis/auth/v3/tenant_access_token/internal';

/** Feishu's tokens live up to two hours; we refresh this long before they expire. */
export const MIN_REFRESH_MARGIN_MS = 3 * 60_000;

/** `logger`: that of the request whose call fetches the token (its lines carry the request's id). */
export type TokenExchange = (body: { app_id: string; app_secret: string }, deadline: number, logger?: Logger) => Promise<TenantTokenResponse>;

interface CachedToken {
  token: string;
  expiresAt: number;
}

/**
 * The app's tenant_access_token: cached, refreshed a margin before it expires, fetched by one
 * request however many callers ask at once.
 */
export class TenantTokenProvider {
  private cached: CachedToken | undefined;
  private inflight: Promise<string> | undefined;
  private fetches = 0;

  constructor(
    private readonly credentials: { appId: string; appSecret: string },
    private readonly exchange: TokenExchange,
    private readonly clock: Clock,
    private readonly refreshMarginMs: number,
    private readonly onToken: (token: string) => void = () => {},
  ) {
    if (refreshMarginMs < MIN_REFRESH_MARGIN_MS) throw new Error('the token refresh margin must be at least 3 minutes');
  }

  /** How many token requests were sent: for tests and diagnostics. */
  get fetchCount(): number {
    return this.fetches;
  }

  async get(deadline: number, logger?: Logger): Promise<string> {
    const cached = this.cached;
    if (cached && this.clock.now() < cached.expiresAt - this.refreshMarginMs) return cached.token;
    if (!this.inflight) {
      this.inflight = this.fetch(deadline, logger).finally(() => {
        this.inflight = undefined;
      });
    }
    return this.inflight;
  }

  /** Drops the cached token if it is still the one that Feishu refused. */
  invalidate(token: string): void {
    if (this.cached?.token === token) this.cached = undefined;
  }

  private async fetch(deadline: number, logger: Logger | undefined): Promise<string> {
    this.fetches += 1;
    const requestedAt = this.clock.now();
    let response: TenantTokenResponse;
    try {
      response = await this.exchange({ app_id: this.credentials.appId, app_secret: this.credentials.appSecret }, deadline, logger);
    } catch (error) {
      if (error instanceof FeishuApiError && !error.retryable) {
        throw new FeishuAuthError({
          feishuCode: error.feishuCode,
          feishuMessage: error.feishuMessage,
          httpStatus: error.httpStatus,
          logId: error.logId,
        });
      }
      throw error;
    }
    const token = response.tenant_access_token;
    const expire = response.expire;
    if (typeof token !== 'string' || token === '' || typeof expire !== 'number' || expire <= 0) {
      throw new FeishuAuthError({
        feishuCode: response.code,
        feishuMessage: 'the token response carried no tenant_access_token or expire',
        httpStatus: 200,
        logId: null,
      });
    }
    this.onToken(token);
    this.cached = { token, expiresAt: requestedAt + expire * 1000 };
    return token;
  }
}
