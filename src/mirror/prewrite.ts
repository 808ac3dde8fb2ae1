import type Database from 'better-sqlite3';
import type { ExternalInstancePayload } from '../feishu/wire.js';
import type { PlainTexts } from '../translate/external-instance.js';
import type { CommittedRows } from './committed-rows.js';
import type { ExternalInstanceWriter, SyncOutcome } from './write-external-instance.js';

/**
 * A sync push on its way to Feishu, and its write to the mirror. The caller tells it when the
 * request is sent, then how Feishu answered: `commit` once Feishu accepted the push, `discard`
 * when it did not (or the call failed). Nothing it writes is seen before `commit`.
 */
export interface PendingPush {
  /**
   * The push's request is on its way, as this JSON text (what the mirror keeps as its payload).
   * The mirror may write the push ahead meanwhile (see Prewriter), for its first attempt only.
   */
  sent(payloadJson: string, now: number): void;
  /**
   * An attempt failed and the push waits to be retried: what was written ahead is rolled back, so
   * that the write lock is never held across a backoff.
   */
  attemptFailed(): void;
  /** Feishu accepted the push: it is recorded (`syncedAt`: now), as writeExternalInstanceSoon records one. */
  commit(syncedAt: number, payloadJson: string): Promise<SyncOutcome>;
  /** Feishu did not accept the push: whatever was written ahead is rolled back. */
  discard(): void;
}

/** A push written ahead, its transaction open; or scheduled to be, in the next check phase. */
interface Slot {
  push: PendingPush;
  immediate: NodeJS.Immediate;
  syncedAt: number;
  /** Set once written, the transaction open. */
  outcome?: SyncOutcome;
}

/**
 * Writes a sync push to the mirror while Feishu is still answering it, in a transaction of its
 * own connection that commits only once Feishu accepted the push. At low load a push is the only
 * write: its SQLite work (~0.4 ms of the event loop a push) then overlaps the round trip to Feishu
 * instead of following it, and only the COMMIT waits for the answer (bench/OPTIMIZATIONS.md,
 * item 31). It never costs anyone else:
 * - readers never see the write before it commits (another connection);
 * - it starts only while no other write of this process is queued or running, and never waits
 *   for the write lock (busy timeout 0): with the lock taken, the push is written the ordinary way;
 * - any other write of this process rolls it back first (yieldToWrites), and the push is then
 *   written the ordinary way once accepted; so no write ever waits for Feishu's answer to another;
 * - one attempt at most: a failed attempt of the push rolls it back, so the lock is never held
 *   across the wait before a retry (another process writing the file would wait that long);
 * - one push at a time, and only a push that is alone: when other pushes are waiting for Feishu
 *   too, one of them often submits its write before this push's answer comes and undoes it (about
 *   half of the pushes written ahead at concurrency 2 to 8, without this rule); under load the
 *   writer thread's group commit is the way, as it was before.
 */
export class Prewriter {
  private slot: Slot | undefined;
  private closed = false;
  /** Pushes waiting for Feishu's answer (PushWrite handles not committed nor discarded). */
  private waiting = 0;
  private readonly statements: { begin: Database.Statement; commit: Database.Statement; rollback: Database.Statement };
  /** Pushes written ahead and committed. */
  committed = 0;

  constructor(
    private readonly sqlite: Database.Database,
    private readonly writes: ExternalInstanceWriter,
    /** Reads a committed push's instance back on this connection (see CommittedRows). */
    private readonly committedRows: CommittedRows,
    /** Whether the mirror's other writes are all settled (none queued, none running). */
    private readonly othersIdle: () => boolean,
    /** After each commit (the WAL bound). */
    private readonly onCommitted: () => void,
  ) {
    sqlite.pragma('busy_timeout = 0');
    this.statements = { begin: sqlite.prepare('BEGIN IMMEDIATE'), commit: sqlite.prepare('COMMIT'), rollback: sqlite.prepare('ROLLBACK') };
  }

  /**
   * Writes `payload` ahead, in the next check phase of the event loop: after the request, which
   * undici writes to its socket in the check phase that follows its dispatch (HttpRequest.onDispatched),
   * so that both proceed at once. Nothing when another push holds the slot.
   */
  schedule(push: PendingPush, payload: ExternalInstancePayload, plainTexts: PlainTexts | undefined, payloadJson: string, syncedAt: number): void {
    if (this.slot || this.closed) return;
    const slot: Slot = { push, syncedAt, immediate: setImmediate(() => this.writeAhead(slot, payload, plainTexts, payloadJson)) };
    this.slot = slot;
  }

