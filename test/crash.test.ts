import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { FeishuSandbox, PATHS, type SandboxRequest } from '../src/sandbox/sandbox.js';
import type { SandboxAnswer } from '../src/sandbox/answer.js';
import { CREATE, type CreateResult, leaveInput } from './support/create-fixtures.js';
import { SYNC, type SyncResult, at, syncInput } from './support/fixtures.js';
import { type FacadeProcess, facadeEnv, post, startFacade } from './support/processes.js';

/**
 * Issue 33's proof: a facade server (a child process, real mode) under sync and create load is
 * killed with SIGKILL at random points and restarted, against one sandbox that outlives it (in the
 * test's process). Afterwards the mirror file is whole, it holds only pushes Feishu accepted, and
 * every uuid ever sent, sent again, answers its one instance: none FAILED, none
 * FEISHU_UUID_CONFLICT, one sandbox instance per uuid.
 */

/** The sandbox as it is, keeping the exact bodies of the pushes it accepted. */
class RecordingSandbox extends FeishuSandbox {
  readonly acceptedPushes = new Set<string>();
  override handle(request: SandboxRequest): SandboxAnswer {
    const answer = super.handle(request);
    if (request.path === PATHS.externalInstances && (answer.body as { code?: unknown }).code === 0) this.acceptedPushes.add(JSON.stringify(request.body));
    return answer;
  }
}

const KILLS = 10;
const CREATE_WORKERS = 4;
const SYNC_WORKERS = 3;
const INSTANCES_PER_SYNC_WORKER = 4;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const randomBetween = (low: number, high: number) => low + Math.floor(Math.random() * (high - low));

const folder = mkdtempSync(join(tmpdir(), 'crash-'));
/** The facade running now, killed if the test ends early. */
let live: FacadeProcess | undefined;
let sandbox: RecordingSandbox | undefined;
afterAll(async () => {
  await live?.kill();
  await sandbox?.close();
  rmSync(folder, { recursive: true, force: true });
});

