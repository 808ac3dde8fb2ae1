import { type SQL, getTableColumns, getTableName, sql } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import { rowDecoder } from './columns.js';
import type { Dialect } from './dialect.js';
import type { PreparedSql, SqlEngine } from './engine.js';
import { type PageReads, WHOLE_ROWS, pageSelect, withReadAhead } from './page-reads.js';
import { type KeysetKey, type PagePlan, boundForKind, pageOf, readDirection } from './keyset.js';
import type { SearchIndex } from './search.js';
import { type Condition, byUser, count, equal, pastCursor, term, valuesOf, whereOf, within } from './list-conditions.js';
import { approvalInstances, externalCcEntries, externalInstances, externalTasks } from './tables.js';

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
  /** Words that must all appear in the instance's texts (see search.ts). */
  search?: string | null;
}

export interface ApprovalInstanceListFilter {
  approvalCodes?: readonly string[] | null;
  initiator?: UserRef | null;
  createdAt?: TimeRange | null;
  states?: readonly string[] | null;
}

export type ExternalInstanceSort = 'START_TIME' | 'UPDATE_TIME';

/** The approval center's two task lists: PENDING, and DONE (approved, rejected or transferred). */
export type TaskGroup = 'PENDING' | 'DONE';

/** A row of the merged "initiated" list: which table (0 external, 1 native), which row, its sort value. */
export interface InitiatedKey extends KeysetKey {
  kind: 0 | 1;
}

export interface Page<Row> {
  rows: Row[];
  hasMore: boolean;
}

type Table = typeof externalInstances | typeof externalTasks | typeof externalCcEntries | typeof approvalInstances;

const ph = sql.placeholder;

/** The row key of a column of a table. */
const keyOf = (table: Table, column: SQLiteColumn): string => Object.entries(getTableColumns(table)).find(([, candidate]) => candidate === column)![0];

/** Prepared list statements kept; the least recently used goes past this. */
const STATEMENT_CACHE_SIZE = 500;

/**
 * The list queries behind the connections: keyset pages (a page is "the next N rows after this
 * key" in a fixed order, so rows written between two page calls never shift a page) and counts.
 * Each shape of query (which filters, which order, what the page reads) is rendered once; the
 * values are bound.
 */
export class MirrorLists {
  private readonly decode = {
    instances: rowDecoder(externalInstances),
    tasks: rowDecoder(externalTasks),
    cc: rowDecoder(externalCcEntries),
    approvalInstances: rowDecoder(approvalInstances),
  };
  private readonly statements = new Map<string, PreparedSql>();

  constructor(
    private readonly engine: SqlEngine,
    private readonly dialect: Dialect,
    private readonly search: SearchIndex,
  ) {}

  /** The statement of this shape, rendered once. */
  private prepared(key: string, build: () => SQL): PreparedSql {
    let statement = this.statements.get(key);
    if (statement) this.statements.delete(key);
    else {
      statement = this.engine.prepare(build());
      if (this.statements.size >= STATEMENT_CACHE_SIZE) this.statements.delete(this.statements.keys().next().value!);
    }
    this.statements.set(key, statement);
    return statement;
  }

  /** `column IN (values)`; one value is an equality, so that an index on (column, sort) gives the rows in order. */
  private oneOf(name: string, column: SQLiteColumn, values: readonly string[] | null | undefined): Condition[] {
    if (!values) return [];
    if (values.length === 1) return equal(name, column, values[0]);
    return [term(`${name}[]`, { [name]: this.dialect.listParam(values) }, () => this.dialect.inList(column, name))];
  }

  /** One page of a single-table list ordered by (sortColumn, id), with what `reads` asks for. */
  private async page<Row>(
    table: Table,
    sortColumn: SQLiteColumn,
    where: Condition[],
    plan: PagePlan,
    reads: PageReads,
    decode: (rows: Record<string, unknown>[]) => Row[],
  ): Promise<Page<Row>> {
    const direction = readDirection(plan);
    const conditions = plan.cursor ? [...where, pastCursor('cursor', sortColumn, table.id, direction, plan.cursor)] : where;
    const name = getTableName(table);
    const key = `${name}|${sortColumn.name} ${direction}|${conditions.map((c) => c.key).join(',')}|${JSON.stringify(reads)}`;
    const statement = this.prepared(key, () => {
      // The cursor of each row is made of its sort value and id.
      const ordered = reads.columns && { ...reads, columns: [...new Set([...reads.columns, 'id', keyOf(table, sortColumn)])] };
      const { columns, joins } = pageSelect(table, name, ordered ?? reads, this.dialect);
      const order = sql.raw(direction);
      return sql`SELECT ${columns} FROM ${table} ${joins} WHERE ${whereOf(conditions)}
          ORDER BY ${sortColumn} ${order}, ${table.id} ${order} LIMIT ${ph('limit')}`;
    });
    const rows = await this.engine.all<Record<string, unknown>>(statement, { ...valuesOf(conditions), limit: plan.size + 1 });
    return pageOf(plan, withReadAhead(rows, reads, decode));
  }

  private async count(table: Table, where: Condition[]): Promise<number> {
    const key = `${getTableName(table)}|count|${where.map((c) => c.key).join(',')}`;
    const statement = this.prepared(key, () => sql`SELECT count(*) AS n FROM ${table} WHERE ${whereOf(where)}`);
    return count(await this.engine.all(statement, valuesOf(where)));
  }

