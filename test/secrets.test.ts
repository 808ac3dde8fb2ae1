import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../src/logger.js';
import { registerSecret } from '../src/ops/secret-values.js';
import { PATHS, SANDBOX_APP } from '../src/sandbox/sandbox.js';
import { type TestApp, startTestApp } from './support/app.js';
import { API_KEYS_ENV, KEYS, type TokenIssuer, bearer, createTokenIssuer, jwtEnv } from './support/auth.js';
import { CREATE, type CreateResult, leaveInput } from './support/create-fixtures.js';
import { READ, SYNC, type SyncResult, syncInput } from './support/fixtures.js';

/**
 * One run in real mode (the sandbox stands in for Feishu, reached with the app's id and secret),
 * using every kind of secret, failures included; then every log line and every response body is
 * searched for each of them.
 */
let app: TestApp;
let issuer: TokenIssuer;
const responses: string[] = [];
const tokensUsed: string[] = [];
/** Tenant tokens the sandbox issued (it forgets them when they are revoked). */
const tenantTokens = new Set<string>();
const noteTenantTokens = () => {
  for (const token of app.sandbox.tokens.issuedTokens()) tenantTokens.add(token);
};

beforeAll(async () => {
  issuer = await createTokenIssuer();
  app = await startTestApp({ realMode: true, env: { ...jwtEnv(issuer), FACADE_API_KEYS: API_KEYS_ENV, LOG_LEVEL: 'debug' } });
});
afterAll(async () => {
  await app.close();
});

async function gql<T>(query: string, variables: Record<string, unknown> | undefined, credential: string) {
  const result = await app.gql<T>(query, variables, bearer(credential));
  responses.push(result.text);
  return result;
}

async function sign(claims: Parameters<TokenIssuer['sign']>[0]) {
  const token = await issuer.sign(claims);
  tokensUsed.push(token);
  return token;
}

describe('secrets in a run that used them all', () => {
  it('runs in real mode against the sandbox, with keys, tokens and Feishu failures', async () => {
    expect(app.runtime.sandbox).toBeUndefined();

    const synced = await gql<SyncResult>(SYNC, { input: syncInput() }, KEYS.all);
    expect(synced.data.syncExternalInstance.__typename).toBe('SyncExternalInstancePayload');
    expect(app.sandbox.callCount(PATHS.tenantToken)).toBe(1);

    const alice = await sign({ sub: 'alice' });
    const created = await gql<CreateResult>(CREATE, { input: leaveInput({ userId: undefined, openId: undefined }) }, alice);
    expect(created.data.createInstance.__typename).toBe('CreateInstancePayload');

    // Failures: wrong credentials, a token past its time, someone else's data, a key without the scope.
    const wrongKey = `${KEYS.all.slice(0, -1)}X`;
    tokensUsed.push(wrongKey);
    expect((await gql(READ, { approvalCode: 'APPROVAL-1', instanceId: 'inst-1' }, wrongKey)).status).toBe(401);
    const expired = await sign({ sub: 'alice', exp: Math.floor(Date.now() / 1000) - 3600, iat: Math.floor(Date.now() / 1000) - 7200 });
    expect((await gql(READ, { approvalCode: 'APPROVAL-1', instanceId: 'inst-1' }, expired)).status).toBe(401);
    const forged = `${alice.slice(0, -4)}AAAA`;
    tokensUsed.push(forged);
    expect((await gql(READ, { approvalCode: 'APPROVAL-1', instanceId: 'inst-1' }, forged)).status).toBe(401);
    const mallory = await sign({ sub: 'mallory' });
    expect((await gql(READ, { approvalCode: 'APPROVAL-1', instanceId: 'inst-1' }, mallory)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await gql<SyncResult>(SYNC, { input: syncInput() }, KEYS.read)).data.syncExternalInstance.__typename).toBe('ForbiddenError');

    // Feishu failures: a revoked tenant token (fetched again), a refused parameter, a 5xx outliving the retries, a dropped connection.
    noteTenantTokens();
    app.sandbox.tokens.revokeAll();
    expect((await gql<SyncResult>(SYNC, { input: syncInput({ instanceId: 'inst-2' }) }, KEYS.sync)).data.syncExternalInstance.__typename).toBe(
      'SyncExternalInstancePayload',
    );
    expect(app.sandbox.callCount(PATHS.tenantToken)).toBe(2);
    app.sandbox.faults.push({ path: PATHS.externalInstances, code: 1390001, msg: 'param is invalid' });
    app.sandbox.faults.push({ path: PATHS.instances, code: 1395001, msg: 'service error', httpStatus: 500, times: 3 });
    app.sandbox.faults.push({ path: PATHS.externalInstances, drop: 'before', times: 3 });
    const failures = [
      (await gql<SyncResult>(SYNC, { input: syncInput({ instanceId: 'inst-3' }) }, KEYS.all)).data.syncExternalInstance.__typename,
      (await gql<CreateResult>(CREATE, { input: leaveInput({ uuid: 'SECRETS-2' }) }, KEYS.create)).data.createInstance.__typename,
      (await gql<SyncResult>(SYNC, { input: syncInput({ instanceId: 'inst-4' }) }, KEYS.all)).data.syncExternalInstance.__typename,
    ];
    expect(failures).toEqual(['FeishuInvalidParameterError', 'FeishuServiceError', 'FeishuUnavailableError']);
    noteTenantTokens();
  });

  it('no secret appears in any log line or response body', () => {
    const secrets = [
      ['app secret', SANDBOX_APP.appSecret],
      ...Object.entries(KEYS).map(([name, key]) => [`API key ${name}`, key]),
      ...[...tenantTokens].map((token, index) => [`tenant token ${index}`, token]),
      ...tokensUsed.map((token, index) => [`bearer credential ${index}`, token]),
    ] as const;
    expect(tenantTokens.size).toBe(2);
    expect(app.logs.length).toBeGreaterThan(5);
    expect(responses.length).toBeGreaterThan(5);
    const output = [...app.logs, ...responses];
    for (const [name, secret] of secrets) {
      expect({ name, leaks: output.filter((text) => text.includes(secret)).length }).toEqual({ name, leaks: 0 });
    }
    // The JWTs' signatures alone, in case a token were cut up or re-encoded.
    for (const token of tokensUsed.filter((token) => token.split('.').length === 3)) {
      const signature = token.split('.')[2] ?? '';
      expect(output.some((text) => text.includes(signature))).toBe(false);
    }
  });
});

