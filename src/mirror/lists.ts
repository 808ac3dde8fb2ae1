import type Database from 'better-sqlite3';
import { type Column, type SQL, and, asc, count, desc, eq, getTableColumns, getTableName, gte, lt, sql } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import type { MirrorDb } from './db.js';
import { type QueryLog, jsonSafe, rowMapper, rowStatement } from './row-statement.js';
import { innerMap } from '../util/maps.js';
import { inJsonArray } from './sql.js';
import { type MirrorText, textOfRows } from './texts.js';
import { type KeysetKey, type PagePlan, boundForKind, pageOf, pastCursor, readDirection } from './keyset.js';
import {
  type ApprovalInstanceRow,
  type ExternalCcRow,
  type ExternalInstanceRow,
  type ExternalTaskRow,
  approvalInstances,
  externalCcEntries,
  externalInstances,
  externalTasks,
} from './tables.js';

/** A half-open time range in epoch milliseconds: from ≤ t < to. */
export interface TimeRange {
  from?: number | null;
  to?: number | null;
}

/** Exactly one of the two: whose approval center. */
export type UserRef = { userId: string; openId?: undefined } | { openId: string; userId?: undefined };

export interface ExternalInstanceListFilter {
  approvalCodes?: readonly string[] | null;
  statuses?: readonly string[] | null;
  initiator?: UserRef | null;
  departmentId?: string | null;
  startTime?: TimeRange | null;
  updateTime?: TimeRange | null;
  endTime?: TimeRange | null;
  /** An FTS5 query (see search.ts). */
  searchQuery?: string | null;
}

export interface ApprovalInstanceListFilter {
  approvalCodes?: readonly string[] | null;
  initiator?: UserRef | null;
  createdAt?: TimeRange | null;
  states?: readonly string[] | null;
}

export type ExternalInstanceSort = 'START_TIME' | 'UPDATE_TIME';

/**
 * One WHERE term: a key naming its shape (for the statement cache), its SQL, its values. The SQL
 * is built only when a statement of that shape is prepared, not for every request.
 */
interface Condition {
  key: string;
  sql: () => SQL;
  params: Record<string, string | number>;
}

/** A Condition. (Its SQL builder comes as an argument: tsx names a function assigned to a property each time one is made.) */
const condition = (key: string, params: Record<string, string | number>, build: () => SQL): Condition => ({ key, sql: build, params });

const ph = (name: string) => sql.placeholder(name);

/**
 * `column IN (values)`; a single value is an equality, so that an index on (column, sort) gives
 * the rows already in order (an IN list makes SQLite sort them).
 */
function listCondition(name: string, column: SQLiteColumn, values: readonly string[] | null | undefined): Condition[] {
  if (!values) return [];
  if (values.length === 1) return [condition(`${name}=`, { [name]: values[0]! }, () => eq(column, ph(name)))];
  return [condition(name, { [name]: JSON.stringify(values) }, () => inJsonArray(column, name))];
}

function equalCondition(name: string, column: SQLiteColumn, value: string | null | undefined): Condition[] {
  return value === null || value === undefined ? [] : [condition(name, { [name]: value }, () => eq(column, ph(name)))];
}

function rangeConditions(name: string, column: SQLiteColumn, range: TimeRange | null | undefined): Condition[] {
  const out: Condition[] = [];
  if (range?.from !== null && range?.from !== undefined) out.push(condition(`${name}From`, { [`${name}From`]: range.from }, () => gte(column, ph(`${name}From`))));
  if (range?.to !== null && range?.to !== undefined) out.push(condition(`${name}To`, { [`${name}To`]: range.to }, () => lt(column, ph(`${name}To`))));
  return out;
}

function userConditions(user: UserRef | null | undefined, userColumn: SQLiteColumn, openColumn: SQLiteColumn): Condition[] {
  if (!user) return [];
  return user.userId !== undefined ? equalCondition('userId', userColumn, user.userId) : equalCondition('openId', openColumn, user.openId);
}

const paramsOf = (conditions: Condition[]) => Object.assign({}, ...conditions.map((c) => c.params)) as Record<string, string | number>;
const shapeOf = (conditions: Condition[]) => conditions.map((c) => c.key).join(',');

