import type { SQL } from 'drizzle-orm';

/** A statement rendered once for an engine's dialect; its `sql.placeholder(name)`s are filled on each run. */
export interface PreparedSql {
  readonly text: string;
  readonly params: readonly unknown[];
  /** PostgreSQL: the name it is prepared under on each connection. */
  readonly name?: string;
}

export type Statement = SQL | PreparedSql;

/** Named values for a statement's placeholders. */
export type Values = Record<string, unknown>;

/** Runs statements: the engine itself, or the engine inside one transaction. */
export interface SqlRunner {
  /** The rows a query (or a write with RETURNING) answers, keyed by the names it selects. */
  all<Row>(statement: Statement, values?: Values): Promise<Row[]>;
  /** Runs a write; answers how many rows it changed. */
  run(statement: Statement, values?: Values): Promise<number>;
}

/** Which SQL the mirror speaks: the few places where the two differ ask this (see dialect.ts). */
export type DialectName = 'sqlite' | 'postgres';

/**
 * A database the mirror runs on. Every method is asynchronous, whatever the driver underneath, so
 * that the mirror's code is the same on every engine.
 */
export interface SqlEngine extends SqlRunner {
  readonly dialect: DialectName;
  /** Renders a statement once, for statements run often. */
  prepare(query: SQL): PreparedSql;
  /**
   * Runs `work` in one transaction: committed when it resolves, rolled back when it throws. The
   * work must only run statements on `tx`: never wait for anything else (a Feishu call) in it.
   */
  transaction<T>(work: (tx: SqlRunner) => Promise<T>): Promise<T>;
  /**
   * One write statement (its RETURNING rows answered), committed on its own, or with the other
   * writes of this turn of the event loop where the engine gathers commits (SQLite).
   */
  write<Row>(statement: Statement, values?: Values): Promise<Row[]>;
  /** Resolves when the database answers a trivial query (readiness); rejects when it cannot. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** Reports each statement run (tests count statements with it). */
export type QueryLog = (query: string, params: readonly unknown[]) => void;

export const isPrepared = (statement: Statement): statement is PreparedSql => 'text' in statement && typeof statement.text === 'string';

/** The database could not be opened, reached or migrated at start-up: the message is one line naming the cause. */
export class DatabaseUnavailableError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'DatabaseUnavailableError';
  }
}
