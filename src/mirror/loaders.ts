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
}

/** Per-request loaders: one SQL statement per kind of row, whatever the number of instances. */
export function createMirrorLoaders(mirror: Mirror): MirrorLoaders {
  const reads = mirror.external;
  return {
    externalInstance: new DataLoader(async (pks) => {
      const rows = new Map(reads.instancesByPk(pks).map((row) => [row.id, row]));
      return pks.map((pk) => rows.get(pk) ?? null);
    }),
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
    approvalInstance: new DataLoader(async (pks) => {
      const rows = new Map(mirror.approvalInstances.byPks(pks).map((row) => [row.id, row]));
      return pks.map((pk) => rows.get(pk) ?? null);
    }),
  };
}