interface Prepared<Row> {
  all(params: Record<string, unknown>): Row[];
  get(params: Record<string, unknown>): Row | undefined;
}

interface PreparedPage<Row> extends Prepared<Row> {
  allWithExtras(params: Record<string, unknown>, leading?: readonly unknown[]): { row: Row; extras: unknown[] }[];
  /** Whether the statement reads the page's texts, in every locale or in the asked ones (see MirrorLists.page). */
  readsTexts: boolean;
  /** How it reads each row's instance, when it does. */
  instance: InstanceReadAhead | null;
  /** The slot (index into the page's `locales`) of each `?` of its extra expressions, in order. */
  localeSlots: readonly number[];
}

/** A page statement's read of its rows' instances: the instance columns read, in order. */
interface InstanceReadAhead {
  keys: readonly (keyof ExternalInstanceRow & string)[];
  toRow: (values: readonly unknown[]) => ExternalInstanceRow;
  texts: readonly PageText<ExternalInstanceRow>[];
  localeTexts: readonly LocaleText<ExternalInstanceRow>[];
}

/**
 * A localized field of a page's rows whose texts are read with the page, by its row's instance
 * and text key columns (property names of the row).
 */
export interface PageText<Row> {
  instancePk: keyof Row & string;
  textKey: keyof Row & string;
}

/**
 * A localized field of a page's rows read with the page in given locales only: for each, the
 * text in that locale, else in its default locale (what `pickText` answers for an asked locale).
 * `slots` index the page's `locales`, the values of this request (a locale argument may be a
 * variable), so that one statement serves every request of a document.
 */
export interface LocaleText<Row> {
  text: PageText<Row>;
  slots: readonly number[];
}

/** A text read in one locale (see LocaleText): instance, text key, locale, the text (null when there is none). */
export type ResolvedText = [number, string, string, string | null];

/** A page of rows, with the texts asked for: (instance, text key, the text or null). */
export interface Page<Row> {
  /** Whole rows, or only the columns asked for (then not `shareable`). */
  rows: Row[];
  hasMore: boolean;
  texts: [number, string, MirrorText | null][];
  /** The texts read in the asked locales only (PageReads.localeTexts). */
  resolvedTexts: ResolvedText[];
  /**
   * Whether the rows may be handed to anything else (a DataLoader's cache, say): false when they
   * hold only the columns asked for, which a field of another part of the request may not be,
   * and when instances were read with them (`instances`), which answer only this page's fields.
   */
  shareable: boolean;
  /**
   * When read with the page (PageReads.instance), each row's instance, by index; null when the
   * row has none. These rows hold only the columns asked for, always: they are for the `instance`
   * field of their own page row only. Texts read with them are in `texts`.
   */
  instances: (ExternalInstanceRow | null)[] | null;
}

/** What a page reads besides its rows' keys: whole rows or only some columns, and texts. */
export interface PageReads<Row> {
  /** Row keys; null reads whole rows. */
  columns?: ReadonlySet<keyof Row & string> | null;
  /** Texts read in every locale. */
  texts?: readonly PageText<Row>[];
  /** Texts read in the asked locales only. */
  localeTexts?: readonly LocaleText<Row>[];
  /** Each row's external instance, read with the page (its `via` row key holds the instance's id). */
  instance?: PageInstanceReads<Row> | null;
}

/** The columns and texts of a page's rows' instances to read with the page. */
export interface PageInstanceReads<Row> {
  via: keyof Row & string;
  /** Instance row keys (`id` is always read). */
  columns: ReadonlySet<keyof ExternalInstanceRow & string>;
  texts: readonly PageText<ExternalInstanceRow>[];
  localeTexts: readonly LocaleText<ExternalInstanceRow>[];
}

/** A page's reads worked out for one list (see MirrorLists.readsPlan). */
interface ReadsPlan<Row> {
  /** The row keys of partial rows; null for whole rows. */
  only: Set<string> | null;
  instance: (PageInstanceReads<Row> & { keys: (keyof ExternalInstanceRow & string)[] }) | null;
  textsKey: string;
  /** The statement key's part for partial rows and instances; null when neither. */
  ownKey: string | null;
}

