import { cpSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { afterAll, describe, expect, it } from 'vitest';
import { Checkpointer } from '../src/mirror/checkpointer.js';
import { MIGRATIONS_FOLDER, MIRROR_PAGE_SIZE, openConnection } from '../src/mirror/db.js';
import { Mirror } from '../src/mirror/mirror.js';
import { approvalInstances, externalInstances } from '../src/mirror/tables.js';
import { intentFixture } from './support/create-fixtures.js';
import { minimalPush } from './support/fixtures.js';

const work = mkdtempSync(join(tmpdir(), 'migrations-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** The migrations folder as it was after the first `count` migrations. */
function migrationsUpTo(count: number): string {
  const folder = join(work, `upto-${count}`);
  cpSync(MIGRATIONS_FOLDER, folder, { recursive: true });
  const journalPath = join(folder, 'meta', '_journal.json');
  const journal = JSON.parse(readFileSync(journalPath, 'utf8')) as { entries: unknown[] };
  journal.entries = journal.entries.slice(0, count);
  writeFileSync(journalPath, JSON.stringify(journal));
  return folder;
}

describe('migrations', () => {
  it('move the payloads of a mirror made before external_instance_payloads, and index it for search', async () => {
    const path = join(work, 'old.sqlite');
    const old = new Database(path);
    migrate(drizzle(old), { migrationsFolder: migrationsUpTo(4) });
    old
      .prepare(
        `INSERT INTO external_instances (id, approval_code, instance_id, status, start_time, update_time, update_mode, default_locale, last_payload, last_synced_at, first_synced_at, title_text)
         VALUES (7, 'A', 'I', 'PENDING', 1, 1, 'REPLACE', 'zh-CN', '{"instance_id":"I"}', 1, 1, 'k')`,
      )
      .run();
    old.prepare(`INSERT INTO external_texts (instance_pk, text_key, locale, value, is_default) VALUES (7, 'k', 'zh-CN', '旧标题', 1)`).run();
    old.close();

    const mirror = Mirror.open({ path });
    expect(mirror.sqlite.prepare('SELECT instance_pk, payload FROM external_instance_payloads').all()).toEqual([
      { instance_pk: 7, payload: '{"instance_id":"I"}' },
    ]);
    const columns = (mirror.sqlite.prepare('PRAGMA table_info(external_instances)').all() as { name: string }[]).map((c) => c.name);
    expect(columns).not.toContain('last_payload');
    expect(mirror.sqlite.prepare(`SELECT rowid FROM external_instance_search WHERE external_instance_search MATCH '"旧"'`).all()).toEqual([{ rowid: 7 }]);
    await mirror.close();
  });

  it("find the instances missing from the search index at open by their ids, never reading every text row (the mirror's largest table)", async () => {
    const path = join(work, 'search-check.sqlite');
    const seeded = Mirror.open({ path });
    seeded.writeExternalInstance(minimalPush(1), 1);
    seeded.sqlite.prepare('DELETE FROM external_instance_search').run();
    await seeded.close();

    const statements: string[] = [];
    const mirror = Mirror.open({ path, onQuery: (query) => statements.push(query) });
    const check = statements.find((statement) => statement.includes('external_instance_search'));
    expect(check).toBeDefined();
    const plan = (mirror.sqlite.prepare(`EXPLAIN QUERY PLAN ${check}`).all() as { detail: string }[]).map((row) => row.detail);
    // external_texts is only searched, by an instance's id; the walk is over the instances.
    expect(plan.filter((detail) => /\b(external_texts|t)\b/.test(detail))).toEqual([expect.stringMatching(/^SEARCH t /)]);
    expect(plan.filter((detail) => detail.startsWith('SCAN '))).toEqual([expect.stringMatching(/^SCAN i /), expect.stringMatching(/VIRTUAL TABLE/)]);
    // And the instance whose search row was lost is indexed again.
    expect(mirror.sqlite.prepare('SELECT count(*) AS n FROM external_instance_search').get()).toEqual({ n: 1 });
    await mirror.close();
  });

  it('keep external_texts a WITHOUT ROWID table: made so in a new mirror, rebuilt so in one made before 0007, texts kept', async () => {
    const isWithoutRowid = (sqlite: Database.Database) =>
      /WITHOUT ROWID\s*$/i.test((sqlite.prepare(`SELECT sql FROM sqlite_master WHERE name = 'external_texts'`).get() as { sql: string }).sql);
    const fresh = Mirror.open({ path: join(work, 'texts-new.sqlite') });
    expect(isWithoutRowid(fresh.sqlite)).toBe(true);
    await fresh.close();

    const path = join(work, 'texts-old.sqlite');
    const old = new Database(path);
    migrate(drizzle(old), { migrationsFolder: migrationsUpTo(7) });
    expect(isWithoutRowid(old)).toBe(false);
    old
      .prepare(
        `INSERT INTO external_instances (id, approval_code, instance_id, status, start_time, update_time, update_mode, default_locale, last_synced_at, first_synced_at, title_text)
         VALUES (7, 'A', 'I', 'PENDING', 1, 1, 'REPLACE', 'zh-CN', 1, 1, 'k')`,
      )
      .run();
    const insertText = old.prepare('INSERT INTO external_texts (instance_pk, text_key, locale, value, is_default) VALUES (?, ?, ?, ?, ?)');
    insertText.run(7, 'k', 'zh-CN', '旧标题', 1);
    insertText.run(7, 'k', 'en-US', 'Old title', 0);
    insertText.run(7, 'j', 'zh-CN', '另一个', 1);
    const texts = (sqlite: Database.Database) => sqlite.prepare('SELECT * FROM external_texts ORDER BY instance_pk, text_key, locale').all();
    const foreignKeys = (sqlite: Database.Database) => sqlite.prepare('PRAGMA foreign_key_list(external_texts)').all();
    const textsBefore = texts(old);
    const foreignKeysBefore = foreignKeys(old);
    old.close();

    const mirror = Mirror.open({ path });
    expect(isWithoutRowid(mirror.sqlite)).toBe(true);
    expect(texts(mirror.sqlite)).toEqual(textsBefore);
    expect(foreignKeys(mirror.sqlite)).toEqual(foreignKeysBefore);
    expect(mirror.external.textsByKey([[7, 'k']]).map((row) => row.value).sort()).toEqual(['Old title', '旧标题']);
    await mirror.writeExternalInstanceSoon(minimalPush(4, '新标题'), 1);
    expect(mirror.sqlite.prepare(`SELECT count(*) AS n FROM external_texts WHERE value = '新标题'`).get()).toEqual({ n: 1 });
    await mirror.close();
  });

  it("take a DONE task off both of its approver's lists in a mirror made before 0008, its task-group indexes rebuilt", async () => {
    const path = join(work, 'task-group.sqlite');
    const old = new Database(path);
    migrate(drizzle(old), { migrationsFolder: migrationsUpTo(8) });
    old
      .prepare(
        `INSERT INTO external_instances (id, approval_code, instance_id, status, start_time, update_time, update_mode, default_locale, last_synced_at, first_synced_at)
         VALUES (7, 'A', 'I', 'PENDING', 1, 1, 'REPLACE', 'zh-CN', 1, 1)`,
      )
      .run();
    const insertTask = old.prepare(`INSERT INTO external_tasks (instance_pk, task_id, user_id, status, create_time, update_time) VALUES (7, ?, 'u', ?, 1, 1)`);
    for (const status of ['PENDING', 'APPROVED', 'REJECTED', 'TRANSFERRED', 'DONE']) insertTask.run(status.toLowerCase(), status);
    const groups = (sqlite: Database.Database) => sqlite.prepare('SELECT status, task_group AS taskGroup FROM external_tasks ORDER BY id').all();
    expect(groups(old)).toContainEqual({ status: 'DONE', taskGroup: 'DONE' });
    old.close();

    const mirror = Mirror.open({ path });
    expect(groups(mirror.sqlite)).toEqual([
      { status: 'PENDING', taskGroup: 'PENDING' },
      { status: 'APPROVED', taskGroup: 'DONE' },
      { status: 'REJECTED', taskGroup: 'DONE' },
      { status: 'TRANSFERRED', taskGroup: 'DONE' },
      { status: 'DONE', taskGroup: null },
    ]);
    const indexes = mirror.sqlite.prepare(`SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'external_tasks' ORDER BY name`).all();
    expect(indexes).toEqual([{ name: 'external_tasks_instance_task' }, { name: 'external_tasks_open_group_update' }, { name: 'external_tasks_user_group_update' }]);
    const plan = mirror.sqlite.prepare(`EXPLAIN QUERY PLAN SELECT id FROM external_tasks WHERE user_id = 'u' AND task_group = 'DONE' ORDER BY update_time DESC`).all();
    expect(JSON.stringify(plan)).toContain('external_tasks_user_group_update');
    await mirror.close();
  });

  it('a new mirror file has 2 KiB pages, and its writes and reads work on them', async () => {
    expect(MIRROR_PAGE_SIZE).toBe(2048);
    const path = join(work, 'new-pages.sqlite');
    const mirror = Mirror.open({ path });
    expect(mirror.sqlite.pragma('page_size', { simple: true })).toBe(2048);
    expect(mirror.sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
    await mirror.writeExternalInstanceSoon(minimalPush(1, '页大小'), 1);
    await mirror.close();
    const reopened = new Database(path, { readonly: true });
    expect(reopened.pragma('page_size', { simple: true })).toBe(2048);
    expect(reopened.prepare('SELECT instance_id FROM external_instances').all()).toEqual([{ instance_id: minimalPush(1, '页大小').instance_id }]);
    reopened.close();
  });

  it("the request path's connections, the writer thread's included, keep SQLite's temporary data in memory", async () => {
    const path = join(work, 'temp-store.sqlite');
    const mirror = Mirror.open({ path });
    const MEMORY = 2;
    expect(mirror.sqlite.pragma('temp_store', { simple: true })).toBe(MEMORY);
    // The writer thread opens its connection with openConnection.
    const writerLike = openConnection(path, { autoCheckpoint: false });
    expect(writerLike.sqlite.pragma('temp_store', { simple: true })).toBe(MEMORY);
    writerLike.sqlite.close();
    await mirror.writeExternalInstanceSoon(minimalPush(3, '临时'), 1);
    expect(mirror.sqlite.prepare('SELECT count(*) AS n FROM external_instances').get()).toEqual({ n: 1 });
    await mirror.close();
  });

  it('a mirror made with 4 KiB pages keeps them, and its data, when opened', async () => {
    const path = join(work, 'old-pages.sqlite');
    const old = new Database(path);
    old.pragma('page_size = 4096');
    old.pragma('journal_mode = WAL');
    migrate(drizzle(old), { migrationsFolder: MIGRATIONS_FOLDER });
    old.close();
    const first = Mirror.open({ path });
    expect(first.sqlite.pragma('page_size', { simple: true })).toBe(4096);
    await first.writeExternalInstanceSoon(minimalPush(2, '旧页'), 1);
    await first.close();
    const again = Mirror.open({ path });
    expect(again.sqlite.pragma('page_size', { simple: true })).toBe(4096);
    expect(again.sqlite.prepare('SELECT count(*) AS n FROM external_instances').get()).toEqual({ n: 1 });
    await again.close();
  });
});

const checkpointPush = (n: number) => minimalPush(n, `标题 ${n} ${'x'.repeat(500)}`);

const walBytes = (path: string) => statSync(`${path}-wal`, { throwIfNoEntry: false })?.size ?? 0;

describe('checkpoints', () => {
  /** The largest WAL while `write` runs 600 times in a tight loop, and the rows of `table` after. */
  const walSizes = async (name: string, walLimitBytes: number, write: (mirror: Mirror, n: number) => unknown, table: typeof externalInstances | typeof approvalInstances) => {
    const path = join(work, `${name}-${walLimitBytes}.sqlite`);
    const mirror = Mirror.open({ path, walLimitBytes });
    let largest = 0;
    // A tight loop: no pause in which the worker's PASSIVE checkpoints could catch up.
    for (let n = 0; n < 600; n += 1) {
      await write(mirror, n);
      largest = Math.max(largest, walBytes(path));
    }
    const rows = mirror.db.select().from(table).all().length;
    await mirror.close();
    return { largest, rows };
  };
  const limit = 256 * 1024;
  /** The same 600 writes with and without the limit: the WAL stays near the limit only with it. */
  const expectWalBounded = async (name: string, write: (mirror: Mirror, n: number) => unknown, table: typeof externalInstances | typeof approvalInstances) => {
    const unbounded = await walSizes(name, Number.MAX_SAFE_INTEGER, write, table);
    const bounded = await walSizes(name, limit, write, table);
    expect(bounded.rows).toBe(600);
    // Past the limit by a write's pages (~90 KB for a push), or a few when a truncation found the
    // worker mid-checkpoint and the next commit had to try again.
    expect(bounded.largest).toBeLessThan(8 * limit);
    // Without the limit the same loop grows it without end (~50 MB for pushes).
    expect(unbounded.largest).toBeGreaterThan(32 * limit);
  };

  it('a writer that never pauses keeps the WAL bounded: past the limit it truncates it itself', async () => {
    await expectWalBounded('pushes', (mirror, n) => mirror.writeExternalInstance(checkpointPush(n), 1), externalInstances);
  });

  it('createInstance intents keep the WAL bounded too', async () => {
    const intent = async (mirror: Mirror, n: number) => {
      const { row } = await mirror.approvalInstances.begin(intentFixture(`wal-${n}`, { payload: `{"uuid":"wal-${n}","form":"${'x'.repeat(2000)}"}` }), n);
      await mirror.approvalInstances.markCreated(row.id, { instanceCode: `code-${n}`, instanceLink: null, reconciled: false }, n);
    };
    await expectWalBounded('intents', intent, approvalInstances);
  });

  /** Checkpoints run on the mirror's own connection (the event loop's) while `write` runs 600 times, and the largest WAL. */
  const checkpointsHere = async (name: string, write: (mirror: Mirror, n: number) => Promise<unknown>) => {
    const path = join(work, `${name}-here.sqlite`);
    const mirror = Mirror.open({ path, walLimitBytes: limit });
    const checkpoints: string[] = [];
    const sqlite = mirror.sqlite as unknown as { pragma: (source: string) => unknown };
    const working = sqlite.pragma.bind(sqlite);
    sqlite.pragma = (source: string) => {
      if (source.startsWith('wal_checkpoint')) checkpoints.push(source);
      return working(source);
    };
    let largest = 0;
    for (let n = 0; n < 600; n += 1) {
      await write(mirror, n);
      largest = Math.max(largest, walBytes(path));
    }
    sqlite.pragma = working;
    return { mirror, checkpoints, largest };
  };

  it("lone sync pushes, written ahead on the event loop's thread, leave the WAL's truncation to the writer thread", async () => {
    const { mirror, checkpoints, largest } = await checkpointsHere('lone-pushes', async (mirror, n) => {
      const payload = checkpointPush(n);
      const json = JSON.stringify(payload);
      const push = mirror.pendingPush(payload);
      push.sent(json, n);
      await new Promise((resolve) => setImmediate(resolve));
      await push.commit(n, json);
    });
    // Written ahead and committed on the event loop's thread, except the writes after each commit
    // that left the WAL past its bound: those went to the writer thread, which truncated it.
    expect(mirror.prewrites).toBeGreaterThan(0);
    expect(checkpoints).toEqual([]);
    expect(largest).toBeLessThan(8 * limit);
    expect(mirror.db.select().from(externalInstances).all()).toHaveLength(600);
    await mirror.close();
  });

  it("lone createInstance intents, committed on the event loop's thread, leave the WAL's truncation to the writer thread", async () => {
    const { mirror, checkpoints, largest } = await checkpointsHere('lone-intents', async (mirror, n) => {
      const { row } = await mirror.approvalInstances.begin(intentFixture(`here-${n}`, { payload: `{"uuid":"here-${n}","form":"${'x'.repeat(2000)}"}` }), n);
      await mirror.approvalInstances.markCreated(row.id, { instanceCode: `code-${n}`, instanceLink: null, reconciled: false }, n);
    });
    expect(checkpoints).toEqual([]);
    expect(largest).toBeLessThan(8 * limit);
    expect(mirror.db.select().from(approvalInstances).all()).toHaveLength(600);
    await mirror.close();
  });

  it('a checkpoint that keeps failing is reported once, not every interval', async () => {
    const path = join(work, 'not-a-database.sqlite');
    writeFileSync(path, 'x'.repeat(8192));
    const failures: string[] = [];
    const checkpointer = new Checkpointer(path, { intervalMs: 10, onError: (message) => failures.push(message) });
    const deadline = Date.now() + 10_000;
    while (failures.length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    // Twenty more intervals at least: the same failure is not reported again.
    await new Promise((resolve) => setTimeout(resolve, 300));
    checkpointer.stop();
    expect(failures).toHaveLength(1);
    expect(failures[0]).toMatch(/not a database/);
  });

  it("the writer's failing WAL truncation is reported once per failure too, and the writes stay committed", async () => {
    const failures: string[] = [];
    // A limit of 0: every commit truncates the WAL, here on a connection made to fail as a disk would.
    const mirror = Mirror.open({ path: join(work, 'truncation-fails.sqlite'), walLimitBytes: 0, onCheckpointError: (message) => failures.push(message) });
    const sqlite = mirror.sqlite as unknown as { pragma: (source: string) => unknown };
    const working = sqlite.pragma.bind(sqlite);
    const failing = (source: string) => {
      if (source === 'wal_checkpoint(TRUNCATE)') throw new Error('disk I/O error');
      return working(source);
    };
    sqlite.pragma = failing;
    for (let n = 0; n < 3; n += 1) mirror.writeExternalInstance(checkpointPush(n), 1);
    expect(failures).toEqual(['truncating the WAL failed: Error: disk I/O error']);
    sqlite.pragma = working;
    mirror.writeExternalInstance(checkpointPush(3), 1);
    sqlite.pragma = failing;
    mirror.writeExternalInstance(checkpointPush(4), 1);
    expect(failures).toHaveLength(2);
    sqlite.pragma = working;
    expect(mirror.db.select().from(externalInstances).all()).toHaveLength(5);
    await mirror.close();
  });

  it('a checkpoint worker that cannot start is reported, and the process goes on', async () => {
    const failures: string[] = [];
    const checkpointer = new Checkpointer(join(work, 'no-such-folder', 'mirror.sqlite'), { onError: (message) => failures.push(message) });
    const deadline = Date.now() + 10_000;
    while (failures.length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    checkpointer.stop();
    expect(failures).toHaveLength(1);
    expect(failures[0]).toMatch(/^the checkpoint worker stopped: .*directory does not exist/);
  });

  it('a file mirror folds its WAL into the database from a worker thread', async () => {
    const path = join(work, 'checkpointed.sqlite');
    const mirror = Mirror.open({ path });
    expect(mirror.sqlite.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
    const before = statSync(path).size;
    for (let n = 0; n < 300; n += 1) mirror.writeExternalInstance(checkpointPush(n), 1);
    const deadline = Date.now() + 10_000;
    while (statSync(path).size <= before && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(statSync(path).size).toBeGreaterThan(before);
    await mirror.close();
    expect(walBytes(path)).toBe(0);
  });
});
