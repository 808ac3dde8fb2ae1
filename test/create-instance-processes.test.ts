import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FeishuSandbox, PATHS } from '../src/sandbox/sandbox.js';
import { CREATE, type CreateResult, leaveInput } from './support/create-fixtures.js';
import { SYNC, type SyncResult, syncInput } from './support/fixtures.js';
import { lockTaken } from './support/locks.js';
import { type FacadeProcess, facadeEnv, post, startFacade } from './support/processes.js';

/**
 * Two facade server processes on one SQLite mirror file, against one sandbox (here, in the test's
 * process: it outlives the facades, scripts their Feishu's faults and shows what it holds).
 */

let folder: string;
let mirrorPath: string;
let sandbox: FeishuSandbox;
let origin: string;
const facades: FacadeProcess[] = [];

beforeEach(async () => {
  folder = mkdtempSync(join(tmpdir(), 'create-processes-'));
  mirrorPath = join(folder, 'mirror.sqlite');
  sandbox = new FeishuSandbox();
  origin = await sandbox.listen(0);
});
afterEach(async () => {
  sandbox.faults.clear();
  for (const facade of facades.splice(0)) await facade.stop();
  await sandbox.close();
  rmSync(folder, { recursive: true, force: true });
});

async function twoFacades(): Promise<[FacadeProcess, FacadeProcess]> {
  // Started one after the other: the first one migrates the new mirror file.
  const first = await startFacade(facadeEnv(origin, mirrorPath));
  facades.push(first);
  const second = await startFacade(facadeEnv(origin, mirrorPath));
  facades.push(second);
  return [first, second];
}

const create = async (facade: FacadeProcess, input: Record<string, unknown>) => {
  const answer = await post<CreateResult>(facade.url, CREATE, { input });
  expect(answer.errors, JSON.stringify(answer.errors)).toBeUndefined();
  return answer.data.createInstance;
};

describe('two facade processes on one mirror', () => {
  it('the same createInstance sent to both at once, for many uuids: one Feishu create per uuid, both answered with its instance', async () => {
    const [first, second] = await twoFacades();
    // Feishu slow to act: the second request comes while the first one's attempt is in flight.
    sandbox.faults.push({ path: PATHS.instances, delayMs: 150, times: 1_000 });
    const uuids = Array.from({ length: 30 }, (_, n) => `two-processes-${n}`);
    const answers = await Promise.all(
      uuids.map((uuid, n) => {
        const input = leaveInput({ uuid, departmentId: `dept-${n}` });
        return Promise.all([create(first, input), create(second, input)]);
      }),
    );

    for (const [index, pair] of answers.entries()) {
      const summary = JSON.stringify(pair);
      expect(
        pair.map((answer) => answer.__typename),
        summary,
      ).toEqual(['CreateInstancePayload', 'CreateInstancePayload']);
      const [a, b] = pair;
      expect(a!.instance!.instanceCode, summary).not.toBeNull();
      expect(b!.instance!.instanceCode, summary).toBe(a!.instance!.instanceCode);
      expect(
        pair.filter((answer) => !answer.replayed),
        summary,
      ).toHaveLength(1);
      expect(sandbox.instances.get(a!.instance!.instanceCode!)?.uuid).toBe(uuids[index]);
    }
    expect(sandbox.callCount(PATHS.instances)).toBe(uuids.length);
    expect(sandbox.instances.size).toBe(uuids.length);

    for (const facade of facades.splice(0)) expect(await facade.stop()).toBe(0);
    const mirror = new Database(mirrorPath, { readonly: true });
    expect(mirror.prepare('SELECT state, count(*) AS n FROM approval_instances GROUP BY state').all()).toEqual([{ state: 'CREATED', n: uuids.length }]);
    mirror.close();
  });

  it('while Feishu holds a create from one, a sync push and another create through the other land: nothing holds the write lock meanwhile', async () => {
    const [syncing, creating] = await twoFacades();
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    sandbox.faults.push({ path: PATHS.instances, holdAnswer: () => held });
    // Feishu slow to accept the push as well.
    sandbox.faults.push({ path: PATHS.externalInstances, delayMs: 200 });

    const heldCreate = create(creating, leaveInput({ uuid: 'held-1' }));
    await until(() => sandbox.instances.size === 1);
    expect(lockTaken(mirrorPath)).toBe(false);

    const pushed = await post<SyncResult>(syncing.url, SYNC, { input: syncInput({ instanceId: 'pushed-meanwhile' }) });
    expect(pushed.data.syncExternalInstance).toMatchObject({ __typename: 'SyncExternalInstancePayload', applied: true });
    expect(await create(syncing, leaveInput({ uuid: 'created-meanwhile' }))).toMatchObject({
      __typename: 'CreateInstancePayload',
      instance: { intentState: 'CREATED' },
    });
    expect(lockTaken(mirrorPath)).toBe(false);

    release();
    expect(await heldCreate).toMatchObject({ __typename: 'CreateInstancePayload', instance: { intentState: 'CREATED' } });
    const read = await post<{ externalInstance: { instanceId: string } | null; a: { intentState: string }; b: { intentState: string } }>(
      creating.url,
      `{ externalInstance(approvalCode: "APPROVAL-1", instanceId: "pushed-meanwhile") { instanceId }
         a: approvalInstanceByUuid(uuid: "held-1") { intentState }
         b: approvalInstanceByUuid(uuid: "created-meanwhile") { intentState } }`,
    );
    expect(read.data).toEqual({ externalInstance: { instanceId: 'pushed-meanwhile' }, a: { intentState: 'CREATED' }, b: { intentState: 'CREATED' } });
    for (const facade of facades) expect(facade.output()).not.toMatch(/database is locked|SQLITE_BUSY/);
  });
});

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 5));
}
