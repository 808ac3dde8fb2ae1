import { type SQL, getTableName, sql } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import { rowDecoder, selectColumns } from './columns.js';
import type { Dialect } from './dialect.js';
import type { PreparedSql, SqlEngine } from './engine.js';
import { type PagePlan, boundForKind, pageOf, readDirection } from './keyset.js';
import { type Condition, byUser, count, equal, pastCursor, valuesOf, whereOf } from './list-conditions.js';
import type { InitiatedKey, Page, TaskGroup, UserRef } from './lists.js';
import { type PageReads, WHOLE_ROWS, pageSelect, withReadAhead } from './page-reads.js';
import {
  type ExternalCcRow,
  type ExternalTaskRow,
  type NativeCcRow,
  type NativeTaskRow,
  approvalCcEntries,
  approvalTasks,
  externalCcEntries,
  externalTasks,
} from './tables.js';

/** A row of a merged approval-center list with its key: kind 0 external, 1 native. */
export interface CenterEntry<External, Native> {
  key: InitiatedKey;
  row: External | Native;
}

const ph = sql.placeholder;

/** The reads of a page, the row id among them (the rows are matched to their keys by it). */
const withId = (reads: PageReads): PageReads => (reads.columns ? { ...reads, columns: [...new Set([...reads.columns, 'id'])] } : reads);

type ExternalTable = typeof externalTasks | typeof externalCcEntries;
type NativeTable = typeof approvalTasks | typeof approvalCcEntries;

/** One kind of a merged list: its table, the sort column, and its WHERE terms. */
interface Side {
  table: ExternalTable | NativeTable;
  sort: SQLiteColumn;
  where: Condition[];
}

/**
 * The approval center's task and cc lists with native entries alongside external ones, in one
 * keyset order (update time, kind, id): one statement answers the page's keys from both tables
 * (each read through its own user index and cut to the page size), then one reads the external
 * rows (with what the page asks of them, their instance and texts) and one the native rows, so
 * that a page costs the same few statements whatever its size.
 */
export class CenterLists {
  private readonly statements = new Map<string, PreparedSql>();
  private readonly decode = {
    tasks: rowDecoder(externalTasks),
    cc: rowDecoder(externalCcEntries),
    nativeTasks: rowDecoder(approvalTasks),
    nativeCc: rowDecoder(approvalCcEntries),
  };

  constructor(
    private readonly engine: SqlEngine,
    private readonly dialect: Dialect,
  ) {}

  private prepared(key: string, build: () => SQL): PreparedSql {
    let statement = this.statements.get(key);
    if (!statement) {
      statement = this.engine.prepare(build());
      this.statements.set(key, statement);
    }
    return statement;
  }

  private taskSides(user: UserRef, group: TaskGroup): [Side, Side] {
    const x = externalTasks;
    const n = approvalTasks;
    return [
      { table: x, sort: x.updateTime, where: [...byUser(user, x.userId, x.openId), ...equal('group', x.taskGroup, group)] },
      { table: n, sort: n.updateTime, where: [...byUser(user, n.userId, n.openId), ...equal('group', n.taskGroup, group)] },
    ];
  }

  private ccSides(user: UserRef, readStatus: string | null | undefined): [Side, Side] {
    const x = externalCcEntries;
    const n = approvalCcEntries;
    return [
      { table: x, sort: x.updateTime, where: [...byUser(user, x.userId, x.openId), ...equal('readStatus', x.readStatus, readStatus)] },
      { table: n, sort: n.updateTime, where: [...byUser(user, n.userId, n.openId), ...equal('readStatus', n.readStatus, readStatus)] },
    ];
  }

  /**
   * A user's tasks of one group, external and native, newest update first. A task with status
   * DONE passed without its approver and is in neither group.
   */
  tasksPage(user: UserRef, group: TaskGroup, plan: PagePlan, reads: PageReads = WHOLE_ROWS): Promise<Page<CenterEntry<ExternalTaskRow, NativeTaskRow>>> {
    return this.page('tasks', this.taskSides(user, group), plan, reads, this.decode.tasks, this.decode.nativeTasks);
  }

  tasksCount(user: UserRef, group: TaskGroup): Promise<number> {
    return this.count('tasks', this.taskSides(user, group));
  }

  /** A user's cc entries, external and native, newest update first. */
  ccPage(
    user: UserRef,
    readStatus: string | null | undefined,
    plan: PagePlan,
    reads: PageReads = WHOLE_ROWS,
  ): Promise<Page<CenterEntry<ExternalCcRow, NativeCcRow>>> {
    return this.page('cc', this.ccSides(user, readStatus), plan, reads, this.decode.cc, this.decode.nativeCc);
  }

