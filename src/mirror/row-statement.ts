import type Database from 'better-sqlite3';
import { Column, type InferSelectModel, type Table, fillPlaceholders, getTableColumns } from 'drizzle-orm';

/** Reports each statement run, as drizzle's logger does (tests count statements with it). */
export type QueryLog = ((query: string, params: unknown[]) => void) | undefined;

export interface RowStatement<Row> {
  all(values?: Record<string, unknown>): Row[];
  get(values?: Record<string, unknown>): Row | undefined;
}

/**
 * A drizzle `select().from(table)` query, prepared once and run by better-sqlite3 directly.
 *
 * drizzle builds the SQL; better-sqlite3 returns each row as an array of the table's columns, and
 * a mapper made once per statement turns it into the row object drizzle would have made (same
 * keys, booleans and other mapped modes decoded by their column). drizzle's own mapping walks a
 * path per column per row and was a third of a 50-row list page's time.
 */
export function rowStatement<T extends Table>(
  sqlite: Database.Database,
  table: T,
  query: { toSQL(): { sql: string; params: unknown[] } },
  log: QueryLog,
): RowStatement<InferSelectModel<T>> {
  const { sql, params } = query.toSQL();
  const statement = sqlite.prepare(sql).raw(true);
  const columns = Object.entries(getTableColumns(table) as Record<string, Column>);
  const selected = statement.columns().map((column) => column.name);
  const expected = columns.map(([, column]) => column.name);
  if (selected.join() !== expected.join()) {
    throw new Error(`rowStatement: the query must select every column of ${expected.join(', ')} in order, not ${selected.join(', ')}`);
  }
  // Only columns with a mode (boolean, json, timestamp) decode their stored value.
  const decoders = columns.map(([, column]) => (column.mapFromDriverValue === Column.prototype.mapFromDriverValue ? null : column));
  // One object literal of fixed shape per row: V8 builds it far faster than key-by-key assignment.
  const members = columns.map(([key], index) =>
    decoders[index] ? `${JSON.stringify(key)}: v[${index}] === null ? null : d[${index}].mapFromDriverValue(v[${index}])` : `${JSON.stringify(key)}: v[${index}]`,
  );
  const toRow = new Function('d', `return (v) => ({ ${members.join(', ')} });`)(decoders) as (values: unknown[]) => InferSelectModel<T>;
  const bind = (values: Record<string, unknown> | undefined) => {
    const bound = fillPlaceholders(params, values ?? {});
    log?.(sql, bound);
    return bound;
  };
  return {
    all: (values) => (statement.all(...bind(values)) as unknown[][]).map(toRow),
    get: (values) => {
      const row = statement.get(...bind(values)) as unknown[] | undefined;
      return row ? toRow(row) : undefined;
    },
  };
}
