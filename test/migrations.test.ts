import { cpSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { afterAll, describe, expect, it } from 'vitest';
import { Mirror } from '../src/mirror/mirror.js';
import { SQLITE_MIGRATIONS as MIGRATIONS_FOLDER, type SqliteEngine } from '../src/mirror/sqlite/engine.js';
import { approvalInstances, externalInstances } from '../src/mirror/tables.js';
import { accepted, minimalPush } from './support/fixtures.js';
import { countOf, rowsOf } from './support/mirror.js';

/** SQLite only (vitest.config.ts leaves this file out of the postgres project): old SQLite files, FTS5, the WAL. */
const sqliteOf = (mirror: Mirror) => (mirror.engine as SqliteEngine).sqlite;

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

    const mirror = await Mirror.open({ path });
    expect(sqliteOf(mirror).prepare('SELECT instance_pk, payload FROM external_instance_payloads').all()).toEqual([
      { instance_pk: 7, payload: '{"instance_id":"I"}' },
    ]);
    const columns = (sqliteOf(mirror).prepare('PRAGMA table_info(external_instances)').all() as { name: string }[]).map((c) => c.name);
    expect(columns).not.toContain('last_payload');
    expect(sqliteOf(mirror).prepare(`SELECT rowid FROM external_instance_search WHERE external_instance_search MATCH '"旧"'`).all()).toEqual([{ rowid: 7 }]);
    await mirror.close();
  });

  it("find the instances missing from the search index at open by their ids, never reading every text row (the mirror's largest table)", async () => {
    const path = join(work, 'search-check.sqlite');
    const seeded = await Mirror.open({ path });
    await seeded.recordSync(accepted(minimalPush(1)), 1);
    sqliteOf(seeded).prepare('DELETE FROM external_instance_search').run();
    await seeded.close();

    const statements: string[] = [];
    const mirror = await Mirror.open({ path, onQuery: (query) => statements.push(query) });
    const check = statements.find((statement) => statement.includes('external_instance_search'));
    expect(check).toBeDefined();
    const plan = (sqliteOf(mirror).prepare(`EXPLAIN QUERY PLAN ${check}`).all() as { detail: string }[]).map((row) => row.detail);
    // external_texts is only searched, by an instance's id; the walk is over the instances.
    expect(plan.filter((detail) => /\b(external_texts|t)\b/.test(detail))).toEqual([expect.stringMatching(/^SEARCH t /)]);
    expect(plan.filter((detail) => detail.startsWith('SCAN '))).toEqual([expect.stringMatching(/^SCAN i /), expect.stringMatching(/VIRTUAL TABLE/)]);
    // And the instance whose search row was lost is indexed again.
    expect(sqliteOf(mirror).prepare('SELECT count(*) AS n FROM external_instance_search').get()).toEqual({ n: 1 });
    await mirror.close();
  });

  it('keep external_texts a WITHOUT ROWID table: made so in a new mirror, rebuilt so in one made before 0007, texts kept', async () => {
    const isWithoutRowid = (sqlite: Database.Database) =>
      /WITHOUT ROWID\s*$/i.test((sqlite.prepare(`SELECT sql FROM sqlite_master WHERE name = 'external_texts'`).get() as { sql: string }).sql);
    const fresh = await Mirror.open({ path: join(work, 'texts-new.sqlite') });
    expect(isWithoutRowid(sqliteOf(fresh))).toBe(true);
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

    const mirror = await Mirror.open({ path });
    expect(isWithoutRowid(sqliteOf(mirror))).toBe(true);
    expect(texts(sqliteOf(mirror))).toEqual(textsBefore);
    expect(foreignKeys(sqliteOf(mirror))).toEqual(foreignKeysBefore);
    expect((await mirror.reads.texts([[7, 'k']])).map((row) => row.value).sort()).toEqual(['Old title', '旧标题']);
    await mirror.recordSync(accepted(minimalPush(4, '新标题')), 1);
    expect(sqliteOf(mirror).prepare(`SELECT count(*) AS n FROM external_texts WHERE value = '新标题'`).get()).toEqual({ n: 1 });
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

    const mirror = await Mirror.open({ path });
    expect(groups(sqliteOf(mirror))).toEqual([
      { status: 'PENDING', taskGroup: 'PENDING' },
      { status: 'APPROVED', taskGroup: 'DONE' },
      { status: 'REJECTED', taskGroup: 'DONE' },
      { status: 'TRANSFERRED', taskGroup: 'DONE' },
      { status: 'DONE', taskGroup: null },
    ]);
    const indexes = sqliteOf(mirror).prepare(`SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'external_tasks' ORDER BY name`).all();
    expect(indexes).toEqual([
      { name: 'external_tasks_instance_task' },
      { name: 'external_tasks_open_group_update' },
      { name: 'external_tasks_user_group_update' },
    ]);
    const plan = sqliteOf(mirror)
      .prepare(`EXPLAIN QUERY PLAN SELECT id FROM external_tasks WHERE user_id = 'u' AND task_group = 'DONE' ORDER BY update_time DESC`)
      .all();
    expect(JSON.stringify(plan)).toContain('external_tasks_user_group_update');
    await mirror.close();
  });

  it('give the instances of a mirror made before 0009 their revision', async () => {
    const path = join(work, 'revision.sqlite');
    const old = new Database(path);
    migrate(drizzle(old), { migrationsFolder: migrationsUpTo(9) });
    old
      .prepare(
        `INSERT INTO external_instances (id, approval_code, instance_id, status, start_time, update_time, update_mode, default_locale, last_synced_at, first_synced_at)
         VALUES (3, 'A', 'I1', 'PENDING', 1, 1, 'REPLACE', 'zh-CN', 1, 1)`,
      )
      .run();
    old.close();
    const mirror = await Mirror.open({ path });
    expect(await rowsOf(mirror, externalInstances)).toMatchObject([{ id: 3, revision: 1 }]);
    // The next push of it is an update of that instance, not a new one.
    expect(await mirror.recordSync(accepted(minimalPush(1)), 2)).toMatchObject({ instancePk: 3, instance: 'UPDATED' });
    await mirror.close();
  });

  it('give the intents of a mirror made before 0010 their attempt leases, an intent whose last attempt never recorded its end counting as one with an unknown outcome', async () => {
    const path = join(work, 'leases.sqlite');
    const old = new Database(path);
    migrate(drizzle(old), { migrationsFolder: migrationsUpTo(10) });
    const insert = old.prepare(
      `INSERT INTO approval_instances (uuid, uuid_key, request_hash, state, api, approval_code, form, default_locale, payload, attempts, outcome_unknown, last_error_code, created_at, updated_at)
       VALUES (?, upper(?), 'h', ?, 'v4', 'A', '[]', 'zh-CN', '{}', 1, 0, ?, 1, 1)`,
    );
    insert.run('in-flight', 'in-flight', 'PENDING', null);
    insert.run('rate-limited', 'rate-limited', 'PENDING', 'RATE_LIMITED');
    insert.run('created', 'created', 'CREATED', null);
    insert.run('refused', 'refused', 'FAILED', 'FEISHU_INVALID_PARAMETER');
    old.close();

    const mirror = await Mirror.open({ path });
    const rows = await rowsOf(mirror, approvalInstances);
    expect(
      rows.map(({ uuid, state, outcomeUnknown, attemptOwner, attemptExpiresAt }) => ({ uuid, state, outcomeUnknown, attemptOwner, attemptExpiresAt })),
    ).toEqual([
      { uuid: 'in-flight', state: 'PENDING', outcomeUnknown: true, attemptOwner: null, attemptExpiresAt: null },
      { uuid: 'rate-limited', state: 'PENDING', outcomeUnknown: false, attemptOwner: null, attemptExpiresAt: null },
      { uuid: 'created', state: 'CREATED', outcomeUnknown: false, attemptOwner: null, attemptExpiresAt: null },
      { uuid: 'refused', state: 'FAILED', outcomeUnknown: false, attemptOwner: null, attemptExpiresAt: null },
    ]);
    // The intent left in flight is taken up by the next attempt with its outcome unknown: 60012 then reconciles it.
    const intent = {
      uuid: 'in-flight',
      requestHash: 'h',
      api: 'v4',
      approvalCode: 'A',
      userId: null,
      openId: null,
      departmentId: null,
      form: '[]',
      titleKey: null,
      i18nResources: null,
      defaultLocale: 'zh-CN',
      payload: '{}',
    } as const;
    expect(await mirror.intents.begin(intent, { owner: 'me', expiresAt: 10 }, 2)).toMatchObject({
      kind: 'begun',
      row: { attempts: 2, outcomeUnknown: true, attemptOwner: 'me' },
    });
    // The look for abandoned attempts reads the partial index of leases, not the intents.
    const statements: string[] = [];
    const watched = await Mirror.open({ path: join(work, 'leases-plan.sqlite'), onQuery: (query) => statements.push(query) });
    await watched.intents.abandoned(5, 10);
    const plan = sqliteOf(watched)
      .prepare(`EXPLAIN QUERY PLAN ${statements.at(-1)}`)
      .all(5, 10) as { detail: string }[];
    expect(plan.map((row) => row.detail)).toEqual([expect.stringContaining('USING INDEX approval_instances_attempt_expires')]);
    await watched.close();
    await mirror.close();
  });
});

describe('the WAL', () => {
  const walBytes = (path: string) => statSync(`${path}-wal`, { throwIfNoEntry: false })?.size ?? 0;

  it("stays bounded under writes that never pause (SQLite's own checkpoints), and is folded into the file at close", async () => {
    const path = join(work, 'wal.sqlite');
    const mirror = await Mirror.open({ path });
    let largest = 0;
    for (let n = 0; n < 1500; n += 1) {
      await mirror.recordSync(accepted(minimalPush(n, `标题 ${n} ${'x'.repeat(500)}`)), 1);
      largest = Math.max(largest, walBytes(path));
    }
    // Checkpointed every 10,000 pages (~40 MB); these pushes write well over twice that.
    expect(largest).toBeLessThan(48 * 1024 * 1024);
    expect(await countOf(mirror, externalInstances)).toBe(1500);
    await mirror.close();
    expect(walBytes(path)).toBe(0);
  });
});
