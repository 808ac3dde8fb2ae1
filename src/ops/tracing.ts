import { SpanKind, type Tracer, context } from '@opentelemetry/api';
import type { SpanExporter } from '@opentelemetry/sdk-trace-base';
import type { Plugin } from 'graphql-yoga';
import type { TracingConfig } from './telemetry-config.js';
import { ErrorMessageRedaction } from './span-redaction.js';

/** Where spans go: the configured OTLP collector, or an exporter given in code (tests: an in-memory one). */
export type SpanDestination = { kind: 'otlp'; config: TracingConfig } | { kind: 'exporter'; exporter: SpanExporter; serviceName: string };

export interface Tracing {
  /** Starts the Feishu call and mirror write spans, children of the span active where they begin. */
  tracer: Tracer;
  /** A span per GraphQL operation (@envelop/opentelemetry): placed after the plugin that sets the execute function. */
  yogaPlugin: Plugin;
  /** Sends the spans still buffered, then stops. */
  shutdown(): Promise<void>;
}

let contextManagerSet = false;

/**
 * Starts a tracer provider of this runtime's own (not the global one, so apps in one process
 * keep their spans apart). The SDK is loaded only here: with tracing off nothing of it runs.
 */
export async function startTracing(destination: SpanDestination): Promise<Tracing> {
  const [sdk, { AsyncLocalStorageContextManager }, { Resource, envDetectorSync }, { useOpenTelemetry }] = await Promise.all([
    import('@opentelemetry/sdk-trace-base'),
    import('@opentelemetry/context-async-hooks'),
    import('@opentelemetry/resources'),
    import('@envelop/opentelemetry'),
  ]);
  // Child spans find their operation's span through the async context: one manager per process.
  if (!contextManagerSet) {
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
    contextManagerSet = true;
  }
  let processor: InstanceType<typeof sdk.SimpleSpanProcessor> | InstanceType<typeof sdk.BatchSpanProcessor>;
  let serviceName: string;
  if (destination.kind === 'otlp') {
    const { OTLPTraceExporter } = await import('@opentelemetry/exporter-trace-otlp-http');
    processor = new sdk.BatchSpanProcessor(new OTLPTraceExporter({ url: destination.config.url }));
    serviceName = destination.config.serviceName;
  } else {
    processor = new sdk.SimpleSpanProcessor(destination.exporter);
    serviceName = destination.serviceName;
  }
  // OTEL_RESOURCE_ATTRIBUTES apply; OTEL_SERVICE_NAME (or our default) names the service over them.
  const resource = envDetectorSync.detect().merge(new Resource({ 'service.name': serviceName }));
  const provider = new sdk.BasicTracerProvider({ resource, spanProcessors: [new ErrorMessageRedaction(processor)] });
  const yogaPlugin = useOpenTelemetry({ resolvers: false, variables: false, result: false }, provider, SpanKind.SERVER) as Plugin;
  return {
    tracer: provider.getTracer('feishu-approval-graphql'),
    yogaPlugin,
    shutdown: () => provider.shutdown(),
  };
}
