import type { Context } from '@opentelemetry/api';
import type { ReadableSpan, Span, SpanProcessor } from '@opentelemetry/sdk-trace-base';

/** How @envelop/opentelemetry names the exception it records on an operation's span when its result has errors. */
const EXECUTION_ERROR = 'graphql.execute.error';

/**
 * Keeps only each error's path and code in the exception an operation's span records. That
 * exception holds the errors before Yoga masks them, and an unexpected error's message is not
 * for the collector's eyes (it may quote anything the failing code held).
 */
export class ErrorMessageRedaction implements SpanProcessor {
  constructor(private readonly next: SpanProcessor) {}

  onStart(span: Span, parentContext: Context): void {
    this.next.onStart(span, parentContext);
  }

  onEnd(span: ReadableSpan): void {
    for (const event of span.events) {
      const attributes = event.attributes;
      if (event.name !== 'exception' || !attributes || attributes['exception.type'] !== EXECUTION_ERROR) continue;
      attributes['exception.message'] = redactedErrors(attributes['exception.message']);
    }
    this.next.onEnd(span);
  }

  forceFlush(): Promise<void> {
    return this.next.forceFlush();
  }

  shutdown(): Promise<void> {
    return this.next.shutdown();
  }
}

type ErrorJson = { path?: unknown; extensions?: { code?: unknown } };

function redactedErrors(message: unknown): string {
  let errors: unknown;
  try {
    errors = typeof message === 'string' ? JSON.parse(message) : undefined;
  } catch {
    errors = undefined;
  }
  if (!Array.isArray(errors)) return '[]';
  return JSON.stringify(
    errors.map((error: ErrorJson) => ({
      path: Array.isArray(error?.path) ? error.path : undefined,
      code: typeof error?.extensions?.code === 'string' ? error.extensions.code : null,
    })),
  );
}
