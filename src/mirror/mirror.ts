import type { ExternalInstancePayload } from '../feishu/wire.js';
import { ApprovalInstanceStore } from './approval-instances.js';
import { type OpenMirrorOptions, type OpenedMirrorDb, openMirrorDb } from './db.js';
import { ExternalReaders } from './read-external.js';
import { type SyncOutcome, writeExternalInstance } from './write-external-instance.js';

/** The SQLite mirror: the one place that reads and writes it. */
export class Mirror {
  readonly external: ExternalReaders;
  readonly approvalInstances: ApprovalInstanceStore;

  private constructor(private readonly opened: OpenedMirrorDb) {
    this.external = new ExternalReaders(opened.db);
    this.approvalInstances = new ApprovalInstanceStore(opened.db);
  }

  /** Opens (creating and migrating) the mirror at `path`. */
  static open(options: OpenMirrorOptions): Mirror {
    return new Mirror(openMirrorDb(options));
  }

  get db(): OpenedMirrorDb['db'] {
    return this.opened.db;
  }

  /** Records a push that Feishu accepted (code 0). */
  writeExternalInstance(payload: ExternalInstancePayload, syncedAt: number): SyncOutcome {
    return writeExternalInstance(this.opened.db, payload, syncedAt);
  }

  close(): void {
    this.opened.sqlite.close();
  }
}
