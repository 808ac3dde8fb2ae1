import { type InferSelectModel, Table, is, sql } from 'drizzle-orm';
import { rowDecoder, selectColumns } from '../../src/mirror/columns.js';
import type { Mirror } from '../../src/mirror/mirror.js';
import * as tables from '../../src/mirror/tables.js';

/** Every row of a mirror table, as its row type (tests look at what the mirror holds). */
export async function rowsOf<T extends Table>(mirror: Mirror, table: T): Promise<InferSelectModel<T>[]> {
  return rowDecoder(table)(await mirror.engine.all(sql`SELECT ${selectColumns(table)} FROM ${table}`));
}

/** The number of rows of a mirror table. */
export async function countOf(mirror: Mirror, table: Table): Promise<number> {
  const [row] = await mirror.engine.all<{ n: number | string }>(sql`SELECT count(*) AS n FROM ${table}`);
  return Number(row?.n ?? 0);
}

/**
 * What the mirror's search index holds, as the engine stores it (SQLite: FTS5's index blocks;
 * PostgreSQL: each search row's id and row version): equal before and after a write that left
 * the index alone.
 */
export async function searchIndexState(mirror: Mirror): Promise<unknown[]> {
  if (mirror.engine.dialect === 'sqlite') return mirror.engine.all(sql`SELECT id, block FROM external_instance_search_data ORDER BY id`);
  return mirror.engine.all(sql`SELECT instance_pk AS id, xmin::text AS version FROM external_instance_search ORDER BY instance_pk`);
}

/** The ids of the instances that have a search row. */
export async function searchRowIds(mirror: Mirror): Promise<number[]> {
  const id = mirror.engine.dialect === 'sqlite' ? sql`rowid` : sql`instance_pk`;
  const rows = await mirror.engine.all<{ id: number }>(sql`SELECT ${id} AS id FROM external_instance_search`);
  return rows.map((row) => Number(row.id)).sort((a, b) => a - b);
}

/** The number of rows of every mirror table, by table: what a refused request must leave as it was. */
export async function mirrorRowCounts(mirror: Mirror): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const [name, table] of Object.entries(tables)) if (is(table, Table)) counts[name] = await countOf(mirror, table);
  return counts;
}
