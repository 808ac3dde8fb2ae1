import type { Clock } from '../util/clock.js';
import { RateLimitedError } from './errors.js';

/** At most `limit` calls in any `windowMs` window. */
export interface RateRule {
  limit: number;
  windowMs: number;
}

export interface RateLimiterOptions {
  rules: readonly RateRule[];
  /** Calls that may wait for a slot at once; one more is refused at once. */
  maxQueue: number;
  /** The longest a call may wait for a slot; one that would wait longer is refused at once. */
  maxWaitMs: number;
}

/** Waits for a slot to call an endpoint: in this process (EndpointRateLimits) or shared by every replica (SharedEndpointRateLimits). */
export interface RateLimits {
  /**
   * Waits for a slot on `path`; paths without rules pass at once. Resolves with how long the call
   * waited (ms, 0 when it went at once); throws RateLimitedError when no slot comes in time.
   */
  acquire(path: string, deadline: number): Promise<number>;
}

/**
 * The earliest time, not before now nor before the last slot granted, that breaks no rule.
 * `back(n)` is the n-th latest slot granted (1: the last one), undefined when fewer were.
 */
export function nextSlot(now: number, rules: readonly RateRule[], back: (n: number) => number | undefined): number {
  let slot = Math.max(now, back(1) ?? now);
  for (const rule of rules) {
    const limitBack = back(rule.limit);
    if (limitBack !== undefined) slot = Math.max(slot, limitBack + rule.windowMs);
  }
  return slot;
}

/** The refusal of a call that would have waited `waitMs` for its slot. */
export function rateLimitedAfter(waitMs: number): RateLimitedError {
  const seconds = Math.max(1, Math.ceil(waitMs / 1000));
  return new RateLimitedError(seconds, null, null, `Feishu's rate limit for this endpoint is reached on our side; retry after ${seconds} s`);
}

/**
 * A sliding-window limiter: every call takes the earliest slot at which no rule would be
 * broken, in arrival order. Slots are reserved when granted, so queued calls never overtake
 * each other and no window ever holds more than its limit.
 */
export class RateLimiter {
  /** Granted and reserved slots, in increasing order. */
  private readonly slots: number[] = [];
  private waiting = 0;
  private readonly longestWindow: number;

  constructor(
    private readonly options: RateLimiterOptions,
    private readonly clock: Clock,
  ) {
    this.longestWindow = Math.max(0, ...options.rules.map((rule) => rule.windowMs));
  }

  /**
   * Resolves when the call may go, with how long it waited (ms). Throws RateLimitedError (with the
   * wait it would have needed) when that wait exceeds maxWaitMs or the caller's deadline, or when
   * the queue is full.
   */
  async acquire(deadline = Number.POSITIVE_INFINITY): Promise<number> {
    const now = this.clock.now();
    this.prune(now);
    const slot = nextSlot(now, this.options.rules, (n) => (n <= this.slots.length ? this.slots[this.slots.length - n] : undefined));
    const wait = slot - now;
    if (wait > 0 && (wait > this.options.maxWaitMs || slot > deadline || this.waiting >= this.options.maxQueue)) throw rateLimitedAfter(wait);
    this.slots.push(slot);
    if (wait <= 0) return 0;
    this.waiting += 1;
    try {
      await this.clock.sleep(wait);
    } finally {
      this.waiting -= 1;
    }
    return wait;
  }

  private prune(now: number): void {
    let drop = 0;
    while (drop < this.slots.length && this.slots[drop]! <= now - this.longestWindow) drop += 1;
    if (drop > 0) this.slots.splice(0, drop);
  }
}

/** Limits per endpoint path, each with its own limiter, in this process (per app: one client serves one app). */
export class EndpointRateLimits implements RateLimits {
  private readonly limiters = new Map<string, RateLimiter>();

  constructor(
    private readonly rulesByPath: Readonly<Record<string, readonly RateRule[]>>,
    private readonly queue: { maxQueue: number; maxWaitMs: number },
    private readonly clock: Clock,
  ) {}

  async acquire(path: string, deadline: number): Promise<number> {
    const rules = this.rulesByPath[path];
    if (!rules || rules.length === 0) return 0;
    let limiter = this.limiters.get(path);
    if (!limiter) {
      limiter = new RateLimiter({ rules, ...this.queue }, this.clock);
      this.limiters.set(path, limiter);
    }
    return limiter.acquire(deadline);
  }
}
