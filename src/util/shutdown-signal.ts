export type ShutdownSignal = 'SIGINT' | 'SIGTERM';

/**
 * Runs `handler` on the first SIGINT or SIGTERM, and ignores the ones after it. `on`, not `once`:
 * npm and tsx pass a Ctrl-C on as well, so a process often gets the signal twice, and a second one
 * left to its default action would kill the process before `handler` has closed what it holds.
 */
export function onShutdownSignal(handler: (signal: ShutdownSignal) => void): void {
  let closing = false;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      if (closing) return;
      closing = true;
      handler(signal);
    });
  }
}
