import { type Logger, silentLogger } from '../logger.js';
import { registerSecret } from '../ops/secret-values.js';
import { type FeishuCallObserver, type FeishuCallRecord, UNOBSERVED_FEISHU } from '../ops/telemetry-hooks.js';
import { type Clock, systemClock } from '../util/clock.js';
import { type FeishuErrorDetails, FeishuApiError, FeishuUnavailableError, RateLimitedError, TOKEN_INVALID_CODES, feishuErrorFor } from './errors.js';
import { HttpTransport, type HttpResponse, TransportError } from './http.js';
import type { RateLimits } from './rate-limit.js';
import { DEFAULT_RETRY_POLICY, type RetryPolicy, backoffDelay, isRateLimit, isTransient, rateLimitResetMs } from './retry.js';
import { MIN_REFRESH_MARGIN_MS, TENANT_TOKEN_PATH, TenantTokenProvider } from './token.js';
import type { TenantTokenResponse } from './wire.js';

export interface FeishuClientOptions {
  /** Open Platform origin, e.g. https://open.feishu.cn. */
  baseUrl: string;
  appId: string;
  appSecret: string;
  /** Deadline of one call, every attempt and wait included. */
  timeoutMs?: number;
  /** Bound on a single attempt (headers, then body). */
  attemptTimeoutMs?: number;
  retry?: Partial<RetryPolicy>;
  /** How long before expiry the tenant token is refreshed; at least 3 minutes. */
  tokenRefreshMarginMs?: number;
  transport?: HttpTransport;
  /** Client-side limits per endpoint; a call waits for a slot before each attempt. */
  rateLimits?: RateLimits;
  clock?: Clock;
  logger?: Logger;
  /** Told of every call, attempt, retry, rate-limit wait and token fetch (metrics, traces). */
  observer?: FeishuCallObserver;
}

export interface FeishuCallOptions {
  /** Another origin than baseUrl (the legacy v2 API lives on www.feishu.cn). */
  origin?: string;
  /**
   * The endpoint whose client-side rate limit the call takes a slot of, when the path holds more
   * than the endpoint (a path parameter, a query): e.g. `/open-apis/approval/v4/approvals/:approval_code`.
   */
  endpoint?: string;
  /**
   * Called when an attempt ended without telling whether Feishu acted on it (dropped or timed-out
   * connection, 5xx, 1395001): a later "already done" answer may then be this call's own doing.
   */
  onUncertainOutcome?: () => void;
  /** The logger of the request the call is made for: its lines carry the request's id. */
  logger?: Logger;
}

/** A query string's values; those undefined are left out. */
export type QueryValues = Record<string, string | number | undefined>;

/** A request body serialized already: sent as it is (a caller that keeps the text it sent). */
export class JsonText {
  constructor(readonly text: string) {}
}

/** A successful call: Feishu's `data` and the log id of the answer. */
export interface FeishuSuccess<T> {
  data: T;
  logId: string | null;
}

interface ParsedAnswer {
  response: HttpResponse;
  /** The body's `code`, or null when the body was not Feishu JSON. */
  code: number | null;
  msg: string;
  json: Record<string, unknown> | null;
  logId: string | null;
}

function parseAnswer(response: HttpResponse): ParsedAnswer {
  const logId = response.headers['x-tt-logid'] ?? null;
  let json: unknown = null;
  try {
    json = response.body === '' ? null : JSON.parse(response.body);
  } catch {
    json = null;
  }
  if (json !== null && typeof json === 'object' && typeof (json as { code?: unknown }).code === 'number') {
    const body = json as Record<string, unknown>;
    return { response, code: body.code as number, msg: typeof body.msg === 'string' ? body.msg : '', json: body, logId };
  }
  return { response, code: null, msg: '', json: null, logId };
}

/**
 * The one place that talks to Feishu: tenant token, retries with backoff under one deadline,
 * and the mapping of every answer to data or to a typed error. Every answer is judged by the
 * body's `code`, whatever the HTTP status.
 */
export class FeishuClient {
  readonly tokens: TenantTokenProvider;
  private readonly transport: HttpTransport;
  private readonly ownsTransport: boolean;
  private readonly clock: Clock;
  private readonly logger: Logger;
  private readonly policy: RetryPolicy;
  private readonly timeoutMs: number;
  private readonly attemptTimeoutMs: number;
  private readonly observer: FeishuCallObserver;

