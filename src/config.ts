import { z } from 'zod';
import { type SecurityConfig, parseSecurityConfig } from './auth/config.js';
import { ConfigError } from './config-error.js';
import { type LocaleCode, parseLocale } from './locale.js';
import { type TelemetryConfig, parseTelemetryConfig } from './ops/telemetry-config.js';

export { ConfigError };

export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';

/** Where Feishu calls go: the embedded sandbox (no credentials) or a real Open Platform origin. */
export type FeishuMode = { kind: 'sandbox' } | { kind: 'real'; appId: string; appSecret: string; baseUrl: string; legacyBaseUrl: string };

/**
 * Where the mirror is: a SQLite file (or `:memory:`) for one process, or a PostgreSQL database
 * that several replicas share (its mirror, Feishu rate budget and createInstance intents).
 */
export type DatabaseConfig = { kind: 'sqlite'; path: string } | { kind: 'postgres'; url: string; poolSize: number };

export interface AppConfig {
  port: number;
  host: string;
  database: DatabaseConfig;
  feishu: FeishuMode;
  createApi: 'v4' | 'v2';
  defaultLocale: LocaleCode;
  /** The overall deadline of one Feishu call, retries included. */
  feishuTimeoutMs: number;
  rateLimits: RateLimitConfig;
  /** How approval definitions are read from Feishu and kept (src/definitions/). */
  definitions: DefinitionsConfig;
  /** Feishu's event callbacks (POST /feishu/events). */
  events: EventsConfig;
  /** The background refresh of native instances not in a final state. */
  refresh: RefreshConfig;
  logLevel: LogLevel;
  /** How long a shutdown waits for the requests in flight before it cuts them. */
  shutdownTimeoutMs: number;
  /** Who may call, CORS, GraphiQL and introspection (src/auth/config.ts). */
  security: SecurityConfig;
  /** /metrics and OpenTelemetry tracing (src/ops/telemetry-config.ts). */
  telemetry: TelemetryConfig;
}

/** Client-side limits that keep the app under Feishu's own (its frequency-control page). */
export interface RateLimitConfig {
  createPerMinute: number;
  syncPerSecond: number;
  syncPerMinute: number;
  /** GETs of approval definitions (FEISHU_RATE_DEFINITION_PER_MINUTE). */
  definitionPerMinute: number;
  /** The longest a call waits for a slot before failing with RATE_LIMITED. */
  maxWaitMs: number;
  /** Calls that may wait at once per endpoint. */
  maxQueue: number;
  /** Reads of native instances (GET instance, the instance list): Feishu allows 50 a second and 1000 a minute. */
  readPerSecond: number;
  readPerMinute: number;
}

/**
 * What Feishu's console holds for the app's event callbacks: the Verification Token (every event
 * carries it) and the Encrypt Key (bodies encrypted with it and signed). Null when not set.
 */
export interface EventsConfig {
  verificationToken: string | null;
  encryptKey: string | null;
}

export interface RefreshConfig {
  /** How often instances not in a final state are read from Feishu again; 0: never. */
  intervalMs: number;
  /** How many of them one round reads at most. */
  batch: number;
}

/** The mirror file when DATABASE_URL is not set: the one whose folder is created when missing. */
export const DEFAULT_SQLITE_PATH = './data/mirror.sqlite';

export interface DefinitionsConfig {
  /** A mirrored definition older than this is read again from Feishu. */
  maxAgeMs: number;
  /** The locales its names are read in (one GET each), DEFAULT_LOCALE first. */
  locales: LocaleCode[];
}

const DEFAULTS = {
  PORT: '4000',
  HOST: '127.0.0.1',
  DATABASE_URL: DEFAULT_SQLITE_PATH,
  DATABASE_POOL_SIZE: '10',
  FEISHU_BASE_URL: 'https://open.feishu.cn',
  FEISHU_LEGACY_BASE_URL: 'https://www.feishu.cn',
  FEISHU_CREATE_API: 'v4',
  DEFAULT_LOCALE: 'ZH_CN',
  FEISHU_TIMEOUT_MS: '15000',
  FEISHU_RATE_CREATE_PER_MINUTE: '100',
  FEISHU_RATE_SYNC_PER_SECOND: '50',
  FEISHU_RATE_SYNC_PER_MINUTE: '1000',
  FEISHU_RATE_DEFINITION_PER_MINUTE: '100',
  FEISHU_RATE_MAX_WAIT_MS: '10000',
  FEISHU_RATE_MAX_QUEUE: '1000',
  FEISHU_DEFINITION_MAX_AGE_MS: '600000',
  FEISHU_DEFINITION_LOCALES: 'ZH_CN,EN_US,JA_JP',
  FEISHU_RATE_READ_PER_SECOND: '50',
  FEISHU_RATE_READ_PER_MINUTE: '1000',
  FEISHU_REFRESH_INTERVAL_MS: '300000',
  FEISHU_REFRESH_BATCH: '100',
  LOG_LEVEL: 'info',
  SHUTDOWN_TIMEOUT_MS: '10000',
} as const;

