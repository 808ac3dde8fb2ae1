import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { count } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { blob, integer, real, sqliteTable } from 'drizzle-orm/sqlite-core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ExternalInstancePayload, WireExternalTask } from '../src/feishu/wire.js';
import { Mirror } from '../src/mirror/mirror.js';
import { MirrorWrites } from '../src/mirror/writes.js';
import { rowStatement } from '../src/mirror/row-statement.js';
import { externalCcEntries, externalFormEntries, externalInstancePayloads, externalInstances, externalTasks, externalTexts } from '../src/mirror/tables.js';
import { PATHS } from '../src/sandbox/sandbox.js';
import { type TestApp, startTestApp } from './support/app.js';
import { intentFixture } from './support/create-fixtures.js';
import { READ, SYNC, type SyncResult, at, ccInput, syncInput, taskInput } from './support/fixtures.js';

const T = (n: number) => String(1_700_000_000_000 + n * 1000);

function task(id: string, version: number, overrides: Partial<WireExternalTask> = {}): WireExternalTask {
  return {
    task_id: id,
    user_id: 'approver',
    title: '@i18n@2',
    links: { pc_link: 'https://x' },
    status: 'PENDING',
    create_time: T(0),
    end_time: '0',
    update_time: T(version),
    ...overrides,
  };
}

function payload(version: number, overrides: Partial<ExternalInstancePayload> = {}, texts: Record<string, string> = {}): ExternalInstancePayload {
  const allTexts = { '@i18n@1': `Title v${version}`, '@i18n@2': `Task title v${version}`, ...texts };
  return {
    approval_code: 'A',
    status: 'PENDING',
    instance_id: 'I',
    links: { pc_link: 'https://x' },
    title: '@i18n@1',
    user_id: 'u',
    start_time: T(0),
    end_time: '0',
    update_time: T(version),
    update_mode: 'REPLACE',
    task_list: [task('t1', version), task('t2', version)],
    cc_list: [{ cc_id: 'c1', user_id: 'x', links: { pc_link: 'p' }, read_status: 'UNREAD', create_time: T(0), update_time: T(version) }],
    i18n_resources: [{ locale: 'zh-CN', is_default: true, texts: Object.entries(allTexts).map(([key, value]) => ({ key, value })) }],
    ...overrides,
  };
}

function snapshot(mirror: Mirror) {
  const db = mirror.db;
  return {
    instances: db.select().from(externalInstances).all(),
    tasks: db.select().from(externalTasks).all(),
    cc: db.select().from(externalCcEntries).all(),
    form: db.select().from(externalFormEntries).all(),
    texts: db.select().from(externalTexts).all(),
    payloads: db.select().from(externalInstancePayloads).all(),
  };
}

function textOf(mirror: Mirror, key: string | null): string | undefined {
  return mirror.db.select().from(externalTexts).all().find((row) => row.textKey === key && row.isDefault)?.value;
}

