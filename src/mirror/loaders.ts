import DataLoader from 'dataloader';
import type { MirrorReads } from './reads.js';
import type { ApprovalInstanceRow, ExternalCcRow, ExternalFormRow, ExternalInstanceRow, ExternalTaskRow } from './tables.js';
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
 * asked for. Made fresh for each request, so they cache one request only.
 */
export function createMirrorLoaders(reads: MirrorReads) {
  return {
    externalInstance: byPk<ExternalInstanceRow>((pks) => reads.externalInstancesByPk(pks)),
    externalTasks: byInstance<ExternalTaskRow>((pks) => reads.tasksOf(pks)),
    externalCcEntries: byInstance<ExternalCcRow>((pks) => reads.ccEntriesOf(pks)),
    externalForm: byInstance<ExternalFormRow>((pks) => reads.formOf(pks)),
    externalTask: byPk<ExternalTaskRow>((pks) => reads.tasksByPk(pks)),
    externalCcEntry: byPk<ExternalCcRow>((pks) => reads.ccEntriesByPk(pks)),
    approvalInstance: byPk<ApprovalInstanceRow>((pks) => reads.approvalInstancesByPk(pks)),
    /** A text of a mirrored external row, by instance and text key (see textCacheKey). */
    externalText: new DataLoader<string, MirrorText | null>(async (keys) => {
      const texts = collectTexts(await reads.texts(keys.map(parseTextCacheKey)));
      return keys.map((key) => texts.get(key) ?? null);
    }),
  };
}

export type MirrorLoaders = ReturnType<typeof createMirrorLoaders>;
