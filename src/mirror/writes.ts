import type Database from 'better-sqlite3';
import type { ExternalInstancePayload } from '../feishu/wire.js';
import { type IntentResults, type IntentWrite, IntentWrites } from './approval-instances.js';
import type { MirrorDb } from './db.js';
import { ExternalInstanceWriter, type SyncOutcome } from './write-external-instance.js';

/**
 * A write of the request path, as plain data: the same command runs on the calling thread or
 * crosses to the writer thread (see writer-thread.ts).
 */
export type WriteCommand = { kind: 'syncPush'; payload: ExternalInstancePayload; syncedAt: number } | IntentWrite;

export interface WriteResults extends IntentResults {
  syncPush: SyncOutcome;
}

/** What a command settles with. */
export type ResultOf<W extends WriteCommand> = WriteResults[W['kind']];

/** What one write of a group commit came to. */
export type WriteResult<T> = { value: T } | { error: unknown };

/** Runs write commands on one connection. */
export class MirrorWrites {
  readonly external: ExternalInstanceWriter;
  private readonly intents: IntentWrites;

  constructor(
    db: MirrorDb,
    private readonly sqlite: Database.Database,
  ) {
    this.external = new ExternalInstanceWriter(db, sqlite);
    this.intents = new IntentWrites(db);
  }

  apply(command: WriteCommand): ResultOf<WriteCommand> {
    return command.kind === 'syncPush' ? this.external.apply(command.payload, command.syncedAt) : this.intents.apply(command);
  }

  /**
   * Runs the writes in one transaction, each atomic on its own (a savepoint): one that throws
   * leaves the others, and they all cost one commit. If the commit itself fails, all fail. The
   * transaction takes the write lock as it begins (IMMEDIATE): a deferred one that read first
   * could not wait for another connection's write, SQLite would refuse it at once (SQLITE_BUSY).
   */
  inOneTransaction<T>(writes: readonly (() => T)[]): WriteResult<T>[] {
    const sqlite = this.sqlite;
    try {
      return sqlite.transaction(() =>
        writes.map((write): WriteResult<T> => {
          try {
            // Nested in the batch's transaction, better-sqlite3 makes this a savepoint.
            return { value: sqlite.transaction(write)() };
          } catch (error) {
            return { error };
          }
        }),
      ).immediate();
    } catch (error) {
      return writes.map(() => ({ error }));
    }
  }

  /** inOneTransaction for commands. */
  applyAll(commands: readonly WriteCommand[]): WriteResult<ResultOf<WriteCommand>>[] {
    return this.inOneTransaction(commands.map((command) => () => this.apply(command)));
  }
}