describe('mirror versioning', () => {
  let mirror: Mirror;
  beforeEach(() => {
    mirror = Mirror.open({ path: ':memory:' });
  });
  afterEach(async () => {
    await mirror.close();
  });

  it('rewrites the search row only when a text of the instance came or went', () => {
    const searchIndex = () => mirror.sqlite.prepare('SELECT id, block FROM external_instance_search_data ORDER BY id').all();
    const found = (word: string) => mirror.sqlite.prepare('SELECT rowid FROM external_instance_search WHERE external_instance_search MATCH ?').all(`"${word}"`).length;
    const v1Texts = { '@i18n@1': 'Title v1', '@i18n@2': 'Task title v1' };
    mirror.writeExternalInstance(payload(1), 1);
    const indexed = searchIndex();
    // Newer statuses and times, the same texts: the index is left as it was, and still finds the instance.
    const statusOnly = mirror.writeExternalInstance(
      payload(2, { update_mode: 'UPDATE', status: 'APPROVED', task_list: [task('t1', 2, { status: 'APPROVED' }), task('t2', 2)] }, v1Texts),
      2,
    );
    expect(statusOnly).toMatchObject({ instance: 'UPDATED', tasks: { updated: 2 } });
    expect(searchIndex()).toEqual(indexed);
    expect(found('v1')).toBe(1);
    // A REPLACE with the same texts neither.
    mirror.writeExternalInstance(payload(3, {}, v1Texts), 3);
    expect(searchIndex()).toEqual(indexed);
    // A new title: the search row follows it.
    mirror.writeExternalInstance(payload(4, {}, { '@i18n@1': 'Renamed', '@i18n@2': 'Task title v1' }), 4);
    expect(searchIndex()).not.toEqual(indexed);
    expect(found('renamed')).toBe(1);
    expect(found('title')).toBe(1);
    // A text gone: the task titles were the only "task" words.
    mirror.writeExternalInstance(payload(5, { task_list: [] }, { '@i18n@1': 'Renamed' }), 5);
    expect(found('task')).toBe(0);
    expect(found('renamed')).toBe(1);
  });

  it('UPDATE with an older updateTime changes nothing', () => {
    mirror.writeExternalInstance(payload(5), 1);
    const before = snapshot(mirror);
    const outcome = mirror.writeExternalInstance(
      payload(4, { update_mode: 'UPDATE', status: 'APPROVED', task_list: [task('t1', 4, { status: 'APPROVED' })] }),
      2,
    );
    expect(outcome).toMatchObject({ instance: 'STALE', tasks: { inserted: 0, updated: 0, stale: 1, deleted: 0 }, ccEntries: { stale: 1 } });
    expect(snapshot(mirror)).toEqual(before);
  });

  it('UPDATE with the same updateTime is stale too: only a larger one counts', () => {
    mirror.writeExternalInstance(payload(5), 1);
    const before = snapshot(mirror);
    const outcome = mirror.writeExternalInstance(payload(5, { update_mode: 'UPDATE', status: 'REJECTED' }), 2);
    expect(outcome.instance).toBe('STALE');
    expect(snapshot(mirror)).toEqual(before);
  });

  it('UPDATE writes what is newer, adds what is new and deletes nothing', () => {
    mirror.writeExternalInstance(payload(5), 1);
    const outcome = mirror.writeExternalInstance(
      payload(
        4,
        {
          update_mode: 'UPDATE',
          title: '@i18n@1',
          task_list: [task('t1', 6, { status: 'APPROVED', title: '@i18n@1' }), task('t3', 6, { title: '@i18n@2' })],
          cc_list: [],
        },
        // The payload's @i18n@1 now means the task's title: it must not leak into the stale instance's title.
        { '@i18n@1': 'Approved task title', '@i18n@2': 'Third task' },
      ),
      2,
    );
    expect(outcome).toMatchObject({
      instance: 'STALE',
      tasks: { inserted: 1, updated: 1, stale: 0, deleted: 0 },
      ccEntries: { inserted: 0, updated: 0, stale: 0, deleted: 0 },
    });
    const rows = snapshot(mirror);
    expect(rows.instances[0]).toMatchObject({ updateTime: Number(T(5)), status: 'PENDING', lastSyncedAt: 2 });
    expect(textOf(mirror, rows.instances[0]!.titleText)).toBe('Title v5');
    const byId = new Map(rows.tasks.map((row) => [row.taskId, row]));
    expect([...byId.keys()].sort()).toEqual(['t1', 't2', 't3']);
    expect(byId.get('t1')).toMatchObject({ status: 'APPROVED', updateTime: Number(T(6)) });
    expect(textOf(mirror, byId.get('t1')!.titleText)).toBe('Approved task title');
    expect(byId.get('t2')).toMatchObject({ status: 'PENDING', updateTime: Number(T(5)) });
    expect(textOf(mirror, byId.get('t2')!.titleText)).toBe('Task title v5');
    expect(textOf(mirror, byId.get('t3')!.titleText)).toBe('Third task');
    expect(rows.cc).toHaveLength(1);
  });

  it('UPDATE with a newer instance rewrites it and its form', () => {
    mirror.writeExternalInstance(payload(5, { form: [{ name: '@i18n@1', value: '@i18n@2' }] }), 1);
    const outcome = mirror.writeExternalInstance(payload(6, { update_mode: 'UPDATE', status: 'APPROVED', form: [] }), 2);
    expect(outcome.instance).toBe('UPDATED');
    const rows = snapshot(mirror);
    expect(rows.instances[0]).toMatchObject({ status: 'APPROVED', updateMode: 'UPDATE' });
    expect(rows.form).toHaveLength(0);
  });

  it('REPLACE without a task deletes it, whatever the times say', () => {
    mirror.writeExternalInstance(payload(5), 1);
    const outcome = mirror.writeExternalInstance(payload(3, { task_list: [task('t2', 3)], cc_list: undefined }), 2);
    expect(outcome).toMatchObject({
      instance: 'UPDATED',
      tasks: { inserted: 0, updated: 1, stale: 0, deleted: 1 },
      ccEntries: { deleted: 1 },
    });
    const rows = snapshot(mirror);
    expect(rows.tasks.map((row) => row.taskId)).toEqual(['t2']);
    expect(rows.cc).toHaveLength(0);
    expect(rows.instances[0]!.updateTime).toBe(Number(T(3)));
  });

  it('keeps only the texts that mirrored rows still use', () => {
    mirror.writeExternalInstance(payload(5), 1);
    mirror.writeExternalInstance(payload(6, { task_list: [] }), 2);
    const values = snapshot(mirror).texts.map((row) => row.value);
    expect(values).toEqual(['Title v6']);
  });

  it('keeps every text with exactly one row in its default locale, whatever the locales pushed (page reads fall back to it)', () => {
    const resources = (defaultLocale: string, byLocale: Record<string, Record<string, string>>) =>
      Object.entries(byLocale).map(([locale, texts]) => ({ locale, is_default: locale === defaultLocale, texts: Object.entries(texts).map(([key, value]) => ({ key, value })) }));
    // The default locale lacking a text, then a push with another default locale, then an UPDATE
    // push that leaves the older tasks (and their texts) as they were.
    const pushes = [
      payload(1, { i18n_resources: resources('zh-CN', { 'zh-CN': { '@i18n@1': '标题' }, 'en-US': { '@i18n@1': 'Title', '@i18n@2': 'Task' } }) }),
      payload(2, { task_list: [task('t1', 2), task('t3', 2, { title: '@i18n@3' })], i18n_resources: resources('en-US', { 'en-US': { '@i18n@1': 'Title 2', '@i18n@2': 'Task 2' }, 'ja-JP': { '@i18n@1': 'タイトル', '@i18n@3': 'タスク' } }) }),
      payload(3, { update_mode: 'UPDATE', task_list: [task('t1', 1)], i18n_resources: resources('ja-JP', { 'ja-JP': { '@i18n@1': 'タイトル 3', '@i18n@2': 'タスク 3' } }) }),
    ];
    let texts = 0;
    pushes.forEach((push, n) => {
      mirror.writeExternalInstance(push, n + 1);
      const byText = new Map<string, { defaults: number; locales: string[] }>();
      for (const row of snapshot(mirror).texts) {
        const entry = byText.get(`${row.instancePk}/${row.textKey}`) ?? { defaults: 0, locales: [] };
        entry.defaults += row.isDefault ? 1 : 0;
        entry.locales.push(row.locale);
        byText.set(`${row.instancePk}/${row.textKey}`, entry);
      }
      for (const [key, entry] of byText) expect(entry.defaults, `push ${n + 1}, ${key}: ${entry.locales.join(', ')}`).toBe(1);
      texts += byText.size;
    });
    expect(texts).toBeGreaterThanOrEqual(6);
  });

  it('records the exact payload of the last push that changed the mirror', () => {
    const sent = payload(5);
    mirror.writeExternalInstance(sent, 1);
    const [stored] = mirror.db.select().from(externalInstancePayloads).all();
    expect(stored?.instancePk).toBe(snapshot(mirror).instances[0]!.id);
    expect(JSON.parse(stored!.payload)).toEqual(sent);
  });
});

