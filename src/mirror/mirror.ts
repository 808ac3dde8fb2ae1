import type { ExternalInstancePayload } from '../feishu/wire.js';
import type { PlainTexts } from '../translate/external-instance.js';
import { ApprovalInstanceStore } from './approval-instances.js';
import { CommittedRows } from './committed-rows.js';
import { type OpenMirrorOptions, type OpenedMirrorDb, openConnection, openMirrorDb } from './db.js';
import { MirrorLists } from './lists.js';
import { type PendingPush, Prewriter, PushWrite } from './prewrite.js';
import { ExternalReaders } from './read-external.js';
import { instancesMissingFromSearch } from './search.js';
import { ExternalInstanceWriter, type SyncOutcome } from './write-external-instance.js';
import { type MirrorWriter, SameThreadWriter } from './writer.js';
import { WriterThread } from './writer-thread.js';
import { MirrorWrites, type ResultOf, type WriteCommand, type WriteResult } from './writes.js';

export type { WriteResult } from './writes.js';

/** The SQLite mirror: the one place that reads and writes it. */
export class Mirror {
  readonly external: ExternalReaders;
  readonly approvalInstances: ApprovalInstanceStore;
  readonly lists: MirrorLists;
  /** Writes on this thread's connection: the synchronous methods below, and the writer of `:memory:` mirrors. */
  private readonly writes: MirrorWrites;
  /** Where the request path's writes run (submit). */
  private readonly writer: MirrorWriter;
  /** Writes a lone sync push while Feishu answers it (file mirrors with the writer thread). */
  private readonly prewriter: Prewriter | undefined;
  /**
   * Set when a commit of the request path on this thread left the WAL past its bound (file mirrors
   * with the writer thread): the writes then go to the writer thread, which truncates the WAL after
   * its commit, until it tells it did. A truncation copies what the checkpoint worker has not and
   * fsyncs (50–70 ms on the benchmark's machine, every ~700 lone pushes in a row): on this thread it
   * would stop every request for that long (bench/OPTIMIZATIONS.md, item 79).
   */
  private walPastLimit = false;

  private constructor(private readonly opened: OpenedMirrorDb, options: OpenMirrorOptions) {
    this.external = new ExternalReaders(opened.db, opened.sqlite, options.onQuery);
    this.approvalInstances = new ApprovalInstanceStore(opened.db, (write) => this.submit(write));
    this.lists = new MirrorLists(opened.db, opened.sqlite, options.onQuery);
    this.writes = new MirrorWrites(opened.db, opened.sqlite);
    const checkpointer = opened.checkpointer;
    this.writer =
      options.path !== ':memory:' && options.writerThread !== false
        ? new WriterThread(
            { path: options.path, walLimit: checkpointer?.walLimit },
            (wal) => {
              if (!wal) return;
              checkpointer?.report(wal);
              // The thread's commit found the WAL under the bound, or truncated it: this thread may commit again.
              if (wal === 'under-limit' || wal === 'truncated') this.walPastLimit = false;
            },
            (commands) => {
              if (this.walPastLimit) return undefined;
              const results = this.writes.applyAllIfUnlocked(commands);
              if (results) this.checkWalAfterCommitHere();
              return results;
            },
          )
        : new SameThreadWriter(this.writes, () => this.limitWal());
    if (this.writer instanceof WriterThread) {
      // A connection of its own: readers on this one never see a push before it commits.
      const ahead = openConnection(options.path, { autoCheckpoint: !checkpointer });
      this.prewriter = new Prewriter(
        ahead.sqlite,
        new ExternalInstanceWriter(ahead.db, ahead.sqlite),
        new CommittedRows(ahead.db, ahead.sqlite),
        () => this.writer.idle && !this.walPastLimit,
        () => this.checkWalAfterCommitHere(),
      );
    }
  }

  /** Opens (creating and migrating) the mirror at `path`. */
  static open(options: OpenMirrorOptions): Mirror {
    const opened = openMirrorDb(options);
    const mirror = new Mirror(opened, options);
    mirror.writes.external.indexForSearch(instancesMissingFromSearch(opened.db));
    return mirror;
  }

  /** The raw connection, for EXPLAIN QUERY PLAN in tests and for the benchmark's hand-written SQL. */
  get sqlite(): OpenedMirrorDb['sqlite'] {
    return this.opened.sqlite;
  }

