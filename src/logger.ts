import type { LogLevel } from './config.js';

export type LogFields = Record<string, string | number | boolean | null | undefined>;

export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
  /** Registers a secret (app secret, tenant token): it is replaced by `[redacted]` in every later line. */
  addSecret(secret: string): void;
}

const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

/**
 * One JSON object a line. Every line goes through the redactor last, so a secret that slipped
 * into a message or a field still never reaches the output.
 */
export function createLogger(level: LogLevel, write: (line: string) => void = (line) => process.stderr.write(`${line}\n`)): Logger {
  const secrets = new Set<string>();
  const redact = (text: string): string => {
    let out = text;
    for (const secret of secrets) out = out.split(secret).join('[redacted]');
    return out;
  };
  const emit = (lineLevel: LogLevel, message: string, fields?: LogFields) => {
    if (RANK[lineLevel] < RANK[level]) return;
    write(redact(JSON.stringify({ time: new Date().toISOString(), level: lineLevel, msg: message, ...fields })));
  };
  return {
    debug: (message, fields) => emit('debug', message, fields),
    info: (message, fields) => emit('info', message, fields),
    warn: (message, fields) => emit('warn', message, fields),
    error: (message, fields) => emit('error', message, fields),
    addSecret: (secret) => {
      if (secret.length >= 4) secrets.add(secret);
    },
  };
}

export const silentLogger: Logger = createLogger('silent', () => {});