describe.each([
  { where: 'on the calling thread (a :memory: mirror)', file: false },
  { where: 'on the writer thread (a file mirror)', file: true },
])('group commit, $where', ({ file }) => {
  let folder: string;
  let path: string;
  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), 'group-commit-'));
    path = file ? join(folder, 'mirror.sqlite') : ':memory:';
  });
  afterEach(() => rmSync(folder, { recursive: true, force: true }));

  it('pushes of one turn share a transaction; one that fails leaves the others', async () => {
    const mirror = Mirror.open({ path });
    const good = (id: string) => ({ ...payload(1), instance_id: id });
    const broken = { ...payload(1), instance_id: 'bad', approval_code: null } as unknown as ExternalInstancePayload;
    const results = await Promise.allSettled([good('g1'), broken, good('g2')].map((p) => mirror.writeExternalInstanceSoon(p, 1)));
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    // SQLite's own error, its code kept (from the writer thread too).
    expect((results[1] as PromiseRejectedResult).reason).toMatchObject({ message: expect.stringMatching(/NOT NULL constraint failed/), code: 'SQLITE_CONSTRAINT_NOTNULL' });
    expect(mirror.commits).toBe(1);
    const rows = snapshot(mirror);
    expect(rows.instances.map((row) => row.instanceId).sort()).toEqual(['g1', 'g2']);
    expect(new Set(rows.tasks.map((row) => row.instancePk)).size).toBe(2);
    await mirror.close();
  });

  it('a push that fails halfway leaves nothing of itself, in a turn with others or alone, and the writes after it go on', async () => {
    const mirror = Mirror.open({ path });
    const good = (id: string) => ({ ...payload(1), instance_id: id });
    // Its instance row, form and first task are written before its second task's missing id fails.
    const halfway = (id: string) => ({ ...payload(1), instance_id: id, task_list: [task('t1', 1), task(null as unknown as string, 1)] });
    const together = await Promise.allSettled([good('g1'), halfway('bad1'), good('g2')].map((p) => mirror.writeExternalInstanceSoon(p, 1)));
    expect(together.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((together[1] as PromiseRejectedResult).reason).toMatchObject({ code: 'SQLITE_CONSTRAINT_NOTNULL' });
    // Alone in its turn (on a file mirror, written on the calling thread while the writer thread is idle).
    await expect(mirror.writeExternalInstanceSoon(halfway('bad2'), 1)).rejects.toMatchObject({ code: 'SQLITE_CONSTRAINT_NOTNULL' });
    await expect(mirror.writeExternalInstanceSoon(good('g3'), 1)).resolves.toMatchObject({ instance: 'INSERTED', tasks: { inserted: 2 } });

    const rows = snapshot(mirror);
    expect(rows.instances.map((row) => row.instanceId).sort()).toEqual(['g1', 'g2', 'g3']);
    const kept = new Set(rows.instances.map((row) => row.id));
    for (const table of [rows.tasks, rows.cc, rows.texts, rows.payloads]) {
      expect(table.length).toBeGreaterThan(0);
      expect(table.every((row) => kept.has(row.instancePk))).toBe(true);
    }
    expect(rows.tasks).toHaveLength(6);
    const searchRows = mirror.sqlite.prepare('SELECT rowid FROM external_instance_search').all() as { rowid: number }[];
    expect(searchRows.map((row) => row.rowid).sort()).toEqual([...kept].sort());
    await mirror.close();
  });

  it('keeps the JSON text it is given (what was sent to Feishu) as the payload, as it is; without one, it makes it', async () => {
    const mirror = Mirror.open({ path });
    const sent = { ...payload(1), instance_id: 'given' };
    const sentJson = JSON.stringify(sent, null, 1);
    const made = { ...payload(1), instance_id: 'made' };
    // Two in a turn: a file mirror hands them to its writer thread.
    const [given, without] = await Promise.all([mirror.writeExternalInstanceSoon(sent, 1, sentJson), mirror.writeExternalInstanceSoon(made, 1)]);
    const stored = (instancePk: number) => mirror.db.select().from(externalInstancePayloads).all().find((row) => row.instancePk === instancePk)?.payload;
    expect(stored(given.instancePk)).toBe(sentJson);
    expect(stored(without.instancePk)).toBe(JSON.stringify(made));
    expect(snapshot(mirror).instances.map((row) => row.instanceId).sort()).toEqual(['given', 'made']);
    await mirror.close();
  });

  it("createInstance's intents and sync pushes of one turn share one commit, each committed before its promise settles", async () => {
    const mirror = Mirror.open({ path });
    const first = mirror.approvalInstances.begin(intentFixture('one'), 1);
    const push = mirror.writeExternalInstanceSoon(payload(1), 1);
    const second = mirror.approvalInstances.begin(intentFixture('two'), 1);
    const [{ row, begun }, outcome] = await Promise.all([first, push, second]);
    expect(mirror.commits).toBe(1);
    expect(begun).toBe(true);
    expect(row).toMatchObject({ uuid: 'one', state: 'PENDING', attempts: 1 });
    expect(outcome).toMatchObject({ instance: 'INSERTED', tasks: { inserted: 2 } });
    // Settled means committed: the mirror's own reads, and (for a file) another connection, see them.
    expect(mirror.approvalInstances.byUuid('two')).toMatchObject({ uuid: 'two', state: 'PENDING' });
    expect(mirror.external.instancesByPk([outcome.instancePk])).toHaveLength(1);
    if (file) {
      const reader = new Database(path, { readonly: true });
      expect(reader.prepare('SELECT count(*) AS n FROM approval_instances').get()).toEqual({ n: 2 });
      reader.close();
    }
    const [updated] = await Promise.all([mirror.approvalInstances.markCreated(row.id, { instanceCode: 'CODE-1', instanceLink: null, reconciled: false }, 2)]);
    expect(updated).toMatchObject({ state: 'CREATED', instanceCode: 'CODE-1' });
    expect(mirror.commits).toBe(2);
    await mirror.close();
  });
});

