import type Database from 'better-sqlite3';
import type { ExternalInstancePayload } from '../feishu/wire.js';
import type { PlainTexts } from '../translate/external-instance.js';
import { type IntentResults, type IntentWrite, IntentWrites } from './approval-instances.js';
import type { MirrorDb } from './db.js';
import { ExternalInstanceWriter, type SyncOutcome } from './write-external-instance.js';

/**
 * A write of the request path, as plain data: the same command runs on the calling thread or
 * crosses to the writer thread (see writer-thread.ts).
 */
export type WriteCommand =
  /**
   * `payloadJson`: the payload's JSON text as sent to Feishu, when the caller has it (else it is
   * made here). `plainTexts`: every locale of the texts the payload carries as plain strings.
   */
  | { kind: 'syncPush'; payload: ExternalInstancePayload; syncedAt: number; payloadJson?: string | undefined; plainTexts?: PlainTexts | undefined }
  | IntentWrite;

/**
 * A command as it crosses to the writer thread. A push goes as its payload's JSON text: a string
 * crosses as one copy, where the payload object's structured clone took ~20 µs of the event loop
 * (and longer to rebuild on the other side than JSON.parse takes). The text is also what the
 * mirror stores as the push's payload: made once, by the Feishu client, for the request it sent.
 */
export type WireCommand =
  | Exclude<WriteCommand, { kind: 'syncPush' }>
  | { kind: 'syncPushJson'; payloadJson: string; syncedAt: number; plainTexts?: PlainTexts | undefined };

export function toWire(command: WriteCommand): WireCommand {
  if (command.kind !== 'syncPush') return command;
  return { kind: 'syncPushJson', payloadJson: command.payloadJson ?? JSON.stringify(command.payload), syncedAt: command.syncedAt, plainTexts: command.plainTexts };
}

export interface WriteResults extends IntentResults {
  syncPush: SyncOutcome;
  syncPushJson: SyncOutcome;
}

/** What a command settles with. */
export type ResultOf<W extends WriteCommand | WireCommand> = WriteResults[W['kind']];

/** What one write of a group commit came to. */
export type WriteResult<T> = { value: T } | { error: unknown };

/** Runs write commands on one connection. */
export class MirrorWrites {
  readonly external: ExternalInstanceWriter;
  private readonly intents: IntentWrites;
  /** For applyAllIfUnlocked: a transaction begun by hand. */
  private readonly manual: { begin: Database.Statement; commit: Database.Statement; rollback: Database.Statement };
  /** The connection's busy timeout, restored after applyAllIfUnlocked's BEGIN. */
  private readonly busyTimeoutMs: number;

  constructor(
    db: MirrorDb,
    private readonly sqlite: Database.Database,
  ) {
    this.external = new ExternalInstanceWriter(db, sqlite);
    this.intents = new IntentWrites(db);
    this.busyTimeoutMs = Number(sqlite.pragma('busy_timeout', { simple: true }));
    this.manual = { begin: sqlite.prepare('BEGIN IMMEDIATE'), commit: sqlite.prepare('COMMIT'), rollback: sqlite.prepare('ROLLBACK') };
  }

  apply(command: WriteCommand | WireCommand): ResultOf<WriteCommand> {
    if (command.kind === 'syncPush') return this.external.apply(command.payload, command.syncedAt, command.payloadJson, command.plainTexts);
    if (command.kind === 'syncPushJson') {
      return this.external.apply(JSON.parse(command.payloadJson) as ExternalInstancePayload, command.syncedAt, command.payloadJson, command.plainTexts);
    }
    return this.intents.apply(command);
  }

  /**
   * Runs the writes in one transaction, each atomic on its own: one that throws leaves the others,
   * and they all cost one commit. If the commit itself fails, all fail. The transaction takes the
   * write lock as it begins (IMMEDIATE): a deferred one that read first could not wait for another
   * connection's write, SQLite would refuse it at once (SQLITE_BUSY).
   *
   * The writes run first without a savepoint each: in WAL mode SQLite copies every page a write
   * changes inside a savepoint to the statement journal, ~60 µs a push. Only when one throws is
   * the transaction rolled back and the writes run again, each in a savepoint.
   */
  inOneTransaction<T>(writes: readonly (() => T)[]): WriteResult<T>[] {
    return this.straightThenInSavepoints<T, never>(writes, (each) => this.immediate(writes, each));
  }

  /** inOneTransaction for commands. */
  applyAll(commands: readonly (WriteCommand | WireCommand)[]): WriteResult<ResultOf<WriteCommand>>[] {
    return this.inOneTransaction(this.thunks(commands));
  }

