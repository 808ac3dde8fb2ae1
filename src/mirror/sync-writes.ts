import { type Column, type SQL, sql } from 'drizzle-orm';
import type { ExternalInstancePayload, WireCcEntry, WireExternalTask } from '../feishu/wire.js';
import type { PlainTexts } from '../translate/external-instance.js';
import type { PlainText } from '../translate/i18n.js';
import type { Dialect } from './dialect.js';
import type { SqlEngine, SqlRunner } from './engine.js';
import { rowDecoder, selectColumns } from './columns.js';
import { RowInserts, columnList, writtenColumns } from './row-inserts.js';
import type { SearchIndex } from './search.js';
import {
  type ExternalInstanceRow,
  externalCcEntries,
  externalFormEntries,
  externalInstancePayloads,
  externalInstances,
  externalTasks,
  externalTexts,
} from './tables.js';
import { type MirrorText, PayloadTexts } from './texts.js';

/** What a push did to one mirrored object. */
export type MirrorWrite = 'INSERTED' | 'UPDATED' | 'STALE';

export interface SyncCounts {
  inserted: number;
  updated: number;
  /** Left untouched: an UPDATE push whose updateTime was not newer than the mirrored one. */
  stale: number;
  /** Removed by a REPLACE push that no longer lists them. */
  deleted: number;
}

export interface SyncOutcome {
  instancePk: number;
  instance: MirrorWrite;
  /** The instance's row as the push left it. */
  mirrored: ExternalInstanceRow;
  tasks: SyncCounts;
  ccEntries: SyncCounts;
}

/** A push Feishu accepted, to record. */
export interface AcceptedPush {
  payload: ExternalInstancePayload;
  /** The JSON text sent to Feishu: kept as the push's payload. */
  payloadJson: string;
  /**
   * Every locale of the texts the payload carries as plain strings (task node_name, cc title),
   * when the push was translated here; without it they are kept in the default locale only.
   */
  plainTexts?: PlainTexts;
}

type Mode = 'REPLACE' | 'UPDATE';

const ph = sql.placeholder;
const decodeInstances = rowDecoder(externalInstances);
const id = (name: string) => sql.identifier(name);

const setFromExcluded = (columns: readonly [string, Column][]) =>
  sql.join(
    columns.map(([, column]) => sql`${id(column.name)} = excluded.${id(column.name)}`),
    sql`, `,
  );

/**
 * Rows of one kind hanging off an instance (tasks, cc entries), upserted in one statement per
 * push: in UPDATE mode a row is written only when its update time is newer.
 */
function childUpserts<Row extends Record<string, unknown>>(
  engine: SqlEngine,
  table: typeof externalTasks | typeof externalCcEntries,
  keyColumn: Column,
): Record<Mode, RowInserts<Row>> {
  const columns = writtenColumns(table);
  const changing = columns.filter(([, column]) => column !== table.instancePk && column !== keyColumn);
  const upsert = (condition: SQL) =>
    new RowInserts<Row>(
      engine,
      table,
      columns,
      sql`ON CONFLICT (${id(table.instancePk.name)}, ${id(keyColumn.name)}) DO UPDATE SET ${setFromExcluded(changing)} ${condition}
          RETURNING ${id(keyColumn.name)} AS ${id('key')}`,
    );
  return { REPLACE: upsert(sql``), UPDATE: upsert(sql`WHERE excluded.update_time > ${table}.update_time`) };
}

/**
 * Records pushes that Feishu accepted, by its versioning rules, each in one transaction:
 * - REPLACE (the default): the push is the whole truth; tasks and cc entries it does not list are deleted.
 * - UPDATE: the instance, each task and each cc entry is written only when its update time is
 *   newer than the mirrored one; nothing is deleted.
 * Each of these is one conditional statement, so that pushes of one instance arriving at once
 * (from several processes sharing the mirror) leave the newest. A push that changed anything is
 * recorded with its exact payload and the time; a push stale through and through changes nothing.
 */
export class SyncWrites {
  private readonly s;
  private readonly instanceColumns = writtenColumns(externalInstances, ['firstSyncedAt', 'revision']);

