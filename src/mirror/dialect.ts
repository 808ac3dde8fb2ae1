import { type SQL, type SQLWrapper, sql } from 'drizzle-orm';
import type { DialectName } from './engine.js';

/**
 * The SQL that differs between SQLite and PostgreSQL, side by side. Everything else the mirror
 * runs is the same text on both.
 */
export interface Dialect {
  name: DialectName;
  /** `column IN (…)`, the values bound as one parameter made by listParam: one statement for any number of values. */
  inList(column: SQLWrapper, placeholder: string): SQL;
  listParam(values: readonly (string | number)[]): unknown;
  /** `(number column, text column) IN (…)`, the pairs bound as one parameter: a JSON array of `[number, text]`. */
  inPairs(numberColumn: SQLWrapper, textColumn: SQLWrapper, placeholder: string): SQL;
  /** An aggregate of one JSON array per row, `[a, b, …]`, as a JSON array (text or parsed). */
  jsonArrayAgg(items: readonly SQLWrapper[]): SQL;
  /** A FROM item of the elements of the JSON array of objects held by `column` (text), named `item`. */
  jsonElements(column: SQLWrapper): SQL;
  /** A field of such an element, as text. */
  jsonElementField(field: string): SQL;
}

const sqlite: Dialect = {
  name: 'sqlite',
  inList: (column, placeholder) => sql`${column} IN (SELECT value FROM json_each(${sql.placeholder(placeholder)}))`,
  listParam: (values) => JSON.stringify(values),
  inPairs: (numberColumn, textColumn, placeholder) =>
    sql`(${numberColumn}, ${textColumn}) IN (SELECT value ->> 0, value ->> 1 FROM json_each(${sql.placeholder(placeholder)}))`,
  jsonArrayAgg: (items) => sql`json_group_array(json_array(${sql.join([...items], sql`, `)}))`,
  jsonElements: (column) => sql`json_each(${column}) AS item`,
  jsonElementField: (field) => sql.raw(`item.value ->> '${field}'`),
};

const postgres: Dialect = {
  name: 'postgres',
  inList: (column, placeholder) => sql`${column} = ANY(${sql.placeholder(placeholder)})`,
  listParam: (values) => values,
  inPairs: (numberColumn, textColumn, placeholder) =>
    sql`(${numberColumn}, ${textColumn}) IN (SELECT (pair ->> 0)::bigint, pair ->> 1 FROM json_array_elements(${sql.placeholder(placeholder)}::json) AS pair)`,
  jsonArrayAgg: (items) => sql`json_agg(json_build_array(${sql.join([...items], sql`, `)}))`,
  jsonElements: (column) => sql`json_array_elements(${column}::json) AS item`,
  jsonElementField: (field) => sql.raw(`item ->> '${field}'`),
};

export const DIALECTS: Record<DialectName, Dialect> = { sqlite, postgres };
