import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';
import { silentLogger } from '../src/logger.js';
import { startRuntime } from '../src/runtime.js';
import { createTokenIssuer } from './support/auth.js';

const errorOf = (env: Record<string, string>) => {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
};

const REAL = { FEISHU_APP_ID: 'cli_x', FEISHU_APP_SECRET: 'app-secret-value' };
const KEY = 'k_portal_0123456789abcdef';

describe('who may call: configuration', () => {
  it('parses API keys: names, +-separated scopes, a key or its sha256; only hashes are kept', () => {
    const digest = createHash('sha256').update('k_hashed_0123456789abcdef').digest('hex');
    const { auth } = loadConfig({ FACADE_API_KEYS: ` oa:sync+read:${KEY} ; ops:create:sha256:${digest.toUpperCase()};` }).security;
    expect(auth.kind).toBe('checked');
    if (auth.kind !== 'checked') return;
    expect(auth.apiKeys.map((key) => ({ name: key.name, scopes: [...key.scopes].sort() }))).toEqual([
      { name: 'oa', scopes: ['read', 'sync'] },
      { name: 'ops', scopes: ['create'] },
    ]);
    expect(auth.apiKeys[1]?.sha256.toString('hex')).toBe(digest);
    expect(JSON.stringify(auth)).not.toContain(KEY);
    expect(auth.apiKeys[0]?.sha256.equals(createHash('sha256').update(KEY).digest())).toBe(true);
  });

  it('runs open in sandbox mode without keys or JWT, and says so in the config', () => {
    expect(loadConfig({}).security.auth).toEqual({ kind: 'open', reason: 'sandbox' });
    expect(loadConfig({ ...REAL, FACADE_AUTH: 'off' }).security.auth).toEqual({ kind: 'open', reason: 'FACADE_AUTH=off' });
  });

  it('refuses real mode with no keys and no JWT, on one line', () => {
    const error = errorOf(REAL);
    expect(error.message).toMatch(/^FACADE_API_KEYS: real mode needs callers checked/);
    expect(error.message).not.toContain('\n');
    expect(error.message).not.toContain('app-secret-value');
    expect(loadConfig({ ...REAL, FACADE_API_KEYS: `oa:sync:${KEY}` }).feishu.kind).toBe('real');
  });

  it('reads the JWT settings: PEM (also with \\n escapes), issuer, audiences, claim and id type', async () => {
    const issuer = await createTokenIssuer();
    const { auth } = loadConfig({
      FACADE_JWT_PUBLIC_KEY: issuer.publicKeyPem.replace(/\n/g, '\\n'),
      FACADE_JWT_ISSUER: 'https://id.example.com',
      FACADE_JWT_AUDIENCE: 'a, b',
      FACADE_JWT_USER_CLAIM: 'feishu_open_id',
      FACADE_JWT_USER_ID_TYPE: 'open_id',
    }).security;
    expect(auth.kind === 'checked' && auth.jwt).toMatchObject({
      key: { kind: 'pem' },
      issuer: 'https://id.example.com',
      audience: ['a', 'b'],
      userClaim: 'feishu_open_id',
      userIdType: 'open_id',
    });
    const jwks = loadConfig({ FACADE_JWT_JWKS_URL: 'https://id.example.com/jwks' }).security.auth;
    expect(jwks.kind === 'checked' && jwks.jwt).toMatchObject({ key: { kind: 'jwks' }, userClaim: 'sub', userIdType: 'user_id' });
  });

  it('turns GraphiQL and introspection off with NODE_ENV=production unless told otherwise', () => {
    expect(loadConfig({}).security).toMatchObject({ graphiql: true, introspection: true, corsOrigins: [] });
    expect(loadConfig({ NODE_ENV: 'production' }).security).toMatchObject({ graphiql: false, introspection: false });
    expect(loadConfig({ NODE_ENV: 'production', FACADE_GRAPHIQL: 'on', FACADE_INTROSPECTION: 'on' }).security).toMatchObject({
      graphiql: true,
      introspection: true,
    });
    expect(loadConfig({ FACADE_GRAPHIQL: 'off' }).security.graphiql).toBe(false);
    expect(loadConfig({ FACADE_CORS_ORIGINS: 'https://app.example.com, http://localhost:5173/' }).security.corsOrigins).toEqual([
      'https://app.example.com',
      'http://localhost:5173',
    ]);
  });

  it.each([
    [{ FACADE_API_KEYS: 'oa' }, 'FACADE_API_KEYS', 'entry 1 is not name:scopes:key'],
    [{ FACADE_API_KEYS: `oa:write:${KEY}` }, 'FACADE_API_KEYS', 'entry 1 (oa): unknown scope "write"'],
    [{ FACADE_API_KEYS: `oa::${KEY}` }, 'FACADE_API_KEYS', 'unknown scope ""'],
    [{ FACADE_API_KEYS: 'oa:read:short-key' }, 'FACADE_API_KEYS', 'shorter than 16'],
    [{ FACADE_API_KEYS: 'oa:read:sha256:abc' }, 'FACADE_API_KEYS', '64 hex digits'],
    [{ FACADE_API_KEYS: `oa:read:${KEY};oa:sync:${KEY}x` }, 'FACADE_API_KEYS', 'entry 2 (oa): the name is used twice'],
    [{ FACADE_API_KEYS: `oa:read:${KEY};ops:sync:${KEY}` }, 'FACADE_API_KEYS', 'the same key is listed twice'],
    [{ FACADE_API_KEYS: `o a:read:${KEY}` }, 'FACADE_API_KEYS', 'the name must be'],
    [{ FACADE_API_KEYS: ';' }, 'FACADE_API_KEYS', 'lists no key'],
    [{ FACADE_JWT_PUBLIC_KEY: 'not a pem' }, 'FACADE_JWT_PUBLIC_KEY', 'is not a readable PEM public key'],
    [{ FACADE_JWT_PUBLIC_KEY: '-----BEGIN PRIVATE KEY-----\nMC4=\n-----END PRIVATE KEY-----' }, 'FACADE_JWT_PUBLIC_KEY', 'holds a private key'],
    [{ FACADE_JWT_JWKS_URL: 'ftp://id.example.com/jwks' }, 'FACADE_JWT_JWKS_URL', 'must be an https (or http) URL'],
    [{ FACADE_JWT_JWKS_URL: 'id.example.com/jwks' }, 'FACADE_JWT_JWKS_URL', 'must be an https URL'],
    [{ FACADE_JWT_JWKS_URL: 'https://a/jwks', FACADE_JWT_PUBLIC_KEY: 'x' }, 'FACADE_JWT_JWKS_URL', 'not both'],
    [{ FACADE_JWT_AUDIENCE: 'a' }, 'FACADE_JWT_AUDIENCE', 'neither FACADE_JWT_PUBLIC_KEY nor FACADE_JWT_JWKS_URL'],
    [{ FACADE_JWT_JWKS_URL: 'https://a/jwks', FACADE_JWT_USER_ID_TYPE: 'union_id' }, 'FACADE_JWT_USER_ID_TYPE', 'must be user_id or open_id'],
    [{ FACADE_AUTH: 'maybe' }, 'FACADE_AUTH', 'must be on or off'],
    [{ FACADE_AUTH: 'off', FACADE_API_KEYS: `oa:read:${KEY}` }, 'FACADE_AUTH', 'unset one or the other'],
    [{ FACADE_AUTH: 'on' }, 'FACADE_AUTH', 'nobody could call'],
    [{ FACADE_CORS_ORIGINS: '*' }, 'FACADE_CORS_ORIGINS', '* is not accepted'],
    [{ FACADE_CORS_ORIGINS: 'https://app.example.com/path' }, 'FACADE_CORS_ORIGINS', 'must list origins'],
    [{ FACADE_GRAPHIQL: 'yes' }, 'FACADE_GRAPHIQL', 'must be on or off'],
    [{ FACADE_INTROSPECTION: '1' }, 'FACADE_INTROSPECTION', 'must be on or off'],
  ])('refuses %o naming %s on one line, without the key', (env, variable, problem) => {
    const error = errorOf(env);
    expect(error.variable).toBe(variable);
    expect(error.message.startsWith(`${variable}: `)).toBe(true);
    expect(error.message).toContain(problem);
    expect(error.message).not.toContain('\n');
    expect(error.message).not.toContain(KEY);
  });

  it('the runtime refuses a real-mode config that checks no caller, however it was made', async () => {
    const config = loadConfig({ ...REAL, FACADE_AUTH: 'off', DATABASE_URL: ':memory:' });
    const unchecked = { ...config, security: { ...config.security, auth: { kind: 'open', reason: 'sandbox' } as const } };
    await expect(startRuntime(unchecked, silentLogger)).rejects.toThrow(/^FACADE_API_KEYS: real mode needs callers checked/);
  });

  it('the server process refuses to start in real mode without keys or JWT, with one line', () => {
    const root = fileURLToPath(new URL('..', import.meta.url));
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
      cwd: root,
      env: { PATH: process.env.PATH, ...REAL, PORT: '0', DATABASE_URL: ':memory:' },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(run.status).toBe(1);
    expect(run.stderr.trim()).toMatch(/^Configuration error: FACADE_API_KEYS: real mode needs callers checked: [^\n]+$/);
    expect(run.stderr).not.toContain('app-secret-value');
  });
});
