import { statSync } from 'node:fs';
import { join } from 'node:path';
import { type PostgresServer, startPostgres } from './postgres-server.js';

/** The engines the mirror runs on, as `--engine=` names them. */
export const ENGINES = ['sqlite', 'postgres'] as const;
export type EngineName = (typeof ENGINES)[number];
export const ENGINE_TITLES: Record<EngineName, string> = { sqlite: 'SQLite', postgres: 'PostgreSQL' };

/**
 * Where one engine's mirrors live for the run. A mirror is named by its location: what
 * DATABASE_URL says for it (a SQLite file path, or a PostgreSQL database's URL).
 */
export interface MirrorHost {
  engine: EngineName;
  /** A new, empty mirror. */
  create(name: string): Promise<string>;
  /** What a deployment's upkeep does after a bulk load (PostgreSQL: VACUUM ANALYZE; SQLite: nothing). */
  settle(location: string): Promise<void>;
  /** The bytes a closed mirror takes. */
  bytes(location: string): Promise<number>;
  close(): Promise<void>;
}

/** SQLite mirrors: files in the run's folder. */
export function sqliteHost(folder: string): MirrorHost {
  const size = (path: string) => {
    try {
      return statSync(path).size;
    } catch {
      return 0;
    }
  };
  return {
    engine: 'sqlite',
    create: async (name) => join(folder, `${name}.sqlite`),
    settle: async () => undefined,
    // The file and its WAL, if any (closing the mirror folds the WAL in).
    bytes: async (path) => size(path) + size(`${path}-wal`),
    close: async () => undefined,
  };
}

/** PostgreSQL mirrors: a database each on one embedded server, started when the first is asked for. */
export function postgresHost(): MirrorHost {
  let server: Promise<PostgresServer> | undefined;
  const started = () => (server ??= startPostgres());
  const databaseOf = (url: string) => new URL(url).pathname.slice(1);
  return {
    engine: 'postgres',
    async create(name) {
      const pg = await started();
      await pg.query([`CREATE DATABASE ${name}`]);
      return `${pg.baseUrl}${name}`;
    },
    async settle(url) {
      await (await started()).query(['VACUUM (ANALYZE)'], databaseOf(url));
    },
    async bytes(url) {
      // The mirror's tables with their indexes and TOAST, without the catalog every database has.
      const [rows] = await (await started()).query(
        [`SELECT sum(pg_total_relation_size(format('%I.%I', schemaname, tablename)))::bigint AS bytes FROM pg_tables WHERE schemaname = 'public'`],
        databaseOf(url),
      );
      return Number(rows?.[0]?.bytes);
    },
    async close() {
      if (server) await (await server).stop();
    },
  };
}