  constructor(
    private readonly engine: SqlEngine,
    private readonly dialect: Dialect,
    private readonly search: SearchIndex,
  ) {
    const x = externalInstances;
    const columns = this.instanceColumns;
    const changing = columns.filter(([, column]) => column !== x.approvalCode && column !== x.instanceId);
    const upsertInstance = (condition: SQL) =>
      engine.prepare(
        sql`INSERT INTO ${x} (${columnList(columns)}, ${id(x.firstSyncedAt.name)})
            VALUES (${sql.join(
              columns.map(([key]) => ph(key)),
              sql`, `,
            )}, ${ph('lastSyncedAt')})
            ON CONFLICT (${id(x.approvalCode.name)}, ${id(x.instanceId.name)})
            DO UPDATE SET ${setFromExcluded(changing)}, ${id(x.revision.name)} = ${x}.${id(x.revision.name)} + 1 ${condition}
            RETURNING ${selectColumns(x)}`,
      );
    const t = externalTasks;
    const c = externalCcEntries;
    const f = externalFormEntries;
    const texts = externalTexts;
    const pk = ph('pk');
    const textKeys = sql`SELECT title_text AS k FROM ${x} WHERE id = ${pk}
      UNION ALL SELECT user_name_text FROM ${x} WHERE id = ${pk}
      UNION ALL SELECT department_name_text FROM ${x} WHERE id = ${pk}
      UNION ALL SELECT name_text FROM ${f} WHERE instance_pk = ${pk}
      UNION ALL SELECT value_text FROM ${f} WHERE instance_pk = ${pk}
      UNION ALL SELECT title_text FROM ${t} WHERE instance_pk = ${pk}
      UNION ALL SELECT node_name_text FROM ${t} WHERE instance_pk = ${pk}
      UNION ALL SELECT ${dialect.jsonElementField('actionNameText')} FROM ${t} AS task, ${dialect.jsonElements(sql`task.action_configs`)} WHERE task.instance_pk = ${pk}
      UNION ALL SELECT title_text FROM ${c} WHERE instance_pk = ${pk}`;
    this.s = {
      upsertInstance: { REPLACE: upsertInstance(sql``), UPDATE: upsertInstance(sql`WHERE excluded.update_time > ${x}.update_time`) },
      instanceRow: engine.prepare(
        sql`SELECT ${selectColumns(x)} FROM ${x} WHERE ${x.approvalCode} = ${ph('approvalCode')} AND ${x.instanceId} = ${ph('instanceId')}`,
      ),
      children: engine.prepare(
        sql`SELECT 'task' AS ${id('kind')}, task_id AS ${id('key')} FROM ${t} WHERE instance_pk = ${pk} UNION ALL SELECT 'cc', cc_id FROM ${c} WHERE instance_pk = ${pk}`,
      ),
      upsertTasks: childUpserts<TaskRow>(engine, t, t.taskId),
      upsertCc: childUpserts<CcRow>(engine, c, c.ccId),
      deleteTasksNotIn: engine.prepare(sql`DELETE FROM ${t} WHERE ${t.instancePk} = ${pk} AND NOT (${dialect.inList(t.taskId, 'keep')})`),
      deleteCcNotIn: engine.prepare(sql`DELETE FROM ${c} WHERE ${c.instancePk} = ${pk} AND NOT (${dialect.inList(c.ccId, 'keep')})`),
      deleteForm: engine.prepare(sql`DELETE FROM ${f} WHERE ${f.instancePk} = ${pk}`),
      insertForm: new RowInserts<FormRow>(engine, f, writtenColumns(f)),
      insertTexts: new RowInserts<TextRow>(engine, texts, writtenColumns(texts), sql`ON CONFLICT DO NOTHING`),
      deleteUnreferencedTexts: engine.prepare(
        sql`DELETE FROM ${texts} WHERE ${texts.instancePk} = ${pk} AND ${texts.textKey} NOT IN (SELECT k FROM (${textKeys}) AS referenced WHERE k IS NOT NULL)`,
      ),
      textValues: engine.prepare(sql`SELECT DISTINCT ${texts.value} AS value FROM ${texts} WHERE ${texts.instancePk} = ${pk}`),
      savePayload: engine.prepare(
        sql`INSERT INTO ${externalInstancePayloads} (instance_pk, payload) VALUES (${pk}, ${ph('payload')})
            ON CONFLICT (instance_pk) DO UPDATE SET payload = excluded.payload`,
      ),
      touchInstance: engine.prepare(sql`UPDATE ${x} SET last_synced_at = ${ph('syncedAt')} WHERE ${x.id} = ${pk} RETURNING ${selectColumns(x)}`),
    };
  }

  record(push: AcceptedPush, syncedAt: number): Promise<SyncOutcome> {
    return this.engine.transaction((tx) => this.write(tx, push, syncedAt));
  }

