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

/** The number of rows of every mirror table, by table: what a refused request must leave as it was. */
export async function mirrorRowCounts(mirror: Mirror): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const [name, table] of Object.entries(tables)) if (is(table, Table)) counts[name] = await countOf(mirror, table);
  return counts;
}
