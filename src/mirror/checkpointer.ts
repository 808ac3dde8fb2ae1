import { statSync } from 'node:fs';
import { createRequire } from 'node:module';
import type Database from 'better-sqlite3';
import { Worker } from 'node:worker_threads';

/**
 * WAL checkpoints off the event loop. A checkpoint copies the WAL into the database file and
 * fsyncs it; run by SQLite after a commit (wal_autocheckpoint) it blocks every request for that
 * fsync. Here a worker thread, with a connection of its own, checkpoints every `intervalMs`
 * (PASSIVE: it never waits for, nor blocks, the writer); a writing connection checkpoints only to
 * keep the WAL bounded (truncateWalPastLimit: the writer thread's, or the main connection's when
 * it writes without one, limitWal).
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.path);
db.pragma('busy_timeout = 5000');
// Every failure is posted; a success only when it ends a run of failures (the owner reports).
let failed = false;
const checkpoint = () => {
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
    if (failed) parentPort.postMessage(null);
    failed = false;
  } catch (error) {
    failed = true;
    parentPort.postMessage(String(error));
  }
};
setInterval(checkpoint, workerData.intervalMs);
`;

/** Tells of a failure once, however often it recurs, until a success ends it. */
class FailureReport {
  private current: string | null = null;

  constructor(private readonly onError: (message: string) => void) {}

  failed(message: string): void {
    if (message !== this.current) this.onError(message);
    this.current = message;
  }

  succeeded(): void {
    this.current = null;
  }
}

export interface WalLimit {
  walPath: string;
  limitBytes: number;
}

/** What a writer's check of the WAL size after a commit came to. */
export type WalTruncation = 'under-limit' | 'truncated' | { failed: string };

/** Whether the WAL file is larger than the limit. */
export function walPastLimit({ walPath, limitBytes }: WalLimit): boolean {
  return (statSync(walPath, { throwIfNoEntry: false })?.size ?? 0) > limitBytes;
}

/** Past the limit, checkpoints with TRUNCATE on `sqlite`, the connection that writes (see Checkpointer.limitWal). */
export function truncateWalPastLimit(sqlite: Database.Database, limit: WalLimit): WalTruncation {
  try {
    if (!walPastLimit(limit)) return 'under-limit';
    sqlite.pragma('wal_checkpoint(TRUNCATE)');
    return 'truncated';
  } catch (error) {
    return { failed: `truncating the WAL failed: ${String(error)}` };
  }
}

/** The WAL size past which the writer truncates it itself (see Checkpointer.limitWal). */
export const DEFAULT_WAL_LIMIT_BYTES = 64 * 1024 * 1024;

export class Checkpointer {
  private readonly worker: Worker;
  private readonly walPath: string;

  private readonly walLimitBytes: number;
  /** Failures of the worker's checkpoints, and of the writer's truncations: each reported once. */
  private readonly workerFailures: FailureReport;
  private readonly truncationFailures: FailureReport;

  constructor(
    path: string,
    { intervalMs = 250, walLimitBytes = DEFAULT_WAL_LIMIT_BYTES, onError = () => {} }: { intervalMs?: number; walLimitBytes?: number; onError?: (message: string) => void } = {},
  ) {
    this.walLimitBytes = walLimitBytes;
    const driver = createRequire(import.meta.url).resolve('better-sqlite3');
    this.walPath = `${path}-wal`;
    this.worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { path, intervalMs, driver } });
    this.workerFailures = new FailureReport(onError);
    this.truncationFailures = new FailureReport(onError);
    this.worker.on('message', (message: string | null) => (message === null ? this.workerFailures.succeeded() : this.workerFailures.failed(message)));
    // The worker could not start (say, its connection would not open): the writer's limitWal still
    // bounds the WAL, so the mirror goes on; without this listener the process would exit.
    this.worker.on('error', (error) => this.workerFailures.failed(`the checkpoint worker stopped: ${String(error)}`));
    this.worker.unref();
  }

  /** What a writer on another connection (the writer thread) needs to bound the WAL itself. */
  get walLimit(): WalLimit {
    return { walPath: this.walPath, limitBytes: this.walLimitBytes };
  }

  /**
   * Keeps the WAL file bounded under sustained writes. SQLite rewinds the WAL only when a write
   * begins after a checkpoint has copied all of it; a writer that never pauses long enough for the
   * worker's PASSIVE checkpoint to catch up would grow it without end (10 GB while seeding 100k
   * instances in a loop; 88 MB after 10 s of the benchmark's sync load). The writer calls this after
   * its commits, on its own connection (a truncation from another connection would end the
   * writer's read snapshot under it): past the limit it checkpoints with TRUNCATE. The worker has
   * already copied most frames, so what is left to copy is short; it happens once per limit's worth
   * of writes. A failure is reported (the writes themselves are committed) and the next commit
   * tries again. Returns whether it truncated.
   */
  limitWal(sqlite: Database.Database): boolean {
    return this.report(truncateWalPastLimit(sqlite, this.walLimit));
  }

  /**
   * Whether the WAL is past the limit, for a writer that leaves the truncation to another (see
   * Mirror's walPastLimit). A failure to tell counts as past it: the other writer then checks.
   */
  pastLimit(): boolean {
    try {
      return walPastLimit(this.walLimit);
    } catch {
      return true;
    }
  }

  /** Reports what a writer's truncateWalPastLimit came to. Returns whether it truncated. */
  report(truncation: WalTruncation): boolean {
    if (typeof truncation === 'object') this.truncationFailures.failed(truncation.failed);
    else if (truncation === 'truncated') this.truncationFailures.succeeded();
    return truncation === 'truncated';
  }

  /** Stops checkpointing; the owner checkpoints once more on its own connection when it closes. */
  stop(): void {
    void this.worker.terminate();
  }
}