/** No reads asked for: whole rows, no texts. */
const WHOLE_ROWS = Object.freeze({});
/** No locales asked for. */
export const NO_LOCALES: readonly (string | null)[] = Object.freeze([]);

/** Every text these reads read, in every locale (`texts`) or in the asked ones (`localeTexts`). */
export function textsRead<Row>(reads: { texts?: readonly PageText<Row>[]; localeTexts?: readonly LocaleText<Row>[] }): PageText<Row>[] {
  return [...(reads.texts ?? []), ...(reads.localeTexts ?? []).map((read) => read.text)];
}

/** Prepared page statements of the pages' own shapes (partial rows, instances read ahead) stop being added past this many statements. */
const MAX_STATEMENTS = 512;

/** The rows (one per locale) of the text a row's (instance, key) columns name, as `x`. */
const textRowsOf = (tableName: string, instancePkColumn: string, textKeyColumn: string): string =>
  `FROM "external_texts" x WHERE x."instance_pk" = "${tableName}"."${instancePkColumn}" AND x."text_key" = "${tableName}"."${textKeyColumn}"`;

/** The texts of one (instance, key) pair of a row, as a JSON array of [locale, value, is_default]. */
function textsExpression(tableName: string, instancePkColumn: string, textKeyColumn: string): string {
  return `(SELECT json_group_array(json_array(x."locale", x."value", x."is_default")) ${textRowsOf(tableName, instancePkColumn, textKeyColumn)})`;
}

/**
 * The text of one (instance, key) pair of a row in the locale bound to its `?`, else in its default
 * locale (`pickText` for an asked locale); null when there is none. Every mirrored text has a row
 * in its default locale, marked `is_default` (PayloadTexts puts the default locale in every text,
 * and the key of a text is derived from its default locale and values, so all of a key's rows
 * agree): pickText's last resort, a text without its default locale, does not arise here. (A third
 * subquery for it cost ~10 µs a page per localized field, run or not.)
 */
function localeTextExpression(tableName: string, instancePkColumn: string, textKeyColumn: string): string {
  const of = textRowsOf(tableName, instancePkColumn, textKeyColumn);
  return `COALESCE((SELECT x."value" ${of} AND x."locale" = ?), (SELECT x."value" ${of} AND x."is_default" LIMIT 1))`;
}

/**
 * The extra expressions of texts read in the asked locales (see localeTextExpression) of a table's
 * rows, in order, each with the slot of the locale bound to its `?`.
 */
function localeTextExpressions<Row>(tableName: string, columns: Record<string, Column>, texts: readonly LocaleText<Row>[], slots: number[]): string[] {
  return texts.flatMap((read) =>
    read.slots.map((slot) => {
      slots.push(slot);
      return localeTextExpression(tableName, columns[read.text.instancePk]!.name, columns[read.text.textKey]!.name);
    }),
  );
}

/**
 * Adds to `resolved` the texts of `row` read with it in the asked locales: the values from
 * `values[offset]` on, in the order of localeTextExpressions. A slot without a locale this
 * request is skipped.
 */
function addRowResolvedTexts<Row>(row: Row, texts: readonly LocaleText<Row>[], locales: readonly (string | null)[], values: readonly unknown[], offset: number, resolved: ResolvedText[]): void {
  let index = offset;
  for (const read of texts) {
    const textKey = row[read.text.textKey] as string | null;
    for (const slot of read.slots) {
      const locale = locales[slot];
      if (textKey !== null && locale !== null && locale !== undefined) resolved.push([row[read.text.instancePk] as number, textKey, locale, values[index] as string | null]);
      index += 1;
    }
  }
}

/** How many extra expressions localeTextExpressions makes of these texts. */
const localeTextCount = (texts: readonly { slots: readonly number[] }[]): number => texts.reduce((sum, read) => sum + read.slots.length, 0);

/**
 * Adds to `found` the texts of `row` read with it, as (instance, text key, text): `values[offset + i]`
 * holds the `[locale, value, is_default]` rows of `texts[i]` (see textsExpression).
 */
