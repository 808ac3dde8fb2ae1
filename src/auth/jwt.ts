import { type JWTVerifyGetKey, type KeyObject, createRemoteJWKSet, errors, jwtVerify } from 'jose';
import type { UserRef } from '../mirror/lists.js';
import type { JwtSettings } from './config.js';

/** Asymmetric algorithms only: the facade holds a public key, never a shared secret. */
const ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA', 'Ed25519'];
/** Clock skew allowed between the token's issuer and this server, in seconds. */
export const CLOCK_TOLERANCE_SECONDS = 30;

/** What a bearer JWT proved: a Feishu user, or why it proves nothing. */
export type JwtOutcome =
  | { user: UserRef }
  | { refused: 'expired' | 'invalid' | 'no user claim' }
  /** The key set could not be fetched: the token may well be good. */
  | { unavailable: string };

const looksLikeJwt = /^[\w-]+\.[\w-]+\.[\w-]+$/;

export function isJwtShaped(token: string): boolean {
  return looksLikeJwt.test(token);
}

/**
 * Verifies end users' tokens with jose: signature (by the PEM key, or the JWKS key its `kid`
 * names), `exp` (required), `nbf`, and `iss` / `aud` when configured.
 */
export function createJwtVerifier(settings: JwtSettings): (token: string) => Promise<JwtOutcome> {
  const key: KeyObject | JWTVerifyGetKey = settings.key.kind === 'pem' ? settings.key.publicKey : createRemoteJWKSet(settings.key.url);
  const options = {
    algorithms: ALGORITHMS,
    issuer: settings.issuer,
    audience: settings.audience,
    requiredClaims: ['exp'],
    clockTolerance: CLOCK_TOLERANCE_SECONDS,
  };
  return async (token) => {
    let payload: Record<string, unknown>;
    try {
      // jose's overloads take a key or a key function, not their union.
      ({ payload } = typeof key === 'function' ? await jwtVerify(token, key, options) : await jwtVerify(token, key, options));
    } catch (error) {
      if (error instanceof errors.JWTExpired) return { refused: 'expired' };
      if (keySetUnavailable(error)) return { unavailable: error instanceof Error ? error.name : 'unknown' };
      return { refused: 'invalid' };
    }
    const claim = payload[settings.userClaim];
    if (typeof claim !== 'string' || claim.trim() === '') return { refused: 'no user claim' };
    return { user: settings.userIdType === 'user_id' ? { userId: claim } : { openId: claim } };
  };
}

/**
 * The key set's fetch failed: timed out, refused, not 200, not a key set. jose throws its generic
 * JOSEError only there; a network failure is no JOSEError at all.
 */
function keySetUnavailable(error: unknown): boolean {
  if (!(error instanceof errors.JOSEError)) return true;
  return error instanceof errors.JWKSTimeout || error instanceof errors.JWKSInvalid || error.code === errors.JOSEError.code;
}
