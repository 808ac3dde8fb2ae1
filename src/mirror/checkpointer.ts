import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/**
 * WAL checkpoints off the event loop. A checkpoint copies the WAL into the database file and
 * fsyncs it; run by SQLite after a commit (wal_autocheckpoint) it blocks every request for that
 * fsync. Here a worker thread, with a connection of its own, checkpoints every `intervalMs`
 * (PASSIVE: it never waits for, nor blocks, the writer) and the main connection never does.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.path);
db.pragma('busy_timeout = 5000');
const checkpoint = () => { try { db.pragma('wal_checkpoint(PASSIVE)'); } catch (error) { parentPort.postMessage(String(error)); } };
setInterval(checkpoint, workerData.intervalMs);
`;

export class Checkpointer {
  private readonly worker: Worker;

  constructor(path: string, intervalMs = 250, onError: (message: string) => void = () => {}) {
    const driver = createRequire(import.meta.url).resolve('better-sqlite3');
    this.worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { path, intervalMs, driver } });
    this.worker.on('message', (message: string) => onError(message));
    this.worker.unref();
  }

  /** Stops checkpointing; the owner checkpoints once more on its own connection when it closes. */
  stop(): void {
    void this.worker.terminate();
  }
}