  private async write(tx: SqlRunner, push: AcceptedPush, syncedAt: number): Promise<SyncOutcome> {
    const { payload } = push;
    const s = this.s;
    const texts = new PayloadTexts(payload.i18n_resources);
    const plain = push.plainTexts;
    const mode: Mode = payload.update_mode === 'UPDATE' ? 'UPDATE' : 'REPLACE';
    const instanceValues = instanceRow(payload, texts, syncedAt);

    const [upserted] = decodeInstances(await tx.all(s.upsertInstance[mode], instanceValues));
    const instance: MirrorWrite = !upserted ? 'STALE' : upserted.revision === 1 ? 'INSERTED' : 'UPDATED';
    let mirrored = upserted ?? decodeInstances(await tx.all(s.instanceRow, instanceValues))[0]!;
    const pk = mirrored.id;
    const isNew = instance === 'INSERTED';
    const referenced: (string | null)[] = [];

    if (instance !== 'STALE') {
      referenced.push(instanceValues.titleText, instanceValues.userNameText, instanceValues.departmentNameText);
      if (!isNew) await tx.run(s.deleteForm, { pk });
      const form = (payload.form ?? []).map((entry, position) => ({
        instancePk: pk,
        position,
        nameText: texts.ref(entry.name)!,
        valueText: texts.ref(entry.value)!,
      }));
      await s.insertForm.run(tx, form);
      for (const entry of form) referenced.push(entry.nameText, entry.valueText);
    }

    const existing = isNew ? [] : await tx.all<{ kind: string; key: string }>(s.children, { pk });
    const tasks = await this.upsertChildren(
      tx,
      s.upsertTasks[mode],
      (payload.task_list ?? []).map((task) => taskRow(task, pk, texts, plain?.nodeNames.get(task.task_id))),
      'taskId',
      existing,
      'task',
      referenced,
    );
    const ccEntries = await this.upsertChildren(
      tx,
      s.upsertCc[mode],
      (payload.cc_list ?? []).map((cc) => ccRow(cc, pk, texts, plain?.ccTitles.get(cc.cc_id))),
      'ccId',
      existing,
      'cc',
      referenced,
    );
    if (mode === 'REPLACE' && !isNew) {
      tasks.deleted = await tx.run(s.deleteTasksNotIn, { pk, keep: this.dialect.listParam((payload.task_list ?? []).map((task) => task.task_id)) });
      ccEntries.deleted = await tx.run(s.deleteCcNotIn, { pk, keep: this.dialect.listParam((payload.cc_list ?? []).map((cc) => cc.cc_id)) });
    }
    const outcome: SyncOutcome = { instancePk: pk, instance, mirrored, tasks, ccEntries };
    const changed = instance !== 'STALE' || [tasks, ccEntries].some((counts) => counts.inserted + counts.updated + counts.deleted > 0);
    if (!changed) return outcome;

    const written = texts.texts(referenced.filter((key): key is string => key !== null));
    let textsChanged = await s.insertTexts.run(tx, textRows(pk, written));
    if (!isNew) textsChanged += await tx.run(s.deleteUnreferencedTexts, { pk });
    // The search row holds the instance's texts: rewritten only when a text came or went (most
    // pushes move statuses and times only).
    if (isNew) await this.search.write(tx, pk, distinctValues(written));
    else if (textsChanged > 0)
      await this.search.write(
        tx,
        pk,
        (await tx.all<{ value: string }>(s.textValues, { pk })).map((row) => row.value),
      );
    await tx.run(s.savePayload, { pk, payload: push.payloadJson });
    if (instance === 'STALE') mirrored = decodeInstances(await tx.all(s.touchInstance, { pk, syncedAt }))[0]!;
    return { ...outcome, mirrored };
  }

  /** Upserts a push's tasks or cc entries; counts what happened and adds the text keys of those written to `referenced`. */
  private async upsertChildren<Row extends Record<string, unknown>>(
    tx: SqlRunner,
    upsert: RowInserts<Row>,
    rows: { row: Row; textKeys: (string | null)[] }[],
    key: keyof Row & string,
    existing: readonly { kind: string; key: string }[],
    kind: 'task' | 'cc',
    referenced: (string | null)[],
  ): Promise<SyncCounts> {
    const counts: SyncCounts = { inserted: 0, updated: 0, stale: 0, deleted: 0 };
    if (rows.length === 0) return counts;
    const written = new Set(
      (
        await upsert.all<{ key: string }>(
          tx,
          rows.map((entry) => entry.row),
        )
      ).map((row) => row.key),
    );
    const before = new Set(existing.filter((row) => row.kind === kind).map((row) => row.key));
    for (const entry of rows) {
      const rowKey = entry.row[key] as string;
      if (!written.has(rowKey)) counts.stale += 1;
      else {
        counts[before.has(rowKey) ? 'updated' : 'inserted'] += 1;
        referenced.push(...entry.textKeys);
      }
    }
    return counts;
  }
}

