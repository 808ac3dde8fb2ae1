import type { AppConfig } from './config.js';
import { type FeishuApprovalApi, createFeishuApprovalApi } from './feishu/approval-api.js';
import { FeishuClient } from './feishu/client.js';
import type { Logger } from './logger.js';
import { Mirror } from './mirror/mirror.js';
import { FeishuSandbox, SANDBOX_APP } from './sandbox/sandbox.js';
import { type Clock, systemClock } from './util/clock.js';
import { type YogaApp, createYogaApp } from './yoga.js';

/** Everything the server runs, wired from the config; closed in reverse order. */
export interface Runtime {
  yoga: YogaApp;
  mirror: Mirror;
  feishuClient: FeishuClient;
  feishu: FeishuApprovalApi;
  /** The embedded sandbox, in sandbox mode. */
  sandbox: FeishuSandbox | undefined;
  /** Where Feishu calls go. */
  feishuOrigin: string;
  close(): Promise<void>;
}

export interface RuntimeOverrides {
  clock?: Clock;
  /** Use this sandbox (already listening at `sandboxOrigin`) instead of starting one. */
  sandbox?: { instance: FeishuSandbox; origin: string };
  feishuClient?: Partial<ConstructorParameters<typeof FeishuClient>[0]>;
  onQuery?: (query: string, params: unknown[]) => void;
}

export async function startRuntime(config: AppConfig, logger: Logger, overrides: RuntimeOverrides = {}): Promise<Runtime> {
  const clock = overrides.clock ?? systemClock;
  let sandbox: FeishuSandbox | undefined;
  let credentials: { appId: string; appSecret: string; baseUrl: string };
  let ownsSandbox = false;
  if (config.feishu.kind === 'real') {
    credentials = config.feishu;
  } else if (overrides.sandbox) {
    sandbox = overrides.sandbox.instance;
    credentials = { ...SANDBOX_APP, baseUrl: overrides.sandbox.origin };
  } else {
    sandbox = new FeishuSandbox();
    ownsSandbox = true;
    credentials = { ...SANDBOX_APP, baseUrl: await sandbox.listen(0, '127.0.0.1') };
  }

  const mirror = Mirror.open({ path: config.databasePath, onQuery: overrides.onQuery });
  const feishuClient = new FeishuClient({
    ...credentials,
    timeoutMs: config.feishuTimeoutMs,
    clock,
    logger,
    ...overrides.feishuClient,
  });
  const feishu = createFeishuApprovalApi(feishuClient);
  const yoga = createYogaApp({ mirror, feishu, defaultLocale: config.defaultLocale, clock, logger });
  return {
    yoga,
    mirror,
    feishuClient,
    feishu,
    sandbox,
    feishuOrigin: credentials.baseUrl,
    async close() {
      await feishuClient.close();
      mirror.close();
      if (ownsSandbox) await sandbox?.close();
    },
  };
}
