import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Worker } from 'node:worker_threads';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Mirror } from '../src/mirror/mirror.js';
import { WriterThread } from '../src/mirror/writer-thread.js';
import { type TestApp, startTestApp } from './support/app.js';
import { nextTurn } from './support/event-loop.js';
import { holdWriteLock, holdWriteLockFromThread } from './support/locks.js';
import { CREATE, type CreateResult, intentFixture, leaveInput } from './support/create-fixtures.js';
import { READ, SYNC, type SyncResult, minimalPush, syncInput } from './support/fixtures.js';

let folder: string;
beforeEach(() => {
  folder = mkdtempSync(join(tmpdir(), 'writer-thread-'));
});
afterEach(() => rmSync(folder, { recursive: true, force: true }));

const push = minimalPush;

/** The mirror's writer, and the thread it runs (private: a test stops it as a crash would). */
const writerOf = (mirror: Mirror) => Reflect.get(mirror, 'writer') as WriterThread;
const threadOf = (writer: WriterThread) => Reflect.get(writer, 'worker') as Worker | undefined;

describe('the writer thread of a file mirror', () => {
  it('is what a file mirror writes with; :memory: and writerThread: false write on the calling thread', async () => {
    const file = Mirror.open({ path: join(folder, 'a.sqlite') });
    const off = Mirror.open({ path: join(folder, 'b.sqlite'), writerThread: false });
    const memory = Mirror.open({ path: ':memory:' });
    expect(writerOf(file)).toBeInstanceOf(WriterThread);
    expect(writerOf(off)).not.toBeInstanceOf(WriterThread);
    expect(writerOf(memory)).not.toBeInstanceOf(WriterThread);
    await Promise.all([file.close(), off.close(), memory.close()]);
  });

  it('leaves the event loop free while it writes', async () => {
    const mirror = Mirror.open({ path: join(folder, 'loop.sqlite') });
    let settled = false;
    const writes = Promise.all(Array.from({ length: 300 }, (_, n) => mirror.writeExternalInstanceSoon(push(n), 1))).then(() => (settled = true));
    // On the calling thread the 300 writes would run in one turn; here turns go by meanwhile.
    let turns = 0;
    while (!settled) {
      await nextTurn();
      turns += 1;
    }
    await writes;
    expect(turns).toBeGreaterThan(10);
    expect(mirror.external.instancesByPk([1, 300])).toHaveLength(2);
    await mirror.close();
  });

  /** Watches what is handed to the thread: the batches, and the write commands in them. */
  const watchHandOvers = (mirror: Mirror) => {
    const thread = threadOf(writerOf(mirror))!;
    const post = thread.postMessage.bind(thread);
    const seen = { batches: 0, commands: [] as unknown[] };
    thread.postMessage = (message: { kind: string; writes?: { command: unknown }[] }) => {
      if (message.kind === 'writes') {
        seen.batches += 1;
        seen.commands.push(...(message.writes ?? []).map((write) => write.command));
      }
      post(message);
    };
    return seen;
  };

  it("hands a push to the thread as its JSON text (the one sent to Feishu when given), not as the payload object", async () => {
    const mirror = Mirror.open({ path: join(folder, 'wire.sqlite') });
    const handedOver = watchHandOvers(mirror);
    const sentJson = JSON.stringify(push(1));
    await Promise.all([mirror.writeExternalInstanceSoon(push(1), 1, sentJson), mirror.writeExternalInstanceSoon(push(2), 1)]);
    expect(handedOver.commands).toEqual([
      { kind: 'syncPushJson', payloadJson: sentJson, syncedAt: 1 },
      { kind: 'syncPushJson', payloadJson: JSON.stringify(push(2)), syncedAt: 1 },
    ]);
    expect(mirror.external.instancesByPk([1, 2])).toHaveLength(2);
    await mirror.close();
  });

  it('keeps every locale of the plain texts (node names, cc titles) of a push handed to the thread, and of one written ahead', async () => {
    const mirror = Mirror.open({ path: join(folder, 'plain.sqlite') });
    const handedOver = watchHandOvers(mirror);
    const withCc = (n: number) => ({
      ...push(n),
      cc_list: [{ cc_id: 'c1', user_id: 'x', links: { pc_link: 'p' }, title: '抄送', create_time: '1', update_time: '1' }],
    });
    const plainTexts = { nodeNames: new Map(), ccTitles: new Map([['c1', [['zh-CN', '抄送'], ['en-US', 'Copy']] as const]]) };
    await Promise.all([1, 2].map((n) => mirror.writeExternalInstanceSoon(withCc(n), 1, undefined, plainTexts)));
    expect(handedOver.batches).toBe(1);
    const ahead = mirror.pendingPush(withCc(3), plainTexts);
    ahead.sent(JSON.stringify(withCc(3)), 1);
    await nextTurn();
    await ahead.commit(1, JSON.stringify(withCc(3)));
    expect(mirror.prewrites).toBe(1);
    const copied = mirror.sqlite.prepare(`SELECT instance_pk FROM external_texts WHERE locale = 'en-US' AND value = 'Copy' ORDER BY instance_pk`).pluck().all();
    expect(copied).toEqual([1, 2, 3]);
    await mirror.close();
  });

  it('writes a lone write on the calling thread while the thread holds none; several in a turn, or one while the thread is busy, go to the thread', async () => {
    const path = join(folder, 'lone.sqlite');
    const mirror = Mirror.open({ path });
    const handedOver = watchHandOvers(mirror);
    await mirror.writeExternalInstanceSoon(push(1), 1);
    await mirror.approvalInstances.begin(intentFixture('lone-intent'), 1);
    expect(handedOver.batches).toBe(0);
    await Promise.all([mirror.writeExternalInstanceSoon(push(2), 1), mirror.writeExternalInstanceSoon(push(3), 1)]);
    expect(handedOver.batches).toBe(1);
    // The thread is kept busy by a lock held elsewhere: a lone write joins it there.
    const release = holdWriteLock(path);
    const busy = Promise.all([mirror.writeExternalInstanceSoon(push(4), 1), mirror.writeExternalInstanceSoon(push(5), 1)]);
    while (handedOver.batches < 2) await nextTurn();
    const lone = mirror.writeExternalInstanceSoon(push(6), 1);
    while (handedOver.batches < 3) await nextTurn();
    release();
    await Promise.all([busy, lone]);
    expect(mirror.sqlite.prepare('SELECT count(*) FROM external_instances').pluck().get()).toBe(6);
    await mirror.close();
  });

  it('hands a lone write to the thread when another connection holds the write lock, rather than wait for it on the event loop', async () => {
    const path = join(folder, 'locked.sqlite');
    const mirror = Mirror.open({ path });
    await mirror.writeExternalInstanceSoon(push(1), 1);
    const handedOver = watchHandOvers(mirror);
    const release = holdWriteLock(path);
    let settled = false;
    const write = mirror.writeExternalInstanceSoon(push(2), 1).finally(() => (settled = true));
    // Waiting on the lock here would stop the loop (up to the 5 s busy timeout) and then fail.
    let turns = 0;
    while (turns < 20) {
      await nextTurn();
      turns += 1;
    }
    expect(settled).toBe(false);
    expect(handedOver.batches).toBe(1);
    release();
    await expect(write).resolves.toMatchObject({ instance: 'INSERTED' });
    await mirror.close();
  });

  it('hands over even its very first lone write when the lock is held elsewhere, without waiting for it here', async () => {
    const path = join(folder, 'first-locked.sqlite');
    const mirror = Mirror.open({ path });
    const handedOver = watchHandOvers(mirror);
    // Released after a second whatever the event loop does: a BEGIN here that waited for the lock
    // (blocking the loop) would get it then, and commit here.
    await holdWriteLockFromThread(path, 1_000);
    await expect(mirror.writeExternalInstanceSoon(push(1), 1)).resolves.toMatchObject({ instance: 'INSERTED' });
    expect(handedOver.batches).toBe(1);
    await mirror.close();
  });

  it('that stops fails the writes it held, and the next write starts a new one', async () => {
    const path = join(folder, 'crash.sqlite');
    const mirror = Mirror.open({ path });
    await mirror.writeExternalInstanceSoon(push(1), 1);
    const writer = writerOf(mirror);
    // Another connection holds the write lock: the thread waits for it with the write in hand.
    const release = holdWriteLock(path);
    const held = mirror.writeExternalInstanceSoon(push(2), 1);
    while ((Reflect.get(writer, 'outgoing') as { size: number }).size > 0) await nextTurn();
    const stopped = threadOf(writer)!.terminate();
    release();
    await stopped;
    await expect(held).rejects.toThrow(/the mirror's writer thread stopped/);
    // Two writes in a turn go to a thread (a lone one would be written here).
    await expect(Promise.all([mirror.writeExternalInstanceSoon(push(3), 1), mirror.writeExternalInstanceSoon(push(4), 1)])).resolves.toMatchObject([
      { instance: 'INSERTED' },
      { instance: 'INSERTED' },
    ]);
    expect(threadOf(writer)).toBeDefined();
    // The write that failed is not in the mirror: the thread stopped before its commit.
    expect(mirror.sqlite.prepare("SELECT instance_id FROM external_instances ORDER BY id").pluck().all()).toEqual(['I1', 'I3', 'I4']);
    await mirror.close();
  });

  it('commits on close what was submitted before, and refuses writes after', async () => {
    const path = join(folder, 'close.sqlite');
    const mirror = Mirror.open({ path });
    const pending = Array.from({ length: 20 }, (_, n) => mirror.writeExternalInstanceSoon(push(n), 1));
    await mirror.close();
    await expect(Promise.all(pending)).resolves.toHaveLength(20);
    await expect(mirror.writeExternalInstanceSoon(push(99), 1)).rejects.toThrow(/closed/);
    const reopened = Mirror.open({ path, writerThread: false });
    expect(reopened.external.instancesByPk(Array.from({ length: 20 }, (_, n) => n + 1))).toHaveLength(20);
    await reopened.close();
  });
});

describe('the app on a file mirror (the writer thread end to end)', () => {
  let app: TestApp;
  beforeEach(async () => {
    app = await startTestApp({ env: { DATABASE_URL: join(folder, 'app.sqlite') } });
  });
  afterEach(async () => {
    await app.close();
  });

  it('syncs and creates through the thread, and reads the results back at once', async () => {
    expect(writerOf(app.runtime.mirror)).toBeInstanceOf(WriterThread);
    const synced = await app.gql<SyncResult>(SYNC, { input: syncInput() });
    expect(synced.data.syncExternalInstance).toMatchObject({ __typename: 'SyncExternalInstancePayload', applied: true });
    const read = await app.gql<{ externalInstance: { instanceId: string } | null }>(READ, { approvalCode: 'APPROVAL-1', instanceId: 'inst-1' });
    expect(read.data.externalInstance?.instanceId).toBe('inst-1');
    const created = await app.gql<CreateResult>(CREATE, { input: leaveInput() });
    expect(created.data.createInstance).toMatchObject({ __typename: 'CreateInstancePayload', instance: { intentState: 'CREATED' } });
    expect(created.data.createInstance.instance?.instanceCode).toEqual(expect.any(String));
  });
});
