import type Database from 'better-sqlite3';
import { type SQL, eq, sql } from 'drizzle-orm';
import type { ExternalInstancePayload, WireCcEntry, WireExternalTask } from '../feishu/wire.js';
import type { PlainTexts } from '../translate/external-instance.js';
import type { MirrorDb } from './db.js';
import { type ExternalInstanceRow, externalCcEntries, externalFormEntries, externalInstancePayloads, externalInstances, externalTasks, externalTexts } from './tables.js';
import { PayloadTexts, type MirrorText } from './texts.js';
import { segmentForSearch } from './search.js';
import { bit, placeholders } from './sql.js';

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
  tasks: SyncCounts;
  ccEntries: SyncCounts;
  /**
   * The instance's row as committed, when a connection other than the readers' wrote it and read
   * it back after its commit (see CommittedRows): the request answers with it instead of reading
   * it again. Absent otherwise.
   */
  committedRow?: ExternalInstanceRow;
}

const emptyCounts = (): SyncCounts => ({ inserted: 0, updated: 0, stale: 0, deleted: 0 });

/** Whether a push wrote anything: the instance, or at least one task or cc entry. */
const changedTheMirror = (outcome: SyncOutcome): boolean =>
  outcome.instance !== 'STALE' || [outcome.tasks, outcome.ccEntries].some((counts) => counts.inserted + counts.updated + counts.deleted > 0);

/** Feishu's 0 (or "0") end time means "not finished". */
function endTimeOf(value: string | number | undefined): number | null {
  const ms = Number(value ?? 0);
  return ms > 0 ? ms : null;
}


/** A task's columns, and the text keys they refer to (its action names are inside a JSON column). */
function taskValues(task: WireExternalTask, instancePk: number, texts: PayloadTexts, plainTexts: PlainTexts | undefined) {
  const actionConfigs = (task.action_configs ?? []).map((config) => ({
    actionType: config.action_type,
    actionNameText: texts.ref(config.action_name),
    isNeedReason: config.is_need_reason ?? null,
    isReasonRequired: config.is_reason_required ?? null,
    isNeedAttachment: config.is_need_attachment ?? null,
  }));
  const values = {
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
    excludeStatistics: bit(task.exclude_statistics),
    nodeId: task.node_id ?? null,
    nodeNameText: texts.plain(task.node_name, plainTexts?.nodeNames.get(task.task_id)),
    generateType: task.generate_type ?? null,
    pcLink: task.links.pc_link ?? null,
    mobileLink: task.links.mobile_link ?? null,
  };
  const actionNames = actionConfigs.flatMap((config) => (config.actionNameText ? [config.actionNameText] : []));
  return { values, textKeys: [...textKeysOf(values, TASK_TEXT_COLUMNS), ...actionNames] };
}

function ccValues(cc: WireCcEntry, instancePk: number, texts: PayloadTexts, plainTexts: PlainTexts | undefined) {
  return {
    instancePk,
    ccId: cc.cc_id,
    userId: cc.user_id ?? null,
    openId: cc.open_id ?? null,
    titleText: texts.plain(cc.title, plainTexts?.ccTitles.get(cc.cc_id)),
    readStatus: cc.read_status || null,
    extra: cc.extra ?? null,
    createTime: Number(cc.create_time),
    updateTime: Number(cc.update_time),
    displayMethod: cc.display_method ?? null,
    pcLink: cc.links.pc_link ?? null,
    mobileLink: cc.links.mobile_link ?? null,
  };
}

type TaskValues = ReturnType<typeof taskValues>['values'];
type CcValues = ReturnType<typeof ccValues>;

/** The text keys in a row's `*Text` columns (`columns`: the row's columns that hold one, see textColumns). */
function textKeysOf(values: Readonly<Record<string, unknown>>, columns: readonly string[]): string[] {
  const keys: string[] = [];
  for (const column of columns) {
    const value = values[column];
    if (typeof value === 'string') keys.push(value);
  }
  return keys;
}

/** The columns of a column list that hold a text key: those named `*Text`. */
const textColumns = (columns: readonly string[]): readonly string[] => columns.filter((column) => column.endsWith('Text'));