const origin = z.string().transform((value, ctx) => {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    ctx.addIssue({ code: 'custom', message: `must be an http(s) origin such as https://open.feishu.cn, got "${value}"` });
    return z.NEVER;
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || (url.pathname !== '/' && url.pathname !== '')) {
    ctx.addIssue({ code: 'custom', message: `must be an http(s) origin with no path, got "${value}"` });
    return z.NEVER;
  }
  return url.origin;
});

const integerIn = (min: number, max: number) =>
  z.string().transform((value, ctx) => {
    const parsed = Number(value);
    if (!/^\d+$/.test(value.trim()) || parsed < min || parsed > max) {
      ctx.addIssue({ code: 'custom', message: `must be a whole number from ${min} to ${max}, got "${value}"` });
      return z.NEVER;
    }
    return parsed;
  });

const localeList = z.string().transform((value, ctx) => {
  const locales: LocaleCode[] = [];
  for (const item of value.split(',')) {
    const code = parseLocale(item);
    if (!code) {
      ctx.addIssue({ code: 'custom', message: `must list locales (ZH_CN, EN_US, ...) separated by commas, got "${item.trim()}"` });
      return z.NEVER;
    }
    if (!locales.includes(code)) locales.push(code);
  }
  return locales;
});

const envSchema = z.object({
  PORT: integerIn(0, 65535),
  HOST: z.string().min(1, 'must not be empty'),
  DATABASE_URL: z
    .string()
    .min(1, 'must not be empty')
    .transform((value, ctx): { kind: 'sqlite'; path: string } | { kind: 'postgres'; url: string } => {
      if (/^postgres(ql)?:\/\//i.test(value)) {
        if (!URL.canParse(value)) {
          ctx.addIssue({ code: 'custom', message: 'must be a PostgreSQL URL such as postgres://user:password@host:5432/database' });
          return z.NEVER;
        }
        return { kind: 'postgres', url: value };
      }
      const path = value.startsWith('file:') ? value.slice('file:'.length) : value;
      if (path.length === 0) {
        ctx.addIssue({ code: 'custom', message: 'names no file' });
        return z.NEVER;
      }
      return { kind: 'sqlite', path };
    }),
  DATABASE_POOL_SIZE: integerIn(1, 1000),
  FEISHU_APP_ID: z.string().optional(),
  FEISHU_APP_SECRET: z.string().optional(),
  FEISHU_BASE_URL: origin,
  FEISHU_LEGACY_BASE_URL: origin,
  FEISHU_CREATE_API: z.enum(['v4', 'v2'], { message: 'must be v4 or v2' }),
  DEFAULT_LOCALE: z.string().transform((value, ctx) => {
    const code = parseLocale(value);
    if (!code) {
      ctx.addIssue({ code: 'custom', message: `must be one of the 16 locales (ZH_CN, EN_US, ...), got "${value}"` });
      return z.NEVER;
    }
    return code;
  }),
  FEISHU_TIMEOUT_MS: integerIn(100, 600_000),
  FEISHU_RATE_CREATE_PER_MINUTE: integerIn(1, 1_000_000),
  FEISHU_RATE_SYNC_PER_SECOND: integerIn(1, 1_000_000),
  FEISHU_RATE_SYNC_PER_MINUTE: integerIn(1, 60_000_000),
  FEISHU_RATE_DEFINITION_PER_MINUTE: integerIn(1, 1_000_000),
  FEISHU_RATE_MAX_WAIT_MS: integerIn(0, 600_000),
  FEISHU_RATE_MAX_QUEUE: integerIn(0, 1_000_000),
  FEISHU_DEFINITION_MAX_AGE_MS: integerIn(0, 7 * 24 * 3_600_000),
  FEISHU_DEFINITION_LOCALES: localeList,
  FEISHU_RATE_READ_PER_SECOND: integerIn(1, 1_000_000),
  FEISHU_RATE_READ_PER_MINUTE: integerIn(1, 60_000_000),
  FEISHU_EVENT_VERIFICATION_TOKEN: z.string().optional(),
  FEISHU_EVENT_ENCRYPT_KEY: z.string().optional(),
  FEISHU_REFRESH_INTERVAL_MS: integerIn(0, 86_400_000),
  FEISHU_REFRESH_BATCH: integerIn(1, 10_000),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent'], {
    message: 'must be one of debug, info, warn, error, silent',
  }),
  SHUTDOWN_TIMEOUT_MS: integerIn(0, 600_000),
});

