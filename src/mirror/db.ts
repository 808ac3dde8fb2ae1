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
}

export interface OpenedMirrorDb {
  db: MirrorDb;
  sqlite: Database.Database;
  checkpointer: Checkpointer | undefined;
}

/** Opens the SQLite file (WAL, foreign keys on) and applies the drizzle-kit migrations. */
export function openMirrorDb(options: OpenMirrorOptions): OpenedMirrorDb {
  if (options.path !== ':memory:') mkdirSync(dirname(options.path), { recursive: true });
  const sqlite = new Database(options.path);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  const onQuery = options.onQuery;
  const db = drizzle(sqlite, {
    schema: tables,
    logger: onQuery ? { logQuery: (query, params) => onQuery(query, params) } : false,
  });
  migrate(db, { migrationsFolder: MIGRATIONS_FOLDER });
  let checkpointer: Checkpointer | undefined;
  if (options.path !== ':memory:' && options.backgroundCheckpoints !== false) {
    sqlite.pragma('wal_autocheckpoint = 0');
    checkpointer = new Checkpointer(options.path, { walLimitBytes: options.walLimitBytes, onError: options.onCheckpointError });
  }
  return { db, sqlite, checkpointer };
}