function addRowTexts<Row>(row: Row, texts: readonly PageText<Row>[], values: readonly unknown[], offset: number, found: [number, string, MirrorText | null][]): void {
  texts.forEach((text, index) => {
    const textKey = row[text.textKey] as string | null;
    if (textKey !== null) found.push([row[text.instancePk] as number, textKey, textOfRows(textKey, values[offset + index] as [string, string, number][])]);
  });
}

/**
 * The instance of a row (whose `viaColumn` holds its id) as a JSON array of the given columns and
 * extra expressions of the instance (its texts); null when there is no such instance.
 */
function instanceExpression(tableName: string, viaColumn: string, columns: readonly Column[], extras: readonly string[]): string {
  const values = [...columns.map((column) => `"${INSTANCES}"."${column.name}"`), ...extras];
  return `(SELECT json_array(${values.join(', ')}) FROM "${INSTANCES}" WHERE "${INSTANCES}"."id" = "${tableName}"."${viaColumn}")`;
}

/**
 * The list queries behind the connections. Each distinct query shape (which filters are set,
 * which order, which direction, with or without a cursor) is prepared once and reused; filter
 * values, lists included (as JSON), are bound parameters.
 */
export class MirrorLists {
  private readonly statements = new Map<string, Prepared<unknown>>();
  private readonly readsPlans = new WeakMap<object, Map<string, ReadsPlan<unknown>>>();

  constructor(
    private readonly db: MirrorDb,
    private readonly sqlite: Database.Database,
    /** Reports the statements run, as drizzle's logger does (tests count statements with it). */
    private readonly log: QueryLog,
  ) {}

  private prepared<Row>(key: string, build: () => Prepared<Row>): Prepared<Row> {
    let statement = this.statements.get(key) as Prepared<Row> | undefined;
    if (!statement) {
      statement = build();
      this.statements.set(key, statement as Prepared<unknown>);
    }
    return statement;
  }

