import { type Attributes, type Span, SpanKind, SpanStatusCode, type Tracer } from '@opentelemetry/api';
import type { SpanExporter } from '@opentelemetry/sdk-trace-base';
import type { Plugin } from 'graphql-yoga';
import type { AuthConfig } from '../auth/config.js';
import type { Logger } from '../logger.js';
import type { DialectName } from '../mirror/engine.js';
import { DEFAULT_SERVICE_NAME, type TelemetryConfig } from './telemetry-config.js';
import type { FeishuAttemptOutcome, FeishuCallObserver, FeishuCallRecord, ObserveMirrorWrite } from './telemetry-hooks.js';
import { useMetricsAccess } from './metrics-access.js';
import { FacadeMetrics, METRICS_PATH } from './metrics.js';
import { type Tracing, startTracing } from './tracing.js';

/** The runtime's metrics and traces: what the Feishu client, the mirror and Yoga are given. */
export interface Telemetry {
  feishu: FeishuCallObserver;
  observeWrite: ObserveMirrorWrite;
  /** GET /metrics and the operation metrics, the operation spans: after every other plugin. */
  yogaPlugins: Plugin[];
  close(): Promise<void>;
}

/** What telemetry is told of the rest of the runtime. */
export interface TelemetryDeps {
  /** The mirror's engine, named on mirror write spans. */
  engine: DialectName;
  /** Who may call: with METRICS=on, who may read /metrics. */
  auth: AuthConfig;
  logger: Logger;
}

export interface TelemetryOverrides {
  /** Trace to this exporter (tests: an in-memory one), whatever the environment says. */
  spanExporter?: SpanExporter;
}

/** Starts what the config asks for: metrics unless METRICS=off, tracing only when an OTLP endpoint is set. */
export async function startTelemetry(config: TelemetryConfig, deps: TelemetryDeps, overrides: TelemetryOverrides = {}): Promise<Telemetry> {
  const metrics = config.metrics === 'off' ? null : new FacadeMetrics();
  let tracing: Tracing | null = null;
  if (overrides.spanExporter) {
    tracing = await startTracing({ kind: 'exporter', exporter: overrides.spanExporter, serviceName: config.tracing?.serviceName ?? DEFAULT_SERVICE_NAME });
  } else if (config.tracing) {
    tracing = await startTracing({ kind: 'otlp', config: config.tracing });
  }
  const yogaPlugins: Plugin[] = [];
  if (metrics) {
    const access = useMetricsAccess(METRICS_PATH, config.metrics, deps.auth, deps.logger);
    // Before the plugin that answers /metrics, so that it checks first.
    if (access) yogaPlugins.push(access);
    yogaPlugins.push(metrics.yogaPlugin());
  }
  if (tracing) yogaPlugins.push(tracing.yogaPlugin);
  return {
    feishu: feishuObserver(metrics, tracing?.tracer ?? null),
    observeWrite: writeObserver(metrics, tracing?.tracer ?? null, deps.engine),
    yogaPlugins,
    close: async () => {
      await tracing?.shutdown();
    },
  };
}

/** The metrics' label for an attempt's outcome: Feishu's code, else the HTTP status, else what failed. */
export function outcomeLabel(outcome: FeishuAttemptOutcome): string {
  if (outcome.feishuCode !== null) return String(outcome.feishuCode);
  if (outcome.transportError) return outcome.transportError;
  return `http_${outcome.httpStatus}`;
}

/** An error's code (FEISHU_SERVICE_ERROR, RATE_LIMITED, ...) or its class name: never its message, which may quote Feishu. */
function errorType(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string') return code;
  return error instanceof Error ? error.name : 'unknown';
}

function failed(span: Span, error: unknown): void {
  span.setStatus({ code: SpanStatusCode.ERROR });
  span.setAttribute('error.type', errorType(error));
}

function feishuObserver(metrics: FacadeMetrics | null, tracer: Tracer | null): FeishuCallObserver {
  return {
    startCall(endpoint): FeishuCallRecord {
      const span = tracer?.startSpan(`feishu ${endpoint}`, {
        kind: SpanKind.CLIENT,
        attributes: { 'feishu.endpoint': endpoint, 'http.request.method': 'POST' },
      });
      let attempts = 0;
      return {
        attempted(outcome) {
          attempts += 1;
          metrics?.feishuCalls.inc({ endpoint, code: outcomeLabel(outcome) });
          if (!span) return;
          const attributes: Attributes = { 'feishu.attempts': attempts, 'feishu.outcome': outcomeLabel(outcome) };
          if (outcome.feishuCode !== null) attributes['feishu.code'] = outcome.feishuCode;
          if (outcome.httpStatus !== null) attributes['http.response.status_code'] = outcome.httpStatus;
          if (outcome.logId !== null) attributes['feishu.log_id'] = outcome.logId;
          span.setAttributes(attributes);
        },
        retrying() {
          metrics?.feishuRetries.inc({ endpoint });
        },
        waitedForSlot(ms) {
          metrics?.rateLimitWaits.observe({ endpoint }, ms / 1000);
          span?.setAttribute('feishu.rate_limit_wait_ms', ms);
        },
        refusedSlot() {
          metrics?.rateLimited.inc({ endpoint });
          span?.setAttribute('feishu.rate_limited', true);
        },
        ended(error) {
          if (!span) return;
          span.setAttribute('feishu.attempts', attempts);
          if (error !== undefined) failed(span, error);
          span.end();
        },
      };
    },
    tokenRefreshed() {
      metrics?.tokenRefreshes.inc();
    },
  };
}

function writeObserver(metrics: FacadeMetrics | null, tracer: Tracer | null, engine: DialectName): ObserveMirrorWrite {
  if (!metrics && !tracer) return (_kind, write) => write();
  return async (kind, write) => {
    const span = tracer?.startSpan(`mirror ${kind}`, { attributes: { 'mirror.kind': kind, 'mirror.engine': engine } });
    const stopTimer = metrics?.mirrorWrites.startTimer({ kind });
    try {
      // Called at once, not after an await: the engine gathers the writes of one turn into one commit.
      return await write();
    } catch (error) {
      if (span) failed(span, error);
      throw error;
    } finally {
      stopTimer?.();
      span?.end();
    }
  };
}
