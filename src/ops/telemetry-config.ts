import { ConfigError } from '../config-error.js';

export const DEFAULT_SERVICE_NAME = 'feishu-approval-graphql';

/** Where spans go: an OTLP/HTTP collector (JSON), under a service name. */
export interface TracingConfig {
  /** The OTLP traces URL, e.g. http://collector:4318/v1/traces. */
  url: string;
  serviceName: string;
}

/**
 * Who may read GET /metrics: `on` (the default) serves it to callers as GraphQL is, that is to
 * anyone when callers are not checked, else only to an API key with the `metrics` scope;
 * `public` serves it to anyone who reaches the port; `off` does not serve it.
 */
export type MetricsAccess = 'on' | 'public' | 'off';

export interface TelemetryConfig {
  metrics: MetricsAccess;
  /** Null (the default) unless OTEL_EXPORTER_OTLP_ENDPOINT or OTEL_EXPORTER_OTLP_TRACES_ENDPOINT is set. */
  tracing: TracingConfig | null;
}

type Env = Record<string, string | undefined>;

const setting = (env: Env, name: string): string | undefined => {
  const value = env[name]?.trim();
  return value === undefined || value === '' ? undefined : value;
};

function httpUrl(name: string, value: string): URL {
  const url = URL.canParse(value) ? new URL(value) : null;
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    throw new ConfigError(name, `must be an http(s) URL such as http://localhost:4318, got "${value.slice(0, 80)}"`);
  }
  return url;
}

/**
 * METRICS, and the standard OpenTelemetry variables this server honours: tracing is on when
 * OTEL_EXPORTER_OTLP_TRACES_ENDPOINT (used as it is) or OTEL_EXPORTER_OTLP_ENDPOINT (`/v1/traces`
 * appended, as the specification says) is set, unless OTEL_SDK_DISABLED=true or
 * OTEL_TRACES_EXPORTER=none. Spans are sent as OTLP over HTTP (JSON), so grpc is refused.
 */
export function parseTelemetryConfig(env: Env): TelemetryConfig {
  const metrics = setting(env, 'METRICS') ?? 'on';
  if (metrics !== 'on' && metrics !== 'public' && metrics !== 'off') {
    throw new ConfigError('METRICS', `must be on, public or off, got "${metrics.slice(0, 20)}"`);
  }
  return { metrics, tracing: parseTracing(env) };
}

function parseTracing(env: Env): TracingConfig | null {
  const exporter = setting(env, 'OTEL_TRACES_EXPORTER') ?? 'otlp';
  if (exporter !== 'otlp' && exporter !== 'none') throw new ConfigError('OTEL_TRACES_EXPORTER', `must be otlp or none, got "${exporter.slice(0, 20)}"`);
  if (exporter === 'none' || setting(env, 'OTEL_SDK_DISABLED')?.toLowerCase() === 'true') return null;
  for (const name of ['OTEL_EXPORTER_OTLP_TRACES_PROTOCOL', 'OTEL_EXPORTER_OTLP_PROTOCOL']) {
    if (setting(env, name) === 'grpc') throw new ConfigError(name, 'grpc is not supported: spans are sent as OTLP over HTTP (port 4318)');
  }
  const tracesEndpoint = setting(env, 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT');
  const endpoint = setting(env, 'OTEL_EXPORTER_OTLP_ENDPOINT');
  let url: URL;
  if (tracesEndpoint) {
    url = httpUrl('OTEL_EXPORTER_OTLP_TRACES_ENDPOINT', tracesEndpoint);
  } else if (endpoint) {
    url = httpUrl('OTEL_EXPORTER_OTLP_ENDPOINT', endpoint);
    url.pathname = `${url.pathname.replace(/\/$/, '')}/v1/traces`;
  } else {
    return null;
  }
  return { url: url.href, serviceName: setting(env, 'OTEL_SERVICE_NAME') ?? DEFAULT_SERVICE_NAME };
}
