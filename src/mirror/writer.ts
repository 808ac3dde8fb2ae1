import type { MirrorWrites, ResultOf, WriteCommand, WriteResult } from './writes.js';

/**
 * Where the request path's writes run. Both kinds group-commit: every write submitted in one turn
 * of the event loop shares a transaction (each atomic on its own, see MirrorWrites), and each promise
 * settles once its write is committed, so a caller that goes on reads its write back.
 */
export interface MirrorWriter {
  submit<W extends WriteCommand>(command: W): Promise<ResultOf<W>>;
  /** Transactions committed so far: the writes of a turn make one. */
  readonly commits: number;
  /** No write submitted and not settled yet: none queued, none running. */
  readonly idle: boolean;
  /** Runs what is still queued, then stops. */
  close(): Promise<void>;
}

interface Queued {
  command: WriteCommand;
  settle(result: WriteResult<unknown>): void;
}

/**
 * Collects what is added during one turn of the event loop and hands it over all at once when the
 * turn ends: both writers' group commit.
 */
export class TurnQueue<T> {
  private items: T[] = [];

  constructor(private readonly handOver: (items: T[]) => void) {}

  get size(): number {
    return this.items.length;
  }

  push(item: T): void {
    if (this.items.length === 0) setImmediate(() => this.flush());
    this.items.push(item);
  }

  /** Hands over what is queued now, without waiting for the turn to end (close). */
  flush(): void {
    const items = this.items;
    if (items.length === 0) return;
    this.items = [];
    this.handOver(items);
  }
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
  private readonly queued = new TurnQueue<Queued>((batch) => this.commit(batch));
  commits = 0;

  constructor(
    private readonly writes: MirrorWrites,
    /** Called after each commit (the WAL bound). */
    private readonly onCommitted: () => void,
  ) {}

  submit<W extends WriteCommand>(command: W): Promise<ResultOf<W>> {
    return new Promise((resolve, reject) => this.queued.push({ command, settle: settler(resolve, reject) }));
  }

  get idle(): boolean {
    return this.queued.size === 0;
  }

  private commit(batch: readonly Queued[]): void {
    const results = this.writes.applyAll(batch.map((item) => item.command));
    this.commits += 1;
    this.onCommitted();
    batch.forEach((item, index) => item.settle(results[index]!));
  }

  async close(): Promise<void> {
    this.queued.flush();
  }
}