  /** Reads one page of a single-table list ordered by (sortColumn, id). */
  private page<Row>(
    name: string,
    table: typeof externalInstances | typeof externalTasks | typeof externalCcEntries | typeof approvalInstances,
    sortColumn: SQLiteColumn,
    idColumn: SQLiteColumn,
    conditions: Condition[],
    plan: PagePlan,
    reads: PageReads<Row> = WHOLE_ROWS,
    locales: readonly (string | null)[] = NO_LOCALES,
  ): Page<Row> {
    const reading = readDirection(plan);
    const all = plan.cursor
      ? [...conditions, condition('cursor', { cursorValue: plan.cursor.value, cursorId: plan.cursor.id }, () => pastCursor(sortColumn, idColumn, reading, 'cursorValue', 'cursorId'))]
      : conditions;
    const order = reading === 'DESC' ? desc : asc;
    const texts = reads.texts ?? [];
    const localeTexts = reads.localeTexts ?? [];
    const tableColumns = getTableColumns(table) as Record<string, SQLiteColumn>;
    const { only, instance, textsKey, ownKey } = this.readsPlan(name, reads, tableColumns, [sortColumn, idColumn]);
    const shape = `${name}|page|${reading}|${shapeOf(all)}|${textsKey}`;
    // Statements of the page's own shape (partial rows, instances read ahead) stop being added
    // past MAX_STATEMENTS.
    const ownShape = ownKey === null ? null : `${shape}|${ownKey}`;
    const own = ownShape !== null && (this.statements.has(ownShape) || this.statements.size < MAX_STATEMENTS);
    const partial = own && only !== null;
    const statement = this.prepared<Row>(own ? ownShape : `${shape}|*`, () => {
      const query = this.db
        .select()
        .from(table as typeof externalInstances)
        .where(and(...all.map((c) => c.sql())))
        .orderBy(order(sortColumn), order(idColumn))
        .limit(ph('limit'));
      // A subquery in the select list runs for every row that reaches it: for every match when
      // SQLite must sort them all before the LIMIT (a search, a list of statuses), where the
      // texts' and the instances' own statements read those of the page's rows only.
      const asksTexts = texts.length > 0 || localeTexts.length > 0;
      const readsAhead = (asksTexts || (own && instance !== null)) && !this.sortsEveryMatch(query);
      const readsTexts = readsAhead && asksTexts;
      const tableName = getTableName(table);
      const localeSlots: number[] = [];
      const extras = readsTexts
        ? [
            ...texts.map((text) => textsExpression(tableName, tableColumns[text.instancePk]!.name, tableColumns[text.textKey]!.name)),
            ...localeTextExpressions(tableName, tableColumns, localeTexts, localeSlots),
          ]
        : [];
      let instanceReads: InstanceReadAhead | null = null;
      if (readsAhead && own && instance) {
        const read = instance.keys.map((key) => [key, INSTANCE_COLUMNS[key]] as const);
        const instanceExtras = [
          ...instance.texts.map((text) => textsExpression(INSTANCES, INSTANCE_COLUMNS[text.instancePk].name, INSTANCE_COLUMNS[text.textKey].name)),
          ...localeTextExpressions(INSTANCES, INSTANCE_COLUMNS, instance.localeTexts, localeSlots),
        ];
        extras.push(instanceExpression(tableName, tableColumns[instance.via]!.name, read.map(([, column]) => column), instanceExtras));
        instanceReads = { keys: instance.keys, toRow: rowMapper<ExternalInstanceRow>(read), texts: instance.texts, localeTexts: instance.localeTexts };
      }
      const rows = rowStatement(this.sqlite, table, query, this.log, { extras, only: (partial && only) || undefined });
      return Object.assign(rows, { readsTexts, instance: instanceReads, localeSlots }) as unknown as Prepared<Row>;
    }) as PreparedPage<Row>;
    const params = { ...paramsOf(all), limit: plan.size + 1 };
    if (!statement.readsTexts && !statement.instance) return { ...pageOf(plan, statement.all(params)), texts: [], resolvedTexts: [], shareable: !partial, instances: null };
    const leading = statement.localeSlots.length === 0 ? NO_LOCALES : statement.localeSlots.map((slot) => locales[slot] ?? null);
    const read = pageOf(plan, statement.allWithExtras(params, leading));
    const found: [number, string, MirrorText | null][] = [];
    const resolved: ResolvedText[] = [];
    const textsRead = statement.readsTexts ? texts : [];
    const localeTextsRead = statement.readsTexts ? localeTexts : [];
    for (const { row, extras } of read.rows) {
      addRowTexts(row, textsRead, extras, 0, found);
      if (localeTextsRead.length > 0) addRowResolvedTexts(row, localeTextsRead, locales, extras, textsRead.length, resolved);
    }
    const instanceAt = textsRead.length + localeTextCount(localeTextsRead);
    const instances =
      statement.instance && this.instancesOf(statement.instance, read.rows.map((entry) => entry.extras[instanceAt] as unknown[] | null), locales, found, resolved);
    return { rows: read.rows.map((entry) => entry.row), hasMore: read.hasMore, texts: found, resolvedTexts: resolved, shareable: !partial && !instances, instances };
  }

  /**
   * The instances read with a page (each row's JSON array, or null) as rows, one object per
   * instance; their texts are added to `found` and `resolved`.
   */
  private instancesOf(
    reads: InstanceReadAhead,
    arrays: readonly (unknown[] | null)[],
    locales: readonly (string | null)[],
    found: [number, string, MirrorText | null][],
    resolved: ResolvedText[],
  ): (ExternalInstanceRow | null)[] {
    const byId = new Map<number, ExternalInstanceRow>();
    const idIndex = reads.keys.indexOf('id');
    return arrays.map((values) => {
      if (values === null) return null;
      const id = values[idIndex] as number;
      let row = byId.get(id);
      if (row) return row;
      byId.set(id, (row = reads.toRow(values)));
      addRowTexts(row, reads.texts, values, reads.keys.length, found);
      if (reads.localeTexts.length > 0) addRowResolvedTexts(row, reads.localeTexts, locales, values, reads.keys.length + reads.texts.length, resolved);
      return row;
    });
  }