function blankToUndefined(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}

/** Reads and validates the environment once; throws ConfigError on the first bad variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): AppConfig {
  const raw: Record<string, string | undefined> = {};
  for (const key of Object.keys(envSchema.shape)) {
    raw[key] = blankToUndefined(env[key]) ?? (DEFAULTS as Record<string, string | undefined>)[key];
  }
  const parsed = envSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const variable = String(issue?.path[0] ?? 'environment');
    throw new ConfigError(variable, issue?.message ?? 'is invalid');
  }
  const env_ = parsed.data;
  if (env_.FEISHU_APP_ID && !env_.FEISHU_APP_SECRET) {
    throw new ConfigError('FEISHU_APP_SECRET', 'is required when FEISHU_APP_ID is set');
  }
  if (env_.FEISHU_APP_SECRET && !env_.FEISHU_APP_ID) {
    throw new ConfigError('FEISHU_APP_ID', 'is required when FEISHU_APP_SECRET is set');
  }
  const feishu: FeishuMode =
    env_.FEISHU_APP_ID && env_.FEISHU_APP_SECRET
      ? {
          kind: 'real',
          appId: env_.FEISHU_APP_ID,
          appSecret: env_.FEISHU_APP_SECRET,
          baseUrl: env_.FEISHU_BASE_URL,
          legacyBaseUrl: env_.FEISHU_LEGACY_BASE_URL,
        }
      : { kind: 'sandbox' };
  const security = parseSecurityConfig(env, feishu.kind === 'real');
  return {
    port: env_.PORT,
    host: env_.HOST,
    database: env_.DATABASE_URL.kind === 'postgres' ? { ...env_.DATABASE_URL, poolSize: env_.DATABASE_POOL_SIZE } : env_.DATABASE_URL,
    feishu,
    createApi: env_.FEISHU_CREATE_API,
    defaultLocale: env_.DEFAULT_LOCALE,
    feishuTimeoutMs: env_.FEISHU_TIMEOUT_MS,
    rateLimits: {
      createPerMinute: env_.FEISHU_RATE_CREATE_PER_MINUTE,
      syncPerSecond: env_.FEISHU_RATE_SYNC_PER_SECOND,
      syncPerMinute: env_.FEISHU_RATE_SYNC_PER_MINUTE,
      definitionPerMinute: env_.FEISHU_RATE_DEFINITION_PER_MINUTE,
      maxWaitMs: env_.FEISHU_RATE_MAX_WAIT_MS,
      maxQueue: env_.FEISHU_RATE_MAX_QUEUE,
      readPerSecond: env_.FEISHU_RATE_READ_PER_SECOND,
      readPerMinute: env_.FEISHU_RATE_READ_PER_MINUTE,
    },
    definitions: {
      maxAgeMs: env_.FEISHU_DEFINITION_MAX_AGE_MS,
      locales: [env_.DEFAULT_LOCALE, ...env_.FEISHU_DEFINITION_LOCALES.filter((locale) => locale !== env_.DEFAULT_LOCALE)],
    },
    events: {
      verificationToken: env_.FEISHU_EVENT_VERIFICATION_TOKEN?.trim() || null,
      encryptKey: env_.FEISHU_EVENT_ENCRYPT_KEY?.trim() || null,
    },
    refresh: { intervalMs: env_.FEISHU_REFRESH_INTERVAL_MS, batch: env_.FEISHU_REFRESH_BATCH },
    logLevel: env_.LOG_LEVEL,
    shutdownTimeoutMs: env_.SHUTDOWN_TIMEOUT_MS,
    security,
    telemetry: parseTelemetryConfig(env),
  };
}
