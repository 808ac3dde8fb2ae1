import type { AttemptLease } from '../mirror/intents.js';
import { type AttemptDeps, sendAttempt } from './attempt.js';

export interface RecoveryDeps extends AttemptDeps {
  /** A lease for an attempt this process takes over at `now`. */
  lease(now: number): AttemptLease;
  /** How often the mirror is looked at for attempts abandoned since. */
  intervalMs: number;
}

/** Abandoned attempts read from the mirror at a time. */
const BATCH = 50;

/**
 * Resolves createInstance attempts left in flight by a process that stopped mid-call (a crash, a
 * kill; this one before its restart, or another sharing the mirror): their lease expired. Each
 * is taken over (its outcome unknown, so a reader sees it so) and sent once more, with the exact
 * payload the intent keeps and the same uuid: 60012 reconciles it as created, code 0 records the
 * instance, a refusal leaves it PENDING (an earlier attempt may have created it) for a retry.
 * Runs at start-up and every `intervalMs`; a client's retry of such an intent does the same.
 */
export class AbandonedAttempts {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | null = null;
  private stopped = false;

  constructor(private readonly deps: RecoveryDeps) {}

  start(): void {
    void this.sweep();
    this.timer = setInterval(() => void this.sweep(), this.deps.intervalMs);
    this.timer.unref();
  }

  /** Resolves the attempts abandoned as of now; joins a sweep under way. */
  sweep(): Promise<void> {
    this.running ??= this.resolveAbandoned().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  /** No sweep after this; resolves when the one under way has ended. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.running;
  }

  private async resolveAbandoned(): Promise<void> {
    const { store, clock, logger } = this.deps;
    try {
      for (;;) {
        if (this.stopped) return;
        const abandoned = await store.abandoned(clock.now(), BATCH);
        let taken = 0;
        for (const row of abandoned) {
          if (this.stopped) return;
          const now = clock.now();
          // Taken just before it is sent, so that its new lease covers the call.
          const attempt = await store.takeOver(row, this.deps.lease(now), now);
          if (!attempt) continue;
          taken += 1;
          logger.info({ uuid: row.uuid, attempts: attempt.attempts }, 'resending a createInstance attempt abandoned mid-call');
          try {
            const { instance } = await sendAttempt(this.deps, attempt, { json: attempt.payload });
            logger.info({ uuid: row.uuid, state: instance.state, reconciled: instance.reconciled }, 'abandoned createInstance attempt resolved');
          } catch (error) {
            logger.warn({ uuid: row.uuid, error: String(error) }, 'abandoned createInstance attempt still unresolved; a retry with its uuid settles it');
          }
        }
        if (abandoned.length < BATCH || taken === 0) return;
      }
    } catch (error) {
      logger.error({ err: error }, 'looking for abandoned createInstance attempts failed');
    }
  }
}
