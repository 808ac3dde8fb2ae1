import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type CryptoKey, type JWTPayload, SignJWT, exportJWK, exportSPKI, generateKeyPair } from 'jose';

/** API keys of the tests: long enough for the config, each with the scopes its name says. */
export const KEYS = {
  all: 'k_all_0123456789abcdef0123456789',
  read: 'k_read_0123456789abcdef012345678',
  sync: 'k_sync_0123456789abcdef012345678',
  create: 'k_create_0123456789abcdef0123456',
} as const;

export const API_KEYS_ENV = `ops:read+sync+create:${KEYS.all};portal:read:${KEYS.read};oa:sync:${KEYS.sync};forms:create:${KEYS.create}`;

export const ISSUER = 'https://id.example.com';
export const AUDIENCE = 'feishu-approvals';

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** An identity provider of the tests: a fresh key pair, its public key as PEM and as a JWKS. */
export interface TokenIssuer {
  publicKeyPem: string;
  jwks: { keys: Record<string, unknown>[] };
  /** A signed token: `sub` and `exp` (in an hour) unless the claims say otherwise; `exp: undefined` leaves it out. */
  sign(claims?: JWTPayload & { exp?: number | undefined }, options?: { issuer?: string; audience?: string }): Promise<string>;
}

export async function createTokenIssuer(kid = 'test-key'): Promise<TokenIssuer> {
  const { publicKey, privateKey } = await generateKeyPair('ES256', { extractable: true });
  const jwk = { ...(await exportJWK(publicKey)), kid, alg: 'ES256', use: 'sig' };
  return {
    publicKeyPem: await exportSPKI(publicKey),
    jwks: { keys: [jwk] },
    sign: (claims = {}, options = {}) => signWith(privateKey, kid, claims, options),
  };
}

async function signWith(key: CryptoKey, kid: string, claims: JWTPayload, options: { issuer?: string; audience?: string }): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const body: JWTPayload = { sub: 'user-1', iat: now, exp: now + 3600, ...claims };
  if ('exp' in claims && claims.exp === undefined) delete body.exp;
  return new SignJWT(body)
    .setProtectedHeader({ alg: 'ES256', kid })
    .setIssuer(options.issuer ?? ISSUER)
    .setAudience(options.audience ?? AUDIENCE)
    .sign(key);
}

/** The env that makes the app check tokens of this issuer (PEM), with the tests' issuer and audience. */
export const jwtEnv = (issuer: TokenIssuer, extra: Record<string, string> = {}) => ({
  FACADE_JWT_PUBLIC_KEY: issuer.publicKeyPem,
  FACADE_JWT_ISSUER: ISSUER,
  FACADE_JWT_AUDIENCE: AUDIENCE,
  ...extra,
});

/** Serves a key set on a loopback port, as an identity provider's JWKS endpoint; counts the fetches. */
export async function serveJwks(jwks: { keys: Record<string, unknown>[] }) {
  let fetches = 0;
  const server = createServer((_req, res) => {
    fetches += 1;
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(jwks));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/.well-known/jwks.json`,
    fetches: () => fetches,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