const INSTANCE_COLUMNS = [
  'approvalCode',
  'instanceId',
  'status',
  'titleText',
  'userId',
  'openId',
  'userNameText',
  'departmentId',
  'departmentNameText',
  'startTime',
  'endTime',
  'updateTime',
  'displayMethod',
  'updateMode',
  'pcLink',
  'mobileLink',
  'extra',
  'trusteeshipUserIdType',
  'trusteeshipUrls',
  'trusteeshipCacheConfig',
  'resourceRegion',
  'defaultLocale',
  'lastSyncedAt',
] as const;
const TASK_COLUMNS = [
  'instancePk',
  'taskId',
  'userId',
  'openId',
  'titleText',
  'status',
  'extra',
  'createTime',
  'endTime',
  'updateTime',
  'actionContext',
  'actionConfigs',
  'displayMethod',
  'excludeStatistics',
  'nodeId',
  'nodeNameText',
  'generateType',
  'pcLink',
  'mobileLink',
] as const satisfies readonly (keyof TaskValues)[];
const CC_COLUMNS = [
  'instancePk',
  'ccId',
  'userId',
  'openId',
  'titleText',
  'readStatus',
  'extra',
  'createTime',
  'updateTime',
  'displayMethod',
  'pcLink',
  'mobileLink',
] as const satisfies readonly (keyof CcValues)[];

/**
 * What an update writes: every column but those that name the row (they never change). SQLite
 * rewrites an index entry whenever its UPDATE sets a column of that index, same value or not: a
 * task's (instance, task id) entry was rewritten by every push.
 */
const without = <C extends string, Drop extends C>(columns: readonly C[], drop: readonly Drop[]) =>
  columns.filter((column): column is Exclude<C, Drop> => !(drop as readonly string[]).includes(column));
const INSTANCE_TEXT_COLUMNS: readonly string[] = textColumns(INSTANCE_COLUMNS);
const TASK_TEXT_COLUMNS: readonly string[] = textColumns(TASK_COLUMNS);
const CC_TEXT_COLUMNS: readonly string[] = textColumns(CC_COLUMNS);
const INSTANCE_UPDATE_COLUMNS = without(INSTANCE_COLUMNS, ['approvalCode', 'instanceId']);
const TASK_UPDATE_COLUMNS = without(TASK_COLUMNS, ['instancePk', 'taskId']);
const CC_UPDATE_COLUMNS = without(CC_COLUMNS, ['instancePk', 'ccId']);

const id = sql.placeholder('id');
const pk = sql.placeholder('instancePk');

