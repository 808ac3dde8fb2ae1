import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { type SQL, fillPlaceholders } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import { PgDialect } from 'drizzle-orm/pg-core';
import pg from 'pg';
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

export { DatabaseUnavailableError };

export const POSTGRES_MIGRATIONS = fileURLToPath(new URL('../../../drizzle/postgres', import.meta.url));

/** Any number: the key of the session lock that lets one process at a time migrate a database. */
export const MIGRATION_LOCK = 0x6d6972726f72; // "mirror"

const INT8 = 20;
/** int8 (ids, epoch milliseconds, counts) as JS numbers: every such value is a safe integer. */
const types: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8 ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format ?? 'text')) as pg.CustomTypesConfig['getTypeParser'],
};

export interface PostgresOptions {
  /** `postgres://user:password@host:port/database` (or `postgresql://`). */
  url: string;
  /** Connections the pool keeps at most; a transaction holds one until it ends. */
  poolSize?: number;
  onQuery?: QueryLog;
}

/** The URL with its password masked, for messages. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'the configured DATABASE_URL';
  }
}

/**
 * The mirror on PostgreSQL, over a node-postgres pool: a statement runs on any free connection,
 * a transaction on a connection of its own from BEGIN to COMMIT, so that transactions of
 * different requests (and processes) run side by side; row locks order those that touch the same rows.
 */
export class PostgresEngine implements SqlEngine {
  readonly dialect = 'postgres';
  private readonly renderer = new PgDialect();

  private constructor(
    readonly pool: pg.Pool,
    private readonly onQuery: QueryLog | undefined,
  ) {}

  /** Connects and migrates (one process at a time); throws DatabaseUnavailableError when it cannot. */
  static async open(options: PostgresOptions): Promise<PostgresEngine> {
    const pool = new pg.Pool({ connectionString: options.url, max: options.poolSize ?? 10, types, connectionTimeoutMillis: 10_000 });
    // An idle connection that the server drops must not take the process down: the next query reconnects.
    pool.on('error', () => undefined);
    let client: pg.PoolClient;
    try {
      client = await pool.connect();
    } catch (error) {
      await pool.end();
      throw new DatabaseUnavailableError(`cannot connect to ${redactUrl(options.url)}: ${causeOf(error)}`, { cause: error });
    }
    try {
      await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
      try {
        await migrate(drizzle({ client }), { migrationsFolder: POSTGRES_MIGRATIONS });
      } finally {
        await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]);
      }
    } catch (error) {
      client.release();
      await pool.end();
      throw new DatabaseUnavailableError(`cannot migrate ${redactUrl(options.url)}: ${causeOf(error)}`, { cause: error });
    }
    client.release();
    return new PostgresEngine(pool, options.onQuery);
  }

  /**
   * A statement the caller keeps and runs again: it runs as a named prepared statement, planned once
   * per connection (PostgreSQL plans an unnamed statement on every run, which cost a page read more
   * than running it: docs/performance.md).
   */
  prepare(query: SQL): PreparedSql {
    const { text, params } = this.render(query);
    return { text, params, name: `m_${createHash('sha1').update(text).digest('hex').slice(0, 24)}` };
  }

  async all<Row>(statement: Statement, values?: Values): Promise<Row[]> {
    return allOn<Row>(this.pool, this.bind(statement, values));
  }

  async run(statement: Statement, values?: Values): Promise<number> {
    return runOn(this.pool, this.bind(statement, values));
  }

  /** PostgreSQL commits one statement as fast as it runs it: no gathering. */
  write<Row>(statement: Statement, values?: Values): Promise<Row[]> {
    return this.all<Row>(statement, values);
  }

  async transaction<T>(work: (tx: SqlRunner) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    const runner: SqlRunner = {
      all: (statement, values) => allOn(client, this.bind(statement, values)),
      run: (statement, values) => runOn(client, this.bind(statement, values)),
    };
    let broken: unknown;
    try {
      await client.query('BEGIN');
      const value = await work(runner);
      await client.query('COMMIT');
      return value;
    } catch (error) {
      await client.query('ROLLBACK').catch((rollbackError: unknown) => (broken = rollbackError));
      throw error;
    } finally {
      // A connection whose rollback failed is in an unknown state: the pool closes it.
      client.release(broken instanceof Error ? broken : undefined);
    }
  }

  /** Runs a statement written for PostgreSQL alone (the shared rate limits' lock, tests). */
  raw<Row>(text: string, params: unknown[] = []): Promise<Row[]> {
    return allOn<Row>(this.pool, { text, values: params });
  }

  async ping(): Promise<void> {
    await this.pool.query('SELECT 1');
  }

  async close(): Promise<void> {
    if (!this.pool.ended) await this.pool.end();
  }

  private render(query: SQL): PreparedSql {
    const { sql: text, params } = this.renderer.sqlToQuery(query);
    return { text, params };
  }

  private bind(statement: Statement, values: Values | undefined): pg.QueryConfig {
    const { text, params, name } = isPrepared(statement) ? statement : this.render(statement);
    const filled = fillPlaceholders(params as unknown[], values ?? {}).map((value) => (value === undefined ? null : value));
    this.onQuery?.(text, filled);
    return name === undefined ? { text, values: filled } : { name, text, values: filled };
  }
}

async function allOn<Row>(queryable: pg.Pool | pg.PoolClient, query: pg.QueryConfig): Promise<Row[]> {
  return (await queryable.query(query)).rows as Row[];
}

async function runOn(queryable: pg.Pool | pg.PoolClient, query: pg.QueryConfig): Promise<number> {
  return (await queryable.query(query)).rowCount ?? 0;
}

function causeOf(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length > 0) return causeOf(error.errors[0]);
  if (error instanceof Error)
    return (error as { code?: string }).code && !error.message ? String((error as { code?: string }).code) : error.message.split('\n')[0]!;
  return String(error);
}
