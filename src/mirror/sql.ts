import { type SQL, sql } from 'drizzle-orm';

/**
 * `column IN (the values of a JSON array bound to placeholder)`: one prepared statement serves
 * any number of values.
 */
export function inJsonArray(column: unknown, placeholder: string): SQL {
  return sql`${column} IN (SELECT value FROM json_each(${sql.placeholder(placeholder)}))`;
}

/**
 * `{ column: placeholder(column) }` for every key: the values of a prepared insert or update.
 * Values are bound as they are given: booleans as 0/1 (SQLite binds no booleans).
 */
export function placeholders<K extends string>(keys: readonly K[]): Record<K, SQL> {
  return Object.fromEntries(keys.map((key) => [key, sql`${sql.placeholder(key)}`])) as unknown as Record<K, SQL>;
}

/** A boolean as SQLite stores it (it binds no booleans); null stays null. */
export const bit = (value: boolean | null | undefined): number | null => (value === null || value === undefined ? null : value ? 1 : 0);
