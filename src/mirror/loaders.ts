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

/**
 * Per-request loaders: one SQL statement per kind of row, whatever the number of instances. The
 * rows of one batch are siblings: what their fields read next is read for all of them at once.
 * Each loader is made the first time the request asks for it (most requests use one or two
 * kinds); the getters live on the prototype, so a request allocates only what it uses.
 */
class RequestLoaders implements MirrorLoaders {
  private made: Partial<MirrorLoaders> = {};

  constructor(
    private readonly mirror: Mirror,
    private readonly siblings: SiblingReads,
  ) {}

  private together<Row extends object>(rows: Row[]): Row[] {
    this.siblings.group(rows);
    return rows;
  }

  get externalInstance(): MirrorLoaders['externalInstance'] {
    return (this.made.externalInstance ??= byPk((pks) => this.together(this.mirror.external.instancesByPk(pks))));
  }

  get externalTasks(): MirrorLoaders['externalTasks'] {
    return (this.made.externalTasks ??= new DataLoader(async (pks) => groupBy(pks, this.together(this.mirror.external.tasksOf(pks)), (row) => row.instancePk)));
  }

  get externalCcEntries(): MirrorLoaders['externalCcEntries'] {
    return (this.made.externalCcEntries ??= new DataLoader(async (pks) =>
      groupBy(pks, this.together(this.mirror.external.ccEntriesOf(pks)), (row) => row.instancePk),
    ));
  }

  get externalForm(): MirrorLoaders['externalForm'] {
    return (this.made.externalForm ??= new DataLoader(async (pks) => groupBy(pks, this.together(this.mirror.external.formOf(pks)), (row) => row.instancePk)));
  }

  get externalText(): MirrorLoaders['externalText'] {
    return (this.made.externalText ??= new DataLoader(async (keys) => {
      const texts = collectTexts(this.mirror.external.textsByKey(keys.map(parseTextCacheKey)));
      return keys.map((key) => texts.get(key) ?? null);
    }));
  }

  get approvalInstance(): MirrorLoaders['approvalInstance'] {
    return (this.made.approvalInstance ??= byPk((pks) => this.mirror.approvalInstances.byPks(pks)));
  }

  get externalTask(): MirrorLoaders['externalTask'] {
    return (this.made.externalTask ??= byPk((pks) => this.together(this.mirror.external.tasksByPk(pks))));
  }

  get externalCcEntry(): MirrorLoaders['externalCcEntry'] {
    return (this.made.externalCcEntry ??= byPk((pks) => this.together(this.mirror.external.ccEntriesByPk(pks))));
  }
}

export function createMirrorLoaders(mirror: Mirror, siblings: SiblingReads): MirrorLoaders {
  return new RequestLoaders(mirror, siblings);
}
