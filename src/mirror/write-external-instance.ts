import { and, eq, notInArray, sql } from 'drizzle-orm';
import type { ExternalInstancePayload, WireCcEntry, WireExternalTask } from '../feishu/wire.js';
import type { MirrorDb } from './db.js';
import { externalCcEntries, externalFormEntries, externalInstances, externalTasks, externalTexts } from './tables.js';
import { rebuildSearchRow } from './search.js';
import { PayloadTexts } from './texts.js';

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
}

const emptyCounts = (): SyncCounts => ({ inserted: 0, updated: 0, stale: 0, deleted: 0 });

/** Feishu's 0 (or "0") end time means "not finished". */
function endTimeOf(value: string | number | undefined): number | null {
  const ms = Number(value ?? 0);
  return ms > 0 ? ms : null;
}

function taskValues(task: WireExternalTask, instancePk: number, texts: PayloadTexts) {
  return {
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
    actionConfigs: JSON.stringify(
      (task.action_configs ?? []).map((config) => ({
        actionType: config.action_type,
        actionNameText: texts.ref(config.action_name),
        isNeedReason: config.is_need_reason ?? null,
        isReasonRequired: config.is_reason_required ?? null,
        isNeedAttachment: config.is_need_attachment ?? null,
      })),
    ),
    displayMethod: task.display_method ?? null,
    excludeStatistics: task.exclude_statistics ?? null,
    nodeId: task.node_id ?? null,
    nodeNameText: texts.ref(task.node_name),
    generateType: task.generate_type ?? null,
    pcLink: task.links.pc_link ?? null,
    mobileLink: task.links.mobile_link ?? null,
  };
}

function ccValues(cc: WireCcEntry, instancePk: number, texts: PayloadTexts) {
  return {
    instancePk,
    ccId: cc.cc_id,
    userId: cc.user_id ?? null,
    openId: cc.open_id ?? null,
    titleText: texts.ref(cc.title),
    readStatus: cc.read_status || null,
    extra: cc.extra ?? null,
    createTime: Number(cc.create_time),
    updateTime: Number(cc.update_time),
    displayMethod: cc.display_method ?? null,
    pcLink: cc.links.pc_link ?? null,
    mobileLink: cc.links.mobile_link ?? null,
  };
}

/** Every text key a value object refers to. */
function textKeysOf(values: Record<string, unknown>): string[] {
  const keys: string[] = [];
  for (const [column, value] of Object.entries(values)) {
    if (column.endsWith('Text') && typeof value === 'string') keys.push(value);
  }
  if (typeof values.actionConfigs === 'string') {
    for (const config of JSON.parse(values.actionConfigs) as { actionNameText: string | null }[]) {
      if (config.actionNameText) keys.push(config.actionNameText);
    }
  }
  return keys;
}

/**
 * Writes a push that Feishu accepted, in one transaction, by Feishu's rules:
 * - REPLACE (the default): the push is the whole truth; tasks and cc entries it does not list are deleted.
 * - UPDATE: the instance, each task and each cc entry is written only when its update_time is
 *   newer than the mirrored one; nothing is deleted.
 * A push that changed anything is recorded on the instance (its exact payload and the time);
 * a push that was stale through and through changes nothing at all.
 */
