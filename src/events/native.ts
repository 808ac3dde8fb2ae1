import type { EventsConfig, RefreshConfig } from '../config.js';
import type { FeishuApprovalApi } from '../feishu/approval-api.js';
import type { Logger } from '../logger.js';
import type { Mirror } from '../mirror/mirror.js';
import type { ApprovalInstanceRow } from '../mirror/tables.js';
import type { FeishuSandbox } from '../sandbox/sandbox.js';
import type { Clock } from '../util/clock.js';
import { EVENTS_PATH, createEventsEndpoint } from './endpoint.js';
import { NativeRefresh, type RefreshSchedule } from './refresh.js';
import { FeishuEventsService } from './service.js';
import { DefinitionSubscriptions } from './subscriptions.js';

/** The Verification Token the embedded sandbox signs its events with when none is configured. */
export const SANDBOX_EVENTS: EventsConfig = { verificationToken: 'sandbox-verification-token', encryptKey: null };

export interface NativeInstancesDeps {
  events: EventsConfig;
  refresh: RefreshConfig;
  mirror: Mirror;
  feishu: FeishuApprovalApi;
  clock: Clock;
  logger: Logger;
  /** The embedded sandbox: it sends its events to this app's /feishu/events, in-process. */
  sandbox?: FeishuSandbox | undefined;
  refreshSchedule?: RefreshSchedule | undefined;
}

/** Live status of native instances: Feishu's events in, subscriptions, refresh. */
export interface NativeInstances {
  events: FeishuEventsService;
  subscriptions: DefinitionSubscriptions;
  refresh: NativeRefresh;
  /** POST /feishu/events. */
  endpoint: (request: Request) => Promise<Response>;
  /** What createInstance calls around its Feishu call. */
  hooks: CreateHooks;
  /** Points the embedded sandbox at `fetch` (this app's yoga.fetch). */
  connectSandbox(fetch: (request: Request) => Promise<Response>): void;
  close(): Promise<void>;
}

export interface CreateHooks {
  /** Before an instance of this definition is created: subscribe to its events (once). */
  beforeCreate(approvalCode: string): Promise<void>;
  /** Once an instance is recorded as created: apply the events that came before its code was known. */
  afterCreated(row: ApprovalInstanceRow): Promise<void>;
}

export function startNativeInstances(deps: NativeInstancesDeps): NativeInstances {
  const { mirror, feishu, clock, logger, sandbox } = deps;
  const configured = deps.events.verificationToken !== null || deps.events.encryptKey !== null;
  const eventsConfig = sandbox && !configured ? SANDBOX_EVENTS : deps.events;
  const events = new FeishuEventsService({ store: mirror.native, clock, logger });
  const subscriptions = new DefinitionSubscriptions({ store: mirror.native, feishu, clock, logger });
  const refresh = new NativeRefresh({
    store: mirror.native,
    reads: mirror.reads,
    feishu,
    events,
    clock,
    logger,
    intervalMs: deps.refresh.intervalMs,
    batch: deps.refresh.batch,
    schedule: deps.refreshSchedule,
  });
  refresh.start();
  const endpoint = createEventsEndpoint({ config: eventsConfig, events, logger });
  return {
    events,
    subscriptions,
    refresh,
    endpoint,
    hooks: {
      beforeCreate: (approvalCode) => subscriptions.ensure(approvalCode),
      async afterCreated(row) {
        if (row.instanceCode === null) return;
        await events.applyWaiting(row.instanceCode).catch((error: unknown) => {
          logger.warn({ error: String(error) }, 'applying events that waited for an instance failed; the refresh applies them later');
        });
      },
    },
    connectSandbox(fetch) {
      if (!sandbox) return;
      const url = `http://facade${EVENTS_PATH}`;
      sandbox.deliverEventsTo({ url, send: fetch, verificationToken: eventsConfig.verificationToken ?? '', encryptKey: eventsConfig.encryptKey });
    },
    async close() {
      sandbox?.deliverEventsTo(null);
      await refresh.stop();
    },
  };
}
