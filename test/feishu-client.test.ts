import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { EXTERNAL_INSTANCES_PATH, createFeishuApprovalApi } from '../src/feishu/approval-api.js';
import { FeishuClient, type FeishuClientOptions, JsonText } from '../src/feishu/client.js';
import type { CreateInstancePayload, ExternalInstancePayload } from '../src/feishu/wire.js';
import {
  FeishuApiError,
  FeishuApprovalInactiveError,
  FeishuAuthError,
  FeishuFreeProcessUnsupportedError,
  FeishuInvalidParameterError,
  FeishuQuotaExceededError,
  FeishuServiceError,
  FeishuSyncTooFrequentError,
  FeishuUnavailableError,
  FeishuUuidConflictError,
  RateLimitedError,
} from '../src/feishu/errors.js';
import { createLogger } from '../src/logger.js';
import type { Fault } from '../src/sandbox/faults.js';
import { FeishuSandbox, PATHS, SANDBOX_APP } from '../src/sandbox/sandbox.js';
import type { Clock } from '../src/util/clock.js';
import { nextTurn } from './support/event-loop.js';

const BODY = {
  approval_code: 'A',
  status: 'PENDING',
  instance_id: 'I',
  links: { pc_link: 'https://x' },
  user_id: 'u',
  start_time: '1556468012678',
  end_time: '0',
  update_time: '1556468012678',
  i18n_resources: [{ locale: 'zh-CN', is_default: true, texts: [] }],
};

let sandbox: FeishuSandbox;
let origin: string;
let logs: string[];
let clients: FeishuClient[];

function makeClient(options: Partial<FeishuClientOptions> = {}): FeishuClient {
  const client = new FeishuClient({
    baseUrl: origin,
    ...SANDBOX_APP,
    retry: { backoffBaseMs: 1, backoffMaxMs: 2 },
    logger: createLogger('debug', (line) => logs.push(line)),
    ...options,
  });
  clients.push(client);
  return client;
}

const apiCalls = () => sandbox.callCount(PATHS.externalInstances);
const tokenCalls = () => sandbox.callCount(PATHS.tenantToken);
const fault = (f: Fault) => sandbox.faults.push({ path: PATHS.externalInstances, ...f });

async function failure(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the call to fail');
}

beforeEach(async () => {
  sandbox = new FeishuSandbox();
  origin = await sandbox.listen(0);
  logs = [];
  clients = [];
});

afterEach(async () => {
  vi.useRealTimers();
  await Promise.all(clients.map((client) => client.close()));
  await sandbox.close();
});

describe('tenant token', () => {
  it('50 concurrent cold calls cause exactly one token fetch', async () => {
    const client = makeClient();
    const results = await Promise.all(Array.from({ length: 50 }, () => client.post(EXTERNAL_INSTANCES_PATH, BODY)));
    expect(results).toHaveLength(50);
    expect(tokenCalls()).toBe(1);
    expect(client.tokens.fetchCount).toBe(1);
    expect(apiCalls()).toBe(50);
    await client.post(EXTERNAL_INSTANCES_PATH, BODY);
    expect(tokenCalls()).toBe(1);
  });

  it('is refreshed a safety margin (at least 3 minutes) before it expires', async () => {
    let now = Date.parse('2026-11-21T00:00:00Z');
    const clock: Clock = { now: () => now, sleep: async () => {}, random: () => 0 };
    await sandbox.close();
    sandbox = new FeishuSandbox({ clock, tokenTtlSeconds: 7200 });
    origin = await sandbox.listen(0);
    const client = makeClient({ clock, tokenRefreshMarginMs: 5 * 60_000 });
    await client.post(EXTERNAL_INSTANCES_PATH, BODY);
    now += 7200_000 - 6 * 60_000; // 6 minutes left: still cached
    await client.post(EXTERNAL_INSTANCES_PATH, BODY);
    expect(tokenCalls()).toBe(1);
    now += 2 * 60_000; // 4 minutes left: inside the margin
    await client.post(EXTERNAL_INSTANCES_PATH, BODY);
    expect(tokenCalls()).toBe(2);
    expect(() => makeClient({ tokenRefreshMarginMs: 60_000 })).not.toThrow(); // raised to the 3-minute floor
  });

  it.each([
    [99991663, 200],
    [99991663, 400],
    [99991664, 200],
    [99991664, 400],
    [99991671, 200],
    [99991671, 400],
  ])('on %i (HTTP %i) drops the token, fetches a new one and retries once', async (code, httpStatus) => {
    const client = makeClient();
    await client.post(EXTERNAL_INSTANCES_PATH, BODY);
    fault({ code, httpStatus });
    await client.post(EXTERNAL_INSTANCES_PATH, BODY);
    expect(tokenCalls()).toBe(2);
    expect(apiCalls()).toBe(3);
  });

  it('a token refused twice is a FeishuAuthError, after exactly one refresh', async () => {
    const client = makeClient();
    fault({ code: 99991663, httpStatus: 400, times: 2 });
    const error = await failure(client.post(EXTERNAL_INSTANCES_PATH, BODY));
    expect(error).toBeInstanceOf(FeishuAuthError);
    expect(apiCalls()).toBe(2);
    expect(tokenCalls()).toBe(2);
  });

  it('a token that expired at Feishu is replaced transparently', async () => {
    const client = makeClient();
    await client.post(EXTERNAL_INSTANCES_PATH, BODY);
    sandbox.tokens.revokeAll();
    await client.post(EXTERNAL_INSTANCES_PATH, BODY);
    expect(tokenCalls()).toBe(2);
  });

  it('wrong credentials are a FeishuAuthError that does not repeat the secret', async () => {
    const client = makeClient({ appSecret: 'a-wrong-secret-value' });
    const error = await failure(client.post(EXTERNAL_INSTANCES_PATH, BODY));
    expect(error).toBeInstanceOf(FeishuAuthError);
    expect((error as FeishuAuthError).feishuCode).toBe(10014);
    expect(`${error.message} ${JSON.stringify(error)}`).not.toContain('a-wrong-secret-value');
    expect(apiCalls()).toBe(0);
    expect(tokenCalls()).toBe(1);
  });
});

