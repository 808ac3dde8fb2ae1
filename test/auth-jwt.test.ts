import { UnsecuredJWT } from 'jose';
import { afterEach, describe, expect, it } from 'vitest';
import { type TestApp, startTestApp } from './support/app.js';
import { AUDIENCE, ISSUER, type TokenIssuer, bearer, createTokenIssuer, jwtEnv, serveJwks } from './support/auth.js';

let app: TestApp | undefined;
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  await app?.close();
  app = undefined;
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

const VIEWER = '{ viewer { userId openId approvalCenter { userId openId } } }';

async function startWith(issuer: TokenIssuer, extra: Record<string, string> = {}) {
  app = await startTestApp({ env: jwtEnv(issuer, extra) });
  return app;
}

async function statusOf(current: TestApp, token: string) {
  const response = await current.runtime.yoga.fetch('http://yoga/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...bearer(token) },
    body: JSON.stringify({ query: VIEWER }),
  });
  const body = (await response.json()) as { errors?: { message: string; extensions: { code: string } }[] };
  return { status: response.status, authenticate: response.headers.get('www-authenticate'), error: body.errors?.[0] };
}

describe('end users: bearer JWTs', () => {
  it('a valid token names the Feishu user: viewer needs no argument', async () => {
    const issuer = await createTokenIssuer();
    const current = await startWith(issuer);
    const result = await current.gql(VIEWER, undefined, bearer(await issuer.sign({ sub: 'ou-free-user' })));
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({ viewer: { userId: 'ou-free-user', openId: null, approvalCenter: { userId: 'ou-free-user', openId: null } } });
  });

  it('takes the user from another claim, as an open_id, when configured so', async () => {
    const issuer = await createTokenIssuer();
    const current = await startWith(issuer, { FACADE_JWT_USER_CLAIM: 'feishu_open_id', FACADE_JWT_USER_ID_TYPE: 'open_id' });
    const result = await current.gql(VIEWER, undefined, bearer(await issuer.sign({ feishu_open_id: 'ou_42' })));
    expect(result.data).toEqual({ viewer: { userId: null, openId: 'ou_42', approvalCenter: { userId: null, openId: 'ou_42' } } });
    const missing = await statusOf(current, await issuer.sign({ sub: 'someone' }));
    expect(missing).toMatchObject({ status: 401, error: { message: 'The bearer token names no user.', extensions: { code: 'UNAUTHENTICATED' } } });
  });

  it('refuses with 401 and error="invalid_token": expired, wrong issuer, wrong audience, wrong signature, no exp, unsigned', async () => {
    const issuer = await createTokenIssuer();
    const stranger = await createTokenIssuer();
    const current = await startWith(issuer);
    const hourAgo = Math.floor(Date.now() / 1000) - 3600;
    const cases: [string, string, string][] = [
      ['expired', await issuer.sign({ exp: hourAgo, iat: hourAgo - 60 }), 'The bearer token has expired.'],
      ['wrong issuer', await issuer.sign({}, { issuer: 'https://evil.example.com' }), 'The bearer credential is not valid.'],
      ['wrong audience', await issuer.sign({}, { audience: 'another-service' }), 'The bearer credential is not valid.'],
      ['another key', await stranger.sign({}), 'The bearer credential is not valid.'],
      ['no exp', await issuer.sign({ exp: undefined }), 'The bearer credential is not valid.'],
      [
        'alg none',
        new UnsecuredJWT({ sub: 'user-1', exp: hourAgo + 7200 }).setIssuer(ISSUER).setAudience(AUDIENCE).encode(),
        'The bearer credential is not valid.',
      ],
      ['tampered', tamper(await issuer.sign({ sub: 'user-1' })), 'The bearer credential is not valid.'],
    ];
    for (const [name, token, message] of cases) {
      expect({ name, ...(await statusOf(current, token)) }).toEqual({
        name,
        status: 401,
        authenticate: 'Bearer realm="feishu-approvals", error="invalid_token"',
        error: { message, extensions: { code: 'UNAUTHENTICATED' } },
      });
    }
    expect((await statusOf(current, await issuer.sign({}))).status).toBe(200);
  });

  it('verifies tokens against a JWKS URL, fetched once and cached', async () => {
    const issuer = await createTokenIssuer('kid-1');
    const jwks = await serveJwks(issuer.jwks);
    cleanups.push(jwks.close);
    app = await startTestApp({ env: { FACADE_JWT_JWKS_URL: jwks.url, FACADE_JWT_ISSUER: ISSUER, FACADE_JWT_AUDIENCE: AUDIENCE } });
    for (const sub of ['a', 'b']) {
      const result = await app.gql(VIEWER, undefined, bearer(await issuer.sign({ sub })));
      expect(result.data).toMatchObject({ viewer: { userId: sub } });
    }
    expect(jwks.fetches()).toBe(1);
    const stranger = await createTokenIssuer('kid-2');
    expect((await statusOf(app, await stranger.sign({}))).status).toBe(401);
  });

  it('answers 503 (not 401) while the JWKS cannot be fetched, and says so in the log', async () => {
    const issuer = await createTokenIssuer();
    const jwks = await serveJwks(issuer.jwks);
    await jwks.close();
    app = await startTestApp({ env: { FACADE_JWT_JWKS_URL: jwks.url, FACADE_JWT_AUDIENCE: AUDIENCE, FACADE_JWT_ISSUER: ISSUER } });
    const refused = await statusOf(app, await issuer.sign({}));
    expect(refused).toMatchObject({ status: 503, error: { extensions: { code: 'AUTH_UNAVAILABLE' } } });
    expect(app.logs.some((line) => line.includes('the JWT key set is unavailable'))).toBe(true);
  });

  it('takes API keys and tokens side by side', async () => {
    const issuer = await createTokenIssuer();
    const key = 'k_portal_0123456789abcdef';
    app = await startTestApp({ env: { ...jwtEnv(issuer), FACADE_API_KEYS: `portal:read:${key}` } });
    expect((await app.gql(VIEWER, undefined, bearer(key))).data).toEqual({ viewer: null });
    expect((await app.gql(VIEWER, undefined, bearer(await issuer.sign({ sub: 'u' })))).data).toMatchObject({ viewer: { userId: 'u' } });
  });
});

/** The token with one character of its payload changed: the signature no longer matches. */
function tamper(token: string): string {
  const [header, payload, signature] = token.split('.') as [string, string, string];
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>;
  claims.sub = 'user-2';
  return [header, Buffer.from(JSON.stringify(claims)).toString('base64url'), signature].join('.');
}
