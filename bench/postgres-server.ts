import pg from 'pg';
import { startPostgres as startEmbeddedPostgres } from '../test/support/postgres-server.js';

/**
 * The settings the benchmark's PostgreSQL runs with, beside the package's defaults. A commit does
 * not wait for its WAL to reach the disk, as SQLite's WAL with synchronous = NORMAL does not;
 * fsync and full-page writes stay on. The shared buffers and WAL are sized for a mirror of
 * 1,000,000 instances on a machine of 2 CPUs and 23 GiB.
 */
export const POSTGRES_SETTINGS: Record<string, string> = {
  synchronous_commit: 'off',
  shared_buffers: '1GB',
  max_wal_size: '8GB',
  max_connections: '200',
  listen_addresses: '127.0.0.1',
};

export interface PostgresServer {
  /** `postgres://…/` with no database: add one. */
  baseUrl: string;
  /** Runs statements on one of its databases (by default `postgres`, for CREATE DATABASE), each its rows. */
  query(statements: string[], database?: string): Promise<Record<string, unknown>[][]>;
  stop(): Promise<void>;
}

/** A PostgreSQL server started as the tests start theirs, with the benchmark's settings, in a temporary folder deleted when it stops. */
export async function startPostgres(): Promise<PostgresServer> {
  const server = await startEmbeddedPostgres({ settings: POSTGRES_SETTINGS, name: 'feishu-bench' });
  return {
    ...server,
    async query(statements, database = 'postgres') {
      const client = new pg.Client({ connectionString: `${server.baseUrl}${database}` });
      await client.connect();
      try {
        const results: Record<string, unknown>[][] = [];
        for (const statement of statements) results.push((await client.query(statement)).rows as Record<string, unknown>[]);
        return results;
      } finally {
        await client.end();
      }
    },
  };
}