/** The prepared statements of the write path, made once per connection. */
function prepareStatements(db: MirrorDb) {
  const t = externalInstances;
  return {
    findInstance: db
      .select({ id: t.id, updateTime: t.updateTime })
      .from(t)
      .where(sql`${t.approvalCode} = ${sql.placeholder('approvalCode')} AND ${t.instanceId} = ${sql.placeholder('instanceId')}`)
      .prepare(),
    // No RETURNING (the new id is the connection's last insert rowid): SQLite runs it as a trigger
    // that fills a temporary table, ~35 µs a push.
    insertInstance: db
      .insert(t)
      .values({ ...placeholders(INSTANCE_COLUMNS), firstSyncedAt: sql`${sql.placeholder('lastSyncedAt')}` })
      .prepare(),
    updateInstance: db.update(t).set(placeholders(INSTANCE_UPDATE_COLUMNS)).where(eq(t.id, id)).prepare(),
    touchInstance: db.update(t).set(placeholders(['lastSyncedAt'] as const)).where(eq(t.id, id)).prepare(),
    restampNewInstance: db
      .update(t)
      .set({ lastSyncedAt: sql`${sql.placeholder('lastSyncedAt')}`, firstSyncedAt: sql`${sql.placeholder('lastSyncedAt')}` })
      .where(eq(t.id, id))
      .prepare(),
    savePayload: db
      .insert(externalInstancePayloads)
      .values(placeholders(['instancePk', 'payload'] as const))
      .onConflictDoUpdate({ target: externalInstancePayloads.instancePk, set: { payload: sql`excluded.payload` } })
      .prepare(),
    deleteForm: db.delete(externalFormEntries).where(eq(externalFormEntries.instancePk, pk)).prepare(),
    insertForm: db.insert(externalFormEntries).values(placeholders(['instancePk', 'position', 'nameText', 'valueText'] as const)).prepare(),
    tasksOf: db
      .select({ key: externalTasks.taskId, id: externalTasks.id, updateTime: externalTasks.updateTime })
      .from(externalTasks)
      .where(eq(externalTasks.instancePk, pk))
      .prepare(),
    insertTask: db.insert(externalTasks).values(placeholders(TASK_COLUMNS)).prepare(),
    updateTask: db.update(externalTasks).set(placeholders(TASK_UPDATE_COLUMNS)).where(eq(externalTasks.id, id)).prepare(),
    deleteTasksNotIn: db
      .delete(externalTasks)
      .where(sql`${externalTasks.instancePk} = ${pk} AND ${externalTasks.taskId} NOT IN (SELECT value FROM json_each(${sql.placeholder('keep')}))`)
      .prepare(),
    ccOf: db
      .select({ key: externalCcEntries.ccId, id: externalCcEntries.id, updateTime: externalCcEntries.updateTime })
      .from(externalCcEntries)
      .where(eq(externalCcEntries.instancePk, pk))
      .prepare(),
    insertCc: db.insert(externalCcEntries).values(placeholders(CC_COLUMNS)).prepare(),
    updateCc: db.update(externalCcEntries).set(placeholders(CC_UPDATE_COLUMNS)).where(eq(externalCcEntries.id, id)).prepare(),
    deleteCcNotIn: db
      .delete(externalCcEntries)
      .where(sql`${externalCcEntries.instancePk} = ${pk} AND ${externalCcEntries.ccId} NOT IN (SELECT value FROM json_each(${sql.placeholder('keep')}))`)
      .prepare(),
    deleteUnreferencedTexts: db
      .delete(externalTexts)
      .where(
        sql`${externalTexts.instancePk} = ${pk} AND ${externalTexts.textKey} NOT IN (
          SELECT k FROM (
            SELECT title_text AS k FROM external_instances WHERE id = ${pk}
            UNION ALL SELECT user_name_text FROM external_instances WHERE id = ${pk}
            UNION ALL SELECT department_name_text FROM external_instances WHERE id = ${pk}
            UNION ALL SELECT name_text FROM external_form_entries WHERE instance_pk = ${pk}
            UNION ALL SELECT value_text FROM external_form_entries WHERE instance_pk = ${pk}
            UNION ALL SELECT title_text FROM external_tasks WHERE instance_pk = ${pk}
            UNION ALL SELECT node_name_text FROM external_tasks WHERE instance_pk = ${pk}
            UNION ALL SELECT json_extract(action.value, '$.actionNameText')
              FROM external_tasks AS task, json_each(task.action_configs) AS action
              WHERE task.instance_pk = ${pk}
            UNION ALL SELECT title_text FROM external_cc_entries WHERE instance_pk = ${pk}
          ) WHERE k IS NOT NULL
        )`,
      )
      .prepare(),
    textsOf: db.selectDistinct({ value: externalTexts.value }).from(externalTexts).where(eq(externalTexts.instancePk, pk)).prepare(),
  };
}

type Statements = ReturnType<typeof prepareStatements>;

/**
 * Writes pushes that Feishu accepted, by Feishu's rules (each push inside a transaction of the
 * caller's, which undoes a push that throws halfway: see MirrorWrites and Prewriter):
 * - REPLACE (the default): the push is the whole truth; tasks and cc entries it does not list are deleted.
 * - UPDATE: the instance, each task and each cc entry is written only when its update_time is
 *   newer than the mirrored one; nothing is deleted.
 * A push that changed anything is recorded on the instance (its exact payload and the time);
 * a push that was stale through and through changes nothing at all.
 * Every statement is prepared once: a push costs its SQL, not the building of it.
 */
export class ExternalInstanceWriter {
  private readonly statements: Statements;
  private readonly search: { remove: (instancePk: number) => void; add: (instancePk: number, body: string) => void };
  private readonly sqlite: Database.Database;
  /** Writes text rows the instance does not have yet; returns how many were new. */
  private readonly insertTextRows: (instancePk: number, rows: readonly [string, string, string, number][]) => number;
  /**
   * How mergeVersioned writes tasks and cc entries: made once, not per push (tsx names every arrow
   * function assigned to a property each time it is made, a defineProperty call: see item 46).
   */
  private readonly taskRows: RowWrites<TaskValues>;
  private readonly ccRows: RowWrites<CcValues>;

