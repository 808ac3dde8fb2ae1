import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { realModeUnchecked } from './auth/config.js';
import { type AppConfig, DEFAULT_SQLITE_PATH } from './config.js';
import type { ContextDeps } from './context.js';
import { AbandonedAttempts } from './create-instance/recovery.js';
import { CreateInstanceService, attemptLeaseMs } from './create-instance/service.js';
import { ApprovalDefinitions } from './definitions/service.js';
import { type FeishuApprovalApi, createFeishuApprovalApi } from './feishu/approval-api.js';
import { APPROVAL_DEFINITION_ENDPOINT, EXTERNAL_INSTANCES_PATH, INSTANCES_PATH, LEGACY_CREATE_PATH, nativeRateRules } from './feishu/approval-api.js';
import { FeishuClient } from './feishu/client.js';
import { EndpointRateLimits, type RateLimits, type RateRule } from './feishu/rate-limit.js';
import { SharedEndpointRateLimits } from './feishu/shared-rate-limit.js';
import type { Logger } from './logger.js';
import { type NativeInstances, startNativeInstances } from './events/native.js';
import type { RefreshSchedule } from './events/refresh.js';
import type { QueryLog } from './mirror/engine.js';
import { Mirror } from './mirror/mirror.js';
import { Readiness } from './ops/readiness.js';
import { PostgresSlotReservations } from './mirror/postgres/rate-slots.js';
import { type TelemetryOverrides, startTelemetry } from './ops/telemetry.js';
import { SyncExternalInstanceService } from './services/sync-external-instance.js';
import { FeishuSandbox, SANDBOX_APP } from './sandbox/sandbox.js';
import { type Clock, systemClock } from './util/clock.js';
import { type YogaApp, createYogaApp } from './yoga.js';

/** Everything the server runs, wired from the config; closed in reverse order. */
export interface Runtime {
  yoga: YogaApp;
  contextDeps: ContextDeps;
  mirror: Mirror;
  feishuClient: FeishuClient;
  feishu: FeishuApprovalApi;
  /** The embedded sandbox, in sandbox mode. */
  sandbox: FeishuSandbox | undefined;
  /** Where Feishu calls go. */
  feishuOrigin: string;
  /** What /readyz answers: drained when the server begins to shut down. */
  readiness: Readiness;
  /** Live status of native instances: Feishu's events, subscriptions, refresh. */
  native: NativeInstances;
  close(): Promise<void>;
}

export interface RuntimeOverrides {
  clock?: Clock;
  /** Use this sandbox (already listening at `sandboxOrigin`) instead of starting one. */
  sandbox?: { instance: FeishuSandbox; origin: string };
  feishuClient?: Partial<ConstructorParameters<typeof FeishuClient>[0]>;
  onQuery?: QueryLog;
  telemetry?: TelemetryOverrides;
  /** How the background refresh is scheduled (tests tick it themselves). */
  refreshSchedule?: RefreshSchedule;
}

