import type { Writable } from 'node:stream';
import { type DestinationStream, pino } from 'pino';

/**
 * Where the server's log lines go (`output`: stderr): JSON lines; readable, coloured lines instead
 * only when stderr is a terminal, outside production, and pino-pretty (a dev dependency) is installed.
 */
export async function logDestination(
  stderrIsTerminal = process.stderr.isTTY === true,
  env: Record<string, string | undefined> = process.env,
  output: number | Writable = 2,
): Promise<DestinationStream> {
  if (stderrIsTerminal && env.NODE_ENV !== 'production') {
    const pretty = await import('pino-pretty').catch(() => null);
    if (pretty)
      return pretty.default({ destination: output, sync: true, colorize: typeof output === 'number', translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid' });
  }
  return typeof output === 'number' ? pino.destination({ dest: output, sync: true }) : output;
}