  constructor(db: MirrorDb, sqlite: Database.Database) {
    this.sqlite = sqlite;
    this.statements = prepareStatements(db);
    const s = this.statements;
    this.taskRows = { insert: (values) => s.insertTask.run(values), update: (rowId, values) => s.updateTask.run({ ...values, id: rowId }) };
    this.ccRows = { insert: (values) => s.insertCc.run(values), update: (rowId, values) => s.updateCc.run({ ...values, id: rowId }) };
    // A push writes a dozen or more text rows: run by better-sqlite3 directly, without drizzle's
    // mapping of named placeholders on each run.
    const insertText = sqlite.prepare('INSERT INTO external_texts (instance_pk, text_key, locale, value, is_default) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING');
    this.insertTextRows = (instancePk, rows) => {
      let inserted = 0;
      for (const [key, locale, value, isDefault] of rows) inserted += insertText.run(instancePk, key, locale, value, isDefault).changes;
      return inserted;
    };
    // FTS5 tables are outside drizzle's schema: plain prepared statements.
    const remove = sqlite.prepare('DELETE FROM external_instance_search WHERE rowid = ?');
    const add = sqlite.prepare('INSERT INTO external_instance_search (rowid, body) VALUES (?, ?)');
    this.search = { remove: (instancePk) => void remove.run(instancePk), add: (instancePk, body) => void add.run(instancePk, body) };
  }

