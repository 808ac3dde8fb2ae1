import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ExternalInstancePayload, WireExternalTask } from '../src/feishu/wire.js';
import { Mirror } from '../src/mirror/mirror.js';
import type { SyncOutcome } from '../src/mirror/sync-writes.js';
import { externalCcEntries, externalFormEntries, externalInstancePayloads, externalInstances, externalTasks, externalTexts } from '../src/mirror/tables.js';
import { PATHS } from '../src/sandbox/sandbox.js';
import { type TestApp, startTestApp } from './support/app.js';
import { intentFixture } from './support/create-fixtures.js';
import { READ, SYNC, type SyncResult, accepted, at, ccInput, syncInput, taskInput } from './support/fixtures.js';
import { ENGINE, openTestMirror } from './support/database.js';
import { countOf, rowsOf, searchIndexState, searchRowIds } from './support/mirror.js';

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

async function snapshot(mirror: Mirror) {
  return {
    instances: await rowsOf(mirror, externalInstances),
    tasks: await rowsOf(mirror, externalTasks),
    cc: await rowsOf(mirror, externalCcEntries),
    form: await rowsOf(mirror, externalFormEntries),
    texts: await rowsOf(mirror, externalTexts),
    payloads: await rowsOf(mirror, externalInstancePayloads),
  };
}

async function textOf(mirror: Mirror, key: string | null): Promise<string | undefined> {
  return (await rowsOf(mirror, externalTexts)).find((row) => row.textKey === key && row.isDefault)?.value;
}

