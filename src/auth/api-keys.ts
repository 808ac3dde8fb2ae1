import { createHash, timingSafeEqual } from 'node:crypto';
import { ConfigError } from '../config-error.js';

/** What an API key may call: `read` the mirror, `sync` external instances, `create` native ones, scrape `metrics` (GET /metrics). */
export type Scope = 'read' | 'sync' | 'create' | 'metrics';
export const SCOPES: readonly Scope[] = ['read', 'sync', 'create', 'metrics'];

/** A server caller's key, as kept after start-up: its SHA-256, never the key itself. */
export interface ApiKey {
  name: string;
  scopes: ReadonlySet<Scope>;
  sha256: Buffer;
}

const VARIABLE = 'FACADE_API_KEYS';
/** Shorter keys are guessable; a generated key (e.g. `openssl rand -hex 32`) is far longer. */
const MIN_KEY_LENGTH = 16;
const NAME = /^[A-Za-z0-9_.-]{1,64}$/;
const SHA256_HEX = /^[0-9a-f]{64}$/i;

const sha256 = (text: string): Buffer => createHash('sha256').update(text, 'utf8').digest();

/**
 * Parses `name:scopes:key` entries separated by `;`, scopes `+`-separated; the key may be given as
 * `sha256:<hex>`. The message of a bad entry names its position and name, never the key.
 */
export function parseApiKeys(text: string): ApiKey[] {
  const keys: ApiKey[] = [];
  const entries = text
    .split(';')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
  entries.forEach((entry, index) => {
    const where = `entry ${index + 1}`;
    const first = entry.indexOf(':');
    const second = first < 0 ? -1 : entry.indexOf(':', first + 1);
    if (second < 0) throw new ConfigError(VARIABLE, `${where} is not name:scopes:key`);
    const name = entry.slice(0, first).trim();
    const scopesText = entry.slice(first + 1, second).trim();
    const key = entry.slice(second + 1).trim();
    if (!NAME.test(name)) throw new ConfigError(VARIABLE, `${where}: the name must be 1 to 64 letters, digits, _ . or -`);
    const named = `${where} (${name})`;
    const scopes = new Set<Scope>();
    for (const scope of scopesText.split('+').map((part) => part.trim())) {
      if (!(SCOPES as readonly string[]).includes(scope)) {
        throw new ConfigError(VARIABLE, `${named}: unknown scope "${scope.slice(0, 20)}"; scopes are read, sync, create, metrics, joined by +`);
      }
      scopes.add(scope as Scope);
    }
    const digest = keyDigest(key, named);
    if (keys.some((other) => other.name === name)) throw new ConfigError(VARIABLE, `${named}: the name is used twice`);
    if (keys.some((other) => other.sha256.equals(digest))) throw new ConfigError(VARIABLE, `${named}: the same key is listed twice`);
    keys.push({ name, scopes, sha256: digest });
  });
  if (keys.length === 0) throw new ConfigError(VARIABLE, 'lists no key');
  return keys;
}

function keyDigest(key: string, named: string): Buffer {
  if (key.toLowerCase().startsWith('sha256:')) {
    const hex = key.slice('sha256:'.length);
    if (!SHA256_HEX.test(hex)) throw new ConfigError(VARIABLE, `${named}: sha256: must be followed by 64 hex digits`);
    return Buffer.from(hex, 'hex');
  }
  if (key.length < MIN_KEY_LENGTH) throw new ConfigError(VARIABLE, `${named}: the key is shorter than ${MIN_KEY_LENGTH} characters`);
  return sha256(key);
}

/**
 * The key a bearer token is, if any. The token's hash is compared with every key's in constant
 * time, and all of them are compared, so the time taken tells nothing about how close a guess was.
 */
export function matchApiKey(keys: readonly ApiKey[], token: string): ApiKey | undefined {
  const presented = sha256(token);
  let found: ApiKey | undefined;
  for (const key of keys) {
    if (timingSafeEqual(key.sha256, presented) && found === undefined) found = key;
  }
  return found;
}
