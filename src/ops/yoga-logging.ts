import type { YogaLogger } from 'graphql-yoga';
import type { Logger } from '../logger.js';

/**
 * Yoga's own lines, on our logger: an error it masked (an unexpected one: its message and stack
 * are logged, the client sees "Unexpected error.") goes on the line of the request that raised it.
 * Its debug lines (each step of each request, without the request's id) are left out: the access
 * line says what they would.
 */
export function yogaLogging(logger: Logger, loggerOfError: (error: unknown) => Logger | undefined): YogaLogger {
  const line =
    (level: 'debug' | 'info' | 'warn' | 'error') =>
    (...args: unknown[]) => {
      const error = args.find((arg): arg is Error => arg instanceof Error);
      const target = (error && loggerOfError(error)) ?? logger;
      const message =
        args
          .filter((arg) => arg !== error)
          .map(String)
          .join(' ') ||
        error?.message ||
        '';
      if (error) target[level]({ err: error }, message);
      else target[level](message);
    };
  return { debug: () => undefined, info: line('info'), warn: line('warn'), error: line('error') };
}