  /**
   * `payloadJson`: the payload's JSON text when the caller has it already (it is what gets stored).
   * `plainTexts`: every locale of the plain texts, when the push was translated here; without it
   * they are kept in the payload's default locale only.
   */
  apply(payload: ExternalInstancePayload, syncedAt: number, payloadJson?: string, plainTexts?: PlainTexts): SyncOutcome {
    const s = this.statements;
    const texts = new PayloadTexts(payload.i18n_resources);
    const mode = payload.update_mode === 'UPDATE' ? 'UPDATE' : 'REPLACE';
    const referenced: string[] = [];
    const existing = s.findInstance.get({ approvalCode: payload.approval_code, instanceId: payload.instance_id });

    const instanceValues = {
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
      updateMode: mode,
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

    let instancePk: number;
    let instance: MirrorWrite;
    if (!existing) {
      instancePk = Number(s.insertInstance.run(instanceValues).lastInsertRowid);
      instance = 'INSERTED';
    } else if (mode === 'REPLACE' || instanceValues.updateTime > existing.updateTime) {
      instancePk = existing.id;
      s.updateInstance.run({ ...instanceValues, id: instancePk });
      instance = 'UPDATED';
    } else {
      instancePk = existing.id;
      instance = 'STALE';
    }

    const isNew = instance === 'INSERTED';
    if (instance !== 'STALE') {
      referenced.push(...textKeysOf(instanceValues, INSTANCE_TEXT_COLUMNS));
      if (!isNew) s.deleteForm.run({ instancePk });
      (payload.form ?? []).forEach((entry, position) => {
        const row = { instancePk, position, nameText: texts.ref(entry.name)!, valueText: texts.ref(entry.value)! };
        s.insertForm.run(row);
        referenced.push(row.nameText, row.valueText);
      });
    }

    const tasks = mergeVersioned(
      mode,
      (payload.task_list ?? []).map((task) => ({ key: task.task_id, ...taskValues(task, instancePk, texts, plainTexts) })),
      isNew ? [] : s.tasksOf.all({ instancePk }),
      this.taskRows,
    );
    const ccEntries = mergeVersioned(
      mode,
      (payload.cc_list ?? []).map((cc) => {
        const values = ccValues(cc, instancePk, texts, plainTexts);
        return { key: cc.cc_id, values, textKeys: textKeysOf(values, CC_TEXT_COLUMNS) };
      }),
      isNew ? [] : s.ccOf.all({ instancePk }),
      this.ccRows,
    );
    for (const textKeys of [...tasks.writtenTextKeys, ...ccEntries.writtenTextKeys]) referenced.push(...textKeys);

    if (mode === 'REPLACE' && !isNew) {
      tasks.counts.deleted = s.deleteTasksNotIn.run({ instancePk, keep: JSON.stringify((payload.task_list ?? []).map((task) => task.task_id)) }).changes;
      ccEntries.counts.deleted = s.deleteCcNotIn.run({ instancePk, keep: JSON.stringify((payload.cc_list ?? []).map((cc) => cc.cc_id)) }).changes;
    }

    const written = texts.texts(referenced);
    let textRowsChanged = this.insertTextRows(
      instancePk,
      written.flatMap((text) => [...text.values].map(([locale, value]) => [text.key, locale, value, locale === text.defaultLocale ? 1 : 0] as [string, string, string, number])),
    );
    const outcome: SyncOutcome = { instancePk, instance, tasks: tasks.counts, ccEntries: ccEntries.counts };
    if (changedTheMirror(outcome)) {
      if (!isNew) textRowsChanged += s.deleteUnreferencedTexts.run({ instancePk }).changes;
      // The search row holds the instance's texts: rewritten only when a text came or went (most
      // pushes change statuses and times, and an FTS rewrite is a third of a push's pages). A new
      // instance's texts are the ones just written.
      if (isNew) this.indexNew(instancePk, written);
      else if (textRowsChanged > 0) this.rebuildSearch(instancePk);
      s.savePayload.run({ instancePk, payload: payloadJson ?? JSON.stringify(payload) });
      // The instance row may have stayed as it was, but the push did change the mirror: record when.
      if (instance === 'STALE') s.touchInstance.run({ id: instancePk, lastSyncedAt: syncedAt });
    }
    return outcome;
  }

  /**
   * Moves the time a push recorded (`lastSyncedAt`, and `firstSyncedAt` of an instance it created)
   * to `syncedAt`, before its transaction commits: for a push written ahead of Feishu's answer (see
   * Prewriter), which then carries the time the answer came, as one written after it would. A push
   * that left the mirror as it was recorded no time, and none is moved.
   */
  restamp(outcome: SyncOutcome, syncedAt: number): void {
    if (!changedTheMirror(outcome)) return;
    const statement = outcome.instance === 'INSERTED' ? this.statements.restampNewInstance : this.statements.touchInstance;
    statement.run({ id: outcome.instancePk, lastSyncedAt: syncedAt });
  }

  /** Indexes instances that have no search row yet, in one transaction. */
  indexForSearch(instancePks: readonly number[]): void {
    if (instancePks.length === 0) return;
    this.sqlite.transaction(() => {
      for (const instancePk of instancePks) this.rebuildSearch(instancePk);
    })();
  }

  /** The search row of an instance: its mirrored texts, every locale, each distinct value once. */
  private rebuildSearch(instancePk: number): void {
    this.search.remove(instancePk);
    this.addSearchRow(instancePk, this.statements.textsOf.all({ instancePk }).map((row) => row.value));
  }

  /** The search row of a new instance, from the texts it was just given. */
  private indexNew(instancePk: number, texts: readonly MirrorText[]): void {
    this.addSearchRow(instancePk, [...new Set(texts.flatMap((text) => [...text.values.values()]))]);
  }

  private addSearchRow(instancePk: number, values: readonly string[]): void {
    if (values.length > 0) this.search.add(instancePk, segmentForSearch(values.join('\n')));
  }
}

/** Writes of mirrored rows of one kind (tasks or cc entries), as mergeVersioned makes them. */
interface RowWrites<V> {
  insert(values: V): void;
  update(id: number, values: V): void;
}

/**
 * Applies pushed rows (tasks or cc entries) against the mirrored ones by Feishu's rules: new ones
 * are inserted; existing ones are overwritten in REPLACE mode, and in UPDATE mode only when their
 * updateTime is larger. Returns the counts and the text keys of the rows written.
 */
function mergeVersioned<V extends { updateTime: number }>(
  mode: 'REPLACE' | 'UPDATE',
  pushed: readonly { key: string; values: V; textKeys: string[] }[],
  mirrored: readonly { key: string; id: number; updateTime: number }[],
  write: RowWrites<V>,
): { counts: SyncCounts; writtenTextKeys: string[][] } {
  const byKey = new Map(mirrored.map((row) => [row.key, row]));
  const counts = emptyCounts();
  const writtenTextKeys: string[][] = [];
  for (const { key, values, textKeys } of pushed) {
    const existing = byKey.get(key);
    if (!existing) {
      write.insert(values);
      counts.inserted += 1;
    } else if (mode === 'REPLACE' || values.updateTime > existing.updateTime) {
      write.update(existing.id, values);
      counts.updated += 1;
    } else {
      counts.stale += 1;
      continue;
    }
    writtenTextKeys.push(textKeys);
  }
  return { counts, writtenTextKeys };
}
