import type Database from 'better-sqlite3';
import type { MirrorDb } from './db.js';
import { instancesByPkStatement } from './read-external.js';
import type { RowStatement } from './row-statement.js';
import type { ExternalInstanceRow } from './tables.js';
import type { SyncOutcome } from './write-external-instance.js';

/**
 * Reads the instances of sync pushes back on the connection that wrote them, right after its
 * commit, so that the request can answer with the instance as now mirrored without reading it
 * on the readers' connection.
 *
 * That matters because of how SQLite's WAL mode handles page caches: when another connection
 * has committed, a connection drops its whole page cache before its next read. The readers'
 * first read after each commit of the writer thread (or of the write ahead) then fetches every
 * page it needs again, from the WAL or the file: about 50 µs for a sync's answer, against 15 µs
 * for the same read with its pages cached (bench/OPTIMIZATIONS.md, item 65). The writing
 * connection's cache is still valid after its own commit, so the read back costs it a few µs.
 */
export class CommittedRows {
  private readonly byPks: RowStatement<ExternalInstanceRow>;

  constructor(db: MirrorDb, sqlite: Database.Database) {
    this.byPks = instancesByPkStatement(db, sqlite, undefined);
  }

  /**
   * Sets each outcome's `committedRow`, in one statement. Call it after the commit. A failed read
   * leaves the outcomes without it: the write is committed all the same, and the request reads
   * the row itself.
   */
  attach(outcomes: readonly SyncOutcome[]): void {
    if (outcomes.length === 0) return;
    let rows: ExternalInstanceRow[];
    try {
      rows = this.byPks.all({ ids: JSON.stringify(outcomes.map((outcome) => outcome.instancePk)) });
    } catch {
      return;
    }
    const byPk = new Map(rows.map((row) => [row.id, row]));
    for (const outcome of outcomes) {
      const row = byPk.get(outcome.instancePk);
      if (row) outcome.committedRow = row;
    }
  }
}