describe('retries', () => {
  it.each([
    ['1395001 with HTTP 400', { code: 1395001, httpStatus: 400 }, FeishuServiceError],
    ['1395001 with HTTP 200', { code: 1395001, httpStatus: 200 }, FeishuServiceError],
    ['HTTP 429 with 99991400', { code: 99991400, httpStatus: 429 }, RateLimitedError],
    ['99991400 with HTTP 400', { code: 99991400, httpStatus: 400 }, RateLimitedError],
    ['HTTP 500 with a code', { code: 1234, httpStatus: 500 }, FeishuServiceError],
    ['HTTP 502 without Feishu JSON', { httpStatus: 502, rawBody: '<html>Bad Gateway</html>' }, FeishuUnavailableError],
    ['a dropped connection', { drop: 'before' as const }, FeishuUnavailableError],
  ])('%s: retried up to 3 attempts in all', async (_name, scripted, errorClass) => {
    const client = makeClient();
    fault({ ...scripted, times: 2 });
    await client.post(EXTERNAL_INSTANCES_PATH, BODY);
    expect(apiCalls()).toBe(3);

    fault({ ...scripted, times: 3 });
    const error = await failure(client.post(EXTERNAL_INSTANCES_PATH, BODY));
    expect(error).toBeInstanceOf(errorClass);
    expect((error as unknown as { retryable: boolean }).retryable).toBe(true);
    expect(apiCalls()).toBe(6);
  });

  it('a timeout is retried and ends as FeishuUnavailableError', async () => {
    // Generous: the attempts must time out on the delay, never on a busy machine's slowness.
    const client = makeClient({ attemptTimeoutMs: 1_000 });
    await client.tokens.get(Date.now() + 10_000);
    fault({ delayMs: 5_000, times: 3 });
    const error = await failure(client.post(EXTERNAL_INSTANCES_PATH, BODY));
    expect(error).toBeInstanceOf(FeishuUnavailableError);
    expect(error.message).toMatch(/in time/);
    expect(apiCalls()).toBe(3);
  });

  it.each([
    [1390001, FeishuInvalidParameterError, false],
    [1390013, FeishuFreeProcessUnsupportedError, false],
    [1390015, FeishuApprovalInactiveError, false],
    [60012, FeishuUuidConflictError, false],
    [99991403, FeishuQuotaExceededError, false],
    [1390014, FeishuSyncTooFrequentError, true],
    [12345, FeishuApiError, false],
  ])('%i is tried once', async (code, errorClass, retryable) => {
    const client = makeClient();
    fault({ code, httpStatus: 400, msg: `scripted ${code}` });
    const error = await failure(client.post(EXTERNAL_INSTANCES_PATH, BODY));
    expect(error).toBeInstanceOf(errorClass);
    expect(error.constructor).toBe(errorClass);
    expect(apiCalls()).toBe(1);
    const feishuError = error as FeishuApiError;
    expect(feishuError.feishuCode).toBe(code);
    expect(feishuError.feishuMessage).toBe(`scripted ${code}`);
    expect(feishuError.httpStatus).toBe(400);
    expect(feishuError.logId).toMatch(/^sandbox-/);
    expect(feishuError.retryable).toBe(retryable);
  });

  it('a 4xx without Feishu JSON (a wrong base URL) is not retried', async () => {
    const client = makeClient();
    fault({ httpStatus: 404, rawBody: 'not found' });
    const error = await failure(client.post(EXTERNAL_INSTANCES_PATH, BODY));
    expect(error).toBeInstanceOf(FeishuUnavailableError);
    expect((error as FeishuUnavailableError).retryable).toBe(false);
    expect(apiCalls()).toBe(1);
  });

  it('judges by the body code: HTTP 200 with a non-zero code is an error', async () => {
    const client = makeClient();
    fault({ code: 1390001, httpStatus: 200 });
    const error = await failure(client.post(EXTERNAL_INSTANCES_PATH, BODY));
    expect(error).toBeInstanceOf(FeishuInvalidParameterError);
    expect((error as FeishuApiError).httpStatus).toBe(200);
  });

  it('waits x-ogw-ratelimit-reset seconds before retrying a 429', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const client = makeClient();
    await client.post(EXTERNAL_INSTANCES_PATH, BODY); // token fetched, connection warm
    fault({ code: 99991400, httpStatus: 429, headers: { 'x-ogw-ratelimit-reset': '7' } });
    let settled = false;
    const pending = client.post(EXTERNAL_INSTANCES_PATH, BODY).then(() => (settled = true));
    const ioTurns = async () => {
      for (let i = 0; i < 50; i += 1) await nextTurn();
    };
    while (apiCalls() < 2) await ioTurns();
    await ioTurns();
    await vi.advanceTimersByTimeAsync(6_900);
    await ioTurns();
    expect(apiCalls()).toBe(2);
    expect(settled).toBe(false);
    await vi.advanceTimersByTimeAsync(200);
    while (!settled) await ioTurns();
    await pending;
    expect(apiCalls()).toBe(3);
  });

  it('a reset beyond the deadline fails at once with retryAfter', async () => {
    const client = makeClient({ timeoutMs: 5_000 });
    fault({ code: 99991400, httpStatus: 429, headers: { 'x-ogw-ratelimit-reset': '30' } });
    const error = await failure(client.post(EXTERNAL_INSTANCES_PATH, BODY));
    expect(error).toBeInstanceOf(RateLimitedError);
    expect((error as RateLimitedError).retryAfterSeconds).toBe(30);
    expect(apiCalls()).toBe(1);
  });
});

