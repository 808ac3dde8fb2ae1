/**
 * The writer thread (see writer-thread.ts): its own connection to the mirror file, and the same
 * MirrorWrites as the calling thread would run. The writes waiting on the port share a commit.
 */
import { parentPort, receiveMessageOnPort, workerData } from 'node:worker_threads';
import { truncateWalPastLimit } from './checkpointer.js';
import { CommittedRows } from './committed-rows.js';
import { openConnection } from './db.js';
import type { ToWriterThread, WriterThreadData, WrittenBatch } from './writer-thread.js';
import type { SyncOutcome } from './write-external-instance.js';
import { MirrorWrites, type WireCommand } from './writes.js';

const port = parentPort!;
const { path, walLimit } = workerData as WriterThreadData;
const { db, sqlite } = openConnection(path, { autoCheckpoint: walLimit === undefined });
const writes = new MirrorWrites(db, sqlite);
const committedRows = new CommittedRows(db, sqlite);

/** An error as plain data: its class does not cross threads, its name, message and code do. */
const plainError = (error: unknown) =>
  error instanceof Error ? { name: error.name, message: error.message, code: (error as { code?: unknown }).code } : { name: 'Error', message: String(error) };

/** Commits the writes in one transaction and posts their results. */
function commit(batch: readonly { id: number; command: WireCommand }[]): void {
  if (batch.length === 0) return;
  const results = writes.applyAll(batch.map((item) => item.command));
  // The pushes' instances cross back with their outcomes, read here while this connection's
  // cache holds their pages (see CommittedRows).
  const pushed: SyncOutcome[] = [];
  results.forEach((result, index) => {
    if ('value' in result && batch[index]!.command.kind === 'syncPushJson') pushed.push(result.value as SyncOutcome);
  });
  committedRows.attach(pushed);
  const message: WrittenBatch = {
    wal: walLimit && truncateWalPastLimit(sqlite, walLimit),
    ids: batch.map((item) => item.id),
    results: results.map((result) => ('value' in result ? result : { error: plainError(result.error) })),
  };
  port.postMessage(message);
}

/**
 * Each message is a turn's writes on the calling thread. Those that arrived while the last
 * transaction ran are waiting on the port: they are taken at once and share this one.
 */
port.on('message', (first: ToWriterThread) => {
  const batch: { id: number; command: WireCommand }[] = [];
  let closing = false;
  for (let message: ToWriterThread | undefined = first; message; message = (receiveMessageOnPort(port)?.message as ToWriterThread | undefined)) {
    if (message.kind === 'close') closing = true;
    else batch.push(...message.writes);
  }
  commit(batch);
  if (closing) {
    sqlite.close();
    port.close();
  }
});
