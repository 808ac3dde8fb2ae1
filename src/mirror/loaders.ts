import DataLoader from 'dataloader';
import type { Mirror } from './mirror.js';
import type { ApprovalInstanceRow, ExternalCcRow, ExternalFormRow, ExternalInstanceRow, ExternalTaskRow } from './tables.js';
import type { SiblingReads } from './sibling-reads.js';
import { type MirrorText, collectTexts, parseTextCacheKey } from './texts.js';

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
  /** A text of a mirrored external row, by instance and text key (see textCacheKey). */
  externalText: DataLoader<string, MirrorText | null>;
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

/** A loader made the first time a request asks for it: most requests use one or two kinds. */
function lazy<T extends object>(makers: { [K in keyof T]: () => T[K] }): T {
  const made: Partial<T> = {};
  const loaders = {} as T;
  for (const key of Object.keys(makers) as (keyof T)[]) {
    Object.defineProperty(loaders, key, { enumerable: true, get: () => (made[key] ??= makers[key]()) });
  }
  return loaders;
}

/**
 * Per-request loaders: one SQL statement per kind of row, whatever the number of instances. The
 * rows of one batch are siblings: what their fields read next is read for all of them at once.
 */
export function createMirrorLoaders(mirror: Mirror, siblings: SiblingReads): MirrorLoaders {
  const reads = mirror.external;
  const together = <Row extends object>(rows: Row[]): Row[] => {
    siblings.group(rows);
    return rows;
  };
  return lazy<MirrorLoaders>({
    externalInstance: () => byPk((pks) => together(reads.instancesByPk(pks))),
    externalTasks: () => new DataLoader(async (pks) => groupBy(pks, together(reads.tasksOf(pks)), (row) => row.instancePk)),
    externalCcEntries: () => new DataLoader(async (pks) => groupBy(pks, together(reads.ccEntriesOf(pks)), (row) => row.instancePk)),
    externalForm: () => new DataLoader(async (pks) => groupBy(pks, together(reads.formOf(pks)), (row) => row.instancePk)),
    externalText: () =>
      new DataLoader(async (keys) => {
        const pairs = keys.map(parseTextCacheKey);
        const texts = collectTexts(reads.textsByKey(pairs));
        return keys.map((key) => texts.get(key) ?? null);
      }),
    approvalInstance: () => byPk((pks) => mirror.approvalInstances.byPks(pks)),
    externalTask: () => byPk((pks) => together(reads.tasksByPk(pks))),
    externalCcEntry: () => byPk((pks) => together(reads.ccEntriesByPk(pks))),
  });
}
