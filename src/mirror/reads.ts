import { sql } from 'drizzle-orm';
import { rowDecoder, selectColumns } from './columns.js';
import type { Dialect } from './dialect.js';
import type { SqlEngine } from './engine.js';
import {
  type ApprovalInstanceRow,
  type ExternalCcRow,
  type ExternalFormRow,
  type ExternalInstanceRow,
  type ExternalTaskRow,
  type ExternalTextRow,
  type NativeCcRow,
  type NativeTaskRow,
  approvalCcEntries,
  approvalInstances,
  approvalTasks,
  externalCcEntries,
  externalFormEntries,
  externalInstances,
  externalTasks,
  externalTexts,
} from './tables.js';

const ph = sql.placeholder;

/** Reads of mirrored rows by key, each statement prepared once; the loaders batch them. */
export class MirrorReads {
  private readonly statements;
  private readonly decode = {
    instances: rowDecoder(externalInstances),
    tasks: rowDecoder(externalTasks),
    cc: rowDecoder(externalCcEntries),
    form: rowDecoder(externalFormEntries),
    texts: rowDecoder(externalTexts),
    approvalInstances: rowDecoder(approvalInstances),
    nativeTasks: rowDecoder(approvalTasks),
    nativeCc: rowDecoder(approvalCcEntries),
  };

  constructor(
    private readonly engine: SqlEngine,
    private readonly dialect: Dialect,
  ) {
    const x = externalInstances;
    const t = externalTasks;
    const c = externalCcEntries;
    const f = externalFormEntries;
    const a = approvalInstances;
    const nt = approvalTasks;
    const nc = approvalCcEntries;
    const ids = (column: Parameters<Dialect['inList']>[0]) => dialect.inList(column, 'ids');
    const prepare = (query: ReturnType<typeof sql>) => engine.prepare(query);
    this.statements = {
      instanceByKey: prepare(
        sql`SELECT ${selectColumns(x)} FROM ${x} WHERE ${x.approvalCode} = ${ph('approvalCode')} AND ${x.instanceId} = ${ph('instanceId')}`,
      ),
      instancesByPk: prepare(sql`SELECT ${selectColumns(x)} FROM ${x} WHERE ${ids(x.id)}`),
      tasksOf: prepare(sql`SELECT ${selectColumns(t)} FROM ${t} WHERE ${ids(t.instancePk)} ORDER BY ${t.instancePk}, ${t.createTime}, ${t.id}`),
      tasksByPk: prepare(sql`SELECT ${selectColumns(t)} FROM ${t} WHERE ${ids(t.id)}`),
      ccOf: prepare(sql`SELECT ${selectColumns(c)} FROM ${c} WHERE ${ids(c.instancePk)} ORDER BY ${c.instancePk}, ${c.createTime}, ${c.id}`),
      ccByPk: prepare(sql`SELECT ${selectColumns(c)} FROM ${c} WHERE ${ids(c.id)}`),
      formOf: prepare(sql`SELECT ${selectColumns(f)} FROM ${f} WHERE ${ids(f.instancePk)} ORDER BY ${f.instancePk}, ${f.position}`),
      texts: prepare(
        sql`SELECT ${selectColumns(externalTexts)} FROM ${externalTexts} WHERE ${dialect.inPairs(externalTexts.instancePk, externalTexts.textKey, 'pairs')}`,
      ),
      approvalInstancesByPk: prepare(sql`SELECT ${selectColumns(a)} FROM ${a} WHERE ${ids(a.id)}`),
      approvalInstanceByCode: prepare(sql`SELECT ${selectColumns(a)} FROM ${a} WHERE ${a.instanceCode} = ${ph('code')}`),
      approvalInstanceByUuidKey: prepare(sql`SELECT ${selectColumns(a)} FROM ${a} WHERE ${a.uuidKey} = ${ph('uuidKey')}`),
      nativeTasksOf: prepare(
        sql`SELECT ${selectColumns(nt)} FROM ${nt} WHERE ${ids(nt.instancePk)} ORDER BY ${nt.instancePk}, COALESCE(${nt.startTime}, ${nt.updateTime}), ${nt.id}`,
      ),
      nativeTasksByPk: prepare(sql`SELECT ${selectColumns(nt)} FROM ${nt} WHERE ${ids(nt.id)}`),
      nativeCcOf: prepare(sql`SELECT ${selectColumns(nc)} FROM ${nc} WHERE ${ids(nc.instancePk)} ORDER BY ${nc.instancePk}, ${nc.createTime}, ${nc.id}`),
      nativeCcByPk: prepare(sql`SELECT ${selectColumns(nc)} FROM ${nc} WHERE ${ids(nc.id)}`),
    };
  }