  constructor(private readonly options: FeishuClientOptions) {
    this.transport = options.transport ?? new HttpTransport();
    this.ownsTransport = !options.transport;
    this.clock = options.clock ?? systemClock;
    this.logger = options.logger ?? silentLogger;
    this.policy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
    this.timeoutMs = options.timeoutMs ?? 15_000;
    this.attemptTimeoutMs = options.attemptTimeoutMs ?? 10_000;
    this.observer = options.observer ?? UNOBSERVED_FEISHU;
    registerSecret(options.appSecret);
    this.tokens = new TenantTokenProvider(
      { appId: options.appId, appSecret: options.appSecret },
      (body, deadline, logger) =>
        this.exchange<TenantTokenResponse>(
          options.baseUrl,
          { method: 'POST', path: TENANT_TOKEN_PATH, body },
          null,
          deadline,
          (json) => json as unknown as TenantTokenResponse,
          { logger },
        ),
      this.clock,
      Math.max(MIN_REFRESH_MARGIN_MS, options.tokenRefreshMarginMs ?? 5 * 60_000),
      (token) => {
        registerSecret(token);
        this.observer.tokenRefreshed();
      },
    );
  }

  /** POSTs `body` as JSON with the tenant token; resolves with Feishu's `data`. */
  post<T>(path: string, body: unknown, callOptions: FeishuCallOptions = {}): Promise<FeishuSuccess<T>> {
    return this.call<T>('POST', path, body, callOptions);
  }

  /** GETs `path` with the query's values, with the tenant token; resolves with Feishu's `data`. */
  get<T>(path: string, query: QueryValues = {}, callOptions: FeishuCallOptions = {}): Promise<FeishuSuccess<T>> {
    const search = new URLSearchParams();
    for (const [name, value] of Object.entries(query)) if (value !== undefined) search.set(name, String(value));
    const text = search.toString();
    return this.call<T>('GET', text ? `${path}?${text}` : path, undefined, { endpoint: `GET ${path}`, ...callOptions });
  }

  private async call<T>(method: 'POST' | 'GET', path: string, body: unknown, callOptions: FeishuCallOptions): Promise<FeishuSuccess<T>> {
    const origin = callOptions.origin ?? this.options.baseUrl;
    const deadline = this.clock.now() + this.timeoutMs;
    let refreshedToken = false;
    for (;;) {
      const token = await this.tokens.get(deadline, callOptions.logger);
      try {
        return await this.exchange(origin, { method, path, body }, token, deadline, (json, logId) => ({ data: json.data as T, logId }), callOptions);
      } catch (error) {
        if (!refreshedToken && error instanceof FeishuApiError && TOKEN_INVALID_CODES.has(error.feishuCode)) {
          refreshedToken = true;
          this.tokens.invalidate(token);
          (callOptions.logger ?? this.logger).info({ path, feishuCode: error.feishuCode, logId: error.logId }, 'feishu token refused; fetching a new one');
          continue;
        }
        throw error;
      }
    }
  }

  /** Sockets open per origin. */
  poolStats(): ReturnType<HttpTransport['stats']> {
    return this.transport.stats();
  }

  async close(): Promise<void> {
    if (this.ownsTransport) await this.transport.close();
  }

  /** One call, observed from its first attempt to its outcome. */
  private async exchange<R>(
    origin: string,
    request: { method: 'POST' | 'GET'; path: string; body: unknown },
    token: string | null,
    deadline: number,
    onSuccess: (json: Record<string, unknown>, logId: string | null) => R,
    callOptions: FeishuCallOptions = {},
  ): Promise<R> {
    const call = this.observer.startCall(callOptions.endpoint ?? request.path);
    try {
      const result = await this.attempts(call, origin, request, token, deadline, onSuccess, callOptions);
      call.ended();
      return result;
    } catch (error) {
      call.ended(error);
      throw error;
    }
  }