describe('mirror versioning', () => {
  let mirror: Mirror;
  let write: (push: ExternalInstancePayload, syncedAt: number) => Promise<SyncOutcome>;
  beforeEach(async () => {
    mirror = await openTestMirror();
    write = (push, syncedAt) => mirror.recordSync(accepted(push), syncedAt);
  });
  afterEach(async () => {
    await mirror.close();
  });

  it('rewrites the search row only when a text of the instance came or went', async () => {
    const searchIndex = () => searchIndexState(mirror);
    const found = (word: string) => mirror.lists.externalInstancesCount({ search: word });
    const v1Texts = { '@i18n@1': 'Title v1', '@i18n@2': 'Task title v1' };
    await write(payload(1), 1);
    const indexed = await searchIndex();
    // Newer statuses and times, the same texts: the index is left as it was, and still finds the instance.
    const statusOnly = await write(
      payload(2, { update_mode: 'UPDATE', status: 'APPROVED', task_list: [task('t1', 2, { status: 'APPROVED' }), task('t2', 2)] }, v1Texts),
      2,
    );
    expect(statusOnly).toMatchObject({ instance: 'UPDATED', tasks: { updated: 2 } });
    expect(await searchIndex()).toEqual(indexed);
    expect(await found('v1')).toBe(1);
    // A REPLACE with the same texts neither.
    await write(payload(3, {}, v1Texts), 3);
    expect(await searchIndex()).toEqual(indexed);
    // A new title: the search row follows it.
    await write(payload(4, {}, { '@i18n@1': 'Renamed', '@i18n@2': 'Task title v1' }), 4);
    expect(await searchIndex()).not.toEqual(indexed);
    expect(await found('renamed')).toBe(1);
    expect(await found('title')).toBe(1);
    // A text gone: the task titles were the only "task" words.
    await write(payload(5, { task_list: [] }, { '@i18n@1': 'Renamed' }), 5);
    expect(await found('task')).toBe(0);
    expect(await found('renamed')).toBe(1);
  });

  it('UPDATE with an older updateTime changes nothing', async () => {
    await write(payload(5), 1);
    const before = await snapshot(mirror);
    const outcome = await write(payload(4, { update_mode: 'UPDATE', status: 'APPROVED', task_list: [task('t1', 4, { status: 'APPROVED' })] }), 2);
    expect(outcome).toMatchObject({ instance: 'STALE', tasks: { inserted: 0, updated: 0, stale: 1, deleted: 0 }, ccEntries: { stale: 1 } });
    expect(await snapshot(mirror)).toEqual(before);
  });

  it('UPDATE with the same updateTime is stale too: only a larger one counts', async () => {
    await write(payload(5), 1);
    const before = await snapshot(mirror);
    const outcome = await write(payload(5, { update_mode: 'UPDATE', status: 'REJECTED' }), 2);
    expect(outcome.instance).toBe('STALE');
    expect(await snapshot(mirror)).toEqual(before);
  });

  it('UPDATE writes what is newer, adds what is new and deletes nothing', async () => {
    await write(payload(5), 1);
    const outcome = await write(
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
    const rows = await snapshot(mirror);
    expect(rows.instances[0]).toMatchObject({ updateTime: Number(T(5)), status: 'PENDING', lastSyncedAt: 2 });
    expect(await textOf(mirror, rows.instances[0]!.titleText)).toBe('Title v5');
    const byId = new Map(rows.tasks.map((row) => [row.taskId, row]));
    expect([...byId.keys()].sort()).toEqual(['t1', 't2', 't3']);
    expect(byId.get('t1')).toMatchObject({ status: 'APPROVED', updateTime: Number(T(6)) });
    expect(await textOf(mirror, byId.get('t1')!.titleText)).toBe('Approved task title');
    expect(byId.get('t2')).toMatchObject({ status: 'PENDING', updateTime: Number(T(5)) });
    expect(await textOf(mirror, byId.get('t2')!.titleText)).toBe('Task title v5');
    expect(await textOf(mirror, byId.get('t3')!.titleText)).toBe('Third task');
    expect(rows.cc).toHaveLength(1);
  });

  it('UPDATE with a newer instance rewrites it and its form', async () => {
    await write(payload(5, { form: [{ name: '@i18n@1', value: '@i18n@2' }] }), 1);
    const outcome = await write(payload(6, { update_mode: 'UPDATE', status: 'APPROVED', form: [] }), 2);
    expect(outcome.instance).toBe('UPDATED');
    const rows = await snapshot(mirror);
    expect(rows.instances[0]).toMatchObject({ status: 'APPROVED', updateMode: 'UPDATE' });
    expect(rows.form).toHaveLength(0);
  });

  it('REPLACE without a task deletes it, whatever the times say', async () => {
    await write(payload(5), 1);
    const outcome = await write(payload(3, { task_list: [task('t2', 3)], cc_list: undefined }), 2);
    expect(outcome).toMatchObject({
      instance: 'UPDATED',
      tasks: { inserted: 0, updated: 1, stale: 0, deleted: 1 },
      ccEntries: { deleted: 1 },
    });
    const rows = await snapshot(mirror);
    expect(rows.tasks.map((row) => row.taskId)).toEqual(['t2']);
    expect(rows.cc).toHaveLength(0);
    expect(rows.instances[0]!.updateTime).toBe(Number(T(3)));
  });

  it('keeps only the texts that mirrored rows still use', async () => {
    await write(payload(5), 1);
    await write(payload(6, { task_list: [] }), 2);
    const values = (await snapshot(mirror)).texts.map((row) => row.value);
    expect(values).toEqual(['Title v6']);
  });

  it('keeps every text with exactly one row in its default locale, whatever the locales pushed (page reads fall back to it)', async () => {
    const resources = (defaultLocale: string, byLocale: Record<string, Record<string, string>>) =>
      Object.entries(byLocale).map(([locale, texts]) => ({
        locale,
        is_default: locale === defaultLocale,
        texts: Object.entries(texts).map(([key, value]) => ({ key, value })),
      }));
    // The default locale lacking a text, then a push with another default locale, then an UPDATE
    // push that leaves the older tasks (and their texts) as they were.
    const pushes = [
      payload(1, { i18n_resources: resources('zh-CN', { 'zh-CN': { '@i18n@1': '标题' }, 'en-US': { '@i18n@1': 'Title', '@i18n@2': 'Task' } }) }),
      payload(2, {
        task_list: [task('t1', 2), task('t3', 2, { title: '@i18n@3' })],
        i18n_resources: resources('en-US', { 'en-US': { '@i18n@1': 'Title 2', '@i18n@2': 'Task 2' }, 'ja-JP': { '@i18n@1': 'タイトル', '@i18n@3': 'タスク' } }),
      }),
      payload(3, {
        update_mode: 'UPDATE',
        task_list: [task('t1', 1)],
        i18n_resources: resources('ja-JP', { 'ja-JP': { '@i18n@1': 'タイトル 3', '@i18n@2': 'タスク 3' } }),
      }),
    ];
    let texts = 0;
    for (const [n, push] of pushes.entries()) {
      await write(push, n + 1);
      const byText = new Map<string, { defaults: number; locales: string[] }>();
      for (const row of (await snapshot(mirror)).texts) {
        const entry = byText.get(`${row.instancePk}/${row.textKey}`) ?? { defaults: 0, locales: [] };
        entry.defaults += row.isDefault ? 1 : 0;
        entry.locales.push(row.locale);
        byText.set(`${row.instancePk}/${row.textKey}`, entry);
      }
      for (const [key, entry] of byText) expect(entry.defaults, `push ${n + 1}, ${key}: ${entry.locales.join(', ')}`).toBe(1);
      texts += byText.size;
    }
    expect(texts).toBeGreaterThanOrEqual(6);
  });

  it('records the exact payload of the last push that changed the mirror', async () => {
    const sent = payload(5);
    await write(sent, 1);
    const [stored] = await rowsOf(mirror, externalInstancePayloads);
    expect(stored?.instancePk).toBe((await snapshot(mirror)).instances[0]!.id);
    expect(JSON.parse(stored!.payload)).toEqual(sent);
  });
});

const WHERE =
  ENGINE === 'sqlite'
    ? [
        { where: 'a :memory: mirror', file: false },
        { where: 'a file mirror', file: true },
      ]
    : [{ where: 'a PostgreSQL mirror', file: false }];

describe.each(WHERE)('recording pushes, on $where', ({ file }) => {
  let folder: string;
  let mirror: Mirror;
  beforeEach(async () => {
    folder = mkdtempSync(join(tmpdir(), 'mirror-'));
    mirror = file ? await Mirror.open({ path: join(folder, 'mirror.sqlite') }) : await openTestMirror();
  });
  afterEach(async () => {
    await mirror.close();
    rmSync(folder, { recursive: true, force: true });
  });

  it('a push that fails halfway leaves nothing of itself, and the pushes beside it and after it are recorded', async () => {
    const good = (id: string) => accepted({ ...payload(1), instance_id: id });
    // Its instance row and form are written before its second task's missing id fails.
    const halfway = accepted({ ...payload(1), instance_id: 'bad', task_list: [task('t1', 1), task(null as unknown as string, 1)] });
    const results = await Promise.allSettled([good('g1'), halfway, good('g2')].map((push) => mirror.recordSync(push, 1)));
    expect(results.map((result) => result.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    // SQLite: "NOT NULL constraint failed: external_tasks.task_id"; PostgreSQL: "null value in column "task_id" … violates not-null constraint".
    expect(String((results[1] as PromiseRejectedResult).reason)).toMatch(/not.null constraint/i);
    expect(String((results[1] as PromiseRejectedResult).reason)).toContain('task_id');
    await expect(mirror.recordSync(good('g3'), 1)).resolves.toMatchObject({ instance: 'INSERTED', tasks: { inserted: 2 } });

    const rows = await snapshot(mirror);
    expect(rows.instances.map((row) => row.instanceId).sort()).toEqual(['g1', 'g2', 'g3']);
    const kept = new Set(rows.instances.map((row) => row.id));
    for (const table of [rows.tasks, rows.cc, rows.texts, rows.payloads]) {
      expect(table.length).toBeGreaterThan(0);
      expect(table.every((row) => kept.has(row.instancePk))).toBe(true);
    }
    expect(rows.tasks).toHaveLength(6);
    expect(await searchRowIds(mirror)).toEqual([...kept].sort((a, b) => a - b));
  });

  it('keeps the JSON text it is given (what was sent to Feishu) as the payload, as it is', async () => {
    const sent = { ...payload(1), instance_id: 'given' };
    const payloadJson = JSON.stringify(sent, null, 1);
    const outcome = await mirror.recordSync({ payload: sent, payloadJson }, 1);
    expect((await rowsOf(mirror, externalInstancePayloads)).find((row) => row.instancePk === outcome.instancePk)?.payload).toBe(payloadJson);
  });

  it('UPDATE pushes of one instance arriving at once, in any order: the newest wins, each task by its own time', async () => {
    await mirror.recordSync(accepted(payload(1)), 1);
    const versions = [7, 3, 9, 2, 8, 5, 4, 6];
    const pushes = versions.map((version) =>
      accepted(payload(version, { update_mode: 'UPDATE', status: `S${version}`, task_list: [task('t1', version), task('t2', 10 - version)] })),
    );
    const outcomes = await Promise.all(pushes.map((push, n) => mirror.recordSync(push, 10 + n)));
    expect(outcomes.every((outcome) => outcome.instancePk === outcomes[0]!.instancePk)).toBe(true);
    const rows = await snapshot(mirror);
    expect(rows.instances).toMatchObject([{ status: 'S9', updateTime: Number(T(9)) }]);
    expect(await textOf(mirror, rows.instances[0]!.titleText)).toBe('Title v9');
    const tasks = new Map(rows.tasks.map((row) => [row.taskId, row.updateTime]));
    expect(tasks).toEqual(
      new Map([
        ['t1', Number(T(9))],
        ['t2', Number(T(8))],
      ]),
    );
  });
});

describe('rows read back', () => {
  it('decode booleans and keep nulls and awkward text as stored', async () => {
    const mirror = await openTestMirror();
    const awkward = ['上海 "quoted" \\ back\\slash', 'tab\tnew\nline\u0001\u001f', '{"looks":"like JSON"}', 'null', '😀 emoji', ''];
    const outcome = await mirror.recordSync(
      accepted(
        payload(1, {
          task_list: [
            task('t1', 1, { exclude_statistics: true }),
            task('t2', 1, { exclude_statistics: false }),
            ...awkward.map((value, n) => task(`a${n}`, 1, { action_context: value })),
          ],
        }),
      ),
      1,
    );
    const tasks = await mirror.reads.tasksOf([outcome.instancePk]);
    expect(tasks.map((row) => row.excludeStatistics)).toEqual([true, false, ...awkward.map(() => null)]);
    expect(tasks.slice(2).map((row) => row.actionContext)).toEqual(awkward);
    expect(tasks.map((row) => row.endTime)).toEqual(tasks.map(() => null));
    await mirror.close();
  });
});

describe('createInstance intents (IntentStore)', () => {
  const lease = (owner: string, expiresAt: number) => ({ owner, expiresAt });

  it('records an attempt unless the uuid is bound to another request, was created, or has an attempt in flight, checking where it writes', async () => {
    const mirror = await openTestMirror();
    const store = mirror.intents;
    const first = await store.begin(intentFixture('u-1', { requestHash: 'h1' }), lease('a', 100), 1);
    expect(first).toMatchObject({ kind: 'begun', row: { uuid: 'u-1', state: 'PENDING', attempts: 1, attemptOwner: 'a', attemptExpiresAt: 100 } });

    // Pending under another request: left as it is.
    expect(await store.begin(intentFixture('U-1', { requestHash: 'h2' }), lease('b', 102), 2)).toMatchObject({
      kind: 'settled',
      row: { requestHash: 'h1', attempts: 1, updatedAt: 1 },
    });
    // The same request while the attempt's lease is alive: left as it is, to be waited for.
    expect(await store.begin(intentFixture('u-1', { requestHash: 'h1' }), lease('b', 102), 2)).toMatchObject({
      kind: 'busy',
      row: { attempts: 1, attemptOwner: 'a' },
    });
    // Once its attempt ended without creating it (a passing error), tried again, its outcome as it was.
    await store.markError(first.row.id, 1, 'PENDING', { code: 'RATE_LIMITED', message: 'later' }, 3);
    expect(await store.begin(intentFixture('u-1', { requestHash: 'h1' }), lease('b', 104), 4)).toMatchObject({
      kind: 'begun',
      row: { attempts: 2, updatedAt: 4, attemptOwner: 'b', outcomeUnknown: false, lastErrorCode: null },
    });

    // Created: left as it is, whatever the request.
    await store.markCreated(first.row.id, { instanceCode: 'CODE-1', instanceLink: null, reconciled: false }, 5);
    for (const requestHash of ['h1', 'h2']) {
      expect(await store.begin(intentFixture('u-1', { requestHash }), lease('c', 106), 6)).toMatchObject({
        kind: 'settled',
        row: { state: 'CREATED', instanceCode: 'CODE-1', attempts: 2, updatedAt: 5, attemptOwner: null },
      });
    }

    // Refused for good with no unknown outcome: binds nothing, another request may take the uuid.
    const refused = await store.begin(intentFixture('u-2', { requestHash: 'h1' }), lease('a', 107), 7);
    await store.markError(refused.row.id, 1, 'FAILED', { code: 'X', message: 'no' }, 8);
    expect(await store.begin(intentFixture('u-2', { requestHash: 'h2' }), lease('a', 109), 9)).toMatchObject({
      kind: 'begun',
      row: { requestHash: 'h2', state: 'PENDING', attempts: 2 },
    });
    await mirror.close();
  });

  it('takes over an attempt whose lease expired with its outcome unknown, and lets no late write of the abandoned attempt move the intent', async () => {
    const mirror = await openTestMirror();
    const store = mirror.intents;
    const { row } = await store.begin(intentFixture('u-3'), lease('dead', 10), 1);
    expect(await store.abandoned(9, 10)).toEqual([]);
    expect(await store.abandoned(10, 10)).toMatchObject([{ uuid: 'u-3', attempts: 1 }]);

    const taken = await store.begin(intentFixture('u-3'), lease('b', 30), 10);
    expect(taken).toMatchObject({ kind: 'begun', row: { attempts: 2, attemptOwner: 'b', outcomeUnknown: true } });
    // The abandoned attempt (number 1) can no longer record anything.
    await store.markError(row.id, 1, 'FAILED', { code: 'X', message: 'late' }, 11);
    expect(await store.reconcileIfUnknown(row.id, 1, 11)).toMatchObject({ state: 'CREATED', reconciled: true });
    // Feishu's code, however late it comes, replaces none; never the reverse.
    expect(await store.markCreated(row.id, { instanceCode: 'CODE-3', instanceLink: 'L', reconciled: false }, 12)).toMatchObject({
      instanceCode: 'CODE-3',
      reconciled: false,
    });
    expect(await store.markCreated(row.id, { instanceCode: null, instanceLink: null, reconciled: true }, 13)).toMatchObject({
      instanceCode: 'CODE-3',
      instanceLink: 'L',
      reconciled: false,
    });
    await mirror.close();
  });

  it('a refusal after an attempt with an unknown outcome leaves the intent PENDING; 60012 without one is not reconciled', async () => {
    const mirror = await openTestMirror();
    const store = mirror.intents;
    const { row } = await store.begin(intentFixture('u-4'), lease('a', 100), 1);
    await store.markOutcomeUnknown(row.id, 1, 2);
    await store.markError(row.id, 1, 'FAILED', { code: 'FEISHU_APPROVAL_INACTIVE', message: 'no' }, 3);
    expect(await store.begin(intentFixture('u-4', { requestHash: 'other' }), lease('a', 104), 4)).toMatchObject({
      kind: 'settled',
      row: { state: 'PENDING', outcomeUnknown: true },
    });

    const clean = await store.begin(intentFixture('u-5'), lease('a', 100), 5);
    expect(await store.reconcileIfUnknown(clean.row.id, 1, 6)).toBeNull();
    await mirror.close();
  });

  it('lets one of two takers have an abandoned attempt', async () => {
    const mirror = await openTestMirror();
    const store = mirror.intents;
    await store.begin(intentFixture('u-6'), lease('dead', 10), 1);
    const [abandoned] = await store.abandoned(20, 10);
    const takers = await Promise.all([store.takeOver(abandoned!, lease('b', 50), 20), store.takeOver(abandoned!, lease('c', 50), 20)]);
    expect(takers.filter((taken) => taken !== null)).toMatchObject([{ attempts: 2, attemptOwner: 'b', outcomeUnknown: true }]);
    expect(await store.abandoned(20, 10)).toEqual([]);
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

  const counts = () =>
    Promise.all([externalInstances, externalTasks, externalCcEntries, externalFormEntries, externalTexts].map((table) => countOf(app.runtime.mirror, table)));

  it('for a refusal, an unreachable Feishu and a bad input alike', async () => {
    const first = await app.gql<SyncResult>(SYNC, { input: syncInput() });
    expect(first.data.syncExternalInstance.__typename).toBe('SyncExternalInstancePayload');
    const before = await counts();
    const changed = syncInput({
      status: 'APPROVED',
      updateTime: at(10),
      taskList: [taskInput(1, { status: 'APPROVED', updateTime: at(10) }), taskInput(2)],
      ccList: [ccInput(9)],
    });

    app.sandbox.faults.push({ path: PATHS.externalInstances, code: 1390001, httpStatus: 400, msg: 'param is invalid: task_list' });
    const refused = await app.gql<SyncResult>(SYNC, { input: changed });
    expect(refused.data.syncExternalInstance).toMatchObject({ __typename: 'FeishuInvalidParameterError', feishuCode: 1390001 });
    expect(await counts()).toEqual(before);

    app.sandbox.faults.push({ path: PATHS.externalInstances, drop: 'before', times: 3 });
    const unreachable = await app.gql<SyncResult>(SYNC, { input: changed });
    expect(unreachable.data.syncExternalInstance).toMatchObject({ __typename: 'FeishuUnavailableError', retryable: true });
    expect(await counts()).toEqual(before);

    const bad = await app.gql<SyncResult>(SYNC, { input: { ...changed, links: {} } });
    expect(bad.data.syncExternalInstance.__typename).toBe('BadUserInputError');
    expect(await counts()).toEqual(before);

    const read = await app.gql<{ externalInstance: { status: string; taskList: { status: string }[] } }>(READ, {
      approvalCode: 'APPROVAL-1',
      instanceId: 'inst-1',
    });
    expect(read.data.externalInstance.status).toBe('PENDING');
    expect(read.data.externalInstance.taskList.map((t) => t.status)).toEqual(['PENDING']);
  });
});
