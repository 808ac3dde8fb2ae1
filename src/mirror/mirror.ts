import type { ExternalInstancePayload } from '../feishu/wire.js';
import { ApprovalInstanceStore } from './approval-instances.js';
import { type OpenMirrorOptions, type OpenedMirrorDb, openMirrorDb } from './db.js';
import { MirrorLists } from './lists.js';
import { ExternalReaders } from './read-external.js';
import { instancesMissingFromSearch } from './search.js';
import { ExternalInstanceWriter, type SyncOutcome } from './write-external-instance.js';

/** What one write of a group commit came to. */
export type WriteResult<T> = { value: T } | { error: unknown };

/** The SQLite mirror: the one place that reads and writes it. */
export class Mirror {
  readonly external: ExternalReaders;
  readonly approvalInstances: ApprovalInstanceStore;
  readonly lists: MirrorLists;
  private readonly writer: ExternalInstanceWriter;

  private constructor(private readonly opened: OpenedMirrorDb, onQuery: OpenMirrorOptions['onQuery']) {
    this.external = new ExternalReaders(opened.db, opened.sqlite, onQuery);
    this.approvalInstances = new ApprovalInstanceStore(opened.db, (write) => this.writeSoon(write));
    this.lists = new MirrorLists(opened.db, opened.sqlite, onQuery);
    this.writer = new ExternalInstanceWriter(opened.db, opened.sqlite);
  }

  /** Opens (creating and migrating) the mirror at `path`. */
  static open(options: OpenMirrorOptions): Mirror {
    const opened = openMirrorDb(options);
    const mirror = new Mirror(opened, options.onQuery);
    mirror.writer.indexForSearch(instancesMissingFromSearch(opened.db));
    return mirror;
  }

  /** The raw connection, for EXPLAIN QUERY PLAN in tests and for the benchmark's hand-written SQL. */
  get sqlite(): OpenedMirrorDb['sqlite'] {
    return this.opened.sqlite;
  }

  get db(): OpenedMirrorDb['db'] {
    return this.opened.db;
  }

  /** Records a push that Feishu accepted (code 0), in a transaction of its own. */
  writeExternalInstance(payload: ExternalInstancePayload, syncedAt: number): SyncOutcome {
    try {
      return this.opened.sqlite.transaction(() => this.writer.apply(payload, syncedAt))();
    } finally {
      this.limitWal();
    }
  }

  private queued: { write: () => unknown; settle: (result: WriteResult<unknown>) => void }[] = [];

  /**
   * Runs `write` (mirror statements, synchronous) in one transaction with every write queued in
   * the same turn of the event loop: one commit for all of them, each still atomic on its own (a
   * savepoint), so one that throws leaves the others. Under load this halves the cost of a
   * write; alone, it waits one turn. Sync pushes and createInstance's intents share it.
   */
  writeSoon<T>(write: () => T): Promise<T> {
    return new Promise((resolve, reject) => {
      if (this.queued.length === 0) setImmediate(() => this.flush());
      this.queued.push({ write, settle: (result) => ('value' in result ? resolve(result.value as T) : reject(result.error)) });
    });
  }

  /** Records a push that Feishu accepted, group-committed with the writes of the same turn (see writeSoon). */
  writeExternalInstanceSoon(payload: ExternalInstancePayload, syncedAt: number): Promise<SyncOutcome> {
    return this.writeSoon(() => this.writer.apply(payload, syncedAt));
  }

  /** Several pushes in one transaction, each atomic on its own (see writeSoon). */
  writeExternalInstances(pushes: readonly { payload: ExternalInstancePayload; syncedAt: number }[]): WriteResult<SyncOutcome>[] {
    return this.inOneTransaction(pushes.map((push) => () => this.writer.apply(push.payload, push.syncedAt)));
  }

  private flush(): void {
    const batch = this.queued;
    this.queued = [];
    const results = this.inOneTransaction(batch.map((item) => item.write));
    batch.forEach((item, index) => item.settle(results[index]!));
  }

  private inOneTransaction<T>(writes: readonly (() => T)[]): WriteResult<T>[] {
    const sqlite = this.opened.sqlite;
    try {
      return sqlite.transaction(() =>
        writes.map((write): WriteResult<T> => {
          try {
            // Nested in the batch's transaction, better-sqlite3 makes this a savepoint.
            return { value: sqlite.transaction(write)() };
          } catch (error) {
            return { error };
          }
        }),
      )();
    } catch (error) {
      return writes.map(() => ({ error }));
    } finally {
      this.limitWal();
    }
  }

  /** After a commit (syncs and intents alike): keeps a file mirror's WAL bounded under sustained writes (see Checkpointer.limitWal). */
  private limitWal(): void {
    this.opened.checkpointer?.limitWal(this.opened.sqlite);
  }

  close(): void {
    if (this.opened.checkpointer) {
      this.opened.checkpointer.stop();
      // The WAL is folded into the file before the connection goes.
      this.opened.sqlite.pragma('wal_checkpoint(TRUNCATE)');
    }
    this.opened.sqlite.close();
  }
}
