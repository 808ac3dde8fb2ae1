import { type AnyColumn, and, asc, eq, sql } from 'drizzle-orm';
import type { MirrorDb } from './db.js';
import { inJsonArray } from './sql.js';
import {
  type ExternalCcRow,
  type ExternalFormRow,
  type ExternalInstanceRow,
  type ExternalTaskRow,
  type ExternalTextRow,
  externalCcEntries,
  externalFormEntries,
  externalInstances,
  externalTasks,
  externalTexts,
} from './tables.js';

const inIds = (column: AnyColumn) => inJsonArray(column, 'ids');

/** Prepared reads of external instances and what hangs off them, batched by instance. */
export class ExternalReaders {
  private readonly byKey;
  private readonly byPks;
  private readonly tasks;
  private readonly cc;
  private readonly form;
  private readonly texts;
  private readonly tasksByIds;
  private readonly ccByIds;

  constructor(db: MirrorDb) {
    this.byKey = db
      .select()
      .from(externalInstances)
      .where(and(eq(externalInstances.approvalCode, sql.placeholder('approvalCode')), eq(externalInstances.instanceId, sql.placeholder('instanceId'))))
      .prepare();
    this.byPks = db.select().from(externalInstances).where(inIds(externalInstances.id)).prepare();
    this.tasks = db
      .select()
      .from(externalTasks)
      .where(inIds(externalTasks.instancePk))
      .orderBy(asc(externalTasks.instancePk), asc(externalTasks.createTime), asc(externalTasks.id))
      .prepare();
    this.cc = db
      .select()
      .from(externalCcEntries)
      .where(inIds(externalCcEntries.instancePk))
      .orderBy(asc(externalCcEntries.instancePk), asc(externalCcEntries.createTime), asc(externalCcEntries.id))
      .prepare();
    this.form = db
      .select()
      .from(externalFormEntries)
      .where(inIds(externalFormEntries.instancePk))
      .orderBy(asc(externalFormEntries.instancePk), asc(externalFormEntries.position))
      .prepare();
    // Only the texts asked for: (instance, key) pairs as a JSON array of [pk, key].
    this.texts = db
      .select()
      .from(externalTexts)
      .where(
        sql`(${externalTexts.instancePk}, ${externalTexts.textKey}) IN (SELECT value ->> 0, value ->> 1 FROM json_each(${sql.placeholder('pairs')}))`,
      )
      .prepare();
    this.tasksByIds = db.select().from(externalTasks).where(inIds(externalTasks.id)).prepare();
    this.ccByIds = db.select().from(externalCcEntries).where(inIds(externalCcEntries.id)).prepare();
  }

  tasksByPk(pks: readonly number[]): ExternalTaskRow[] {
    return this.tasksByIds.all({ ids: JSON.stringify(pks) });
  }

  ccEntriesByPk(pks: readonly number[]): ExternalCcRow[] {
    return this.ccByIds.all({ ids: JSON.stringify(pks) });
  }

  instanceByKey(approvalCode: string, instanceId: string): ExternalInstanceRow | undefined {
    return this.byKey.get({ approvalCode, instanceId });
  }

  instancesByPk(pks: readonly number[]): ExternalInstanceRow[] {
    return this.byPks.all({ ids: JSON.stringify(pks) });
  }

  tasksOf(pks: readonly number[]): ExternalTaskRow[] {
    return this.tasks.all({ ids: JSON.stringify(pks) });
  }

  ccEntriesOf(pks: readonly number[]): ExternalCcRow[] {
    return this.cc.all({ ids: JSON.stringify(pks) });
  }

  formOf(pks: readonly number[]): ExternalFormRow[] {
    return this.form.all({ ids: JSON.stringify(pks) });
  }

  /** The rows (every locale) of these texts, each named by its instance and text key. */
  textsByKey(keys: readonly (readonly [number, string])[]): ExternalTextRow[] {
    return this.texts.all({ pairs: JSON.stringify(keys) });
  }
}
