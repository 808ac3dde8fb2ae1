import DataLoader from 'dataloader';
import type { MirrorReads } from './reads.js';
import type { ApprovalInstanceRow, ExternalCcRow, ExternalFormRow, ExternalInstanceRow, ExternalTaskRow, NativeCcRow, NativeTaskRow } from './tables.js';
import { type MirrorText, collectTexts, parseTextCacheKey } from './texts.js';

/** Groups rows by their instance, in the order of the keys asked for. */
function groupBy<T>(keys: readonly number[], rows: readonly T[], keyOf: (row: T) => number): T[][] {
  const groups = new Map<number, T[]>(keys.map((key) => [key, []]));
  for (const row of rows) groups.get(keyOf(row))?.push(row);
  return keys.map((key) => groups.get(key) ?? []);
}

/** A loader of rows by primary key: one statement per batch, null where none. */
function byPk<Row extends { id: number }>(read: (pks: readonly number[]) => Promise<Row[]>): DataLoader<number, Row | null> {
  return new DataLoader(async (pks) => {
    const rows = new Map((await read(pks)).map((row) => [row.id, row]));
    return pks.map((pk) => rows.get(pk) ?? null);
  });
}

/** Rows of one kind by their instance: one statement per batch. */
function byInstance<Row extends { instancePk: number }>(read: (pks: readonly number[]) => Promise<Row[]>): DataLoader<number, Row[]> {
  return new DataLoader(async (pks) => groupBy(pks, await read(pks), (row) => row.instancePk));
}

/**
 * Per-request loaders: one SQL statement per kind of row and batch, whatever the number of rows
 * asked for. Made fresh for each request, so they cache one request only; each loader is made the
 * first time the request asks for it (most requests use one or two kinds).
 */
export class MirrorLoaders {
  private made: Partial<Record<string, DataLoader<never, unknown>>> = {};

  constructor(private readonly reads: MirrorReads) {}

  private once<L>(name: string, make: () => L): L {
    return (this.made[name] ??= make() as DataLoader<never, unknown>) as L;
  }

  get externalInstance(): DataLoader<number, ExternalInstanceRow | null> {
    return this.once('externalInstance', () => byPk((pks) => this.reads.externalInstancesByPk(pks)));
  }

  get externalTasks(): DataLoader<number, ExternalTaskRow[]> {
    return this.once('externalTasks', () => byInstance((pks) => this.reads.tasksOf(pks)));
  }

  get externalCcEntries(): DataLoader<number, ExternalCcRow[]> {
    return this.once('externalCcEntries', () => byInstance((pks) => this.reads.ccEntriesOf(pks)));
  }

  get externalForm(): DataLoader<number, ExternalFormRow[]> {
    return this.once('externalForm', () => byInstance((pks) => this.reads.formOf(pks)));
  }

  get externalTask(): DataLoader<number, ExternalTaskRow | null> {
    return this.once('externalTask', () => byPk((pks) => this.reads.tasksByPk(pks)));
  }

  get externalCcEntry(): DataLoader<number, ExternalCcRow | null> {
    return this.once('externalCcEntry', () => byPk((pks) => this.reads.ccEntriesByPk(pks)));
  }

  get approvalInstance(): DataLoader<number, ApprovalInstanceRow | null> {
    return this.once('approvalInstance', () => byPk((pks) => this.reads.approvalInstancesByPk(pks)));
  }

  get nativeTasks(): DataLoader<number, NativeTaskRow[]> {
    return this.once('nativeTasks', () => byInstance((pks) => this.reads.nativeTasksOf(pks)));
  }

  get nativeCcEntries(): DataLoader<number, NativeCcRow[]> {
    return this.once('nativeCcEntries', () => byInstance((pks) => this.reads.nativeCcEntriesOf(pks)));
  }

  get nativeTask(): DataLoader<number, NativeTaskRow | null> {
    return this.once('nativeTask', () => byPk((pks) => this.reads.nativeTasksByPk(pks)));
  }

  get nativeCcEntry(): DataLoader<number, NativeCcRow | null> {
    return this.once('nativeCcEntry', () => byPk((pks) => this.reads.nativeCcEntriesByPk(pks)));
  }

  /** A text of a mirrored external row, by instance and text key (see textCacheKey). */
  get externalText(): DataLoader<string, MirrorText | null> {
    return this.once(
      'externalText',
      () =>
        new DataLoader<string, MirrorText | null>(async (keys) => {
          const texts = collectTexts(await this.reads.texts(keys.map(parseTextCacheKey)));
          return keys.map((key) => texts.get(key) ?? null);
        }),
    );
  }
}
