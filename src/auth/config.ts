import { type KeyObject, createPublicKey } from 'node:crypto';
import { ConfigError } from '../config-error.js';
import { type ApiKey, parseApiKeys } from './api-keys.js';

/** How end users' bearer JWTs are checked. */
export interface JwtSettings {
  /** A PEM public key, or a JWKS URL whose keys are fetched (and cached) by the token's `kid`. */
  key: { kind: 'pem'; publicKey: KeyObject } | { kind: 'jwks'; url: URL };
  issuer: string | undefined;
  audience: string[] | undefined;
  /** The claim naming the Feishu user. */
  userClaim: string;
  /** Whether that claim holds a user_id or an open_id. */
  userIdType: 'user_id' | 'open_id';
}

/** Who may call: nobody is checked (sandbox mode without keys, or FACADE_AUTH=off), or every request is. */
export type AuthConfig = { kind: 'open'; reason: 'sandbox' | 'FACADE_AUTH=off' } | { kind: 'checked'; apiKeys: readonly ApiKey[]; jwt: JwtSettings | null };

/** Who may call, and what a browser or a stranger may learn of the API. */
export interface SecurityConfig {
  auth: AuthConfig;
  /** Origins whose pages may call from a browser (CORS); none by default. */
  corsOrigins: readonly string[];
  graphiql: boolean;
  introspection: boolean;
}

type Env = Record<string, string | undefined>;

/** Real mode holds the tenant's Feishu credentials: it does not start open unless told to. */
export function realModeUnchecked(): ConfigError {
  return new ConfigError(
    'FACADE_API_KEYS',
    'real mode needs callers checked: set FACADE_API_KEYS and/or FACADE_JWT_PUBLIC_KEY or FACADE_JWT_JWKS_URL (FACADE_AUTH=off runs without checks)',
  );
}

const setting = (env: Env, name: string): string | undefined => {
  const value = env[name];
  return value === undefined || value.trim() === '' ? undefined : value.trim();
};

function onOff(env: Env, name: string, fallback: boolean): boolean {
  const value = setting(env, name);
  if (value === undefined) return fallback;
  if (value === 'on' || value === 'off') return value === 'on';
  throw new ConfigError(name, `must be on or off, got "${value.slice(0, 20)}"`);
}

/**
 * Reads FACADE_API_KEYS, FACADE_JWT_*, FACADE_AUTH, FACADE_CORS_ORIGINS, FACADE_GRAPHIQL and
 * FACADE_INTROSPECTION. Real mode (`realMode`) with no caller check configured is refused unless
 * FACADE_AUTH=off says so.
 */
export function parseSecurityConfig(env: Env, realMode: boolean): SecurityConfig {
  const development = env.NODE_ENV !== 'production';
  return {
    auth: parseAuth(env, realMode),
    corsOrigins: parseOrigins(setting(env, 'FACADE_CORS_ORIGINS')),
    graphiql: onOff(env, 'FACADE_GRAPHIQL', development),
    introspection: onOff(env, 'FACADE_INTROSPECTION', development),
  };
}

function parseAuth(env: Env, realMode: boolean): AuthConfig {
  const switchValue = setting(env, 'FACADE_AUTH');
  if (switchValue !== undefined && switchValue !== 'on' && switchValue !== 'off') {
    throw new ConfigError('FACADE_AUTH', `must be on or off, got "${switchValue.slice(0, 20)}"`);
  }
  const keysText = setting(env, 'FACADE_API_KEYS');
  const apiKeys = keysText === undefined ? [] : parseApiKeys(keysText);
  const jwt = parseJwt(env);
  const configured = apiKeys.length > 0 || jwt !== null;
  if (switchValue === 'off') {
    if (configured) throw new ConfigError('FACADE_AUTH', 'is off, yet FACADE_API_KEYS or FACADE_JWT_* is set: unset one or the other');
    return { kind: 'open', reason: 'FACADE_AUTH=off' };
  }
  if (configured) return { kind: 'checked', apiKeys, jwt };
  if (switchValue === 'on')
    throw new ConfigError('FACADE_AUTH', 'is on, yet neither FACADE_API_KEYS nor FACADE_JWT_PUBLIC_KEY / FACADE_JWT_JWKS_URL is set: nobody could call');
  if (realMode) throw realModeUnchecked();
  return { kind: 'open', reason: 'sandbox' };
}