describe('createInstance intents (beginIntent)', () => {
  it('records an attempt unless the uuid is bound to another request or was created, checking where it writes', async () => {
    const mirror = Mirror.open({ path: ':memory:' });
    const store = mirror.approvalInstances;
    const first = await store.begin(intentFixture('u-1', { requestHash: 'h1' }), 1);
    expect(first).toMatchObject({ begun: true, row: { uuid: 'u-1', state: 'PENDING', attempts: 1 } });

    // Pending under another request: left as it is.
    expect(await store.begin(intentFixture('U-1', { requestHash: 'h2' }), 2)).toMatchObject({ begun: false, row: { requestHash: 'h1', attempts: 1, updatedAt: 1 } });
    // Pending under the same request (an attempt that did not end): tried again.
    expect(await store.begin(intentFixture('u-1', { requestHash: 'h1' }), 3)).toMatchObject({ begun: true, row: { attempts: 2, updatedAt: 3 } });

    // Created: left as it is, whatever the request.
    await store.markCreated(first.row.id, { instanceCode: 'CODE-1', instanceLink: null, reconciled: false }, 4);
    for (const requestHash of ['h1', 'h2']) {
      expect(await store.begin(intentFixture('u-1', { requestHash }), 5)).toMatchObject({ begun: false, row: { state: 'CREATED', instanceCode: 'CODE-1', attempts: 2, updatedAt: 4 } });
    }

    // Refused for good: binds nothing, another request may take the uuid.
    const refused = await store.begin(intentFixture('u-2', { requestHash: 'h1' }), 6);
    await store.markOutcomeUnknown(refused.row.id, 6);
    await store.markError(refused.row.id, 'FAILED', { code: 'X', message: 'no' }, 7);
    expect(await store.begin(intentFixture('u-2', { requestHash: 'h2' }), 8)).toMatchObject({ begun: true, row: { requestHash: 'h2', state: 'PENDING', attempts: 2, outcomeUnknown: false } });
    await mirror.close();
  });
});

