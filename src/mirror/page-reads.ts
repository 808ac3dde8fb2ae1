import { type Column, type SQL, type Table, getTableColumns, sql } from 'drizzle-orm';
import { rowDecoder } from './columns.js';
import type { Dialect } from './dialect.js';
import { externalInstances, externalTexts } from './tables.js';
import { type MirrorText, textOfRows } from './texts.js';

/**
 * What a page reads with its rows, so that one statement answers the fields asked for on them:
 * only the columns those fields need, their texts in the asked locale (or in every locale), and,
 * for tasks and cc entries, their instance with its own columns and texts.
 */
export interface PageReads {
  /** Row keys; null reads whole rows. */
  columns: readonly string[] | null;
  texts: readonly TextRead[];
  /** The row's instance (its id in `instancePk`); null when not asked for. */
  instance: Omit<PageReads, 'instance'> | null;
}

/** A localized field read with its row: the row key of its text key, and a locale (null: every locale). */
export interface TextRead {
  column: string;
  locale: string | null;
}

export const WHOLE_ROWS: PageReads = { columns: null, texts: [], instance: null };

const TEXT = '~text';
const INSTANCE = '~instance';
const textKey = (column: string, locale: string | null) => `${TEXT}:${column}:${locale ?? '*'}`;

/** A text read with a page's row (see PageReads): a string in the asked locale, or every locale; undefined when not read. */
export function textReadAhead(row: object, column: string, locale: string | null): string | MirrorText | null | undefined {
  return (row as Record<string, string | MirrorText | null | undefined>)[textKey(column, locale)];
}

/** The instance read with a page's row; undefined when not read. */
export function instanceReadAhead<Row>(row: object): Row | undefined {
  return (row as Record<string, Row | undefined>)[INSTANCE];
}

const x = externalTexts;

/** The columns of a page's rows, and the expressions of their texts. */
function selectList(table: Table, alias: string, reads: Omit<PageReads, 'instance'>, dialect: Dialect, prefix: string): SQL[] {
  const columns = getTableColumns(table) as Record<string, Column>;
  const ref = (key: string) => sql`${sql.identifier(alias)}.${sql.identifier(columns[key]!.name)}`;
  const keys = reads.columns ?? Object.keys(columns);
  const pk = table === externalInstances ? 'id' : 'instancePk';
  const selected = keys.map((key) => sql`${ref(key)} AS ${sql.identifier(prefix + key)}`);
  for (const read of reads.texts) {
    const rowsOfText = sql`FROM ${x} WHERE ${x.instancePk} = ${ref(pk)} AND ${x.textKey} = ${ref(read.column)}`;
    // The asked locale, else the default locale (every text has a row in it): what the field answers.
    const expression =
      read.locale === null
        ? sql`(SELECT ${dialect.jsonArrayAgg([x.locale, x.value, x.isDefault])} ${rowsOfText})`
        : sql`COALESCE((SELECT ${x.value} ${rowsOfText} AND ${x.locale} = ${read.locale}), (SELECT ${x.value} ${rowsOfText} AND ${x.isDefault}))`;
    selected.push(sql`${expression} AS ${sql.identifier(prefix + textKey(read.column, read.locale))}`);
  }
  return selected;
}

/**
 * The select list and joins of a page of `table` (aliased `alias`) that reads `reads`. `left`:
 * the instance is left-joined (a merged page whose rows of another table have none).
 */
export function pageSelect(table: Table, alias: string, reads: PageReads, dialect: Dialect, left = false): { columns: SQL; joins: SQL } {
  const selected = selectList(table, alias, reads, dialect, '');
  if (!reads.instance) return { columns: sql.join(selected, sql`, `), joins: sql`` };
  selected.push(...selectList(externalInstances, 'i', reads.instance, dialect, `${INSTANCE}.`));
  return {
    columns: sql.join(selected, sql`, `),
    joins: sql`${sql.raw(left ? 'LEFT JOIN' : 'JOIN')} ${externalInstances} AS i ON i.id = ${sql.identifier(alias)}.instance_pk`,
  };
}

const decodeInstances = rowDecoder(externalInstances);

/** Texts read in every locale: SQLite answers JSON text, PostgreSQL parsed JSON (null for none). */
function toText(key: string | null, value: unknown): MirrorText | null {
  if (key === null || value === null) return null;
  const rows = (typeof value === 'string' ? JSON.parse(value) : value) as [string, string, number | boolean][];
  return textOfRows(key, rows);
}

function decodeTexts(row: Record<string, unknown>, texts: readonly TextRead[]): void {
  for (const read of texts) {
    if (read.locale !== null) continue;
    const key = textKey(read.column, null);
    row[key] = toText(row[read.column] as string | null, row[key]);
  }
}

/** Turns a page's raw rows into rows with their texts and instances attached (see textReadAhead, instanceReadAhead). */
export function withReadAhead<Row>(rows: Record<string, unknown>[], reads: PageReads, decode: (rows: Record<string, unknown>[]) => Row[]): Row[] {
  if (reads.texts.length === 0 && !reads.instance) return decode(rows);
  const prefix = `${INSTANCE}.`;
  const instanceKeys = reads.instance ? Object.keys(rows[0] ?? {}).filter((key) => key.startsWith(prefix)) : [];
  for (const row of rows) {
    decodeTexts(row, reads.texts);
    if (!reads.instance) continue;
    const instance: Record<string, unknown> = {};
    for (const key of instanceKeys) instance[key.slice(prefix.length)] = row[key];
    decodeTexts(instance, reads.instance.texts);
    row[INSTANCE] = decodeInstances([instance])[0];
  }
  return decode(rows);
}
