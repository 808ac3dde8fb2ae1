import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import { Mirror, type OpenMirrorOptions } from '../../src/mirror/mirror.js';
import type { QueryLog } from '../../src/mirror/engine.js';
import { TEMPLATE_DATABASE, onServer } from './postgres-server.js';

export type EngineName = 'sqlite' | 'postgres';

/**
 * The engine the tests of this run's project use (vitest.config.ts: the `sqlite` project runs
 * every test, the `postgres` project the mirror's, queries' and mutations' again on PostgreSQL).
 */
export const ENGINE: EngineName = process.env.MIRROR_ENGINE === 'postgres' ? 'postgres' : 'sqlite';

/** A database of a test's own, and how to throw it away once closed. */
export interface TestDatabase {
  /** What DATABASE_URL says for it. */
  url: string;
  open: OpenMirrorOptions;
  /** Empties it for another test (its mirror must be closed). */
  drop(): Promise<void>;
}

/** This worker's PostgreSQL databases that tests closed, emptied, to be handed out again. */
const spare: string[] = [];

/** Every table of the mirror, emptied and its ids started again, so that the database is as the template made it. */
const EMPTY_ALL = `DO $$ BEGIN
  EXECUTE (SELECT 'TRUNCATE ' || string_agg(format('%I', tablename), ', ') || ' RESTART IDENTITY CASCADE' FROM pg_tables WHERE schemaname = 'public');
END $$`;

/**
 * A fresh, empty mirror database on this run's engine: SQLite in memory, or a PostgreSQL
 * database of the test's own, copied from the migrated template (or one a closed test emptied).
 */
export async function testDatabase(onQuery?: QueryLog): Promise<TestDatabase> {
  if (ENGINE === 'sqlite') return { url: ':memory:', open: { path: ':memory:', onQuery }, drop: async () => undefined };
  const baseUrl = inject('postgresBaseUrl');
  let name = spare.pop();
  if (!name) {
    name = `test_${randomBytes(6).toString('hex')}`;
    await onServer(baseUrl, [`CREATE DATABASE ${name} TEMPLATE ${TEMPLATE_DATABASE} STRATEGY FILE_COPY`]);
  }
  const url = `${baseUrl}${name}`;
  let dropped = false;
  return {
    url,
    open: { url, poolSize: 5, onQuery },
    async drop() {
      if (dropped) return;
      dropped = true;
      await onServer(url, [EMPTY_ALL], '');
      spare.push(name);
    },
  };
}

/** A fresh mirror on this run's engine; closing it throws its database away. */
export async function openTestMirror(onQuery?: QueryLog): Promise<Mirror> {
  const database = await testDatabase(onQuery);
  const mirror = await Mirror.open(database.open);
  const close = mirror.close.bind(mirror);
  mirror.close = async () => {
    await close();
    await database.drop();
  };
  return mirror;
}
