import { statSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { type SQL, fillPlaceholders } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { SQLiteSyncDialect } from 'drizzle-orm/sqlite-core';
import {
  DatabaseUnavailableError,
  type PreparedSql,
  type QueryLog,
  type SqlEngine,
  type SqlRunner,
  type Statement,
  type Values,
  isPrepared,
} from '../engine.js';

export const SQLITE_MIGRATIONS = fileURLToPath(new URL('../../../drizzle', import.meta.url));

/** Prepared statements kept per connection; the least recently used goes past this. */
const STATEMENT_CACHE_SIZE = 500;

export interface SqliteOptions {
  /** A file path, or `:memory:`. */
  path: string;
  onQuery?: QueryLog;
}

/**
 * The mirror on one better-sqlite3 connection (WAL). better-sqlite3 is synchronous: a statement
 * runs to completion when called, and its promise is settled already. A transaction holds the
 * connection until it ends: statements of other requests wait for it, so that they never see its
 * writes before the commit, nor join it.
 */
export class SqliteEngine implements SqlEngine {
  readonly dialect = 'sqlite';
  private readonly renderer = new SQLiteSyncDialect();
  private readonly statements = new Map<string, Database.Statement>();
  /** Settles when the transaction under way ends; null when none is. */
  private busy: Promise<void> | null = null;
  /** The transactions asked for in this turn of the event loop, committed together at its end. */
  private turn: { work: (tx: SqlRunner) => Promise<unknown>; settle(outcome: Outcome): void }[] | null = null;
  private readonly runner: SqlRunner;
  private readonly control: Record<'begin' | 'commit' | 'rollback', Database.Statement>;

  private constructor(
    readonly sqlite: Database.Database,
    private readonly onQuery: QueryLog | undefined,
  ) {
    this.runner = { all: async (statement, values) => this.allNow(statement, values), run: async (statement, values) => this.runNow(statement, values) };
    this.control = { begin: sqlite.prepare('BEGIN IMMEDIATE'), commit: sqlite.prepare('COMMIT'), rollback: sqlite.prepare('ROLLBACK') };
  }

  /**
   * Opens (creating the file if need be, never its folder) and migrates the mirror file; throws
   * DatabaseUnavailableError naming the cause when it cannot.
   */
  static open(options: SqliteOptions): SqliteEngine {
    let sqlite: Database.Database | undefined;
    try {
      sqlite = new Database(options.path);
      sqlite.pragma('journal_mode = WAL');
    } catch (error) {
      sqlite?.close();
      throw new DatabaseUnavailableError(`cannot open the SQLite file ${options.path}: ${openFailure(options.path, error)}`, { cause: error });
    }
    sqlite.pragma('synchronous = NORMAL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('busy_timeout = 5000');
    // SQLite folds the WAL into the database file once it holds this many pages (~40 MB): each
    // fold copies the pages changed since the last one, once however often they changed.
    sqlite.pragma('wal_autocheckpoint = 10000');
    try {
      migrate(drizzle(sqlite), { migrationsFolder: SQLITE_MIGRATIONS });
    } catch (error) {
      sqlite.close();
      throw new DatabaseUnavailableError(`cannot migrate the SQLite file ${options.path}: ${firstLine(error)}`, { cause: error });
    }
    return new SqliteEngine(sqlite, options.onQuery);
  }

  prepare(query: SQL): PreparedSql {
    const { sql: text, params } = this.renderer.sqlToQuery(query);
    return { text, params };
  }

  async all<Row>(statement: Statement, values?: Values): Promise<Row[]> {
    while (this.busy) await this.busy;
    return this.allNow<Row>(statement, values);
  }

  async run(statement: Statement, values?: Values): Promise<number> {
    while (this.busy) await this.busy;
    return this.runNow(statement, values);
  }

  /**
   * Transactions asked for in the same turn of the event loop share one commit (a commit writes
   * every page it changed to the WAL, most of a push's cost alone). When one of them fails, the
   * shared transaction is rolled back and each is run again in a transaction of its own, so that
   * the failing one leaves the others.
   */
  transaction<T>(work: (tx: SqlRunner) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      if (!this.turn) {
        this.turn = [];
        setImmediate(() => void this.commitTurn());
      }
      this.turn.push({ work, settle: (outcome) => ('error' in outcome ? reject(outcome.error) : resolve(outcome.value as T)) });
    });
  }

  write<Row>(statement: Statement, values?: Values): Promise<Row[]> {
    return this.transaction((tx) => tx.all<Row>(statement, values));
  }

  private async commitTurn(): Promise<void> {
    const turn = this.turn!;
    this.turn = null;
    while (this.busy) await this.busy;
    let release!: () => void;
    this.busy = new Promise((resolve) => (release = resolve));
    try {
      let outcomes = turn.length > 1 ? await this.runTogether(turn) : null;
      if (!outcomes) {
        outcomes = [];
        for (const { work } of turn) outcomes.push(await this.runAlone(work));
      }
      for (const [index, item] of turn.entries()) item.settle(outcomes[index]!);
    } finally {
      this.busy = null;
      release();
    }
  }

  /** Runs the works in one transaction; null (rolled back) when one of them failed. */
  private async runTogether(turn: readonly { work: (tx: SqlRunner) => Promise<unknown> }[]): Promise<Outcome[] | null> {
    const outcomes: Outcome[] = [];
    this.control.begin.run();
    try {
      for (const { work } of turn) outcomes.push({ value: await work(this.runner) });
      this.control.commit.run();
      return outcomes;
    } catch {
      if (this.sqlite.inTransaction) this.control.rollback.run();
      return null;
    }
  }

  private async runAlone(work: (tx: SqlRunner) => Promise<unknown>): Promise<Outcome> {
    this.control.begin.run();
    try {
      const value = await work(this.runner);
      this.control.commit.run();
      return { value };
    } catch (error) {
      if (this.sqlite.inTransaction) this.control.rollback.run();
      return { error };
    }
  }

  async ping(): Promise<void> {
    this.sqlite.prepare('SELECT 1').get();
  }

  async close(): Promise<void> {
    while (this.busy || this.turn) await (this.busy ?? new Promise((resolve) => setImmediate(resolve)));
    if (!this.sqlite.open) return;
    // Folds the WAL into the database file, so that a stopped mirror is one file.
    this.sqlite.pragma('wal_checkpoint(TRUNCATE)');
    this.sqlite.close();
  }

  private allNow<Row>(statement: Statement, values: Values | undefined): Row[] {
    const [prepared, params] = this.bind(statement, values);
    // better-sqlite3 runs a statement that answers no rows with run() only (a write without RETURNING).
    if (!prepared.reader) {
      prepared.run(...params);
      return [];
    }
    return prepared.all(...params) as Row[];
  }

  private runNow(statement: Statement, values: Values | undefined): number {
    const [prepared, params] = this.bind(statement, values);
    return prepared.run(...params).changes;
  }

  private bind(statement: Statement, values: Values | undefined): [Database.Statement, unknown[]] {
    const { text, params } = isPrepared(statement) ? statement : this.prepare(statement);
    const filled = fillPlaceholders(params as unknown[], values ?? {}).map(toSqliteValue);
    this.onQuery?.(text, filled);
    return [this.statement(text), filled];
  }

  private statement(text: string): Database.Statement {
    let prepared = this.statements.get(text);
    if (prepared) {
      this.statements.delete(text);
    } else {
      prepared = this.sqlite.prepare(text);
      if (this.statements.size >= STATEMENT_CACHE_SIZE) this.statements.delete(this.statements.keys().next().value!);
    }
    this.statements.set(text, prepared);
    return prepared;
  }
}

type Outcome = { value: unknown } | { error: unknown };

/** SQLite binds no booleans: they are stored as 0 and 1. */
const toSqliteValue = (value: unknown): unknown => (typeof value === 'boolean' ? (value ? 1 : 0) : value);

/** Why a SQLite file could not be opened, in words: its folder missing, a folder in its place, or SQLite's own reason. */
function openFailure(path: string, error: unknown): string {
  const folder = dirname(path);
  if (!statSync(folder, { throwIfNoEntry: false })?.isDirectory()) return `its folder ${folder} does not exist (create it first)`;
  if (statSync(path, { throwIfNoEntry: false })?.isDirectory()) return 'it is a folder';
  return firstLine(error);
}

function firstLine(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  const message = error instanceof Error ? error.message.split('\n')[0]! : String(error);
  return typeof code === 'string' ? `${message} (${code})` : message;
}
