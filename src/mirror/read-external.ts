import { type AnyColumn, and, asc, eq, sql } from 'drizzle-orm';
import type Database from 'better-sqlite3';
import type { MirrorDb } from './db.js';
import { type QueryLog, type RowStatement, rowStatement } from './row-statement.js';
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

/** External instances by primary key (`{ ids }`: a JSON array), as every reader of them reads them. */
export function instancesByPkStatement(db: MirrorDb, sqlite: Database.Database, log: QueryLog): RowStatement<ExternalInstanceRow> {
  return rowStatement(sqlite, externalInstances, db.select().from(externalInstances).where(inIds(externalInstances.id)), log);
}

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

  constructor(db: MirrorDb, sqlite: Database.Database, log: QueryLog) {
    const x = externalInstances;
    this.byKey = rowStatement(sqlite, x, db.select().from(x).where(and(eq(x.approvalCode, sql.placeholder('approvalCode')), eq(x.instanceId, sql.placeholder('instanceId')))), log);
    this.byPks = instancesByPkStatement(db, sqlite, log);
    const t = externalTasks;
    this.tasks = rowStatement(sqlite, t, db.select().from(t).where(inIds(t.instancePk)).orderBy(asc(t.instancePk), asc(t.createTime), asc(t.id)), log);
    this.tasksByIds = rowStatement(sqlite, t, db.select().from(t).where(inIds(t.id)), log);
    const c = externalCcEntries;
    this.cc = rowStatement(sqlite, c, db.select().from(c).where(inIds(c.instancePk)).orderBy(asc(c.instancePk), asc(c.createTime), asc(c.id)), log);
    this.ccByIds = rowStatement(sqlite, c, db.select().from(c).where(inIds(c.id)), log);
    const f = externalFormEntries;
    this.form = rowStatement(sqlite, f, db.select().from(f).where(inIds(f.instancePk)).orderBy(asc(f.instancePk), asc(f.position)), log);
    // Only the texts asked for: (instance, key) pairs as a JSON array of [pk, key].
    const pairs = sql`(${externalTexts.instancePk}, ${externalTexts.textKey}) IN (SELECT value ->> 0, value ->> 1 FROM json_each(${sql.placeholder('pairs')}))`;
    this.texts = rowStatement(sqlite, externalTexts, db.select().from(externalTexts).where(pairs), log);
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