describe('MirrorWrites', () => {
  it('applyAllIfUnlocked: a batch with a write that fails halfway commits the others, each atomic', async () => {
    const mirror = Mirror.open({ path: ':memory:' });
    const { sqlite } = mirror;
    const writes = new MirrorWrites(mirror.db, sqlite);
    const push = (id: string, tasks = [task('t1', 1)]) => ({ kind: 'syncPush' as const, payload: { ...payload(1), instance_id: id, task_list: tasks }, syncedAt: 1 });
    const results = writes.applyAllIfUnlocked([push('g1'), push('bad', [task('t1', 1), task(null as unknown as string, 1)]), push('g2')]);
    expect(results?.map((result) => ('value' in result ? 'ok' : 'error'))).toEqual(['ok', 'error', 'ok']);
    expect(sqlite.inTransaction).toBe(false);
    const instances = sqlite.prepare('SELECT instance_id FROM external_instances ORDER BY instance_id').all();
    expect(instances).toEqual([{ instance_id: 'g1' }, { instance_id: 'g2' }]);
    expect(sqlite.prepare('SELECT count(*) AS n FROM external_tasks').get()).toEqual({ n: 2 });
    await mirror.close();
  });
});

describe('a push Feishu refuses writes nothing', () => {
  let app: TestApp;
  beforeEach(async () => {
    app = await startTestApp();
  });
  afterEach(async () => {
    await app.close();
  });

  const counts = () => {
    const db = app.runtime.mirror.db;
    return [externalInstances, externalTasks, externalCcEntries, externalFormEntries, externalTexts].map(
      (table) => db.select({ n: count() }).from(table).get()!.n,
    );
  };

  it('for a refusal, an unreachable Feishu and a bad input alike', async () => {
    const first = await app.gql<SyncResult>(SYNC, { input: syncInput() });
    expect(first.data.syncExternalInstance.__typename).toBe('SyncExternalInstancePayload');
    const before = counts();
    const changed = syncInput({ status: 'APPROVED', updateTime: at(10), taskList: [taskInput(1, { status: 'APPROVED', updateTime: at(10) }), taskInput(2)], ccList: [ccInput(9)] });

    app.sandbox.faults.push({ path: PATHS.externalInstances, code: 1390001, httpStatus: 400, msg: 'param is invalid: task_list' });
    const refused = await app.gql<SyncResult>(SYNC, { input: changed });
    expect(refused.data.syncExternalInstance).toMatchObject({ __typename: 'FeishuInvalidParameterError', feishuCode: 1390001 });
    expect(counts()).toEqual(before);

    app.sandbox.faults.push({ path: PATHS.externalInstances, drop: 'before', times: 3 });
    const unreachable = await app.gql<SyncResult>(SYNC, { input: changed });
    expect(unreachable.data.syncExternalInstance).toMatchObject({ __typename: 'FeishuUnavailableError', retryable: true });
    expect(counts()).toEqual(before);

    const bad = await app.gql<SyncResult>(SYNC, { input: { ...changed, links: {} } });
    expect(bad.data.syncExternalInstance.__typename).toBe('BadUserInputError');
    expect(counts()).toEqual(before);

    const read = await app.gql<{ externalInstance: { status: string; taskList: { status: string }[] } }>(READ, {
      approvalCode: 'APPROVAL-1',
      instanceId: 'inst-1',
    });
    expect(read.data.externalInstance.status).toBe('PENDING');
    expect(read.data.externalInstance.taskList.map((t) => t.status)).toEqual(['PENDING']);
  });
});

