import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PATHS } from '../src/sandbox/sandbox.js';
import { type TestApp, startTestApp } from './support/app.js';
import { API_KEYS_ENV, KEYS, type TokenIssuer, bearer, createTokenIssuer, jwtEnv } from './support/auth.js';
import { READ, SYNC, syncInput } from './support/fixtures.js';

/**
 * Every request's lines carry its id (`x-request-id`, taken or made, echoed), and each request
 * ends with one access line: the app in real mode against the sandbox, callers checked.
 */
let app: TestApp;
let issuer: TokenIssuer;
beforeAll(async () => {
  issuer = await createTokenIssuer();
  app = await startTestApp({ realMode: true, env: { ...jwtEnv(issuer), FACADE_API_KEYS: API_KEYS_ENV } });
});
afterAll(async () => {
  await app.close();
});

type LogLine = Record<string, unknown> & { msg: string; level: string };

/** Posts a GraphQL request over yoga.fetch; answers the response and the log lines it wrote. */
async function send(body: string, headers: Record<string, string>) {
  const before = app.logs.length;
  const response = await app.runtime.yoga.fetch('http://yoga/graphql', { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  const text = await response.text();
  const lines = app.logs.slice(before).map((line) => JSON.parse(line) as LogLine);
  return { response, text, lines, access: lines.filter((line) => line.msg === 'request') };
}

const gqlBody = (query: string, variables: Record<string, unknown>) => JSON.stringify({ query, variables });

describe('request ids and access lines', () => {
  it('takes the x-request-id sent, echoes it, and puts it on every line: the access line and the Feishu call lines', async () => {
    const { response, lines, access } = await send(gqlBody(SYNC, { input: syncInput({ instanceId: 'log-1' }) }), {
      ...bearer(KEYS.all),
      'x-request-id': 'client-chosen:42',
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('x-request-id')).toBe('client-chosen:42');
    expect(access).toEqual([
      expect.objectContaining({
        level: 'info',
        requestId: 'client-chosen:42',
        method: 'POST',
        path: '/graphql',
        status: 200,
        operation: 'Sync',
        operationType: 'mutation',
        caller: 'ops',
        ms: expect.any(Number),
      }),
    ]);
    // The first call fetches the app's tenant token too: its line is this request's.
    expect(lines.filter((line) => line.msg === 'feishu call').map((line) => line.path)).toEqual([PATHS.tenantToken, PATHS.externalInstances]);
    expect(lines.every((line) => line.requestId === 'client-chosen:42')).toBe(true);
  });

  it('makes an id when none is sent, or when the one sent is too long or holds other characters, and echoes it', async () => {
    const query = gqlBody(READ, { approvalCode: 'APPROVAL-1', instanceId: 'log-1' });
    const ids: string[] = [];
    for (const sent of [undefined, 'x'.repeat(129), 'has space', 'line\tbreak', 'quote"d']) {
      const { response, access } = await send(query, { ...bearer(KEYS.read), ...(sent === undefined ? {} : { 'x-request-id': sent }) });
      const id = response.headers.get('x-request-id');
      expect(id).toMatch(/^[0-9a-f-]{36}$/);
      expect(access).toEqual([expect.objectContaining({ requestId: id, operationType: 'query', caller: 'portal' })]);
      ids.push(id!);
    }
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('names an end user by the id their token gives', async () => {
    const token = await issuer.sign({ sub: 'alice' });
    const { access } = await send(gqlBody(READ, { approvalCode: 'APPROVAL-1', instanceId: 'log-1' }), bearer(token));
    expect(access).toEqual([expect.objectContaining({ caller: 'user_id alice', status: 200 })]);
  });

  it('logs requests refused before their body is read, with their id: 401 (and its reason line), 413, CSRF 403', async () => {
    const refused = await send(gqlBody(READ, {}), { 'x-request-id': 'no-credentials' });
    expect(refused.response.status).toBe(401);
    expect(refused.response.headers.get('x-request-id')).toBe('no-credentials');
    expect(refused.lines).toEqual([
      expect.objectContaining({ msg: 'request refused: unauthenticated', reason: 'no credentials', requestId: 'no-credentials' }),
      expect.objectContaining({ msg: 'request', status: 401, requestId: 'no-credentials' }),
    ]);
    expect(refused.access[0]).not.toHaveProperty('caller');
    expect(refused.access[0]).not.toHaveProperty('operation');

    const tooLarge = await send(JSON.stringify({ query: `{ __typename } #${'x'.repeat(25_000_001)}` }), { ...bearer(KEYS.all), 'x-request-id': 'too-large' });
    expect(tooLarge.response.status).toBe(413);
    expect(tooLarge.access).toEqual([expect.objectContaining({ status: 413, requestId: 'too-large' })]);

    const before = app.logs.length;
    const csrf = await app.runtime.yoga.fetch('http://yoga/graphql', {
      method: 'POST',
      headers: { 'content-type': 'text/plain', 'x-request-id': 'cross-site', ...bearer(KEYS.all) },
      body: '{ __typename }',
    });
    expect(csrf.status).toBe(403);
    const csrfLines = app.logs.slice(before).map((line) => JSON.parse(line) as LogLine);
    expect(csrfLines.filter((line) => line.msg === 'request')).toEqual([expect.objectContaining({ status: 403, requestId: 'cross-site' })]);
  });

  it('names the operation of a document that fails validation, which never runs', async () => {
    const { response, text, access } = await send(JSON.stringify({ query: 'query Broken { noSuchField }' }), bearer(KEYS.all));
    expect(JSON.parse(text).errors[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(access).toEqual([expect.objectContaining({ status: response.status, operation: 'Broken', operationType: 'query', caller: 'ops' })]);
  });

  it('logs probes at debug, with their id', async () => {
    const before = app.logs.length;
    const ready = await app.runtime.yoga.fetch('http://yoga/readyz', { headers: { 'x-request-id': 'probe-1' } });
    expect(ready.status).toBe(200);
    expect(ready.headers.get('x-request-id')).toBe('probe-1');
    const health = await app.runtime.yoga.fetch('http://yoga/healthz');
    expect(health.status).toBe(200);
    expect(health.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    const lines = app.logs.slice(before).map((line) => JSON.parse(line) as LogLine);
    expect(lines.filter((line) => line.msg === 'request')).toEqual([
      expect.objectContaining({ level: 'debug', path: '/readyz', status: 200, requestId: 'probe-1' }),
      expect.objectContaining({ level: 'debug', path: '/healthz', status: 200 }),
    ]);
  });
});

describe('an unexpected error', () => {
  it('is logged with its stack on the line of the request that raised it; the client gets "Unexpected error."', async () => {
    const broken = await startTestApp();
    try {
      await broken.runtime.mirror.close();
      const before = broken.logs.length;
      const response = await broken.runtime.yoga.fetch('http://yoga/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-request-id': 'doomed' },
        body: gqlBody(READ, { approvalCode: 'APPROVAL-1', instanceId: 'inst-1' }),
      });
      const body = (await response.json()) as { errors: { message: string }[] };
      expect(body.errors[0]?.message).toBe('Unexpected error.');
      const lines = broken.logs.slice(before).map((line) => JSON.parse(line) as LogLine);
      const errors = lines.filter((line) => line.level === 'error');
      expect(errors.length).toBeGreaterThan(0);
      for (const line of errors) {
        expect(line.requestId).toBe('doomed');
        expect(line.err).toMatchObject({ stack: expect.any(String) });
      }
    } finally {
      await broken.close();
    }
  });
});
