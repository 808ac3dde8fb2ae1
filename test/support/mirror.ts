import { type InferSelectModel, type Table, sql } from 'drizzle-orm';
import { rowDecoder, selectColumns } from '../../src/mirror/columns.js';
import type { Mirror } from '../../src/mirror/mirror.js';

/** Every row of a mirror table, as its row type (tests look at what the mirror holds). */
export async function rowsOf<T extends Table>(mirror: Mirror, table: T): Promise<InferSelectModel<T>[]> {
  return rowDecoder(table)(await mirror.engine.all(sql`SELECT ${selectColumns(table)} FROM ${table}`));
}

/** The number of rows of a mirror table. */
export async function countOf(mirror: Mirror, table: Table): Promise<number> {
  const [row] = await mirror.engine.all<{ n: number | string }>(sql`SELECT count(*) AS n FROM ${table}`);
  return Number(row?.n ?? 0);
}
