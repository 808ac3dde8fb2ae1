import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';
import { localesFromAcceptLanguage } from '../src/locale.js';

const errorOf = (env: Record<string, string>) => {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
};

describe('configuration', () => {
  it("has the contract's defaults: sandbox mode on 127.0.0.1:4000", () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      port: 4000,
      host: '127.0.0.1',
      database: { kind: 'sqlite', path: './data/mirror.sqlite' },
      feishu: { kind: 'sandbox' },
      createApi: 'v4',
      defaultLocale: 'zh-CN',
      rateLimits: { createPerMinute: 100, syncPerSecond: 50, syncPerMinute: 1000, maxWaitMs: 10_000, maxQueue: 1000 },
      shutdownTimeoutMs: 10_000,
    });
  });

  it('goes to the real Feishu with both credentials', () => {
    const config = loadConfig({ FEISHU_APP_ID: 'cli_x', FEISHU_APP_SECRET: 's', FEISHU_BASE_URL: 'https://open.larksuite.com/', FACADE_AUTH: 'off' });
    expect(config.feishu).toEqual({
      kind: 'real',
      appId: 'cli_x',
      appSecret: 's',
      baseUrl: 'https://open.larksuite.com',
      legacyBaseUrl: 'https://www.feishu.cn',
    });
  });

  it('takes DATABASE_URL with or without file:', () => {
    expect(loadConfig({ DATABASE_URL: 'file:/tmp/m.sqlite' }).database).toEqual({ kind: 'sqlite', path: '/tmp/m.sqlite' });
    expect(loadConfig({ DATABASE_URL: '/tmp/m.sqlite' }).database).toEqual({ kind: 'sqlite', path: '/tmp/m.sqlite' });
    expect(loadConfig({ DATABASE_URL: ':memory:' }).database).toEqual({ kind: 'sqlite', path: ':memory:' });
  });

  it('takes a postgres:// or postgresql:// DATABASE_URL as PostgreSQL, with its pool size', () => {
    expect(loadConfig({ DATABASE_URL: 'postgres://u:p@db:5432/mirror' }).database).toEqual({
      kind: 'postgres',
      url: 'postgres://u:p@db:5432/mirror',
      poolSize: 10,
    });
    expect(loadConfig({ DATABASE_URL: 'postgresql://db/mirror', DATABASE_POOL_SIZE: '25' }).database).toEqual({
      kind: 'postgres',
      url: 'postgresql://db/mirror',
      poolSize: 25,
    });
  });

  it.each([
    [{ FEISHU_APP_ID: 'cli_x' }, 'FEISHU_APP_SECRET'],
    [{ FEISHU_APP_SECRET: 'secret-value' }, 'FEISHU_APP_ID'],
    [{ PORT: 'eighty' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ FEISHU_BASE_URL: 'open.feishu.cn' }, 'FEISHU_BASE_URL'],
    [{ FEISHU_BASE_URL: 'https://open.feishu.cn/open-apis' }, 'FEISHU_BASE_URL'],
    [{ FEISHU_LEGACY_BASE_URL: 'ftp://www.feishu.cn' }, 'FEISHU_LEGACY_BASE_URL'],
    [{ FEISHU_CREATE_API: 'v3' }, 'FEISHU_CREATE_API'],
    [{ DEFAULT_LOCALE: 'klingon' }, 'DEFAULT_LOCALE'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    [{ FEISHU_TIMEOUT_MS: '5' }, 'FEISHU_TIMEOUT_MS'],
    [{ DATABASE_URL: 'postgres://[bad' }, 'DATABASE_URL'],
    [{ DATABASE_POOL_SIZE: '0' }, 'DATABASE_POOL_SIZE'],
    [{ FEISHU_RATE_CREATE_PER_MINUTE: '0' }, 'FEISHU_RATE_CREATE_PER_MINUTE'],
    [{ FEISHU_RATE_SYNC_PER_SECOND: 'many' }, 'FEISHU_RATE_SYNC_PER_SECOND'],
    [{ FEISHU_RATE_MAX_WAIT_MS: '-1' }, 'FEISHU_RATE_MAX_WAIT_MS'],
    [{ SHUTDOWN_TIMEOUT_MS: 'soon' }, 'SHUTDOWN_TIMEOUT_MS'],
    [{ FEISHU_RATE_DEFINITION_PER_MINUTE: '0' }, 'FEISHU_RATE_DEFINITION_PER_MINUTE'],
    [{ FEISHU_DEFINITION_MAX_AGE_MS: '-1' }, 'FEISHU_DEFINITION_MAX_AGE_MS'],
    [{ FEISHU_DEFINITION_LOCALES: 'EN_US,klingon' }, 'FEISHU_DEFINITION_LOCALES'],
  ])('refuses %o naming %s on one line', (env, variable) => {
    const error = errorOf(env);
    expect(error.variable).toBe(variable);
    expect(error.message.startsWith(`${variable}:`)).toBe(true);
    expect(error.message).not.toContain('\n');
    expect(error.message).not.toContain('secret-value');
  });

  it('reads approval definitions in DEFAULT_LOCALE first, then FEISHU_DEFINITION_LOCALES', () => {
    expect(loadConfig({}).definitions).toEqual({ maxAgeMs: 600_000, locales: ['zh-CN', 'en-US', 'ja-JP'] });
    expect(loadConfig({ DEFAULT_LOCALE: 'EN_US', FEISHU_DEFINITION_LOCALES: 'ja-JP, ZH_CN,en_us', FEISHU_DEFINITION_MAX_AGE_MS: '0' }).definitions).toEqual({
      maxAgeMs: 0,
      locales: ['en-US', 'ja-JP', 'zh-CN'],
    });
  });

  it('stops the server with the one-line message', () => {
    const root = fileURLToPath(new URL('..', import.meta.url));
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
      cwd: root,
      env: { PATH: process.env.PATH, FEISHU_APP_ID: 'cli_x' },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(run.status).toBe(1);
    expect(run.stderr.trim()).toBe('Configuration error: FEISHU_APP_SECRET: is required when FEISHU_APP_ID is set');
  });
});

describe('Accept-Language', () => {
  it.each([
    ['en-US,en;q=0.9', ['en-US']],
    ['zh', ['zh-CN']],
    ['zh-Hant-TW', ['zh-TW']],
    ['ja;q=0.5, de-AT', ['de-DE', 'ja-JP']],
    ['fr-CH, en;q=0.8', ['fr-FR', 'en-US']],
    ['*', []],
    ['xx, en;q=0', []],
    ['', []],
  ])('%s → %o', (header, expected) => {
    expect(localesFromAcceptLanguage(header)).toEqual(expected);
  });
});