describe('the facade killed (SIGKILL) again and again under sync and create load, then restarted', () => {
  it('keeps the mirror whole, mirrors only what Feishu accepted, and answers every uuid with its one instance', { timeout: 300_000 }, async () => {
    const feishu = (sandbox = new RecordingSandbox());
    const origin = await feishu.listen(0);
    const mirrorPath = join(folder, 'mirror.sqlite');
    // A short Feishu deadline, so that the leases left by a killed facade expire soon (5 s).
    const env = facadeEnv(origin, mirrorPath, { FEISHU_TIMEOUT_MS: '2500' });

    // Creates are carried out at once and answered late: a kill then leaves instances Feishu
    // created whose answer the facade never recorded. In some rounds the answers wait for the kill.
    let gate: Promise<void> | null = null;
    feishu.faults.push({ path: PATHS.instances, times: 1_000_000, holdAnswer: () => gate ?? sleep(randomBetween(0, 200)) });

    const inputs = new Map<string, Record<string, unknown>>();
    const unexpected: string[] = [];
    let pushes = 0;

    const createLoad = async (facade: FacadeProcess, running: () => boolean) => {
      while (running()) {
        const resend = inputs.size > 0 && Math.random() < 0.35;
        const uuid = resend ? [...inputs.keys()][randomBetween(0, inputs.size)]! : `crash-${inputs.size}`;
        if (!resend) inputs.set(uuid, leaveInput({ uuid, departmentId: `dept-${inputs.size}` }));
        try {
          const answer = await post<CreateResult>(facade.url, CREATE, { input: inputs.get(uuid) });
          const result = answer.data?.createInstance;
          if (answer.errors || result?.__typename === 'FeishuUuidConflictError' || result?.instance?.intentState === 'FAILED')
            unexpected.push(JSON.stringify(answer));
        } catch {
          return; // the facade was killed
        }
      }
    };
    const syncLoad = async (worker: number, facade: FacadeProcess, running: () => boolean) => {
      while (running()) {
        pushes += 1;
        const input = syncInput({
          approvalCode: 'CRASH',
          instanceId: `inst-${worker}-${randomBetween(0, INSTANCES_PER_SYNC_WORKER)}`,
          title: { zhCN: `标题 ${pushes}`, enUS: `Title ${pushes}` },
          updateTime: at(pushes),
        });
        try {
          const answer = await post<SyncResult>(facade.url, SYNC, { input });
          if (answer.errors) unexpected.push(JSON.stringify(answer));
        } catch {
          return;
        }
      }
    };

    for (let round = 0; round < KILLS; round += 1) {
      const facade = (live = await startFacade(env));
      let running = true;
      const gated = round % 2 === 1;
      let open!: () => void;
      if (gated) gate = new Promise<void>((resolve) => (open = resolve));
      const createdBefore = feishu.instances.size;
      const load = [
        ...Array.from({ length: CREATE_WORKERS }, () => createLoad(facade, () => running)),
        ...Array.from({ length: SYNC_WORKERS }, (_, worker) => syncLoad(worker, facade, () => running)),
      ];
      if (gated) {
        // Killed while Feishu has created an instance and holds the answer.
        while (feishu.instances.size === createdBefore) await sleep(5);
        await sleep(randomBetween(0, 50));
      } else {
        await sleep(randomBetween(200, 1_000));
      }
      await facade.kill();
      running = false;
      await Promise.all(load);
      if (gated) {
        gate = null;
        open();
      }
    }

    // The last restart: every uuid ever sent, sent again, answers its one instance.
    const facade = (live = await startFacade(env));
    const uuids = [...inputs.keys()];
    const answers = new Map<string, CreateResult['createInstance']>();
    await Promise.all(
      Array.from({ length: 8 }, async (_, lane) => {
        for (let n = lane; n < uuids.length; n += 8) {
          // As a client does: a passing failure (Feishu slow on a busy machine) is sent again.
          for (let tries = 0; tries < 5; tries += 1) {
            const answer = (await post<CreateResult>(facade.url, CREATE, { input: inputs.get(uuids[n]!) })).data.createInstance;
            answers.set(uuids[n]!, answer);
            if (!answer.retryable && answer.__typename !== 'IdempotencyKeyInUseError') break;
          }
        }
      }),
    );
    expect(await facade.stop()).toBe(0);
    await feishu.close();

    expect(unexpected).toEqual([]);
    const byUuid = new Map<string, string[]>();
    for (const instance of feishu.instances.values()) byUuid.set(instance.uuid, [...(byUuid.get(instance.uuid) ?? []), instance.instanceCode]);
    for (const uuid of uuids) {
      const answer = answers.get(uuid)!;
      expect(answer, uuid).toMatchObject({ __typename: 'CreateInstancePayload', instance: { intentState: 'CREATED' } });
      const codes = byUuid.get(uuid) ?? [];
      expect(codes, uuid).toHaveLength(1);
      if (answer.instance!.instanceCode !== null) expect(answer.instance!.instanceCode, uuid).toBe(codes[0]);
    }
    expect(feishu.instances.size).toBe(uuids.length);

    const mirror = new Database(mirrorPath, { readonly: true });
    try {
      expect(mirror.pragma('integrity_check', { simple: true })).toBe('ok');
      const intents = mirror.prepare('SELECT uuid, state, reconciled FROM approval_instances').all() as { uuid: string; state: string; reconciled: number }[];
      expect(intents.map((intent) => intent.uuid).sort()).toEqual([...uuids].sort());
      expect(intents.filter((intent) => intent.state !== 'CREATED')).toEqual([]);
      // The gated rounds left instances created without their answer recorded: reconciled since.
      expect(intents.filter((intent) => intent.reconciled).length).toBeGreaterThan(0);

      const mirrored = mirror
        .prepare(
          'SELECT i.approval_code AS approvalCode, i.instance_id AS instanceId, p.payload FROM external_instances i JOIN external_instance_payloads p ON p.instance_pk = i.id',
        )
        .all() as { approvalCode: string; instanceId: string; payload: string }[];
      expect(mirrored.length).toBeGreaterThan(0);
      for (const instance of mirrored) {
        expect(feishu.heldExternalInstance(instance.approvalCode, instance.instanceId), instance.instanceId).toBeDefined();
        expect(feishu.acceptedPushes.has(JSON.stringify(JSON.parse(instance.payload))), instance.instanceId).toBe(true);
      }
    } finally {
      mirror.close();
    }
  });
});
