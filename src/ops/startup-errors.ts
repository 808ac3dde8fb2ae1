import type { Server } from 'node:http';
import { ConfigError } from '../config-error.js';
import { DatabaseUnavailableError } from '../mirror/engine.js';

/** The server could not listen where it was told: the message is one line naming the cause. */
export class ListenError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'ListenError';
  }
}

const LISTEN_CAUSES: Record<string, string> = {
  EADDRINUSE: 'the port is in use',
  EACCES: 'permission denied (ports under 1024 need privileges)',
  EADDRNOTAVAIL: 'the address is not one of this machine',
  ENOTFOUND: 'the host name does not resolve',
};

/** Listens on `host:port`; rejects with a ListenError naming the cause. */
export function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const failed = (error: NodeJS.ErrnoException) => {
      const code = error.code ?? 'unknown error';
      reject(new ListenError(`cannot listen on ${host}:${port}: ${LISTEN_CAUSES[code] ?? error.message} (${code})`, { cause: error }));
    };
    server.once('error', failed);
    server.listen(port, host, () => {
      server.off('error', failed);
      resolve();
    });
  });
}

/** The one line a start-up failure of a known cause is told in; null for the others (bugs: their stack is wanted). */
export function startupErrorLine(error: unknown): string | null {
  if (error instanceof ConfigError) return `Configuration error: ${error.message}`;
  if (error instanceof DatabaseUnavailableError) return `Database error: ${error.message}`;
  if (error instanceof ListenError) return `Server error: ${error.message}`;
  return null;
}
