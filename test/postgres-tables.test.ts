import { getTableColumns, getTableName, isTable, type Table } from 'drizzle-orm';
import { getTableConfig as pgTableConfig } from 'drizzle-orm/pg-core';
import { getTableConfig as sqliteTableConfig } from 'drizzle-orm/sqlite-core';
import { describe, expect, it } from 'vitest';
import * as pgTables from '../src/mirror/postgres/tables.js';
import * as sqliteTables from '../src/mirror/tables.js';

/** The tables of a module, by name. */
const tablesOf = (module: Record<string, unknown>): Map<string, Table> =>
  new Map(
    Object.values(module)
      .filter((value): value is Table => isTable(value))
      .map((table) => [getTableName(table), table]),
  );

/**
 * The mirror's SQL is written once over the SQLite tables (src/mirror/tables.ts); PostgreSQL's
 * (src/mirror/postgres/tables.ts, what drizzle-kit migrates) must have the same tables, columns,
 * row keys and unique keys, or a statement fails on one engine only.
 */
describe('the PostgreSQL tables and the SQLite tables', () => {
  const sqlite = tablesOf(sqliteTables);
  const pg = tablesOf(pgTables);
  // Kept otherwise on SQLite (an FTS5 table of a migration of its own), and needed only by replicas.
  const postgresOnly = ['external_instance_search', 'feishu_rate_slots'];

  it('are the same tables', () => {
    expect([...pg.keys()].filter((name) => !postgresOnly.includes(name)).sort()).toEqual([...sqlite.keys()].sort());
  });

  it.each([...sqlite.keys()])('%s: the same row keys, column names, nullability, and unique and partial indexes', (name) => {
    const shape = (table: Table) =>
      Object.fromEntries(
        Object.entries(getTableColumns(table)).map(([key, column]) => [
          key,
          { name: column.name, notNull: column.notNull, generated: Boolean(column.generated) },
        ]),
      );
    const lite = sqlite.get(name)!;
    const post = pg.get(name)!;
    expect(shape(post)).toEqual(shape(lite));
    const liteIndexes = sqliteTableConfig(lite as never).indexes.map((index) => index.config);
    const postIndexes = pgTableConfig(post as never).indexes.map((index) => index.config);
    const names = (indexes: { name?: string; unique: boolean; where?: unknown }[], which: (index: { unique: boolean; where?: unknown }) => boolean) =>
      indexes
        .filter(which)
        .map((index) => index.name)
        .sort();
    expect(names(postIndexes, (index) => index.unique)).toEqual(names(liteIndexes, (index) => index.unique));
    expect(names(postIndexes, (index) => Boolean(index.where))).toEqual(names(liteIndexes, (index) => Boolean(index.where)));
    expect(names(postIndexes, () => true)).toEqual(names(liteIndexes, () => true));
  });
});