  /**
   * What a page's reads come to for one list (`name`: a table and its order): the columns of
   * partial rows, the instances' columns, and the parts of the statement key they make. Worked
   * out once per PageReads object and list: the GraphQL side hands the same object for every
   * request of a document (see pageReadsFor).
   */
  private readsPlan<Row>(name: string, reads: PageReads<Row>, tableColumns: Record<string, SQLiteColumn>, orderColumns: readonly SQLiteColumn[]): ReadsPlan<Row> {
    const ofReads = innerMap(this.readsPlans, reads);
    const known = ofReads.get(name) as ReadsPlan<Row> | undefined;
    if (known) return known;
    const only = this.partialColumns(reads.columns ?? null, tableColumns, orderColumns, textsRead(reads), reads.instance?.via);
    const instance = reads.instance && INSTANCES_JSON_SAFE ? { ...reads.instance, keys: instanceColumns(reads.instance) } : null;
    const plan: ReadsPlan<Row> = {
      only,
      instance,
      textsKey: `${(reads.texts ?? []).map((text) => text.textKey).join(',')}|${localeTextsShape(reads.localeTexts ?? [])}`,
      ownKey: only || instance ? `${only ? [...only].join(',') : '*'}|${instance ? instanceShape(instance) : ''}` : null,
    };
    ofReads.set(name, plan as ReadsPlan<unknown>);
    return plan;
  }

  /** Whether SQLite sorts every row the query matches before its LIMIT (no index gives the order). */
  private sortsEveryMatch(query: { toSQL(): { sql: string; params: unknown[] } }): boolean {
    const { sql: text, params } = query.toSQL();
    const plan = this.sqlite.prepare(`EXPLAIN QUERY PLAN ${text}`).all(...params.map(() => null)) as { detail: string }[];
    return plan.some((step) => step.detail.startsWith('USE TEMP B-TREE FOR ORDER BY'));
  }

  /**
   * The row keys a partial page reads: those asked for, the keys of its order and of its texts.
   * Null for whole rows: none asked for, or all of them anyway.
   */
  private partialColumns<Row>(
    asked: ReadonlySet<keyof Row & string> | null,
    tableColumns: Record<string, SQLiteColumn>,
    orderColumns: readonly SQLiteColumn[],
    texts: readonly PageText<Row>[],
    instanceVia: (keyof Row & string) | undefined,
  ): Set<string> | null {
    if (!asked) return null;
    const keys = new Set<string>(asked);
    for (const [key, column] of Object.entries(tableColumns)) if (orderColumns.includes(column)) keys.add(key);
    for (const text of texts) keys.add(text.instancePk).add(text.textKey);
    if (instanceVia) keys.add(instanceVia);
    // In the table's order, so that one set of columns is one statement.
    const ordered = Object.keys(tableColumns).filter((key) => keys.has(key));
    return ordered.length === Object.keys(tableColumns).length ? null : new Set(ordered);
  }

  private count(
    name: string,
    table: typeof externalInstances | typeof externalTasks | typeof externalCcEntries | typeof approvalInstances,
    conditions: Condition[],
  ): number {
    const statement = this.prepared<{ n: number }>(`${name}|count|${shapeOf(conditions)}`, () =>
      this.db
        .select({ n: count() })
        .from(table as typeof externalInstances)
        .where(and(...conditions.map((c) => c.sql())))
        .prepare() as unknown as Prepared<{ n: number }>,
    );
    return statement.get(paramsOf(conditions))?.n ?? 0;
  }

  private externalInstanceConditions(filter: ExternalInstanceListFilter): Condition[] {
    const t = externalInstances;
    return [
      ...listCondition('approvalCodes', t.approvalCode, filter.approvalCodes),
      ...listCondition('statuses', t.status, filter.statuses),
      ...userConditions(filter.initiator, t.userId, t.openId),
      ...equalCondition('departmentId', t.departmentId, filter.departmentId),
      ...rangeConditions('start', t.startTime, filter.startTime),
      ...rangeConditions('update', t.updateTime, filter.updateTime),
      ...rangeConditions('end', t.endTime, filter.endTime),
      ...(filter.searchQuery
        ? [
            condition(
              'search',
              { search: filter.searchQuery },
              () => sql`${t.id} IN (SELECT rowid FROM external_instance_search WHERE external_instance_search MATCH ${ph('search')})`,
            ),
          ]
        : []),
    ];
  }

