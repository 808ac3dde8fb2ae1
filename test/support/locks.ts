import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import Database from 'better-sqlite3';

/** Whether a connection holds the write lock of the SQLite file (asked from another one, without waiting). */
export function lockTaken(path: string): boolean {
  const probe = new Database(path, { timeout: 0 });
  try {
    probe.prepare('BEGIN IMMEDIATE').run();
    probe.prepare('ROLLBACK').run();
    return false;
  } catch (error) {
    if ((error as { code?: string }).code === 'SQLITE_BUSY') return true;
    throw error;
  } finally {
    probe.close();
  }
}

/** Another connection takes the write lock, as another process could; the answer releases it. */
export function holdWriteLock(path: string): () => void {
  const blocker = new Database(path);
  blocker.prepare('BEGIN IMMEDIATE').run();
  return () => {
    blocker.prepare('ROLLBACK').run();
    blocker.close();
  };
}

const LOCKER = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.module);
const db = new Database(workerData.path);
db.prepare('BEGIN IMMEDIATE').run();
parentPort.postMessage('locked');
setTimeout(() => {
  db.prepare('ROLLBACK').run();
  db.close();
  parentPort.close();
}, workerData.ms);
`;

/**
 * Takes the write lock of the SQLite file on a thread of its own, as another process would, and
 * lets it go after `ms` whatever this thread does meanwhile: a connection here that waited for
 * the lock (blocking the event loop) would get it then. Resolves once the lock is taken.
 */
export async function holdWriteLockFromThread(path: string, ms: number): Promise<void> {
  const module = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(LOCKER, { eval: true, workerData: { module, path, ms } });
  await new Promise<void>((resolve, reject) => {
    worker.once('message', () => resolve());
    worker.once('error', reject);
  });
}