const JWT_OPTIONS = ['FACADE_JWT_ISSUER', 'FACADE_JWT_AUDIENCE', 'FACADE_JWT_USER_CLAIM', 'FACADE_JWT_USER_ID_TYPE'] as const;

function parseJwt(env: Env): JwtSettings | null {
  const pem = setting(env, 'FACADE_JWT_PUBLIC_KEY');
  const jwksUrl = setting(env, 'FACADE_JWT_JWKS_URL');
  if (pem === undefined && jwksUrl === undefined) {
    const stray = JWT_OPTIONS.find((name) => setting(env, name) !== undefined);
    if (stray) throw new ConfigError(stray, 'is set, but neither FACADE_JWT_PUBLIC_KEY nor FACADE_JWT_JWKS_URL is');
    return null;
  }
  if (pem !== undefined && jwksUrl !== undefined) {
    throw new ConfigError('FACADE_JWT_JWKS_URL', 'set FACADE_JWT_PUBLIC_KEY or FACADE_JWT_JWKS_URL, not both');
  }
  const userIdType = setting(env, 'FACADE_JWT_USER_ID_TYPE') ?? 'user_id';
  if (userIdType !== 'user_id' && userIdType !== 'open_id') {
    throw new ConfigError('FACADE_JWT_USER_ID_TYPE', `must be user_id or open_id, got "${userIdType.slice(0, 20)}"`);
  }
  const audience = setting(env, 'FACADE_JWT_AUDIENCE')
    ?.split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
  return {
    key: pem !== undefined ? { kind: 'pem', publicKey: parsePublicKey(pem) } : { kind: 'jwks', url: parseJwksUrl(jwksUrl ?? '') },
    issuer: setting(env, 'FACADE_JWT_ISSUER'),
    audience: audience?.length ? audience : undefined,
    userClaim: setting(env, 'FACADE_JWT_USER_CLAIM') ?? 'sub',
    userIdType,
  };
}

/** Key types jose verifies signatures with (RS*, PS*, ES*, EdDSA). */
const SUPPORTED_KEY_TYPES = new Set(['rsa', 'rsa-pss', 'ec', 'ed25519']);

function parsePublicKey(text: string): KeyObject {
  // An environment variable often carries a PEM on one line, its line breaks written as \n.
  const pem = text.replace(/\\n/g, '\n');
  if (pem.includes('PRIVATE KEY')) throw new ConfigError('FACADE_JWT_PUBLIC_KEY', 'holds a private key; give the public key');
  let key: KeyObject;
  try {
    key = createPublicKey(pem);
  } catch {
    throw new ConfigError('FACADE_JWT_PUBLIC_KEY', 'is not a readable PEM public key (-----BEGIN PUBLIC KEY----- ...)');
  }
  if (!SUPPORTED_KEY_TYPES.has(key.asymmetricKeyType ?? '')) {
    throw new ConfigError('FACADE_JWT_PUBLIC_KEY', `is a ${key.asymmetricKeyType ?? 'unknown'} key; use an RSA, EC or Ed25519 key`);
  }
  return key;
}

function parseJwksUrl(text: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new ConfigError('FACADE_JWT_JWKS_URL', `must be an https URL, got "${text.slice(0, 100)}"`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new ConfigError('FACADE_JWT_JWKS_URL', `must be an https (or http) URL, got "${text.slice(0, 100)}"`);
  }
  return url;
}

function parseOrigins(text: string | undefined): string[] {
  if (text === undefined) return [];
  return text
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '')
    .map((item) => {
      if (item === '*') throw new ConfigError('FACADE_CORS_ORIGINS', 'list the origins allowed; * is not accepted');
      let url: URL | undefined;
      try {
        url = new URL(item);
      } catch {
        url = undefined;
      }
      if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || url.pathname !== '/' || url.search || url.hash) {
        throw new ConfigError('FACADE_CORS_ORIGINS', `must list origins such as https://app.example.com, got "${item.slice(0, 100)}"`);
      }
      return url.origin;
    });
}
