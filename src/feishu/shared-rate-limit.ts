import type { Clock } from '../util/clock.js';
import { type RateLimits, type RateRule, rateLimitedAfter } from './rate-limit.js';

/** Where the slots granted to every process are kept (the PostgreSQL mirror: mirror/postgres/rate-slots.ts). */
export interface SlotReservations {
  /**
   * Takes the next slot of `endpoint` that breaks none of `rules` (nextSlot over the slots every
   * process was granted), when it is at most `maxWaitMs` away. Answers how long the call must
   * wait for it, or, refused, how long it would have had to.
   */
  reserve(endpoint: string, rules: readonly RateRule[], maxWaitMs: number): Promise<{ granted: boolean; waitMs: number }>;
}

/**
 * The client-side limits held across every replica sharing a database: each call takes its slot
 * from the slots all of them were granted, by the rules of the in-process RateLimiter (sliding
 * windows, slots in arrival order), then waits for it here. The bound on waiting calls
 * (maxQueue) is per process, as each process's memory is.
 */
export class SharedEndpointRateLimits implements RateLimits {
  private readonly waiting = new Map<string, number>();

  constructor(
    private readonly rulesByPath: Readonly<Record<string, readonly RateRule[]>>,
    private readonly queue: { maxQueue: number; maxWaitMs: number },
    private readonly slots: SlotReservations,
    private readonly clock: Clock,
  ) {}

  async acquire(path: string, deadline: number): Promise<number> {
    const rules = this.rulesByPath[path];
    if (!rules || rules.length === 0) return 0;
    const waiting = this.waiting.get(path) ?? 0;
    // A full queue still takes a slot that is free now.
    const maxWaitMs = waiting >= this.queue.maxQueue ? 0 : Math.max(0, Math.min(this.queue.maxWaitMs, deadline - this.clock.now()));
    const { granted, waitMs } = await this.slots.reserve(path, rules, maxWaitMs);
    if (!granted) throw rateLimitedAfter(waitMs);
    if (waitMs <= 0) return 0;
    this.waiting.set(path, waiting + 1);
    try {
      await this.clock.sleep(waitMs);
    } finally {
      this.waiting.set(path, (this.waiting.get(path) ?? 1) - 1);
    }
    return waitMs;
  }
}