  private externalInstanceConditions(filter: ExternalInstanceListFilter): Condition[] {
    const x = externalInstances;
    return [
      ...this.oneOf('approvalCodes', x.approvalCode, filter.approvalCodes),
      ...this.oneOf('statuses', x.status, filter.statuses),
      ...byUser(filter.initiator, x.userId, x.openId),
      ...equal('departmentId', x.departmentId, filter.departmentId),
      ...within('start', x.startTime, filter.startTime),
      ...within('update', x.updateTime, filter.updateTime),
      ...within('end', x.endTime, filter.endTime),
      ...(filter.search ? [term('search', { search: this.search.query(filter.search) }, () => this.search.matches(x.id, 'search'))] : []),
    ];
  }

  externalInstancesPage(filter: ExternalInstanceListFilter, sort: ExternalInstanceSort, plan: PagePlan, reads: PageReads = WHOLE_ROWS) {
    const column = sort === 'START_TIME' ? externalInstances.startTime : externalInstances.updateTime;
    return this.page(externalInstances, column, this.externalInstanceConditions(filter), plan, reads, this.decode.instances);
  }

  externalInstancesCount(filter: ExternalInstanceListFilter): Promise<number> {
    return this.count(externalInstances, this.externalInstanceConditions(filter));
  }

  private approvalInstanceConditions(filter: ApprovalInstanceListFilter): Condition[] {
    const a = approvalInstances;
    return [
      ...this.oneOf('approvalCodes', a.approvalCode, filter.approvalCodes),
      ...byUser(filter.initiator, a.userId, a.openId),
      ...within('created', a.createdAt, filter.createdAt),
      ...this.oneOf('states', a.state, filter.states),
    ];
  }

  approvalInstancesPage(filter: ApprovalInstanceListFilter, plan: PagePlan) {
    return this.page(approvalInstances, approvalInstances.createdAt, this.approvalInstanceConditions(filter), plan, WHOLE_ROWS, this.decode.approvalInstances);
  }

  approvalInstancesCount(filter: ApprovalInstanceListFilter): Promise<number> {
    return this.count(approvalInstances, this.approvalInstanceConditions(filter));
  }

  /**
   * What a user started, external and native (created) instances merged, ordered by
   * (update time, kind, id). Each table is read through its own (initiator, time) index and cut
   * to the page size before the merge.
   */
  async initiatedPage(user: UserRef, plan: PagePlan): Promise<Page<InitiatedKey>> {
    const direction = readDirection(plan);
    const x = externalInstances;
    const a = approvalInstances;
    const cursors = (kind: 0 | 1, sortColumn: SQLiteColumn, idColumn: SQLiteColumn) =>
      plan.cursor ? [pastCursor(`cursor${kind}`, sortColumn, idColumn, direction, boundForKind(plan.cursor, kind, direction))] : [];
    const external = [...byUser(user, x.userId, x.openId), ...cursors(0, x.updateTime, x.id)];
    const native = [...byUser(user, a.userId, a.openId), ...cursors(1, a.updatedAt, a.id)];
    const statement = this.prepared(`initiated|${direction}|${external.map((c) => c.key).join(',')}`, () => {
      const order = sql.raw(direction);
      const externalRows = sql`SELECT 0 AS kind, ${x.id} AS id, ${x.updateTime} AS value FROM ${x} WHERE ${whereOf(external)}
        ORDER BY ${x.updateTime} ${order}, ${x.id} ${order} LIMIT ${ph('limit')}`;
      const nativeRows = sql`SELECT 1 AS kind, ${a.id} AS id, ${a.updatedAt} AS value FROM ${a} WHERE ${whereOf(native)} AND ${a.state} = 'CREATED'
        ORDER BY ${a.updatedAt} ${order}, ${a.id} ${order} LIMIT ${ph('limit')}`;
      return sql`SELECT kind, id, value FROM (SELECT * FROM (${externalRows}) AS e UNION ALL SELECT * FROM (${nativeRows}) AS n) AS merged
          ORDER BY value ${order}, kind ${order}, id ${order} LIMIT ${ph('limit')}`;
    });
    const rows = await this.engine.all<{ kind: number | string; id: number | string; value: number | string }>(statement, {
      ...valuesOf(external),
      ...valuesOf(native),
      limit: plan.size + 1,
    });
    return pageOf(
      plan,
      rows.map((row): InitiatedKey => ({ kind: Number(row.kind) as 0 | 1, id: Number(row.id), value: Number(row.value) })),
    );
  }

  async initiatedCount(user: UserRef): Promise<number> {
    const x = externalInstances;
    const a = approvalInstances;
    const external = byUser(user, x.userId, x.openId);
    const native = byUser(user, a.userId, a.openId);
    const statement = this.prepared(
      `initiated|count|${external.map((c) => c.key).join(',')}`,
      () =>
        sql`SELECT (SELECT count(*) FROM ${x} WHERE ${whereOf(external)}) + (SELECT count(*) FROM ${a} WHERE ${whereOf(native)} AND ${a.state} = 'CREATED') AS n`,
    );
    return count(await this.engine.all(statement, valuesOf([...external, ...native])));
  }
}
