import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CommittedRows } from '../src/mirror/committed-rows.js';
import { openConnection } from '../src/mirror/db.js';
import { Mirror } from '../src/mirror/mirror.js';
import { type TestApp, startTestApp } from './support/app.js';
import { READ, SYNC, type SyncResult, minimalPush, syncInput } from './support/fixtures.js';

let folder: string;
beforeEach(() => {
  folder = mkdtempSync(join(tmpdir(), 'committed-rows-'));
});
afterEach(() => rmSync(folder, { recursive: true, force: true }));

/** The instance row as the mirror's readers read it. */
const readerRow = (mirror: Mirror, pk: number) => mirror.external.instancesByPk([pk])[0];

describe("a sync push's instance, read back by the connection that committed it", () => {
  it('comes with the outcomes of pushes committed together by the writer thread', async () => {
    const mirror = Mirror.open({ path: join(folder, 'thread.sqlite') });
    try {
      // Two pushes in one turn go to the writer thread together; the second is the first's instance again.
      const outcomes = await Promise.all([
        mirror.writeExternalInstanceSoon(minimalPush(1), 1),
        mirror.writeExternalInstanceSoon(minimalPush(2), 1),
        mirror.writeExternalInstanceSoon({ ...minimalPush(1), update_time: '2', status: 'APPROVED' }, 2),
      ]);
      expect(mirror.commits).toBe(1);
      for (const outcome of outcomes) {
        expect(outcome.committedRow).toBeDefined();
        expect(outcome.committedRow).toEqual(readerRow(mirror, outcome.instancePk));
      }
      // The instance as the batch committed it, for both of its pushes.
      expect(outcomes[0]!.committedRow).toMatchObject({ instanceId: 'I1', status: 'APPROVED' });
    } finally {
      await mirror.close();
    }
  });

  it('comes with the outcome of a push written ahead of Feishu\'s answer', async () => {
    const mirror = Mirror.open({ path: join(folder, 'ahead.sqlite') });
    try {
      const push = mirror.pendingPush(minimalPush(1));
      push.sent(JSON.stringify(minimalPush(1)), 1);
      await new Promise((resolve) => setImmediate(resolve));
      const outcome = await push.commit(1, JSON.stringify(minimalPush(1)));
      expect(mirror.prewrites).toBe(1);
      expect(outcome.committedRow).toEqual(readerRow(mirror, outcome.instancePk));
    } finally {
      await mirror.close();
    }
  });

  it('is not read where the readers\' own connection wrote it (:memory:)', async () => {
    const mirror = Mirror.open({ path: ':memory:' });
    try {
      const outcome = await mirror.writeExternalInstanceSoon(minimalPush(1), 1);
      expect(outcome.committedRow).toBeUndefined();
    } finally {
      await mirror.close();
    }
  });

  it('is left out, the write standing, when the read back fails', () => {
    const path = join(folder, 'closed.sqlite');
    Mirror.open({ path }).close();
    const { db, sqlite } = openConnection(path, { autoCheckpoint: true });
    const rows = new CommittedRows(db, sqlite);
    sqlite.close();
    const outcome = { instancePk: 1, instance: 'INSERTED' as const, tasks: { inserted: 0, updated: 0, stale: 0, deleted: 0 }, ccEntries: { inserted: 0, updated: 0, stale: 0, deleted: 0 } };
    expect(() => rows.attach([outcome])).not.toThrow();
    expect(outcome).not.toHaveProperty('committedRow');
  });

  describe('through GraphQL (file mirror)', () => {
    let app: TestApp;
    const queries: string[] = [];
    beforeEach(async () => {
      queries.length = 0;
      app = await startTestApp({ env: { DATABASE_URL: join(folder, 'app.sqlite') }, overrides: { onQuery: (query) => queries.push(query) } });
    });
    afterEach(async () => {
      await app.close();
    });

    it('answers with the instance without reading it on the readers\' connection', async () => {
      const synced = await app.gql<SyncResult>(SYNC, { input: syncInput() });
      expect(app.runtime.mirror.prewrites).toBe(1);
      expect(synced.data.syncExternalInstance).toMatchObject({ instance: { instanceId: 'inst-1', status: 'PENDING' } });
      expect(queries.filter((query) => /from "external_instances"/i.test(query))).toEqual([]);
      // What it answered is what the mirror holds.
      const read = await app.gql<{ externalInstance: Record<string, unknown> }>(READ, { approvalCode: 'APPROVAL-1', instanceId: 'inst-1' });
      expect(read.data.externalInstance).toMatchObject({ instanceId: 'inst-1', status: 'PENDING', updateTime: synced.data.syncExternalInstance.instance?.updateTime });
    });
  });
});
