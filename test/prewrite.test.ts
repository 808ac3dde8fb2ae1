import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Mirror } from '../src/mirror/mirror.js';
import { PATHS } from '../src/sandbox/sandbox.js';
import { type TestApp, startTestApp } from './support/app.js';
import { nextTurn } from './support/event-loop.js';
import { holdWriteLockFromThread, lockTaken } from './support/locks.js';
import { READ, SYNC, type SyncResult, at, minimalPush, syncInput } from './support/fixtures.js';

let folder: string;
let file: string;
beforeEach(() => {
  folder = mkdtempSync(join(tmpdir(), 'prewrite-'));
  file = join(folder, 'mirror.sqlite');
});
afterEach(() => rmSync(folder, { recursive: true, force: true }));

async function until(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

/** The mirror's instance rows, read on a connection of their own. */
function mirroredRows(path: string): { instance_id: string; first_synced_at: number; last_synced_at: number }[] {
  const reader = new Database(path, { readonly: true });
  try {
    return reader.prepare('SELECT instance_id, first_synced_at, last_synced_at FROM external_instances ORDER BY id').all() as never;
  } finally {
    reader.close();
  }
}

const readInstance = (app: TestApp, instanceId = 'inst-1') =>
  app.gql<{ externalInstance: { instanceId: string; status: string } | null }>(READ, { approvalCode: 'APPROVAL-1', instanceId });

describe('a sync push written while Feishu answers it (file mirror)', () => {
  let app: TestApp;
  beforeEach(async () => {
    app = await startTestApp({ env: { DATABASE_URL: file } });
  });
  afterEach(async () => {
    await app.close();
  });

  it('is written before the answer, seen by no one, and committed once Feishu accepts it', async () => {
    app.sandbox.faults.push({ path: PATHS.externalInstances, delayMs: 300 });
    const syncing = app.gql<SyncResult>(SYNC, { input: syncInput() });
    // The write is under way while Feishu has not answered yet ...
    await until(() => lockTaken(file), 'the push is being written');
    // ... and neither another connection nor the app's own queries see it.
    expect(mirroredRows(file)).toEqual([]);
    expect((await readInstance(app)).data.externalInstance).toBeNull();

    const synced = await syncing;
    expect(synced.data.syncExternalInstance).toMatchObject({ applied: true, outcome: { instance: 'INSERTED' }, instance: { instanceId: 'inst-1' } });
    expect(app.runtime.mirror.prewrites).toBe(1);
    expect(lockTaken(file)).toBe(false);
    expect((await readInstance(app)).data.externalInstance).toMatchObject({ instanceId: 'inst-1', status: 'PENDING' });
  });

  it('is rolled back when Feishu refuses it: nothing mirrored, the lock free', async () => {
    app.sandbox.faults.push({ path: PATHS.externalInstances, delayMs: 200, code: 1390001, msg: 'param is invalid' });
    const syncing = app.gql<SyncResult>(SYNC, { input: syncInput() });
    await until(() => lockTaken(file), 'the push is being written');
    const refused = await syncing;
    expect(refused.data.syncExternalInstance.__typename).toBe('FeishuInvalidParameterError');
    expect(lockTaken(file)).toBe(false);
    expect(mirroredRows(file)).toEqual([]);
    expect(app.runtime.mirror.prewrites).toBe(0);
  });

  it('gives way to any other write, which does not wait for the answer; the push is then written once accepted', async () => {
    app.sandbox.faults.push({ path: PATHS.externalInstances, delayMs: 400 });
    let answered = false;
    const syncing = app.gql<SyncResult>(SYNC, { input: syncInput() }).finally(() => (answered = true));
    await until(() => lockTaken(file), 'the push is being written');

    await app.runtime.mirror.writeExternalInstanceSoon(minimalPush(7), 1);
    expect(answered).toBe(false);
    expect(mirroredRows(file).map((row) => row.instance_id)).toEqual(['I7']);

    const synced = await syncing;
    expect(synced.data.syncExternalInstance).toMatchObject({ applied: true, outcome: { instance: 'INSERTED' } });
    expect(app.runtime.mirror.prewrites).toBe(0);
    expect(mirroredRows(file).map((row) => row.instance_id)).toEqual(['I7', 'inst-1']);
  });

  it('carries the time Feishu accepted it, not the time it was written', async () => {
    const sentAt = Date.now();
    app.sandbox.faults.push({ path: PATHS.externalInstances, delayMs: 150 });
    await app.gql<SyncResult>(SYNC, { input: syncInput() });
    const [first] = mirroredRows(file);
    // Written within milliseconds of the request; stamped after the 150 ms answer.
    expect(first!.last_synced_at).toBeGreaterThanOrEqual(sentAt + 100);
    expect(first!.first_synced_at).toBe(first!.last_synced_at);

    const updateSentAt = Date.now();
    app.sandbox.faults.push({ path: PATHS.externalInstances, delayMs: 150 });
    const updated = await app.gql<SyncResult>(SYNC, { input: syncInput({ status: 'APPROVED', updateTime: at(5), updateMode: 'UPDATE' }) });
    expect(updated.data.syncExternalInstance).toMatchObject({ outcome: { instance: 'UPDATED' } });
    const [second] = mirroredRows(file);
    expect(second!.last_synced_at).toBeGreaterThanOrEqual(updateSentAt + 100);
    expect(second!.first_synced_at).toBe(first!.first_synced_at);
    expect(app.runtime.mirror.prewrites).toBe(2);
  });

  it('is rolled back when an attempt fails: no lock held while the retry waits; the push is written the ordinary way', async () => {
    // Feishu's rate limit, with a second to wait before the retry.
    app.sandbox.faults.push({ path: PATHS.externalInstances, code: 99991400, httpStatus: 429, headers: { 'x-ogw-ratelimit-reset': '1' } });
    const syncing = app.gql<SyncResult>(SYNC, { input: syncInput() });
    await until(() => app.logs.some((line) => line.includes('feishu call failed')), 'the first attempt failed');
    expect(lockTaken(file)).toBe(false);
    const synced = await syncing;
    expect(synced.data.syncExternalInstance).toMatchObject({ applied: true, outcome: { instance: 'INSERTED' } });
    expect(app.sandbox.callCount(PATHS.externalInstances)).toBe(2);
    expect(app.runtime.mirror.prewrites).toBe(0);
    expect(mirroredRows(file).map((row) => row.instance_id)).toEqual(['inst-1']);
  });

  it('does not wait for a write lock held elsewhere: the push is then written the ordinary way', async () => {
    // Released after a second whatever the event loop does: a write ahead that waited for the lock
    // (blocking the loop) would get it then, and commit.
    await holdWriteLockFromThread(file, 1_000);
    const synced = await app.gql<SyncResult>(SYNC, { input: syncInput() });
    expect(synced.data.syncExternalInstance).toMatchObject({ applied: true, outcome: { instance: 'INSERTED' } });
    expect(app.runtime.mirror.prewrites).toBe(0);
  });
});

describe('Mirror.pendingPush', () => {
  it('writes a push ahead only once the turn it was sent in is over, and only while it waits alone', async () => {
    const mirror = Mirror.open({ path: file });
    const json = (n: number) => JSON.stringify(minimalPush(n));

    const alone = mirror.pendingPush(minimalPush(1));
    alone.sent(json(1), 5);
    // In this turn the request is still to be written to its socket: nothing is in the way of it.
    expect(lockTaken(file)).toBe(false);
    await nextTurn();
    expect(lockTaken(file)).toBe(true);
    expect(await alone.commit(5, json(1))).toMatchObject({ instance: 'INSERTED' });
    expect(mirror.prewrites).toBe(1);

    // Two pushes waiting for Feishu: neither is written ahead (the other's write would undo it).
    const first = mirror.pendingPush(minimalPush(2));
    const second = mirror.pendingPush(minimalPush(3));
    first.sent(json(2), 6);
    await nextTurn();
    expect(lockTaken(file)).toBe(false);
    expect(await first.commit(6, json(2))).toMatchObject({ instance: 'INSERTED' });
    second.discard();
    expect(mirror.prewrites).toBe(1);

    // Alone again once the others are settled.
    const later = mirror.pendingPush(minimalPush(4));
    later.sent(json(4), 7);
    await nextTurn();
    expect(lockTaken(file)).toBe(true);
    later.discard();
    expect(lockTaken(file)).toBe(false);
    expect(mirror.external.instancesByPk([1, 2, 3])).toHaveLength(2);
    await mirror.close();
  });

  it('a push whose write ahead fails halfway leaves nothing and frees the lock; its ordinary write reports the failure', async () => {
    const mirror = Mirror.open({ path: file });
    // Its instance row is written before its task's missing id fails.
    const broken = { ...minimalPush(1), task_list: [{ task_id: null as unknown as string, links: { pc_link: 'p' }, status: 'PENDING' as const, create_time: '1', end_time: '0', update_time: '1' }] };
    const push = mirror.pendingPush(broken);
    push.sent(JSON.stringify(broken), 5);
    await nextTurn();
    expect(lockTaken(file)).toBe(false);
    expect(mirroredRows(file)).toEqual([]);
    await expect(push.commit(5, JSON.stringify(broken))).rejects.toMatchObject({ code: 'SQLITE_CONSTRAINT_NOTNULL' });
    expect(mirror.prewrites).toBe(0);

    const next = mirror.pendingPush(minimalPush(2));
    next.sent(JSON.stringify(minimalPush(2)), 6);
    await nextTurn();
    expect(await next.commit(6, JSON.stringify(minimalPush(2)))).toMatchObject({ instance: 'INSERTED' });
    expect(mirror.prewrites).toBe(1);
    expect(mirroredRows(file).map((row) => row.instance_id)).toEqual(['I2']);
    await mirror.close();
  });

  it('on a :memory: mirror writes the push once accepted, as writeExternalInstanceSoon does', async () => {
    const mirror = Mirror.open({ path: ':memory:' });
    const push = mirror.pendingPush(minimalPush(1));
    push.sent(JSON.stringify(minimalPush(1)), 5);
    await nextTurn();
    expect(mirror.external.instancesByPk([1])).toHaveLength(0);
    expect(await push.commit(5, JSON.stringify(minimalPush(1)))).toMatchObject({ instance: 'INSERTED' });
    expect(mirror.external.instancesByPk([1])).toHaveLength(1);
    expect(mirror.prewrites).toBe(0);
    await mirror.close();
  });
});