  /** A push is waiting for Feishu's answer (until `settled`). */
  waitingPush(): void {
    this.waiting += 1;
  }

  settled(): void {
    this.waiting -= 1;
  }

  private writeAhead(slot: Slot, payload: ExternalInstancePayload, plainTexts: PlainTexts | undefined, payloadJson: string): void {
    if (this.slot !== slot) return;
    if (this.waiting > 1 || !this.othersIdle()) {
      this.slot = undefined;
      return;
    }
    try {
      this.statements.begin.run();
    } catch {
      // The write lock is taken (another process), or the file cannot be written: the ordinary
      // write, after the answer, waits for the lock or reports the failure.
      this.slot = undefined;
      return;
    }
    try {
      // In the transaction just begun, without a savepoint of its own (one would cost a copy of every
      // page the push changes): a push that throws halfway is undone by the rollback of release().
      slot.outcome = this.writes.apply(payload, slot.syncedAt, payloadJson, plainTexts);
    } catch {
      // The ordinary write will meet the same failure and report it.
      this.release();
    }
  }

  /**
   * Commits the push if it is written ahead, stamped with `syncedAt`, and answers its outcome;
   * undefined if it is not (never written, or rolled back since): the caller writes it the
   * ordinary way. A failed commit rolls back and throws.
   */
  commit(push: PendingPush, syncedAt: number): SyncOutcome | undefined {
    const slot = this.slot;
    if (slot?.push !== push) return undefined;
    const outcome = slot.outcome;
    if (!outcome) {
      this.release();
      return undefined;
    }
    this.slot = undefined;
    try {
      if (syncedAt !== slot.syncedAt) this.writes.restamp(outcome, syncedAt);
      this.statements.commit.run();
    } catch (error) {
      if (this.sqlite.inTransaction) this.statements.rollback.run();
      throw error;
    }
    this.committed += 1;
    this.committedRows.attach([outcome]);
    this.onCommitted();
    return outcome;
  }

  /** Rolls back (or cancels) what was written ahead for `push`. */
  discard(push: PendingPush): void {
    if (this.slot?.push === push) this.release();
  }

  /** Another write is coming: rolls back (or cancels) the push written ahead, if any. */
  yieldToWrites(): void {
    if (this.slot) this.release();
  }

  /** Rolls back what is written ahead, then closes the connection. */
  close(): void {
    this.yieldToWrites();
    this.closed = true;
    this.sqlite.close();
  }

  private release(): void {
    const slot = this.slot!;
    this.slot = undefined;
    clearImmediate(slot.immediate);
    if (this.sqlite.inTransaction) this.statements.rollback.run();
  }
}

/**
 * A PendingPush: written ahead by the mirror's Prewriter when it has one (file mirrors) and it
 * can; else, once accepted, the ordinary way (writeExternalInstanceSoon).
 */
export class PushWrite implements PendingPush {
  private settled = false;
  private attempts = 0;

  constructor(
    private readonly payload: ExternalInstancePayload,
    private readonly plainTexts: PlainTexts | undefined,
    private readonly writeSoon: (payload: ExternalInstancePayload, syncedAt: number, payloadJson: string, plainTexts: PlainTexts | undefined) => Promise<SyncOutcome>,
    private readonly prewriter?: Prewriter,
  ) {
    prewriter?.waitingPush();
  }

  sent(payloadJson: string, now: number): void {
    this.attempts += 1;
    if (this.attempts === 1 && !this.settled) this.prewriter?.schedule(this, this.payload, this.plainTexts, payloadJson, now);
  }

  attemptFailed(): void {
    this.prewriter?.discard(this);
  }

  async commit(syncedAt: number, payloadJson: string): Promise<SyncOutcome> {
    this.settle();
    return this.prewriter?.commit(this, syncedAt) ?? this.writeSoon(this.payload, syncedAt, payloadJson, this.plainTexts);
  }

  discard(): void {
    this.settle();
    this.prewriter?.discard(this);
  }

  private settle(): void {
    if (this.settled) return;
    this.settled = true;
    this.prewriter?.settled();
  }
}