describe('rows read by better-sqlite3 directly (rowStatement)', () => {
  it('are the rows drizzle makes of the same query, modes decoded (booleans) and nulls kept', async () => {
    const mirror = Mirror.open({ path: ':memory:' });
    mirror.writeExternalInstance(
      payload(1, { task_list: [task('t1', 1, { exclude_statistics: true }), task('t2', 1, { exclude_statistics: false }), task('t3', 1)] }),
      1,
    );
    const pks = [mirror.db.select().from(externalInstances).all()[0]!.id];
    const db = mirror.db;
    expect(mirror.external.instancesByPk(pks)).toEqual(db.select().from(externalInstances).all());
    expect(mirror.external.tasksOf(pks)).toEqual(db.select().from(externalTasks).all());
    expect(mirror.external.tasksOf(pks).map((row) => row.excludeStatistics)).toEqual([true, false, null]);
    expect(mirror.external.ccEntriesOf(pks)).toEqual(db.select().from(externalCcEntries).all());
    const titleKey = mirror.external.instancesByPk(pks)[0]!.titleText!;
    const texts = mirror.external.textsByKey([[pks[0]!, titleKey]]);
    expect(texts).toEqual(db.select().from(externalTexts).all().filter((row) => row.textKey === titleKey));
    expect(texts[0]?.isDefault).toBe(true);
    await mirror.close();
  });

  it('come as one JSON array per row, with the values better-sqlite3 gives: unicode, quotes, control characters, JSON-looking text, large integers', async () => {
    const mirror = Mirror.open({ path: ':memory:' });
    const awkward = ['上海 "quoted" \\ back\\slash', 'tab\tnew\nline\u0001\u001f', '{"looks":"like JSON"}', '[1,2]', 'null', '😀 emoji', ''];
    mirror.writeExternalInstance(
      payload(1, { task_list: awkward.map((value, n) => task(`t${n}`, 1, { title: `@i18n@k${n}`, action_context: value })) }, Object.fromEntries(awkward.map((value, n) => [`@i18n@k${n}`, value]))),
      1,
    );
    // The largest integer a double holds exactly, and one past it (rounded the same both ways).
    mirror.sqlite.prepare('UPDATE external_tasks SET create_time = ? WHERE task_id = ?').run(2n ** 53n - 1n, 't0');
    mirror.sqlite.prepare('UPDATE external_tasks SET create_time = ? WHERE task_id = ?').run(2n ** 60n + 1n, 't1');
    const statements: string[] = [];
    const log = (query: string) => statements.push(query);
    const pks = [mirror.db.select().from(externalInstances).all()[0]!.id];
    const tasksQuery = () => mirror.db.select().from(externalTasks).orderBy(externalTasks.id);
    const textsQuery = () => mirror.db.select().from(externalTexts).orderBy(externalTexts.textKey);
    const tasks = rowStatement(mirror.sqlite, externalTasks, tasksQuery(), log);
    const texts = rowStatement(mirror.sqlite, externalTexts, textsQuery(), log);
    expect(tasks.all()).toEqual(tasksQuery().all());
    expect(tasks.all().map((row) => row.actionContext)).toEqual(awkward);
    expect(tasks.all()[0]!.createTime).toBe(2 ** 53 - 1);
    expect(tasks.all()[1]!.createTime).toBe(Number(2n ** 60n + 1n));
    expect(tasks.get()).toEqual(tasksQuery().get());
    expect(texts.all()).toEqual(textsQuery().all());
    expect(texts.all().map((row) => row.value)).toEqual(expect.arrayContaining(awkward));
    expect(mirror.external.tasksOf(pks)).toEqual(mirror.db.select().from(externalTasks).orderBy(externalTasks.createTime, externalTasks.id).all());
    expect(statements.every((statement) => statement.startsWith('select json_array("'))).toBe(true);
    await mirror.close();
  });

  it('are read column by column from a table with a REAL or BLOB column (JSON would round or refuse them)', () => {
    const sqlite = new Database(':memory:');
    sqlite.exec('CREATE TABLE measures (id integer PRIMARY KEY, ratio real, raw blob)');
    sqlite.prepare('INSERT INTO measures VALUES (1, ?, ?)').run(0.1 + 0.2, Buffer.from([0, 255]));
    const measures = sqliteTable('measures', { id: integer('id').primaryKey(), ratio: real('ratio'), raw: blob('raw') });
    const statements: string[] = [];
    const rows = rowStatement(sqlite, measures, drizzle(sqlite).select().from(measures), (query) => statements.push(query));
    expect(rows.all()).toEqual([{ id: 1, ratio: 0.1 + 0.2, raw: Buffer.from([0, 255]) }]);
    expect(statements[0]).toMatch(/^select "id", "ratio", "raw" from/);
    // Extra expressions ride in the JSON array: refused here rather than dropped.
    expect(() => rowStatement(sqlite, measures, drizzle(sqlite).select().from(measures), undefined, { extras: ['1'] })).toThrow(/JSON path/);
    sqlite.close();
  });

  it('refuse a query that does not select every column of the table in order', async () => {
    const mirror = Mirror.open({ path: ':memory:' });
    const query = mirror.db.select({ id: externalTasks.id }).from(externalTasks);
    expect(() => rowStatement(mirror.sqlite, externalTasks, query, undefined)).toThrow(/must select every column/);
    await mirror.close();
  });
});