  private ids(values: readonly number[]) {
    return { ids: this.dialect.listParam(values) };
  }

  async externalInstanceByKey(approvalCode: string, instanceId: string): Promise<ExternalInstanceRow | null> {
    return this.decode.instances(await this.engine.all(this.statements.instanceByKey, { approvalCode, instanceId }))[0] ?? null;
  }

  async externalInstancesByPk(pks: readonly number[]): Promise<ExternalInstanceRow[]> {
    return this.decode.instances(await this.engine.all(this.statements.instancesByPk, this.ids(pks)));
  }

  /** The tasks of these instances, each instance's oldest first. */
  async tasksOf(instancePks: readonly number[]): Promise<ExternalTaskRow[]> {
    return this.decode.tasks(await this.engine.all(this.statements.tasksOf, this.ids(instancePks)));
  }

  async tasksByPk(pks: readonly number[]): Promise<ExternalTaskRow[]> {
    return this.decode.tasks(await this.engine.all(this.statements.tasksByPk, this.ids(pks)));
  }

  /** The cc entries of these instances, each instance's oldest first. */
  async ccEntriesOf(instancePks: readonly number[]): Promise<ExternalCcRow[]> {
    return this.decode.cc(await this.engine.all(this.statements.ccOf, this.ids(instancePks)));
  }

  async ccEntriesByPk(pks: readonly number[]): Promise<ExternalCcRow[]> {
    return this.decode.cc(await this.engine.all(this.statements.ccByPk, this.ids(pks)));
  }

  /** The form entries of these instances, in push order. */
  async formOf(instancePks: readonly number[]): Promise<ExternalFormRow[]> {
    return this.decode.form(await this.engine.all(this.statements.formOf, this.ids(instancePks)));
  }

  /** The rows (one per locale) of texts named by (instance, text key). */
  async texts(keys: readonly (readonly [number, string])[]): Promise<ExternalTextRow[]> {
    return this.decode.texts(await this.engine.all(this.statements.texts, { pairs: JSON.stringify(keys) }));
  }

  async approvalInstancesByPk(pks: readonly number[]): Promise<ApprovalInstanceRow[]> {
    return this.decode.approvalInstances(await this.engine.all(this.statements.approvalInstancesByPk, this.ids(pks)));
  }

  async approvalInstanceByCode(instanceCode: string): Promise<ApprovalInstanceRow | null> {
    return this.decode.approvalInstances(await this.engine.all(this.statements.approvalInstanceByCode, { code: instanceCode }))[0] ?? null;
  }

  /** `uuidKey`: the uuid in upper case (Feishu ignores its case). */
  async approvalInstanceByUuidKey(uuidKey: string): Promise<ApprovalInstanceRow | null> {
    return this.decode.approvalInstances(await this.engine.all(this.statements.approvalInstanceByUuidKey, { uuidKey }))[0] ?? null;
  }

  /** The tasks of these native instances, each instance's oldest first. */
  async nativeTasksOf(instancePks: readonly number[]): Promise<NativeTaskRow[]> {
    return this.decode.nativeTasks(await this.engine.all(this.statements.nativeTasksOf, this.ids(instancePks)));
  }

  async nativeTasksByPk(pks: readonly number[]): Promise<NativeTaskRow[]> {
    return this.decode.nativeTasks(await this.engine.all(this.statements.nativeTasksByPk, this.ids(pks)));
  }

  /** The cc entries of these native instances, each instance's oldest first. */
  async nativeCcEntriesOf(instancePks: readonly number[]): Promise<NativeCcRow[]> {
    return this.decode.nativeCc(await this.engine.all(this.statements.nativeCcOf, this.ids(instancePks)));
  }

  async nativeCcEntriesByPk(pks: readonly number[]): Promise<NativeCcRow[]> {
    return this.decode.nativeCc(await this.engine.all(this.statements.nativeCcByPk, this.ids(pks)));
  }
}