  ccCount(user: UserRef, readStatus: string | null | undefined): Promise<number> {
    return this.count('cc', this.ccSides(user, readStatus));
  }

  private async page<External, Native>(
    name: string,
    [external, native]: [Side, Side],
    plan: PagePlan,
    reads: PageReads,
    decodeExternal: (rows: Record<string, unknown>[]) => External[],
    decodeNative: (rows: Record<string, unknown>[]) => Native[],
  ): Promise<Page<CenterEntry<External, Native>>> {
    const direction = readDirection(plan);
    const cursor = (kind: 0 | 1, side: Side) =>
      plan.cursor ? [pastCursor(`cursor${kind}`, side.sort, side.table.id, direction, boundForKind(plan.cursor, kind, direction))] : [];
    const externalWhere = [...external.where, ...cursor(0, external)];
    const nativeWhere = [...native.where, ...cursor(1, native)];
    const statement = this.prepared(`${name}|page|${direction}|${externalWhere.map((c) => c.key).join(',')}|${JSON.stringify(reads)}`, () => {
      const order = sql.raw(direction);
      const side = (kind: 0 | 1, s: Side, where: Condition[]) =>
        sql`SELECT ${sql.raw(String(kind))} AS kind, ${s.table.id} AS id, ${s.sort} AS value FROM ${s.table} WHERE ${whereOf(where)}
          ORDER BY ${s.sort} ${order}, ${s.table.id} ${order} LIMIT ${ph('limit')}`;
      const keys = sql`SELECT kind, id, value FROM (SELECT * FROM (${side(0, external, externalWhere)}) AS e UNION ALL SELECT * FROM (${side(1, native, nativeWhere)}) AS n) AS merged
          ORDER BY value ${order}, kind ${order}, id ${order} LIMIT ${ph('limit')}`;
      // The external rows come with their keys (what the page reads of them); native ones are read after, by id.
      const table = external.table as ExternalTable;
      const { columns, joins } = pageSelect(table, getTableName(table), withId(reads), this.dialect, true);
      return sql`SELECT merged.kind AS "__kind", merged.id AS "__id", merged.value AS "__value", ${columns}
          FROM (${keys}) AS merged LEFT JOIN ${table} ON merged.kind = 0 AND ${table.id} = merged.id ${joins}
          ORDER BY merged.value ${order}, merged.kind ${order}, merged.id ${order}`;
    });
    const raw = await this.engine.all<Record<string, unknown>>(statement, { ...valuesOf(externalWhere), ...valuesOf(nativeWhere), limit: plan.size + 1 });
    const page = pageOf(plan, raw);
    const keyOf = (row: Record<string, unknown>): InitiatedKey => ({ kind: Number(row.__kind) as 0 | 1, id: Number(row.__id), value: Number(row.__value) });
    const externalRaw: Record<string, unknown>[] = [];
    for (const row of page.rows) {
      if (Number(row.__kind) !== 0) continue;
      const { __kind, __id, __value, ...columns } = row;
      externalRaw.push(columns);
    }
    const externalRows = new Map(withReadAhead(externalRaw, withId(reads), decodeExternal).map((row) => [(row as { id: number }).id, row]));
    const nativeIds = page.rows.filter((row) => Number(row.__kind) === 1).map((row) => Number(row.__id));
    const nativeRows = await this.nativeRows(native.table as NativeTable, nativeIds, decodeNative);
    const rows = page.rows.map((raw) => {
      const key = keyOf(raw);
      return { key, row: (key.kind === 0 ? externalRows.get(key.id) : nativeRows.get(key.id)) as External | Native };
    });
    return { rows: rows.filter((entry) => entry.row !== undefined), hasMore: page.hasMore };
  }

  private async nativeRows<Row>(table: NativeTable, ids: number[], decode: (rows: Record<string, unknown>[]) => Row[]): Promise<Map<number, Row>> {
    if (ids.length === 0) return new Map();
    const statement = this.prepared(
      `${getTableName(table)}|byIds`,
      () => sql`SELECT ${selectColumns(table)} FROM ${table} WHERE ${this.dialect.inList(table.id, 'ids')}`,
    );
    const rows = decode(await this.engine.all(statement, { ids: this.dialect.listParam(ids) }));
    return new Map(rows.map((row) => [(row as { id: number }).id, row]));
  }

  private async count(name: string, [external, native]: [Side, Side]): Promise<number> {
    const statement = this.prepared(
      `${name}|count|${external.where.map((c) => c.key).join(',')}`,
      () =>
        sql`SELECT (SELECT count(*) FROM ${external.table} WHERE ${whereOf(external.where)}) + (SELECT count(*) FROM ${native.table} WHERE ${whereOf(native.where)}) AS n`,
    );
    return count(await this.engine.all(statement, valuesOf([...external.where, ...native.where])));
  }
}
