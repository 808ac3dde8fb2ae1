import { Column, type InferSelectModel, type SQL, type Table, getTableColumns, sql } from 'drizzle-orm';

/**
 * A table's columns selected under their row keys (`"user_id" AS "userId"`), so that every engine
 * answers rows with the keys drizzle's row types have.
 */
export function selectColumns(table: Table, keys?: readonly string[]): SQL {
  const columns = getTableColumns(table);
  const chosen = keys ?? Object.keys(columns);
  return sql.join(
    chosen.map((key) => sql`${columns[key]!} AS ${sql.identifier(key)}`),
    sql`, `,
  );
}

/**
 * Turns rows as a driver answers them into the table's row type: only the columns whose drizzle
 * type decodes a driver value (SQLite's 0/1 booleans) are touched.
 */
export function rowDecoder<T extends Table>(table: T): (rows: Record<string, unknown>[]) => InferSelectModel<T>[] {
  const decoded = Object.entries(getTableColumns(table)).filter(
    ([, column]) => (column as Column).mapFromDriverValue !== Column.prototype.mapFromDriverValue,
  ) as [string, Column][];
  if (decoded.length === 0) return (rows) => rows as InferSelectModel<T>[];
  return (rows) => {
    for (const row of rows) {
      for (const [key, column] of decoded) {
        const value = row[key];
        if (value !== null && value !== undefined) row[key] = column.mapFromDriverValue(value);
      }
    }
    return rows as InferSelectModel<T>[];
  };
}