export function writeExternalInstance(db: MirrorDb, payload: ExternalInstancePayload, syncedAt: number): SyncOutcome {
  return db.transaction((tx) => {
    const texts = new PayloadTexts(payload.i18n_resources);
    const mode = payload.update_mode === 'UPDATE' ? 'UPDATE' : 'REPLACE';
    const referenced: string[] = [];
    const existing = tx
      .select({ id: externalInstances.id, updateTime: externalInstances.updateTime })
      .from(externalInstances)
      .where(and(eq(externalInstances.approvalCode, payload.approval_code), eq(externalInstances.instanceId, payload.instance_id)))
      .get();

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
      lastPayload: JSON.stringify(payload),
      lastSyncedAt: syncedAt,
    };

    let instancePk: number;
    let instance: MirrorWrite;
    if (!existing) {
      instancePk = tx
        .insert(externalInstances)
        .values({ ...instanceValues, firstSyncedAt: syncedAt })
        .returning({ id: externalInstances.id })
        .get().id;
      instance = 'INSERTED';
    } else if (mode === 'REPLACE' || instanceValues.updateTime > existing.updateTime) {
      instancePk = existing.id;
      tx.update(externalInstances).set(instanceValues).where(eq(externalInstances.id, instancePk)).run();
      instance = 'UPDATED';
    } else {
      instancePk = existing.id;
      instance = 'STALE';
    }

    if (instance !== 'STALE') {
      referenced.push(...textKeysOf(instanceValues));
      tx.delete(externalFormEntries).where(eq(externalFormEntries.instancePk, instancePk)).run();
      const form = (payload.form ?? []).map((entry, position) => ({
        instancePk,
        position,
        nameText: texts.ref(entry.name)!,
        valueText: texts.ref(entry.value)!,
      }));
      if (form.length > 0) {
        tx.insert(externalFormEntries).values(form).run();
        for (const row of form) referenced.push(row.nameText, row.valueText);
      }
    }

    const tasks = mergeVersioned(
      mode,
      (payload.task_list ?? []).map((task) => ({ key: task.task_id, values: taskValues(task, instancePk, texts) })),
      tx
        .select({ key: externalTasks.taskId, id: externalTasks.id, updateTime: externalTasks.updateTime })
        .from(externalTasks)
        .where(eq(externalTasks.instancePk, instancePk))
        .all(),
      {
        insert: (values) => tx.insert(externalTasks).values(values).run(),
        update: (id, values) => tx.update(externalTasks).set(values).where(eq(externalTasks.id, id)).run(),
      },
    );
    const ccEntries = mergeVersioned(
      mode,
      (payload.cc_list ?? []).map((cc) => ({ key: cc.cc_id, values: ccValues(cc, instancePk, texts) })),
      tx
        .select({ key: externalCcEntries.ccId, id: externalCcEntries.id, updateTime: externalCcEntries.updateTime })
        .from(externalCcEntries)
        .where(eq(externalCcEntries.instancePk, instancePk))
        .all(),
      {
        insert: (values) => tx.insert(externalCcEntries).values(values).run(),
        update: (id, values) => tx.update(externalCcEntries).set(values).where(eq(externalCcEntries.id, id)).run(),
      },
    );
    for (const values of [...tasks.written, ...ccEntries.written]) referenced.push(...textKeysOf(values));

    if (mode === 'REPLACE') {
      const pushedTaskIds = (payload.task_list ?? []).map((task) => task.task_id);
      const pushedCcIds = (payload.cc_list ?? []).map((cc) => cc.cc_id);
      tasks.counts.deleted = tx
        .delete(externalTasks)
        .where(and(eq(externalTasks.instancePk, instancePk), pushedTaskIds.length ? notInArray(externalTasks.taskId, pushedTaskIds) : undefined))
        .run().changes;
      ccEntries.counts.deleted = tx
        .delete(externalCcEntries)
        .where(and(eq(externalCcEntries.instancePk, instancePk), pushedCcIds.length ? notInArray(externalCcEntries.ccId, pushedCcIds) : undefined))
        .run().changes;
    }

    const textRows = texts.texts(referenced).flatMap((text) =>
      [...text.values.entries()].map(([locale, value]) => ({
        instancePk,
        textKey: text.key,
        locale,
        value,
        isDefault: locale === text.defaultLocale,
      })),
    );
    if (textRows.length > 0) tx.insert(externalTexts).values(textRows).onConflictDoNothing().run();
    const changed =
      instance !== 'STALE' ||
      [tasks.counts, ccEntries.counts].some((counts) => counts.inserted + counts.updated + counts.deleted > 0);
    if (changed) {
      deleteUnreferencedTexts(tx, instancePk);
      rebuildSearchRow(tx, instancePk);
      if (instance === 'STALE') {
        // The instance row stays as it was, but the push did change the mirror: record it.
        tx.update(externalInstances)
          .set({ lastPayload: instanceValues.lastPayload, lastSyncedAt: syncedAt })
          .where(eq(externalInstances.id, instancePk))
          .run();
      }
    }
    return { instancePk, instance, tasks: tasks.counts, ccEntries: ccEntries.counts };
  });
}

/**
 * Applies pushed rows (tasks or cc entries) against the mirrored ones by Feishu's rules: new ones
 * are inserted; existing ones are overwritten in REPLACE mode, and in UPDATE mode only when their
 * updateTime is larger. Returns the counts and the values written.
 */
function mergeVersioned<V extends { updateTime: number }>(
  mode: 'REPLACE' | 'UPDATE',
  pushed: readonly { key: string; values: V }[],
  mirrored: readonly { key: string; id: number; updateTime: number }[],
  write: { insert(values: V): void; update(id: number, values: V): void },
): { counts: SyncCounts; written: V[] } {
  const byKey = new Map(mirrored.map((row) => [row.key, row]));
  const counts = emptyCounts();
  const written: V[] = [];
  for (const { key, values } of pushed) {
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
    written.push(values);
  }
  return { counts, written };
}

/** Drops the texts of an instance that no mirrored row refers to any more. */
function deleteUnreferencedTexts(tx: Pick<MirrorDb, 'run'>, instancePk: number): void {
  tx.run(sql`
    DELETE FROM external_texts
    WHERE instance_pk = ${instancePk}
      AND text_key NOT IN (
        SELECT k FROM (
          SELECT title_text AS k FROM external_instances WHERE id = ${instancePk}
          UNION ALL SELECT user_name_text FROM external_instances WHERE id = ${instancePk}
          UNION ALL SELECT department_name_text FROM external_instances WHERE id = ${instancePk}
          UNION ALL SELECT name_text FROM external_form_entries WHERE instance_pk = ${instancePk}
          UNION ALL SELECT value_text FROM external_form_entries WHERE instance_pk = ${instancePk}
          UNION ALL SELECT title_text FROM external_tasks WHERE instance_pk = ${instancePk}
          UNION ALL SELECT node_name_text FROM external_tasks WHERE instance_pk = ${instancePk}
          UNION ALL SELECT json_extract(action.value, '$.actionNameText')
            FROM external_tasks AS task, json_each(task.action_configs) AS action
            WHERE task.instance_pk = ${instancePk}
          UNION ALL SELECT title_text FROM external_cc_entries WHERE instance_pk = ${instancePk}
        ) WHERE k IS NOT NULL
      )`);
}