  get db(): OpenedMirrorDb['db'] {
    return this.opened.db;
  }

  /**
   * A write of the request path, group-committed with every write submitted in the same turn of
   * the event loop (one commit for all, each atomic on its own), on the writer thread of a file
   * mirror. Settles once committed: what follows reads it back. Sync pushes and createInstance's
   * intents share it.
   */
  submit<W extends WriteCommand>(command: W): Promise<ResultOf<W>> {
    this.prewriter?.yieldToWrites();
    return this.writer.submit(command);
  }

  /**
   * A sync push about to be sent to Feishu, to record once Feishu accepted it (see PendingPush):
   * on a file mirror, a push alone is written while Feishu answers it, and committed when the
   * answer accepts it (see Prewriter); else, or when other writes are under way, as
   * writeExternalInstanceSoon writes it. `plainTexts`: every locale of the texts the payload
   * carries as plain strings.
   */
  pendingPush(payload: ExternalInstancePayload, plainTexts?: PlainTexts): PendingPush {
    return new PushWrite(
      payload,
      plainTexts,
      (accepted, syncedAt, payloadJson, texts) => this.writeExternalInstanceSoon(accepted, syncedAt, payloadJson, texts),
      this.prewriter,
    );
  }

  /** Sync pushes committed as written ahead of Feishu's answer (see Prewriter). */
  get prewrites(): number {
    return this.prewriter?.committed ?? 0;
  }

  /**
   * Records a push that Feishu accepted (see submit); `payloadJson`: the JSON text sent, kept as its
   * payload; `plainTexts`: every locale of the texts it carries as plain strings.
   */
  writeExternalInstanceSoon(payload: ExternalInstancePayload, syncedAt: number, payloadJson?: string, plainTexts?: PlainTexts): Promise<SyncOutcome> {
    return this.submit({ kind: 'syncPush', payload, syncedAt, payloadJson, plainTexts });
  }

  /** Transactions the request path's writes have committed: the writes of one turn make one. */
  get commits(): number {
    return this.writer.commits;
  }

  /** Records a push that Feishu accepted, now, on this thread, in a transaction of its own (seeding, tests). */
  writeExternalInstance(payload: ExternalInstancePayload, syncedAt: number, plainTexts?: PlainTexts): SyncOutcome {
    this.prewriter?.yieldToWrites();
    try {
      return this.opened.sqlite.transaction(() => this.writes.external.apply(payload, syncedAt, undefined, plainTexts))();
    } finally {
      this.limitWal();
    }
  }

  /** Several pushes now, on this thread, in one transaction, each atomic on its own. */
  writeExternalInstances(pushes: readonly { payload: ExternalInstancePayload; syncedAt: number; plainTexts?: PlainTexts }[]): WriteResult<SyncOutcome>[] {
    this.prewriter?.yieldToWrites();
    try {
      return this.writes.inOneTransaction(pushes.map((push) => () => this.writes.external.apply(push.payload, push.syncedAt, undefined, push.plainTexts)));
    } finally {
      this.limitWal();
    }
  }

  /**
   * After a commit of the request path on this thread, with the writer thread beside it: past the
   * bound, the next writes go to the writer thread, which truncates the WAL (see walPastLimit).
   */
  private checkWalAfterCommitHere(): void {
    if (this.opened.checkpointer?.pastLimit()) this.walPastLimit = true;
  }

  /**
   * After a commit on this thread's connection where no writer thread takes the truncation (the
   * synchronous writes above, `writerThread: false` mirrors): keeps a file mirror's WAL bounded
   * under sustained writes (see Checkpointer.limitWal).
   */
  private limitWal(): void {
    this.opened.checkpointer?.limitWal(this.opened.sqlite);
  }

  /** Commits what is queued, stops the writer, then closes the connection. */
  async close(): Promise<void> {
    this.prewriter?.close();
    await this.writer.close();
    if (this.opened.checkpointer) {
      this.opened.checkpointer.stop();
      // The WAL is folded into the file before the connection goes.
      this.opened.sqlite.pragma('wal_checkpoint(TRUNCATE)');
    }
    this.opened.sqlite.close();
  }
}
