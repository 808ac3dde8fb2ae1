import { createRequire } from 'node:module';
import { extname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { WalLimit, WalTruncation } from './checkpointer.js';
import { type MirrorWriter, TurnQueue, settler } from './writer.js';
import { type ResultOf, type WireCommand, type WriteCommand, type WriteResult, toWire } from './writes.js';

export interface WriterThreadData {
  path: string;
  /**
   * With background checkpoints (the checkpoint worker), the WAL bound the writer keeps after its
   * commits; without, the writer's connection checkpoints as SQLite does by default.
   */
  walLimit: WalLimit | undefined;
}

export type ToWriterThread = { kind: 'writes'; writes: { id: number; command: WireCommand }[] } | { kind: 'close' };

/** One committed transaction's results, in the order of `ids`. */
export interface WrittenBatch {
  /** What the writer's check of the WAL size after the commit came to (none without a bound). */
  wal: WalTruncation | undefined;
  ids: number[];
  results: ({ value: unknown } | { error: { name: string; message: string; code?: unknown } })[];
}

/** The entry module beside this one (.ts when run from source, as tsx and vitest do). */
const ENTRY = new URL(`./writer-thread-entry${extname(fileURLToPath(import.meta.url))}`, import.meta.url).href;

/**
 * Loads the entry in the new thread. A worker does not inherit the tsx loader of the thread that
 * starts it, so a TypeScript entry is imported through tsx's API.
 */
const BOOTSTRAP = `
const { workerData } = require('node:worker_threads');
const { entry, tsxApi } = workerData.bootstrap;
(entry.endsWith('.ts') ? import(tsxApi).then((tsx) => tsx.tsImport(entry, entry)) : import(entry));
`;
const TSX_API = pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm/api')).href.replace(/\.cjs$/, '.mjs');

/**
 * The request path's writes on a connection of their own in a worker thread. SQLite's work (about
 * a third of a sync's CPU) then runs beside the event loop instead of on it. Commands cross as
 * structured clones (a sync push as its JSON text: see WireCommand); the writes of a turn go in
 * one message and come back committed in one.
 * If the thread dies, the writes it held fail, and the next write starts a new one. A write that is
 * alone in its turn, while the thread holds none, is committed on the calling thread instead (when
 * given `commitHere`): at low load the hand-over's two thread wake-ups cost more than the write.
 */
export class WriterThread implements MirrorWriter {
  private worker: Worker | undefined;
  /** Submitted this turn, handed to the thread in one message when the turn ends. */
  private readonly outgoing = new TurnQueue<{ id: number; command: WriteCommand }>((writes) => this.send(writes));
  /** Submitted writes not settled yet, and the thread each was handed to (none while still queued here). */
  private readonly inFlight = new Map<number, { settle: (result: WriteResult<unknown>) => void; thread?: Worker }>();
  private nextId = 1;
  private closing: Promise<void> | undefined;
  commits = 0;

  constructor(
    private readonly data: WriterThreadData,
    /** Called after each commit with the writer's WAL check, to report a failure. */
    private readonly onCommitted: (wal: WalTruncation | undefined) => void,
    /**
     * Commits a batch on the calling thread's connection if no other connection holds the write
     * lock (undefined if one does): for a lone write while the thread has nothing to do (see send).
     */
    private readonly commitHere?: (commands: readonly WriteCommand[]) => WriteResult<unknown>[] | undefined,
  ) {
    this.worker = this.start();
  }

  submit<W extends WriteCommand>(command: W): Promise<ResultOf<W>> {
    if (this.closing) return Promise.reject(new Error('the mirror is closed'));
    return new Promise((resolve, reject) => {
      const id = this.nextId++;
      this.inFlight.set(id, { settle: settler(resolve, reject) });
      this.outgoing.push({ id, command });
    });
  }

  get idle(): boolean {
    return this.inFlight.size === 0;
  }

  private start(): Worker {
    const worker = new Worker(BOOTSTRAP, { eval: true, workerData: { ...this.data, bootstrap: { entry: ENTRY, tsxApi: TSX_API } } });
    worker.on('message', (batch: WrittenBatch) => this.settle(batch));
    // An uncaught error ends the thread: 'exit' follows and fails what it held.
    let failure: Error | undefined;
    worker.on('error', (error) => (failure = error));
    worker.on('exit', () => {
      if (this.worker === worker) this.worker = undefined;
      const reason = failure ? `: ${failure.message}` : '';
      // What it held fails; what is still queued here goes to the next thread.
      for (const [id, write] of this.inFlight) {
        if (write.thread !== worker) continue;
        this.inFlight.delete(id);
        write.settle({ error: new Error(`the mirror's writer thread stopped${reason}`) });
      }
    });
    worker.unref();
    return worker;
  }

  private send(writes: { id: number; command: WriteCommand }[]): void {
    if (writes.length === 1 && this.inFlight.size === 1 && this.commitHere) {
      // A lone write while the thread holds none: handing it over would cost two thread wake-ups,
      // more than the write itself when nothing else is waiting. Under load, writes come several
      // to a turn or find the thread busy, and go to it.
      const { id, command } = writes[0]!;
      const results = this.commitHere([command]);
      if (results) {
        this.commits += 1;
        const write = this.inFlight.get(id)!;
        this.inFlight.delete(id);
        write.settle(results[0]!);
        return;
      }
    }
    const worker = (this.worker ??= this.start());
    for (const { id } of writes) this.inFlight.get(id)!.thread = worker;
    // Keeps the process alive while writes are out.
    worker.ref();
    const message: ToWriterThread = { kind: 'writes', writes: writes.map(({ id, command }) => ({ id, command: toWire(command) })) };
    worker.postMessage(message);
  }

  private settle(batch: WrittenBatch): void {
    this.commits += 1;
    this.onCommitted(batch.wal);
    batch.ids.forEach((id, index) => {
      const result = batch.results[index]!;
      const write = this.inFlight.get(id);
      this.inFlight.delete(id);
      write?.settle('value' in result ? result : { error: Object.assign(new Error(result.error.message), result.error) });
    });
    if (this.inFlight.size === 0) this.worker?.unref();
  }

  close(): Promise<void> {
    this.closing ??= (async () => {
      this.outgoing.flush();
      const worker = this.worker;
      if (!worker) return;
      const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
      worker.ref();
      worker.postMessage({ kind: 'close' } satisfies ToWriterThread);
      await exited;
    })();
    return this.closing;
  }
}
