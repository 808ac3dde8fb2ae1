import { type DestinationStream, pino } from 'pino';

/**
 * Where the server's log lines go: JSON lines on stderr; readable, coloured lines instead only when
 * stderr is a terminal, outside production, and pino-pretty (a dev dependency) is installed.
 */
export async function logDestination(stderrIsTerminal = process.stderr.isTTY === true, env = process.env): Promise<DestinationStream> {
  if (stderrIsTerminal && env.NODE_ENV !== 'production') {
    const pretty = await import('pino-pretty').catch(() => null);
    if (pretty) return pretty.default({ destination: 2, sync: true, colorize: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid' });
  }
  return pino.destination({ dest: 2, sync: true });
}
