import { type AppConfig, loadConfig } from '../../src/config.js';
import { type Logger, createLogger } from '../../src/logger.js';
import { type Runtime, type RuntimeOverrides, startRuntime } from '../../src/runtime.js';
import { FeishuSandbox, SANDBOX_APP, type SandboxOptions } from '../../src/sandbox/sandbox.js';
import { testDatabase } from './database.js';

export interface TestApp {
  runtime: Runtime;
  sandbox: FeishuSandbox;
  /** Every log line the app wrote. */
  logs: string[];
  gql<T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>, headers?: Record<string, string>): Promise<GqlResult<T>>;
  close(): Promise<void>;
}

export interface GqlResult<T> {
  status: number;
  data: T;
  errors?: { message: string; path?: string[]; extensions?: Record<string, unknown> }[];
  /** The raw response text, for leak checks. */
  text: string;
}

export interface TestAppOptions {
  sandbox?: SandboxOptions;
  /** A sandbox already listening, shared with other apps: used instead of a new one, and left open at close. */
  sharedSandbox?: { instance: FeishuSandbox; origin: string };
  env?: Record<string, string>;
  overrides?: Omit<RuntimeOverrides, 'sandbox'>;
  /**
   * Real mode against the sandbox: the app's credentials (the sandbox's app) come from the
   * environment, as they would from Feishu's console, and callers must be checked (env).
   */
  realMode?: boolean;
}

/**
 * The whole app in-process: a sandbox on a loopback port, a fresh mirror on this run's engine
 * (SQLite :memory:, or a PostgreSQL database of its own: see database.ts), and yoga.fetch.
 * Retries back off by a millisecond so tests stay quick. An `env` DATABASE_URL wins.
 */
export async function startTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const sandbox = options.sharedSandbox?.instance ?? new FeishuSandbox(options.sandbox);
  const origin = options.sharedSandbox?.origin ?? (await sandbox.listen(0));
  const real = options.realMode
    ? { FEISHU_BASE_URL: origin, FEISHU_LEGACY_BASE_URL: origin, FEISHU_APP_ID: SANDBOX_APP.appId, FEISHU_APP_SECRET: SANDBOX_APP.appSecret }
    : {};
  const database = options.env?.DATABASE_URL ? null : await testDatabase();
  const config: AppConfig = loadConfig({ DATABASE_URL: database?.url, LOG_LEVEL: 'debug', ...real, ...options.env });
  const logs: string[] = [];
  const logger: Logger = createLogger('debug', (line) => logs.push(line));
  const runtime = await startRuntime(config, logger, {
    ...options.overrides,
    sandbox: { instance: sandbox, origin },
    feishuClient: { retry: { backoffBaseMs: 1, backoffMaxMs: 5 }, ...options.overrides?.feishuClient },
  });
  return {
    runtime,
    sandbox,
    logs,
    async gql(query, variables, headers) {
      const response = await runtime.yoga.fetch('http://yoga/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ query, variables }),
      });
      const text = await response.text();
      const body = JSON.parse(text) as { data: never; errors?: GqlResult<never>['errors'] };
      return { status: response.status, data: body.data, errors: body.errors, text };
    },
    async close() {
      await runtime.close();
      if (!options.sharedSandbox) await sandbox.close();
      await database?.drop();
    },
  };
}