  /** `locales`: the values of the locale slots of `reads.localeTexts` (see LocaleText), this request. */
  externalInstancesPage(
    filter: ExternalInstanceListFilter,
    sort: ExternalInstanceSort,
    plan: PagePlan,
    reads: PageReads<ExternalInstanceRow> = WHOLE_ROWS,
    locales: readonly (string | null)[] = NO_LOCALES,
  ) {
    const column = sort === 'START_TIME' ? externalInstances.startTime : externalInstances.updateTime;
    return this.page<ExternalInstanceRow>(`ei-${sort}`, externalInstances, column, externalInstances.id, this.externalInstanceConditions(filter), plan, reads, locales);
  }

  externalInstancesCount(filter: ExternalInstanceListFilter): number {
    return this.count('ei', externalInstances, this.externalInstanceConditions(filter));
  }

  private approvalInstanceConditions(filter: ApprovalInstanceListFilter): Condition[] {
    const t = approvalInstances;
    return [
      ...listCondition('approvalCodes', t.approvalCode, filter.approvalCodes),
      ...userConditions(filter.initiator, t.userId, t.openId),
      ...rangeConditions('created', t.createdAt, filter.createdAt),
      ...listCondition('states', t.state, filter.states),
    ];
  }

  approvalInstancesPage(filter: ApprovalInstanceListFilter, plan: PagePlan): Page<ApprovalInstanceRow> {
    return this.page<ApprovalInstanceRow>('ai', approvalInstances, approvalInstances.createdAt, approvalInstances.id, this.approvalInstanceConditions(filter), plan);
  }

  approvalInstancesCount(filter: ApprovalInstanceListFilter): number {
    return this.count('ai', approvalInstances, this.approvalInstanceConditions(filter));
  }

  private taskConditions(user: UserRef, group: 'PENDING' | 'DONE'): Condition[] {
    return [
      ...userConditions(user, externalTasks.userId, externalTasks.openId),
      condition('group', { group }, () => eq(externalTasks.taskGroup, ph('group'))),
    ];
  }

  /**
   * A user's tasks, PENDING or DONE (approved, rejected, transferred), newest update first. A task
   * with status DONE is in neither group (see externalTasks.taskGroup).
   */
  tasksPage(user: UserRef, group: 'PENDING' | 'DONE', plan: PagePlan, reads: PageReads<ExternalTaskRow> = WHOLE_ROWS, locales: readonly (string | null)[] = NO_LOCALES) {
    return this.page<ExternalTaskRow>('task', externalTasks, externalTasks.updateTime, externalTasks.id, this.taskConditions(user, group), plan, reads, locales);
  }

  tasksCount(user: UserRef, group: 'PENDING' | 'DONE'): number {
    return this.count('task', externalTasks, this.taskConditions(user, group));
  }

  private ccConditions(user: UserRef, readStatus: string | null | undefined): Condition[] {
    return [...userConditions(user, externalCcEntries.userId, externalCcEntries.openId), ...equalCondition('readStatus', externalCcEntries.readStatus, readStatus)];
  }

  ccPage(user: UserRef, readStatus: string | null | undefined, plan: PagePlan, reads: PageReads<ExternalCcRow> = WHOLE_ROWS, locales: readonly (string | null)[] = NO_LOCALES) {
    return this.page<ExternalCcRow>('cc', externalCcEntries, externalCcEntries.updateTime, externalCcEntries.id, this.ccConditions(user, readStatus), plan, reads, locales);
  }

  ccCount(user: UserRef, readStatus: string | null | undefined): number {
    return this.count('cc', externalCcEntries, this.ccConditions(user, readStatus));
  }

  /** A raw statement (SQL drizzle cannot express), prepared once, reported to the query log when run. */
  private raw<Row>(key: string, build: () => string): { all(params: Record<string, unknown>): Row[]; get(params: Record<string, unknown>): Row | undefined } {
    const entry = this.prepared<Row>(key, () => {
      const text = build();
      const statement = this.sqlite.prepare(text);
      const log = (params: Record<string, unknown>) => this.log?.(text, Object.values(params));
      return {
        all: (params) => {
          log(params);
          return statement.all(params) as Row[];
        },
        get: (params) => {
          log(params);
          return statement.get(params) as Row | undefined;
        },
      };
    });
    return entry;
  }