export async function startRuntime(config: AppConfig, logger: Logger, overrides: RuntimeOverrides = {}): Promise<Runtime> {
  checkCallerChecks(config, logger);
  const clock = overrides.clock ?? systemClock;
  let sandbox: FeishuSandbox | undefined;
  let credentials: { appId: string; appSecret: string; baseUrl: string; legacyBaseUrl: string };
  let ownsSandbox = false;
  if (config.feishu.kind === 'real') {
    credentials = config.feishu;
  } else if (overrides.sandbox) {
    sandbox = overrides.sandbox.instance;
    credentials = { ...SANDBOX_APP, baseUrl: overrides.sandbox.origin, legacyBaseUrl: overrides.sandbox.origin };
  } else {
    sandbox = new FeishuSandbox();
    ownsSandbox = true;
    const origin = await sandbox.listen(0, '127.0.0.1');
    credentials = { ...SANDBOX_APP, baseUrl: origin, legacyBaseUrl: origin };
  }

  // The default mirror's folder is made on first start; any other folder must exist (a typo would otherwise start an empty mirror).
  if (config.database.kind === 'sqlite' && config.database.path === DEFAULT_SQLITE_PATH) mkdirSync(dirname(DEFAULT_SQLITE_PATH), { recursive: true });
  // Metrics and tracing: observers for the Feishu client and the mirror, Yoga plugins.
  const telemetry = await startTelemetry(config.telemetry, { engine: config.database.kind, auth: config.security.auth, logger }, overrides.telemetry);
  const mirror = await Mirror.open({ ...config.database, onQuery: overrides.onQuery, observeWrite: telemetry.observeWrite });
  const rateLimits = rateLimitsFor(config, mirror, clock);
  const feishuClient = new FeishuClient({
    appId: credentials.appId,
    appSecret: credentials.appSecret,
    baseUrl: credentials.baseUrl,
    timeoutMs: config.feishuTimeoutMs,
    rateLimits,
    clock,
    logger,
    observer: telemetry.feishu,
    ...overrides.feishuClient,
  });
  const feishu = createFeishuApprovalApi(feishuClient, { legacy: credentials.legacyBaseUrl });
  const native = startNativeInstances({ ...config, mirror, feishu, clock, logger, sandbox, refreshSchedule: overrides.refreshSchedule });
  const leaseMs = attemptLeaseMs(config.feishuTimeoutMs);
  const definitions = new ApprovalDefinitions({ store: mirror.definitions, feishu, clock, logger, ...config.definitions });
  const createInstances = new CreateInstanceService({
    store: mirror.intents,
    feishu,
    definitions,
    clock,
    logger,
    defaultLocale: config.defaultLocale,
    defaultApi: config.createApi,
    leaseMs,
    hooks: native.hooks,
  });
  const abandonedAttempts = new AbandonedAttempts({
    store: mirror.intents,
    feishu,
    clock,
    logger,
    lease: (now) => createInstances.lease(now),
    intervalMs: Math.min(5_000, Math.max(1_000, leaseMs / 4)),
  });
  abandonedAttempts.start();
  const syncs = new SyncExternalInstanceService({ mirror, feishu, clock, defaultLocale: config.defaultLocale });
  const contextDeps: ContextDeps = { mirror, syncs, createInstances, definitions, native, defaultLocale: config.defaultLocale };
  const readiness = new Readiness(() => mirror.ping(), logger);
  const yoga = createYogaApp({
    ...contextDeps,
    logger,
    security: config.security,
    readiness,
    feishuEvents: native.endpoint,
    plugins: telemetry.yogaPlugins,
  });
  native.connectSandbox((request) => Promise.resolve(yoga.fetch(request)));
  return {
    yoga,
    contextDeps,
    mirror,
    feishuClient,
    feishu,
    sandbox,
    feishuOrigin: credentials.baseUrl,
    readiness,
    native,
    async close() {
      readiness.drain();
      const sweepEnded = abandonedAttempts.stop();
      await native.close();
      await feishuClient.close();
      await sweepEnded;
      await mirror.close();
      if (ownsSandbox) await sandbox?.close();
      await telemetry.close();
    },
  };
}

/**
 * Real mode holds the tenant's Feishu credentials: it runs without caller checks only when
 * FACADE_AUTH=off says so (loadConfig refuses the rest; this guards a config made otherwise).
 * Running open, or with tokens whose audience is not checked, is said at start-up.
 */
function checkCallerChecks(config: AppConfig, logger: Logger): void {
  const { auth } = config.security;
  if (auth.kind === 'open') {
    if (config.feishu.kind === 'real' && auth.reason !== 'FACADE_AUTH=off') {
      throw realModeUnchecked();
    }
    logger.warn({ reason: auth.reason }, 'callers are not checked: anyone who reaches this port may call every query and mutation');
    return;
  }
  if (auth.jwt && !auth.jwt.audience) {
    logger.warn('FACADE_JWT_AUDIENCE is not set: tokens the issuer made for other services are accepted too');
  }
}

/**
 * The client-side limits: in this process on SQLite (one process per mirror); on PostgreSQL,
 * shared by every replica through the database, so that they hold for the app as a whole.
 */
function rateLimitsFor(config: AppConfig, mirror: Mirror, clock: Clock): RateLimits {
  const limits = config.rateLimits;
  const rules: Record<string, readonly RateRule[]> = {
    [INSTANCES_PATH]: [{ limit: limits.createPerMinute, windowMs: 60_000 }],
    [LEGACY_CREATE_PATH]: [{ limit: limits.createPerMinute, windowMs: 60_000 }],
    [EXTERNAL_INSTANCES_PATH]: [
      { limit: limits.syncPerSecond, windowMs: 1_000 },
      { limit: limits.syncPerMinute, windowMs: 60_000 },
    ],
    [APPROVAL_DEFINITION_ENDPOINT]: [{ limit: limits.definitionPerMinute, windowMs: 60_000 }],
    ...nativeRateRules(limits),
  };
  const queue = { maxQueue: limits.maxQueue, maxWaitMs: limits.maxWaitMs };
  if (mirror.engine.dialect === 'postgres') return new SharedEndpointRateLimits(rules, queue, new PostgresSlotReservations(mirror.engine), clock);
  return new EndpointRateLimits(rules, queue, clock);
}
