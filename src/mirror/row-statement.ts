import type Database from 'better-sqlite3';
import { Column, type InferSelectModel, type Table, fillPlaceholders, getTableColumns } from 'drizzle-orm';

/** Reports each statement run, as drizzle's logger does (tests count statements with it). */
export type QueryLog = ((query: string, params: unknown[]) => void) | undefined;

export interface RowStatement<Row> {
  all(values?: Record<string, unknown>): Row[];
  get(values?: Record<string, unknown>): Row | undefined;
  /**
   * Each row with the values of the statement's extra expressions (see rowStatement); `leading`
   * are bound to the extras' own `?` parameters, which come before the query's.
   */
  allWithExtras(values?: Record<string, unknown>, leading?: readonly unknown[]): { row: Row; extras: unknown[] }[];
}

/**
 * A drizzle `select().from(table)` query, prepared once and run by better-sqlite3 directly.
 *
 * drizzle builds the SQL; each row comes back as an array of the table's columns, and a mapper
 * made once per statement turns it into the row object drizzle would have made (same keys,
 * booleans and other mapped modes decoded by their column). drizzle's own mapping walks a path
 * per column per row and was a third of a 50-row list page's time.
 *
 * When every column holds integers or text, SQLite writes each row as one JSON array
 * (`json_array(columns)`) that V8's JSON.parse reads back: better-sqlite3 makes a JS value per
 * column through V8's API, ~80 ns each, which for a page of 50 rows of 20-odd columns cost more
 * than SQLite's own work; one string and a parse cost about a third less. The values are the
 * same: integers as numbers (better-sqlite3 gives doubles too), text as strings, NULL as null.
 *
 * On the JSON path only, `options.extras` are SQL expressions read with each row into the same
 * JSON array (a subquery's `json_group_array` arrives as a nested array, not as a string; their
 * `?` parameters are bound before the query's, see allWithExtras), and
 * `options.only` reads only these columns (row keys): the rows then have no other properties.
 * Such partial rows must not reach anything that reads other columns (see MirrorLists.page).
 */
export function rowStatement<T extends Table>(
  sqlite: Database.Database,
  table: T,
  query: { toSQL(): { sql: string; params: unknown[] } },
  log: QueryLog,
  options: { extras?: readonly string[]; only?: ReadonlySet<string> } = {},
): RowStatement<InferSelectModel<T>> {
  const extras = options.extras ?? [];
  const { sql: drizzleSql, params } = query.toSQL();
  const columnsStatement = sqlite.prepare(drizzleSql).raw(true);
  const columns = Object.entries(getTableColumns(table) as Record<string, Column>);
  const selected = columnsStatement.columns().map((column) => column.name);
  const expected = columns.map(([, column]) => column.name);
  if (selected.join() !== expected.join()) {
    throw new Error(`rowStatement: the query must select every column of ${expected.join(', ')} in order, not ${selected.join(', ')}`);
  }
  const read = options.only ? columns.filter(([key]) => options.only!.has(key)) : columns;
  const jsonSql = asJsonArrays(drizzleSql, columns.map(([, column]) => column), read.map(([, column]) => column), extras);
  if (jsonSql === null && (extras.length > 0 || options.only)) throw new Error('rowStatement: extra expressions and partial rows need the JSON path (integer and text columns)');
  const jsonStatement = jsonSql === null ? null : sqlite.prepare(jsonSql).pluck(true);
  const sql = jsonSql ?? drizzleSql;
  const toRow = rowMapper<InferSelectModel<T>>(read);
  const bind = (values: Record<string, unknown> | undefined, leading?: readonly unknown[]) => {
    const filled = fillPlaceholders(params, values ?? {});
    const bound = leading && leading.length > 0 ? [...leading, ...filled] : filled;
    log?.(sql, bound);
    return bound;
  };
  if (jsonStatement) {
    const fromJson = (text: string) => toRow(JSON.parse(text) as unknown[]);
    return {
      all: (values) => (jsonStatement.all(...bind(values)) as string[]).map(fromJson),
      get: (values) => {
        const text = jsonStatement.get(...bind(values)) as string | undefined;
        return text === undefined ? undefined : fromJson(text);
      },
      allWithExtras: (values, leading) =>
        (jsonStatement.all(...bind(values, leading)) as string[]).map((text) => {
          const array = JSON.parse(text) as unknown[];
          return { row: toRow(array), extras: array.slice(read.length) };
        }),
    };
  }
  const all = (values: Record<string, unknown> | undefined) => (columnsStatement.all(...bind(values)) as unknown[][]).map(toRow);
  return {
    all,
    get: (values) => {
      const row = columnsStatement.get(...bind(values)) as unknown[] | undefined;
      return row ? toRow(row) : undefined;
    },
    allWithExtras: (values) => all(values).map((row) => ({ row, extras: [] })),
  };
}

/**
 * A function from the values of these columns, in this order, to the row object drizzle would
 * make of them (its keys, booleans and other mapped modes decoded by their column). Values past
 * the columns are ignored.
 */
export function rowMapper<Row>(columns: readonly (readonly [string, Column])[]): (values: readonly unknown[]) => Row {
  // Only columns with a mode (boolean, json, timestamp) decode their stored value.
  const decoders = columns.map(([, column]) => (column.mapFromDriverValue === Column.prototype.mapFromDriverValue ? null : column));
  // One object literal of fixed shape per row: V8 builds it far faster than key-by-key assignment.
  const members = columns.map(([key], index) =>
    decoders[index] ? `${JSON.stringify(key)}: v[${index}] === null ? null : d[${index}].mapFromDriverValue(v[${index}])` : `${JSON.stringify(key)}: v[${index}]`,
  );
  return new Function('d', `return (v) => ({ ${members.join(', ')} });`)(decoders) as (values: readonly unknown[]) => Row;
}

/** Whether JSON carries every value of these columns unchanged: integers and text, no REAL or BLOB. */
export const jsonSafe = (columns: readonly Column[]): boolean => columns.every((column) => ['integer', 'text'].includes(column.getSQLType()));

/**
 * The query with its column list as one `json_array(…)` of the columns read and the extras; null
 * when it does not start with exactly the list drizzle writes, or when a column may hold a REAL
 * (JSON would round it to 15 digits) or a BLOB (JSON cannot hold one).
 */
function asJsonArrays(sql: string, columns: readonly Column[], read: readonly Column[], extras: readonly string[]): string | null {
  if (!jsonSafe(columns)) return null;
  const prefix = `select ${columns.map((column) => `"${column.name}"`).join(', ')} from `;
  const list = read.map((column) => `"${column.name}"`);
  return sql.startsWith(prefix) ? `select json_array(${[...list, ...extras].join(', ')}) from ${sql.slice(prefix.length)}` : null;
}
