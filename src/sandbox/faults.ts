/**
 * Faults a test scripts into the sandbox: the next N matching calls answer as told instead of
 * (or on top of) the normal handling.
 */
export interface Fault {
  /** Only calls to this path match; every path when absent. */
  path?: string;
  /** How many matching calls this fault takes; 1 when absent. */
  times?: number;
  /** Answer with this Feishu `code` (and `msg`) instead of handling the call. */
  code?: number;
  msg?: string;
  /** HTTP status of the scripted answer; 400 for a non-zero code when absent, else 200. */
  httpStatus?: number;
  /** A raw body instead of Feishu JSON (e.g. a gateway's HTML page). */
  rawBody?: string;
  /** Extra response headers, e.g. `x-ogw-ratelimit-reset`. */
  headers?: Record<string, string>;
  /** Wait this long before answering. */
  delayMs?: number;
  /** Handle the call only once the promise this makes (when the call comes) settles: a call slow to arrive. */
  holdCall?: () => Promise<unknown>;
  /**
   * Handle the call at once (its effect happens), and answer only once the promise this makes
   * (when the call comes) settles: Feishu acting, its answer late.
   */
  holdAnswer?: () => Promise<unknown>;
  /**
   * Drop the connection without an answer: `before` the call is handled (nothing happens),
   * or `after` it was handled (the effect happened, the caller never hears of it).
   */
  drop?: 'before' | 'after';
}

export class FaultScript {
  private readonly queue: { fault: Fault; left: number }[] = [];

  /** Adds a fault behind those already scripted. */
  push(fault: Fault): void {
    this.queue.push({ fault, left: Math.max(1, fault.times ?? 1) });
  }

  /**
   * Takes the first scripted fault that matches this path, if any. Faults without a path match
   * every path when `matchWildcards` holds (the sandbox keeps them off the token endpoint).
   */
  take(path: string, matchWildcards = true): Fault | undefined {
    const index = this.queue.findIndex((entry) => entry.fault.path === path || (matchWildcards && entry.fault.path === undefined));
    if (index < 0) return undefined;
    const entry = this.queue[index]!;
    entry.left -= 1;
    if (entry.left === 0) this.queue.splice(index, 1);
    return entry.fault;
  }

  clear(): void {
    this.queue.length = 0;
  }

  get pending(): number {
    return this.queue.reduce((sum, entry) => sum + entry.left, 0);
  }
}
