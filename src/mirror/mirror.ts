import { sql } from 'drizzle-orm';
import { type ObserveMirrorWrite, unobservedWrite } from '../ops/telemetry-hooks.js';
import { DefinitionStore } from './definitions.js';
import { DIALECTS } from './dialect.js';
import type { QueryLog, SqlEngine } from './engine.js';
import { IntentStore } from './intents.js';
import { CenterLists } from './center-lists.js';
import { MirrorLists } from './lists.js';
import { NativeStore } from './native-store.js';
import { MirrorReads } from './reads.js';
import { type SearchIndex, searchIndexFor } from './search.js';
import { PostgresEngine } from './postgres/engine.js';
import { SqliteEngine } from './sqlite/engine.js';
import { type AcceptedPush, type SyncOutcome, SyncWrites } from './sync-writes.js';

/** Where the mirror is: a SQLite file (`:memory:` for a throwaway mirror), or a PostgreSQL database. */
export type MirrorDatabase = { kind?: 'sqlite'; path: string } | { kind?: 'postgres'; url: string; poolSize?: number };

export type OpenMirrorOptions = MirrorDatabase & {
  /** Called with every SQL statement run: tests count them. */
  onQuery?: QueryLog;
  /** Runs each write of a push or an intent (metrics, traces). */
  observeWrite?: ObserveMirrorWrite;
};

/**
 * What Feishu accepted, kept and queried: the one place that reads and writes the mirror. Every
 * method is asynchronous; the SQL underneath is the engine's.
 */
export class Mirror {
  readonly reads: MirrorReads;
  readonly lists: MirrorLists;
  /** The approval center's task and cc lists, external and native entries together. */
  readonly center: CenterLists;
  readonly intents: IntentStore;
  readonly definitions: DefinitionStore;
  /** Feishu's events and reads of native instances, and the definitions subscribed to. */
  readonly native: NativeStore;
  private readonly syncs: SyncWrites;
  private readonly search: SearchIndex;

  constructor(
    readonly engine: SqlEngine,
    private readonly observeWrite: ObserveMirrorWrite = unobservedWrite,
  ) {
    const dialect = DIALECTS[engine.dialect];
    this.search = searchIndexFor(engine, engine.dialect);
    this.reads = new MirrorReads(engine, dialect);
    this.lists = new MirrorLists(engine, dialect, this.search);
    this.center = new CenterLists(engine, dialect);
    this.intents = new IntentStore(engine, observeWrite);
    this.definitions = new DefinitionStore(engine);
    this.native = new NativeStore(engine);
    this.syncs = new SyncWrites(engine, dialect, this.search);
  }

  /** Opens (creating and migrating) the mirror: SQLite at `path`, or PostgreSQL at `url`. */
  static async open(options: OpenMirrorOptions): Promise<Mirror> {
    const engine = 'url' in options ? await PostgresEngine.open(options) : SqliteEngine.open(options);
    const mirror = new Mirror(engine, options.observeWrite);
    await mirror.indexMissingFromSearch();
    return mirror;
  }

  /** Records a push Feishu accepted, in one transaction. */
  recordSync(push: AcceptedPush, syncedAt: number): Promise<SyncOutcome> {
    return this.observeWrite('sync_push', () => this.syncs.record(push, syncedAt));
  }

  /** Resolves when the database answers (readiness). */
  ping(): Promise<void> {
    return this.engine.ping();
  }

  close(): Promise<void> {
    return this.engine.close();
  }

  /**
   * Indexes the instances that have texts but no search row: those mirrored before the search
   * index existed. It walks the instances' ids and reads an instance's texts only when it has no
   * search row.
   */
  private async indexMissingFromSearch(): Promise<void> {
    const missing = await this.engine.all<{ id: number }>(this.search.unindexed);
    if (missing.length === 0) return;
    await this.engine.transaction(async (tx) => {
      for (const { id } of missing) {
        const rows = await tx.all<{ value: string }>(sql`SELECT DISTINCT value FROM external_texts WHERE instance_pk = ${id}`);
        await this.search.write(
          tx,
          id,
          rows.map((row) => row.value),
        );
      }
    });
  }
}
