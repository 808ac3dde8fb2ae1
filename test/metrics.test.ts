import { afterEach, describe, expect, it } from 'vitest';
import { PATHS, SANDBOX_APP } from '../src/sandbox/sandbox.js';
import type { Clock } from '../src/util/clock.js';
import { type TestApp, type TestAppOptions, startTestApp } from './support/app.js';
import { API_KEYS_ENV, KEYS, bearer, createTokenIssuer, jwtEnv } from './support/auth.js';
import { CREATE, type CreateResult, leaveInput } from './support/create-fixtures.js';
import { SYNC, type SyncResult, syncInput } from './support/fixtures.js';

let app: TestApp | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

const start = async (options: TestAppOptions = {}) => (app = await startTestApp(options));

const sync = async (current: TestApp, instanceId: string) =>
  (await current.gql<SyncResult>(SYNC, { input: syncInput({ instanceId }) })).data.syncExternalInstance.__typename;

async function scrape(current: TestApp): Promise<string> {
  const response = await current.runtime.yoga.fetch('http://yoga/metrics');
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  return response.text();
}

/** The value of the sample `name` whose labels are exactly `labels`; undefined when there is none. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const found = Object.fromEntries([...(match[2] ?? '').matchAll(/([a-zA-Z_]\w*)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1], m[2]]));
    const wanted = Object.entries(labels);
    if (Object.keys(found).length === wanted.length && wanted.every(([key, value]) => found[key] === value)) return Number(match[3]);
  }
  return undefined;
}

const EXTERNAL = PATHS.externalInstances;
const METRICS_KEY = 'k_metrics_0123456789abcdef012345';

describe('GET /metrics', () => {
  it('counts and times GraphQL operations, the Feishu calls, the token fetch and the mirror writes of a sync and a create', async () => {
    const current = await start();
    expect(await sync(current, 'inst-1')).toBe('SyncExternalInstancePayload');
    const created = await current.gql<CreateResult>(CREATE, { input: leaveInput() });
    expect(created.data.createInstance.__typename).toBe('CreateInstancePayload');

    const text = await scrape(current);
    const mutation = (name: string) => ({ operation_name: name, operation_type: 'mutation' });
    expect(sample(text, 'graphql_operations_total', mutation('Sync'))).toBe(1);
    expect(sample(text, 'graphql_operations_total', mutation('Create'))).toBe(1);
    expect(sample(text, 'graphql_operation_duration_seconds_count', mutation('Sync'))).toBe(1);
    expect(sample(text, 'graphql_operation_duration_seconds_sum', mutation('Create'))).toBeGreaterThanOrEqual(0);
    expect(sample(text, 'feishu_calls_total', { endpoint: PATHS.tenantToken, code: '0' })).toBe(1);
    expect(sample(text, 'feishu_calls_total', { endpoint: EXTERNAL, code: '0' })).toBe(1);
    expect(sample(text, 'feishu_calls_total', { endpoint: PATHS.instances, code: '0' })).toBe(1);
    expect(sample(text, 'feishu_token_refreshes_total')).toBe(1);
    expect(sample(text, 'mirror_write_duration_seconds_count', { kind: 'sync_push' })).toBe(1);
    expect(sample(text, 'mirror_write_duration_seconds_count', { kind: 'intent_begin' })).toBe(1);
    expect(sample(text, 'mirror_write_duration_seconds_count', { kind: 'intent_created' })).toBe(1);
    expect(sample(text, 'mirror_write_duration_seconds_bucket', { kind: 'sync_push', le: '+Inf' })).toBe(1);
    expect(sample(text, 'feishu_retries_total', { endpoint: EXTERNAL })).toBeUndefined();
  });

  it("counts Feishu's refusals by code, the answers without one by HTTP status or transport failure, and the retries", async () => {
    const current = await start();
    current.sandbox.faults.push({ path: EXTERNAL, code: 1395001, msg: 'internal error', httpStatus: 500 });
    expect(await sync(current, 'inst-1')).toBe('SyncExternalInstancePayload');
    current.sandbox.faults.push({ path: EXTERNAL, httpStatus: 502, rawBody: '<html>Bad Gateway</html>' });
    expect(await sync(current, 'inst-2')).toBe('SyncExternalInstancePayload');
    current.sandbox.faults.push({ path: EXTERNAL, drop: 'before' });
    expect(await sync(current, 'inst-3')).toBe('SyncExternalInstancePayload');
    current.sandbox.faults.push({ path: EXTERNAL, code: 99991400, httpStatus: 429, headers: { 'x-ogw-ratelimit-reset': '0' } });
    expect(await sync(current, 'inst-4')).toBe('SyncExternalInstancePayload');
    current.sandbox.faults.push({ path: EXTERNAL, code: 1390001, msg: 'param is invalid' });
    expect(await sync(current, 'inst-5')).toBe('FeishuInvalidParameterError');

    const text = await scrape(current);
    expect(sample(text, 'feishu_calls_total', { endpoint: EXTERNAL, code: '1395001' })).toBe(1);
    expect(sample(text, 'feishu_calls_total', { endpoint: EXTERNAL, code: 'http_502' })).toBe(1);
    expect(sample(text, 'feishu_calls_total', { endpoint: EXTERNAL, code: 'connection' })).toBe(1);
    expect(sample(text, 'feishu_calls_total', { endpoint: EXTERNAL, code: '99991400' })).toBe(1);
    expect(sample(text, 'feishu_calls_total', { endpoint: EXTERNAL, code: '1390001' })).toBe(1);
    expect(sample(text, 'feishu_calls_total', { endpoint: EXTERNAL, code: '0' })).toBe(4);
    // A parameter error is not sent again; the other four are, once each.
    expect(sample(text, 'feishu_retries_total', { endpoint: EXTERNAL })).toBe(4);
    expect(sample(text, 'mirror_write_duration_seconds_count', { kind: 'sync_push' })).toBe(4);
    // Feishu's own rate limit is an answer (99991400), not a refusal of ours.
    expect(sample(text, 'feishu_rate_limited_total', { endpoint: EXTERNAL })).toBeUndefined();
  });

  it('counts GraphQL errors by operation, phase and code', async () => {
    const current = await start();
    await current.gql('query Misspelled { externalInstanse { instanceId } }');
    await current.gql('query Unfinished { externalInstances {');
    await current.gql('query Page { externalInstances(first: 1000) { totalCount } }');
    // Counted before Yoga masks them: a variable GraphQL itself refuses has no code yet, but is answered BAD_USER_INPUT.
    await current.gql(SYNC, { input: 42 });
    const text = await scrape(current);
    const errors = (operation_name: string, operation_type: string, phase: string, code: string) =>
      sample(text, 'graphql_operation_errors_total', { operation_name, operation_type, phase, code });
    expect(errors('Misspelled', 'query', 'validate', 'GRAPHQL_VALIDATION_FAILED')).toBe(1);
    expect(errors('Anonymous', 'unknown', 'parse', 'GRAPHQL_PARSE_FAILED')).toBe(1);
    expect(errors('Page', 'query', 'execute', 'BAD_USER_INPUT')).toBe(1);
    expect(errors('Sync', 'mutation', 'execute', 'BAD_USER_INPUT')).toBe(1);
  });

  it('counts the calls the client-side rate limit refuses, unsent', async () => {
    const current = await start({ env: { FEISHU_RATE_SYNC_PER_MINUTE: '1', FEISHU_RATE_MAX_WAIT_MS: '0' } });
    expect(await sync(current, 'inst-1')).toBe('SyncExternalInstancePayload');
    expect(await sync(current, 'inst-2')).toBe('RateLimitedError');
    const text = await scrape(current);
    expect(sample(text, 'feishu_rate_limited_total', { endpoint: EXTERNAL })).toBe(1);
    expect(sample(text, 'feishu_calls_total', { endpoint: EXTERNAL, code: '0' })).toBe(1);
    expect(current.sandbox.callCount(EXTERNAL)).toBe(1);
  });

  it("observes how long calls wait for the client-side rate limit's slot", async () => {
    // A clock whose sleeps pass at once, moving its time on: the wait is the limiter's, not the test's.
    let skipped = 0;
    const clock: Clock = {
      now: () => Date.now() + skipped,
      sleep: async (ms) => {
        skipped += Math.max(0, ms);
      },
      random: () => 0.5,
    };
    const current = await start({ env: { FEISHU_RATE_SYNC_PER_SECOND: '1', FEISHU_RATE_MAX_WAIT_MS: '5000' }, overrides: { clock } });
    expect(await sync(current, 'inst-1')).toBe('SyncExternalInstancePayload');
    expect(await sync(current, 'inst-2')).toBe('SyncExternalInstancePayload');
    const text = await scrape(current);
    expect(sample(text, 'feishu_rate_limit_wait_seconds_count', { endpoint: EXTERNAL })).toBe(1);
    const waited = sample(text, 'feishu_rate_limit_wait_seconds_sum', { endpoint: EXTERNAL });
    expect(waited).toBeGreaterThan(0);
    expect(waited).toBeLessThanOrEqual(1);
    expect(sample(text, 'feishu_rate_limit_wait_seconds_bucket', { endpoint: EXTERNAL, le: '1' })).toBe(1);
    expect(sample(text, 'feishu_rate_limited_total', { endpoint: EXTERNAL })).toBeUndefined();
  });

  it('counts a token refresh after Feishu refused the token, and shows no token', async () => {
    const current = await start();
    expect(await sync(current, 'inst-1')).toBe('SyncExternalInstancePayload');
    current.sandbox.tokens.revokeAll();
    expect(await sync(current, 'inst-2')).toBe('SyncExternalInstancePayload');
    const text = await scrape(current);
    expect(sample(text, 'feishu_token_refreshes_total')).toBe(2);
    expect(sample(text, 'feishu_calls_total', { endpoint: PATHS.tenantToken, code: '0' })).toBe(2);
    expect(sample(text, 'feishu_calls_total', { endpoint: EXTERNAL, code: '99991663' })).toBe(1);
    expect(sample(text, 'feishu_calls_total', { endpoint: EXTERNAL, code: '0' })).toBe(2);
    for (const secret of [SANDBOX_APP.appSecret, ...current.sandbox.tokens.issuedTokens()]) expect(text).not.toContain(secret);
  });

  it('keeps at most 200 operation names as labels: the rest count as `other`', async () => {
    const current = await start();
    for (let n = 0; n < 205; n += 1) expect((await current.gql(`query Q${n} { __typename }`)).errors).toBeUndefined();
    const text = await scrape(current);
    expect(sample(text, 'graphql_operations_total', { operation_name: 'Q199', operation_type: 'query' })).toBe(1);
    expect(sample(text, 'graphql_operations_total', { operation_name: 'Q200', operation_type: 'query' })).toBeUndefined();
    expect(sample(text, 'graphql_operations_total', { operation_name: 'other', operation_type: 'query' })).toBe(5);
  });

  it('with callers checked, is read only with an API key of the metrics scope; GraphQL keys and end users are refused', async () => {
    const issuer = await createTokenIssuer();
    const current = await start({ env: { ...jwtEnv(issuer), FACADE_API_KEYS: `${API_KEYS_ENV};prometheus:metrics:${METRICS_KEY}` } });
    expect((await current.gql<SyncResult>(SYNC, { input: syncInput() }, bearer(KEYS.all))).data.syncExternalInstance.__typename).toBe(
      'SyncExternalInstancePayload',
    );

    const refused = async (headers: Record<string, string>, status: number, code: string) => {
      const response = await current.runtime.yoga.fetch('http://yoga/metrics', { headers });
      expect(response.status).toBe(status);
      const body = await response.text();
      expect(JSON.parse(body)).toMatchObject({ errors: [{ extensions: { code } }] });
      expect(body).not.toContain('feishu_calls_total');
      return response;
    };
    const anonymous = await refused({}, 401, 'UNAUTHENTICATED');
    expect(anonymous.headers.get('www-authenticate')).toMatch(/^Bearer/);
    await refused(bearer('k_wrong_0123456789abcdef0123456'), 401, 'UNAUTHENTICATED');
    await refused(bearer(KEYS.all), 403, 'FORBIDDEN');
    await refused(bearer(await issuer.sign({ sub: 'alice' })), 403, 'FORBIDDEN');

    const response = await current.runtime.yoga.fetch('http://yoga/metrics', { headers: bearer(METRICS_KEY) });
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(sample(text, 'graphql_operations_total', { operation_name: 'Sync', operation_type: 'mutation' })).toBe(1);
    for (const secret of [KEYS.all, METRICS_KEY, SANDBOX_APP.appSecret, ...current.sandbox.tokens.issuedTokens()]) expect(text).not.toContain(secret);
    // The metrics key calls no GraphQL.
    expect((await current.gql<SyncResult>(SYNC, { input: syncInput() }, bearer(METRICS_KEY))).data.syncExternalInstance.__typename).toBe('ForbiddenError');
    expect((await current.runtime.yoga.fetch('http://yoga/healthz')).status).toBe(200);
  });

  it('with METRICS=public, is read without credentials even when callers are checked', async () => {
    const current = await start({ env: { FACADE_API_KEYS: API_KEYS_ENV, METRICS: 'public' } });
    expect((await current.gql(SYNC, { input: syncInput() })).status).toBe(401);
    const text = await scrape(current);
    expect(sample(text, 'graphql_operations_total', { operation_name: 'Sync', operation_type: 'mutation' })).toBeUndefined();
    expect(text).toContain('# TYPE feishu_calls_total counter');
  });

  it('is not served with METRICS=off', async () => {
    const current = await start({ env: { METRICS: 'off' } });
    expect(await sync(current, 'inst-1')).toBe('SyncExternalInstancePayload');
    const response = await current.runtime.yoga.fetch('http://yoga/metrics');
    expect(response.status).toBe(404);
    expect(await response.text()).not.toContain('feishu_calls_total');
  });
});
