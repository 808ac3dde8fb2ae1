import { type SQL, sql } from 'drizzle-orm';

/**
 * `column IN (the values of a JSON array bound to placeholder)`: one prepared statement serves
 * any number of values.
 */
export function inJsonArray(column: unknown, placeholder: string): SQL {
  return sql`${column} IN (SELECT value FROM json_each(${sql.placeholder(placeholder)}))`;
}
