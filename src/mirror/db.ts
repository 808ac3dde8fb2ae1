import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { type BetterSQLite3Database, drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { Checkpointer } from './checkpointer.js';
import * as tables from './tables.js';

export type MirrorDb = BetterSQLite3Database<typeof tables>;

export const MIGRATIONS_FOLDER = fileURLToPath(new URL('../../drizzle', import.meta.url));

/**
 * The page size of a new mirror file: 2 KiB rather than SQLite's 4 KiB. A commit writes every page
 * it changed, whole, to the WAL, and a new instance changes about fifty pages, most of them leaves
 * of different indexes. With half the bytes a page, a lone push (every push at low load) commits
 * 4–9 % faster, the file is ~18 % smaller, and group commits and the list and search reads measure
 * the same (bench/OPTIMIZATIONS.md, item 25). 1 KiB pages made point reads slower (deeper trees)
 * and would not hold FTS5's 1000-byte segment pages.
 */
export const MIRROR_PAGE_SIZE = 2048;

export interface OpenMirrorOptions {
  /** A file path, or `:memory:` for a throwaway mirror. */
  path: string;
  /** Called with every SQL statement drizzle runs: tests count them. */
  onQuery?: (query: string, params: unknown[]) => void;
  /**
   * Checkpoint the WAL from a worker thread instead of after commits (file mirrors only; on by
   * default): the fsync of a checkpoint then never blocks a request.
   */
  backgroundCheckpoints?: boolean;
  /** With background checkpoints: the WAL size past which the writer truncates it (default 64 MiB). */
  walLimitBytes?: number;
  /** Told when a checkpoint fails (once per distinct failure), so that the failure reaches the log. */
  onCheckpointError?: (message: string) => void;
  /**
   * Run the writes of the request path (Mirror.submit) on a connection of their own in a worker
   * thread (file mirrors only; on by default), so that SQLite's work on them leaves the event loop
   * free; a lone sync push is then written ahead on a connection of its own (see Prewriter).
   * `:memory:` mirrors, and `false`, write on the calling thread.
   */
  writerThread?: boolean;
}

export interface OpenedMirrorDb {
  db: MirrorDb;
  sqlite: Database.Database;
  checkpointer: Checkpointer | undefined;
}

/** A connection to the mirror file: WAL, foreign keys on, drizzle over it. No migrations. */
export function openConnection(path: string, { onQuery, autoCheckpoint }: { onQuery?: OpenMirrorOptions['onQuery']; autoCheckpoint: boolean }): Omit<OpenedMirrorDb, 'checkpointer'> {
  const sqlite = new Database(path);
  // Only a new, empty file takes it: an existing mirror keeps the page size it was made with.
  sqlite.pragma(`page_size = ${MIRROR_PAGE_SIZE}`);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  // SQLite's temporary data (the statement journals of a write's statements, and of its savepoint
  // when it has one; the ephemeral tables of `IN (SELECT …)`) in memory, not in a file created and
  // deleted for it: a lone push commits ~10 % faster (bench/OPTIMIZATIONS.md, item 27).
  sqlite.pragma('temp_store = MEMORY');
  sqlite.pragma('busy_timeout = 5000');
  // A connection that commits also checkpoints, unless told not to: with the checkpoint worker on,
  // no connection that writes may.
  if (!autoCheckpoint) sqlite.pragma('wal_autocheckpoint = 0');
  const db = drizzle(sqlite, {
    schema: tables,
    logger: onQuery ? { logQuery: (query, params) => onQuery(query, params) } : false,
  });
  return { db, sqlite };
}

/** Opens the SQLite file (WAL, foreign keys on) and applies the drizzle-kit migrations. */
export function openMirrorDb(options: OpenMirrorOptions): OpenedMirrorDb {
  if (options.path !== ':memory:') mkdirSync(dirname(options.path), { recursive: true });
  const background = options.path !== ':memory:' && options.backgroundCheckpoints !== false;
  const { db, sqlite } = openConnection(options.path, { onQuery: options.onQuery, autoCheckpoint: !background });
  // An index a migration builds sorts its whole table in temporary storage: on disk, for that.
  sqlite.pragma('temp_store = FILE');
  migrate(db, { migrationsFolder: MIGRATIONS_FOLDER });
  sqlite.pragma('temp_store = MEMORY');
  const checkpointer = background
    ? new Checkpointer(options.path, { walLimitBytes: options.walLimitBytes, onError: options.onCheckpointError })
    : undefined;
  return { db, sqlite, checkpointer };
}
