import { type SQL, type SQLWrapper, and, eq, gte, lt, sql } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import type { Values } from './engine.js';
import type { SortDirection } from './keyset.js';
import type { TimeRange, UserRef } from './lists.js';

/** The WHERE terms list statements are made of (lists.ts, center-lists.ts). */

const ph = sql.placeholder;

/**
 * One WHERE term: its shape (a key for the statement cache), its values, and its SQL, built only
 * when a statement of that shape is first prepared.
 */
export interface Condition {
  key: string;
  values: Values;
  build(): SQL;
}

export const term = (key: string, values: Values, build: () => SQL): Condition => ({ key, values, build });
export const valuesOf = (conditions: readonly Condition[]): Values => Object.assign({}, ...conditions.map((c) => c.values)) as Values;
export const whereOf = (conditions: readonly Condition[]): SQL => and(...conditions.map((c) => c.build())) ?? sql`true`;

export const equal = (name: string, column: SQLiteColumn, value: string | null | undefined): Condition[] =>
  value == null ? [] : [term(`${name}=`, { [name]: value }, () => eq(column, ph(name)))];

export function within(name: string, column: SQLiteColumn, range: TimeRange | null | undefined): Condition[] {
  const terms: Condition[] = [];
  if (range?.from != null) terms.push(term(`${name}>=`, { [`${name}From`]: range.from }, () => gte(column, ph(`${name}From`))));
  if (range?.to != null) terms.push(term(`${name}<`, { [`${name}To`]: range.to }, () => lt(column, ph(`${name}To`))));
  return terms;
}

export function byUser(user: UserRef | null | undefined, userColumn: SQLiteColumn, openColumn: SQLiteColumn): Condition[] {
  if (!user) return [];
  return user.userId !== undefined ? equal('userId', userColumn, user.userId) : equal('openId', openColumn, user.openId);
}

/** `(sort, id)` strictly past (value, id) in the reading direction, bound to the placeholders `<prefix>Value` and `<prefix>Id`. */
export function pastCursor(
  prefix: string,
  sortColumn: SQLWrapper,
  idColumn: SQLWrapper,
  direction: SortDirection,
  cursor: { value: number; id: number },
): Condition {
  const op = sql.raw(direction === 'DESC' ? '<' : '>');
  return term(
    `${prefix}${direction}`,
    { [`${prefix}Value`]: cursor.value, [`${prefix}Id`]: cursor.id },
    () => sql`(${sortColumn}, ${idColumn}) ${op} (${ph(`${prefix}Value`)}, ${ph(`${prefix}Id`)})`,
  );
}

export const count = (rows: { n: number | string }[]): number => Number(rows[0]?.n ?? 0);
