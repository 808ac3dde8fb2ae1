import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RateLimitedError } from '../src/feishu/errors.js';
import { RateLimiter } from '../src/feishu/rate-limit.js';
import { systemClock } from '../src/util/clock.js';

/** 100 instance creations per minute, as Feishu allows (seed 003). */
const perMinute = (maxWaitMs: number, maxQueue = 1000) => new RateLimiter({ rules: [{ limit: 100, windowMs: 60_000 }], maxWaitMs, maxQueue }, systemClock);

describe('RateLimiter (fake timers)', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: Date.parse('2026-11-21T00:00:00Z') });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('101 calls in a minute: the 101st waits for the window when allowed to', async () => {
    const limiter = perMinute(60_000);
    for (let i = 0; i < 100; i += 1) await limiter.acquire();
    await vi.advanceTimersByTimeAsync(10_000);
    let granted = false;
    const call101 = limiter.acquire().then(() => (granted = true));
    await vi.advanceTimersByTimeAsync(49_999);
    expect(granted).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await call101;
    expect(granted).toBe(true);
    expect(Date.now()).toBe(Date.parse('2026-11-21T00:01:00Z'));
  });

  it('101 calls in a minute: the 101st fails with RATE_LIMITED when it may not wait that long', async () => {
    const limiter = perMinute(5_000);
    for (let i = 0; i < 100; i += 1) await limiter.acquire();
    await vi.advanceTimersByTimeAsync(20_000);
    const error = await limiter.acquire().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitedError);
    expect((error as RateLimitedError).code).toBe('RATE_LIMITED');
    expect((error as RateLimitedError).retryAfterSeconds).toBe(40);
    // The refused call took no slot: once the window moves on, calls go again.
    await vi.advanceTimersByTimeAsync(40_000);
    await expect(limiter.acquire()).resolves.toBe(0);
  });

  it('a full queue refuses at once, and a caller deadline is respected', async () => {
    const limiter = new RateLimiter({ rules: [{ limit: 1, windowMs: 1_000 }], maxWaitMs: 60_000, maxQueue: 2 }, systemClock);
    await limiter.acquire();
    const queued = [limiter.acquire(), limiter.acquire()];
    await expect(limiter.acquire()).rejects.toBeInstanceOf(RateLimitedError);
    await expect(limiter.acquire(Date.now() + 500)).rejects.toBeInstanceOf(RateLimitedError);
    await vi.advanceTimersByTimeAsync(2_000);
    await Promise.all(queued);
  });

  it('queued calls go in order and never break any window (50/s and 1000/min)', async () => {
    const limiter = new RateLimiter(
      {
        rules: [
          { limit: 50, windowMs: 1_000 },
          { limit: 1000, windowMs: 60_000 },
        ],
        maxWaitMs: 120_000,
        maxQueue: 5_000,
      },
      systemClock,
    );
    const grantedAt: number[] = [];
    const calls = Array.from({ length: 1100 }, (_, i) => limiter.acquire().then(() => (grantedAt[i] = Date.now())));
    await vi.advanceTimersByTimeAsync(130_000);
    await Promise.all(calls);
    for (let i = 1; i < grantedAt.length; i += 1) expect(grantedAt[i]!).toBeGreaterThanOrEqual(grantedAt[i - 1]!);
    const inWindow = (from: number, width: number) => grantedAt.filter((t) => t >= from && t < from + width).length;
    for (const t of grantedAt) {
      expect(inWindow(t, 1_000)).toBeLessThanOrEqual(50);
      expect(inWindow(t, 60_000)).toBeLessThanOrEqual(1000);
    }
    // 1000 in the first minute at 50 per second take 19 s or so; the rest wait for the minute.
    expect(grantedAt[999]! - grantedAt[0]!).toBeLessThan(20_000);
    expect(grantedAt[1000]! - grantedAt[0]!).toBeGreaterThanOrEqual(60_000);
  });
});
