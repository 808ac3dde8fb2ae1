import DataLoader from 'dataloader';
import type { Mirror } from './mirror.js';
import type { ApprovalInstanceRow, ExternalCcRow, ExternalFormRow, ExternalInstanceRow, ExternalTaskRow } from './tables.js';
import type { MirrorText } from './texts.js';

/** Groups rows by their instance, in the order of the keys asked for. */
function groupBy<T>(keys: readonly number[], rows: readonly T[], keyOf: (row: T) => number): T[][] {
  const groups = new Map<number, T[]>(keys.map((key) => [key, []]));
  for (const row of rows) groups.get(keyOf(row))?.push(row);
  return keys.map((key) => groups.get(key) ?? []);
}

export interface MirrorLoaders {
  externalInstance: DataLoader<number, ExternalInstanceRow | null>;
  externalTasks: DataLoader<number, ExternalTaskRow[]>;
  externalCcEntries: DataLoader<number, ExternalCcRow[]>;
  externalForm: DataLoader<number, ExternalFormRow[]>;
  /** text key → text, for everything mirrored under one instance. */
  externalTexts: DataLoader<number, Map<string, MirrorText>>;
  approvalInstance: DataLoader<number, ApprovalInstanceRow | null>;
  externalTask: DataLoader<number, ExternalTaskRow | null>;
  externalCcEntry: DataLoader<number, ExternalCcRow | null>;
}

/** A loader of rows by primary key: one statement per batch, null where none. */
function byPk<Row extends { id: number }>(read: (pks: readonly number[]) => Row[]): DataLoader<number, Row | null> {
  return new DataLoader(async (pks) => {
    const rows = new Map(read(pks).map((row) => [row.id, row]));
    return pks.map((pk) => rows.get(pk) ?? null);
  });
}

/** Per-request loaders: one SQL statement per kind of row, whatever the number of instances. */
export function createMirrorLoaders(mirror: Mirror): MirrorLoaders {
  const reads = mirror.external;
  return {
    externalInstance: byPk((pks) => reads.instancesByPk(pks)),
    externalTasks: new DataLoader(async (pks) => groupBy(pks, reads.tasksOf(pks), (row) => row.instancePk)),
    externalCcEntries: new DataLoader(async (pks) => groupBy(pks, reads.ccEntriesOf(pks), (row) => row.instancePk)),
    externalForm: new DataLoader(async (pks) => groupBy(pks, reads.formOf(pks), (row) => row.instancePk)),
    externalTexts: new DataLoader(async (pks) =>
      groupBy(pks, reads.textsOf(pks), (row) => row.instancePk).map((rows) => {
        const texts = new Map<string, MirrorText>();
        for (const row of rows) {
          let text = texts.get(row.textKey);
          if (!text) texts.set(row.textKey, (text = { key: row.textKey, defaultLocale: '', values: new Map() }));
          text.values.set(row.locale, row.value);
          if (row.isDefault) text.defaultLocale = row.locale;
        }
        return texts;
      }),
    ),
    approvalInstance: byPk((pks) => mirror.approvalInstances.byPks(pks)),
    externalTask: byPk((pks) => reads.tasksByPk(pks)),
    externalCcEntry: byPk((pks) => reads.ccEntriesByPk(pks)),
  };
}