describe('the logger (pino) keeps credentials out of its lines', () => {
  const capture = () => {
    const lines: string[] = [];
    return { lines, logger: createLogger('debug', (line) => lines.push(line)) };
  };

  it("replaces the fields known to hold credentials (pino's redact), wherever they sit", () => {
    const { lines, logger } = capture();
    logger.info(
      {
        authorization: 'Bearer field-top',
        headers: { authorization: 'Bearer field-headers', cookie: 'session=field-cookie' },
        req: { headers: { authorization: 'Bearer field-req' } },
        call: { appSecret: 'field-app-secret', token: 'field-token', tenant_access_token: 'field-tenant' },
      },
      'a line with credentials in its fields',
    );
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toMatch(/field-/);
    expect(JSON.parse(lines[0]!)).toMatchObject({ authorization: '[redacted]', headers: { authorization: '[redacted]' }, call: { token: '[redacted]' } });
  });

  it('replaces every registered secret value wherever it slipped in: message, fields, bindings, errors, other loggers', () => {
    const { lines, logger } = capture();
    const secret = 'registered-secret-0123';
    const quoted = 'with "quotes" and \\ backslash';
    registerSecret(secret);
    registerSecret(quoted);
    const child = logger.child({ requestId: `bound-${secret}` });
    child.info({ note: `a field holding ${secret}`, nested: { deeper: [secret] } }, `a message holding ${secret}`);
    child.error({ err: new Error(`failed with ${secret}`) }, 'an error');
    child.warn({ text: quoted }, 'a value JSON escapes');
    const other = capture();
    other.logger.info(`another logger, made after: ${secret}`);
    const output = [...lines, ...other.lines];
    expect(output).toHaveLength(4);
    for (const line of output) {
      expect(line).not.toContain(secret);
      expect(line).not.toContain(JSON.stringify(quoted).slice(1, -1));
      expect(line).toContain('[redacted]');
    }
  });
});