describe('request bodies', () => {
  it('a JsonText body is sent as its text, as it is', async () => {
    const client = makeClient();
    const text = JSON.stringify({ ...BODY, instance_id: 'as-text' }, null, 2);
    await client.post(EXTERNAL_INSTANCES_PATH, new JsonText(text));
    expect(sandbox.externalInstances.get('A/as-text')).toEqual({ ...BODY, instance_id: 'as-text' });
  });

  it('createInstance sends the JSON text it is given (the one its intent keeps), not a new serialization of the payload', async () => {
    const api = createFeishuApprovalApi(makeClient(), { legacy: origin });
    const seed = JSON.parse(readFileSync(new URL('./fixtures/seed-003-request.json', import.meta.url), 'utf8')) as CreateInstancePayload;
    const payloadJson = JSON.stringify({ ...seed, uuid: 'FROM-THE-TEXT' });
    const answer = await api.createInstance({ ...seed, uuid: 'FROM-THE-OBJECT' }, { payloadJson });
    const created = sandbox.instances.get(answer.instanceCode!);
    expect(created?.uuid).toBe('FROM-THE-TEXT');
    expect(created?.body).toEqual(JSON.parse(payloadJson));
  });

  it('syncExternalInstance answers with the exact JSON text it sent (the mirror keeps it as the payload)', async () => {
    const api = createFeishuApprovalApi(makeClient(), { legacy: origin });
    const payload = { ...BODY, instance_id: 'sent' } as ExternalInstancePayload;
    const answer = await api.syncExternalInstance(payload);
    expect(answer.sentJson).toBe(JSON.stringify(payload));
    expect(sandbox.externalInstances.get('A/sent')).toEqual(JSON.parse(answer.sentJson));
    expect(apiCalls()).toBe(1);
  });
});

describe('secrets', () => {
  it('never appear in log lines or error messages', async () => {
    const client = makeClient();
    await client.post(EXTERNAL_INSTANCES_PATH, BODY);
    fault({ code: 99991663, httpStatus: 400 });
    await client.post(EXTERNAL_INSTANCES_PATH, BODY);
    fault({ code: 1390001, httpStatus: 400, msg: 'param is invalid' });
    const error = await failure(client.post(EXTERNAL_INSTANCES_PATH, BODY));
    fault({ drop: 'before', times: 3 });
    const dropped = await failure(client.post(EXTERNAL_INSTANCES_PATH, BODY));
    const secrets = [SANDBOX_APP.appSecret, ...sandbox.tokens.issuedTokens()];
    expect(secrets.length).toBeGreaterThanOrEqual(2);
    const everything = [...logs, error.message, dropped.message, JSON.stringify(error), JSON.stringify(dropped)].join('\n');
    for (const secret of secrets) expect(everything).not.toContain(secret);
    expect(logs.length).toBeGreaterThan(0);
  });
});