  /**
   * What a user started, external and native (created) instances merged, ordered by
   * (update time, kind, id): kind 0 is external, 1 native. Each table is read through its own
   * (initiator, time) index and cut to the page size before the merge.
   */
  initiatedPage(user: UserRef, plan: PagePlan): { rows: InitiatedKey[]; hasMore: boolean } {
    const reading = readDirection(plan);
    const column = user.userId !== undefined ? 'user_id' : 'open_id';
    const statement = this.raw<InitiatedKey>(`initiated|${column}|${reading}|${plan.cursor ? 'cursor' : ''}`, () => {
      const op = reading === 'DESC' ? '<' : '>';
      const cursorTerm = (time: string, kind: number) => (plan.cursor ? `AND (${time}, id) ${op} (:value${kind}, :id${kind})` : '');
      const external = `SELECT 0 AS kind, id, update_time AS value FROM external_instances
        WHERE ${column} = :who ${cursorTerm('update_time', 0)}
        ORDER BY update_time ${reading}, id ${reading} LIMIT :limit`;
      const native = `SELECT 1 AS kind, id, updated_at AS value FROM approval_instances
        WHERE ${column} = :who AND state = 'CREATED' ${cursorTerm('updated_at', 1)}
        ORDER BY updated_at ${reading}, id ${reading} LIMIT :limit`;
      return `SELECT kind, id, value FROM (SELECT * FROM (${external}) UNION ALL SELECT * FROM (${native}))
        ORDER BY value ${reading}, kind ${reading}, id ${reading} LIMIT :limit`;
    });
    const params: Record<string, string | number> = { who: user.userId ?? user.openId ?? '', limit: plan.size + 1 };
    if (plan.cursor) {
      for (const kind of [0, 1]) {
        const bound = boundForKind(plan.cursor, kind, reading);
        params[`value${kind}`] = bound.value;
        params[`id${kind}`] = bound.id;
      }
    }
    return pageOf(plan, statement.all(params));
  }

  initiatedCount(user: UserRef): number {
    const column = user.userId !== undefined ? 'user_id' : 'open_id';
    const statement = this.raw<{ n: number }>(
      `initiated|count|${column}`,
      () => `SELECT (SELECT count(*) FROM external_instances WHERE ${column} = :who)
               + (SELECT count(*) FROM approval_instances WHERE ${column} = :who AND state = 'CREATED') AS n`,
    );
    return statement.get({ who: user.userId ?? user.openId ?? '' })?.n ?? 0;
  }
}

const INSTANCES = getTableName(externalInstances);
const INSTANCE_COLUMNS = getTableColumns(externalInstances) as Record<keyof ExternalInstanceRow & string, Column>;
/** Whether instance rows can be read as JSON (see rowStatement): they can, as long as no column is REAL or BLOB. */
const INSTANCES_JSON_SAFE = jsonSafe(Object.values(INSTANCE_COLUMNS));

/** The instance row keys a page reads with its rows: those asked for, `id` and the texts' keys, in the table's order. */
function instanceColumns<Row>(reads: PageInstanceReads<Row>): (keyof ExternalInstanceRow & string)[] {
  const keys = new Set<string>(reads.columns).add('id');
  for (const text of textsRead(reads)) keys.add(text.instancePk).add(text.textKey);
  return (Object.keys(INSTANCE_COLUMNS) as (keyof ExternalInstanceRow & string)[]).filter((key) => keys.has(key));
}

/** The part of a page statement's key that says how it reads its rows' instances. */
function instanceShape<Row>(instance: PageInstanceReads<Row> & { keys: readonly string[] }): string {
  return `${instance.via}:${instance.keys.join(',')}:${instance.texts.map((text) => text.textKey).join(',')}:${localeTextsShape(instance.localeTexts)}`;
}

/** The part of a page statement's key that says which texts it reads in which locale slots. */
function localeTextsShape<Row>(texts: readonly LocaleText<Row>[]): string {
  return texts.map((read) => `${read.text.textKey}@${read.slots.join('.')}`).join(',');
}

/** A row of the merged "initiated" list: which table, which row, its sort value. */
export interface InitiatedKey extends KeysetKey {
  kind: 0 | 1;
}