  /**
   * applyAll, unless another connection holds the write lock: then nothing is written and the
   * answer is undefined, at once. For a caller that must not wait (the event loop), which can hand
   * the writes to one that may. The lock may be taken elsewhere between the two runs of
   * straightThenInSavepoints: then undefined too, nothing written (the first run was rolled back).
   */
  applyAllIfUnlocked(commands: readonly WriteCommand[]): WriteResult<ResultOf<WriteCommand>>[] | undefined {
    const writes = this.thunks(commands);
    return this.straightThenInSavepoints(writes, (each) => this.ifUnlocked(writes, each));
  }

  /**
   * The writes in a transaction run by `transaction`, first straight. If one throws, that
   * transaction was rolled back: a lone write's result is its error; a batch runs again in a new
   * one, each write in a savepoint, so that the one that throws leaves the others.
   */
  private straightThenInSavepoints<T, Locked extends undefined>(
    writes: readonly (() => T)[],
    transaction: (each: RunWrites<T>) => WriteResult<T>[] | WriteFailed | Locked,
  ): WriteResult<T>[] | Locked {
    const first = transaction(allOrNothing);
    if (!(first instanceof WriteFailed)) return first;
    if (writes.length === 1) return [{ error: first.cause }];
    const again = transaction((each) => this.eachInSavepoint(each));
    return again === undefined ? again : errorsIfFailed(writes, again);
  }

  /** One transaction that waits for the write lock (the busy timeout): `each` runs the writes. */
  private immediate<T>(writes: readonly (() => T)[], each: RunWrites<T>): WriteResult<T>[] | WriteFailed {
    try {
      return this.sqlite.transaction(() => each(writes)).immediate();
    } catch (error) {
      return error instanceof WriteFailed ? error : writes.map(() => ({ error }));
    }
  }

  /** One transaction begun without waiting for the lock (undefined when another connection holds it): `each` runs the writes. */
  private ifUnlocked<T>(writes: readonly (() => T)[], each: RunWrites<T>): WriteResult<T>[] | WriteFailed | undefined {
    const { begin, commit, rollback } = this.manual;
    // Set through pragma() each time, not a prepared statement: SQLite sets the busy timeout while it
    // compiles the PRAGMA, so the first run of a prepared one did nothing, and the first lone write
    // made with the lock held elsewhere waited the whole timeout on the event loop.
    this.sqlite.pragma('busy_timeout = 0');
    try {
      begin.run();
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      // SQLITE_BUSY, or an extended code of it (SQLITE_BUSY_RECOVERY while another connection recovers the WAL).
      if (typeof code === 'string' && code.startsWith('SQLITE_BUSY')) return undefined;
      return writes.map(() => ({ error }));
    } finally {
      this.sqlite.pragma(`busy_timeout = ${this.busyTimeoutMs}`);
    }
    try {
      const results = each(writes);
      commit.run();
      return results;
    } catch (error) {
      if (this.sqlite.inTransaction) rollback.run();
      return error instanceof WriteFailed ? error : writes.map(() => ({ error }));
    }
  }

  private thunks(commands: readonly (WriteCommand | WireCommand)[]): (() => ResultOf<WriteCommand>)[] {
    return commands.map((command) => () => this.apply(command));
  }

  /** Inside a transaction: each write in a savepoint of its own (better-sqlite3 nests a transaction so). */
  private eachInSavepoint<T>(writes: readonly (() => T)[]): WriteResult<T>[] {
    return writes.map((write): WriteResult<T> => {
      try {
        return { value: this.sqlite.transaction(write)() };
      } catch (error) {
        return { error };
      }
    });
  }
}

/** Runs a batch's writes inside a transaction, each write's result in order. */
type RunWrites<T> = (writes: readonly (() => T)[]) => WriteResult<T>[];

/** A write of a batch threw (its error is `cause`): the batch's transaction is to be rolled back. */
class WriteFailed {
  constructor(readonly cause: unknown) {}
}

/** Inside a transaction: the writes one after the other; the first that throws stops them (WriteFailed). */
function allOrNothing<T>(writes: readonly (() => T)[]): WriteResult<T>[] {
  return writes.map((write) => {
    try {
      return { value: write() };
    } catch (cause) {
      throw new WriteFailed(cause);
    }
  });
}

/** Savepoint runs never throw WriteFailed (eachInSavepoint catches each write's error): for the types. */
function errorsIfFailed<T>(writes: readonly unknown[], results: WriteResult<T>[] | WriteFailed): WriteResult<T>[] {
  return results instanceof WriteFailed ? writes.map(() => ({ error: results.cause })) : results;
}
