import { type DestinationStream, type Logger as PinoLogger, pino } from 'pino';
import type { LogLevel } from './config.js';
import { REDACTED, redactSecrets } from './ops/secret-values.js';

export type Logger = PinoLogger;

/** Where lines go: a stream (stderr, pino-pretty), or a function given each JSON line without its newline (tests). */
export type LogDestination = DestinationStream | ((line: string) => void);

/** Fields that hold credentials wherever they are logged: pino replaces them before the line is made. */
const REDACT_PATHS = [
  'authorization',
  'headers.authorization',
  'headers.cookie',
  'req.headers.authorization',
  'req.headers.cookie',
  'appSecret',
  'app_secret',
  'tenant_access_token',
  'token',
  'apiKey',
  'password',
].flatMap((path) => [path, `*.${path}`]);

/**
 * JSON lines (pino): `time` (ISO), `level` (its name), `msg`, then the fields. Credentials are
 * kept out twice: pino's `redact` replaces the fields known to hold them, and every line is
 * searched for the registered secret values (ops/secret-values.ts) before it is written.
 */
export function createLogger(level: LogLevel, destination: LogDestination = pino.destination({ dest: 2, sync: true })): Logger {
  const stream: DestinationStream = typeof destination === 'function' ? { write: (line) => destination(line.replace(/\n$/, '')) } : destination;
  return pino(
    {
      level,
      base: { pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: REDACT_PATHS, censor: REDACTED },
      hooks: { streamWrite: redactSecrets },
    },
    stream,
  );
}

export const silentLogger: Logger = createLogger('silent', () => {});
