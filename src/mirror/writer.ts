import type { MirrorWrites, ResultOf, WriteCommand, WriteResult } from './writes.js';

/**
 * Where the request path's writes run. Both kinds group-commit: every write submitted in one turn
 * of the event loop shares a transaction (each in a savepoint of its own), and each promise
 * settles once its write is committed, so a caller that goes on reads its write back.
 */
export interface MirrorWriter {
  submit<W extends WriteCommand>(command: W): Promise<ResultOf<W>>;
  /** Transactions committed so far: the writes of a turn make one. */
  readonly commits: number;
  /** Runs what is still queued, then stops. */
  close(): Promise<void>;
}

interface Queued {
  command: WriteCommand;
  settle(result: WriteResult<unknown>): void;
}

/** Settles a submitted command's promise. */
export const settler =
  <T>(resolve: (value: T) => void, reject: (error: unknown) => void) =>
  (result: WriteResult<unknown>): void =>
    'value' in result ? resolve(result.value as T) : reject(result.error);

/**
 * Writes on the calling thread, on the mirror's own connection: for `:memory:` mirrors (a second
 * connection would be another database) and when the writer thread is turned off. A write alone
 * waits one turn.
 */
export class SameThreadWriter implements MirrorWriter {
  private queued: Queued[] = [];
  commits = 0;

  constructor(
    private readonly writes: MirrorWrites,
    /** Called after each commit (the WAL bound). */
    private readonly onCommitted: () => void,
  ) {}

  submit<W extends WriteCommand>(command: W): Promise<ResultOf<W>> {
    return new Promise((resolve, reject) => {
      if (this.queued.length === 0) setImmediate(() => this.flush());
      this.queued.push({ command, settle: settler(resolve, reject) });
    });
  }

  private flush(): void {
    const batch = this.queued;
    if (batch.length === 0) return;
    this.queued = [];
    const results = this.writes.applyAll(batch.map((item) => item.command));
    this.commits += 1;
    this.onCommitted();
    batch.forEach((item, index) => item.settle(results[index]!));
  }

  async close(): Promise<void> {
    this.flush();
  }
}