/** Feishu's 0 (or "0") end time means "not finished". */
function endTimeOf(value: string | number | undefined): number | null {
  const ms = Number(value ?? 0);
  return ms > 0 ? ms : null;
}

function instanceRow(payload: ExternalInstancePayload, texts: PayloadTexts, syncedAt: number) {
  return {
    approvalCode: payload.approval_code,
    instanceId: payload.instance_id,
    status: payload.status,
    titleText: texts.ref(payload.title),
    userId: payload.user_id ?? null,
    openId: payload.open_id ?? null,
    userNameText: texts.ref(payload.user_name),
    departmentId: payload.department_id ?? null,
    departmentNameText: texts.ref(payload.department_name),
    startTime: Number(payload.start_time),
    endTime: endTimeOf(payload.end_time),
    updateTime: Number(payload.update_time),
    displayMethod: payload.display_method ?? null,
    updateMode: payload.update_mode === 'UPDATE' ? 'UPDATE' : 'REPLACE',
    pcLink: payload.links.pc_link ?? null,
    mobileLink: payload.links.mobile_link ?? null,
    extra: payload.extra ?? null,
    trusteeshipUserIdType: payload.trusteeship_user_id_type ?? null,
    trusteeshipUrls: payload.trusteeship_urls ? JSON.stringify(payload.trusteeship_urls) : null,
    trusteeshipCacheConfig: payload.trusteeship_cache_config ? JSON.stringify(payload.trusteeship_cache_config) : null,
    resourceRegion: payload.resource_region ?? null,
    defaultLocale: texts.defaultLocale,
    lastSyncedAt: syncedAt,
  };
}

/** A task's row, and the text keys it refers to (its action names are inside a JSON column). */
function taskRow(task: WireExternalTask, instancePk: number, texts: PayloadTexts, nodeName: PlainText | undefined) {
  const actionConfigs = (task.action_configs ?? []).map((config) => ({
    actionType: config.action_type,
    actionNameText: texts.ref(config.action_name),
    isNeedReason: config.is_need_reason ?? null,
    isReasonRequired: config.is_reason_required ?? null,
    isNeedAttachment: config.is_need_attachment ?? null,
  }));
  const row = {
    instancePk,
    taskId: task.task_id,
    userId: task.user_id ?? null,
    openId: task.open_id ?? null,
    titleText: texts.ref(task.title),
    status: task.status,
    extra: task.extra ?? null,
    createTime: Number(task.create_time),
    endTime: endTimeOf(task.end_time),
    updateTime: Number(task.update_time),
    actionContext: task.action_context ?? null,
    actionConfigs: JSON.stringify(actionConfigs),
    displayMethod: task.display_method ?? null,
    excludeStatistics: task.exclude_statistics ?? null,
    nodeId: task.node_id ?? null,
    nodeNameText: texts.plain(task.node_name, nodeName),
    generateType: task.generate_type ?? null,
    pcLink: task.links.pc_link ?? null,
    mobileLink: task.links.mobile_link ?? null,
  };
  return { row, textKeys: [row.titleText, row.nodeNameText, ...actionConfigs.map((config) => config.actionNameText)] };
}

function ccRow(cc: WireCcEntry, instancePk: number, texts: PayloadTexts, title: PlainText | undefined) {
  const row = {
    instancePk,
    ccId: cc.cc_id,
    userId: cc.user_id ?? null,
    openId: cc.open_id ?? null,
    titleText: texts.plain(cc.title, title),
    readStatus: cc.read_status || null,
    extra: cc.extra ?? null,
    createTime: Number(cc.create_time),
    updateTime: Number(cc.update_time),
    displayMethod: cc.display_method ?? null,
    pcLink: cc.links.pc_link ?? null,
    mobileLink: cc.links.mobile_link ?? null,
  };
  return { row, textKeys: [row.titleText] };
}

type TaskRow = ReturnType<typeof taskRow>['row'];
type CcRow = ReturnType<typeof ccRow>['row'];
type FormRow = { instancePk: number; position: number; nameText: string; valueText: string };
type TextRow = ReturnType<typeof textRows>[number];

function textRows(instancePk: number, texts: readonly MirrorText[]) {
  return texts.flatMap((text) =>
    [...text.values].map(([locale, value]) => ({ instancePk, textKey: text.key, locale, value, isDefault: locale === text.defaultLocale })),
  );
}

const distinctValues = (texts: readonly MirrorText[]): string[] => [...new Set(texts.flatMap((text) => [...text.values.values()]))];