  /**
   * Sends one request until it succeeds, fails for good, runs out of attempts or of time.
   * Retries what Feishu calls transient: 1395001, 429 / 99991400 (after x-ogw-ratelimit-reset
   * when given), 5xx, resets and timeouts.
   */
  private async attempts<R>(
    call: FeishuCallRecord,
    origin: string,
    request: { method: 'POST' | 'GET'; path: string; body: unknown },
    token: string | null,
    deadline: number,
    onSuccess: (json: Record<string, unknown>, logId: string | null) => R,
    callOptions: FeishuCallOptions,
  ): Promise<R> {
    const logger = callOptions.logger ?? this.logger;
    const { method, path, body } = request;
    const payload = method === 'GET' ? undefined : body instanceof JsonText ? body.text : JSON.stringify(body);
    const headers: Record<string, string> = method === 'GET' ? {} : { 'content-type': 'application/json; charset=utf-8' };
    if (token !== null) headers.authorization = `Bearer ${token}`;
    // Made only when needed: an Error captures a stack when it is built.
    let lastFailure: Error | undefined;
    for (let attempt = 1; attempt <= this.policy.maxAttempts; attempt += 1) {
      if (this.options.rateLimits) await this.takeSlot(this.options.rateLimits, call, callOptions.endpoint ?? path, deadline);
      const remaining = deadline - this.clock.now();
      if (remaining <= 0) break;
      const started = this.clock.now();
      let answer: ParsedAnswer;
      try {
        const response = await this.transport.send({
          origin,
          path,
          method,
          headers,
          body: payload,
          timeoutMs: Math.min(this.attemptTimeoutMs, remaining),
        });
        answer = parseAnswer(response);
      } catch (error) {
        if (!(error instanceof TransportError)) throw error;
        call.attempted({ feishuCode: null, httpStatus: null, transportError: error.kind, logId: null });
        callOptions.onUncertainOutcome?.();
        lastFailure = new FeishuUnavailableError(
          error.kind === 'timeout' ? `Feishu did not answer in time (${error.detail})` : `Feishu could not be reached (${error.detail})`,
        );
        logger.warn({ path, attempt, reason: error.message, ms: this.clock.now() - started }, 'feishu call failed');
        if (!(await this.waitBeforeRetry(attempt, backoffDelay(this.policy, attempt, this.clock.random), deadline))) break;
        call.retrying();
        continue;
      }

      const { response, code, logId } = answer;
      call.attempted({ feishuCode: code, httpStatus: response.status, transportError: null, logId });
      logger.debug({ path, attempt, status: response.status, feishuCode: code, logId, ms: this.clock.now() - started }, 'feishu call');
      if (code === 0 && answer.json) return onSuccess(answer.json, logId);

      if (code === null) {
        // Not Feishu JSON: a gateway page, a proxy error, a wrong base URL.
        const transient = isTransient(response.status, null);
        lastFailure = isRateLimit(response.status, null)
          ? new RateLimitedError(Math.ceil((rateLimitResetMs(response.headers['x-ogw-ratelimit-reset']) ?? 1000) / 1000), null, logId)
          : new FeishuUnavailableError(`Feishu answered HTTP ${response.status} without a Feishu JSON body`, response.status, logId, transient);
        if (!transient) throw lastFailure;
      } else {
        const details: FeishuErrorDetails = { feishuCode: code, feishuMessage: answer.msg, httpStatus: response.status, logId };
        if (!isTransient(response.status, code)) throw feishuErrorFor(details);
        lastFailure = isRateLimit(response.status, code)
          ? new RateLimitedError(Math.ceil((rateLimitResetMs(response.headers['x-ogw-ratelimit-reset']) ?? 1000) / 1000), code, logId)
          : feishuErrorFor(details);
      }

      if (!isRateLimit(response.status, code)) callOptions.onUncertainOutcome?.();
      logger.warn({ path, attempt, status: response.status, feishuCode: code, logId }, 'feishu call failed');
      const reset = isRateLimit(response.status, code) ? rateLimitResetMs(response.headers['x-ogw-ratelimit-reset']) : null;
      const wait = reset ?? backoffDelay(this.policy, attempt, this.clock.random);
      if (!(await this.waitBeforeRetry(attempt, wait, deadline))) break;
      call.retrying();
    }
    throw lastFailure ?? new FeishuUnavailableError('Feishu call not attempted: no time left before the deadline');
  }

  /** Waits for the client-side rate limit's slot (RateLimitedError when none comes in time). */
  private async takeSlot(rateLimits: RateLimits, call: FeishuCallRecord, path: string, deadline: number): Promise<void> {
    let waitedMs: number;
    try {
      waitedMs = await rateLimits.acquire(path, deadline);
    } catch (error) {
      if (error instanceof RateLimitedError) call.refusedSlot();
      throw error;
    }
    if (waitedMs > 0) call.waitedForSlot(waitedMs);
  }

  /** Sleeps before the next attempt; false when there is none (attempts spent or deadline too near). */
  private async waitBeforeRetry(attempt: number, waitMs: number, deadline: number): Promise<boolean> {
    if (attempt >= this.policy.maxAttempts) return false;
    if (this.clock.now() + waitMs >= deadline) return false;
    await this.clock.sleep(waitMs);
    return true;
  }
}
