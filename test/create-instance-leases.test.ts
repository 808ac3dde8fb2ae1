import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { attemptLeaseMs } from '../src/create-instance/service.js';
import { approvalInstances } from '../src/mirror/tables.js';
import { PATHS, FeishuSandbox } from '../src/sandbox/sandbox.js';
import { type Clock, systemClock } from '../src/util/clock.js';
import { type TestApp, startTestApp } from './support/app.js';
import { CREATE, type CreateResult, leaveInput } from './support/create-fixtures.js';
import { rowsOf } from './support/mirror.js';

/**
 * Facade runtimes in one process standing for facade processes sharing a mirror file and a
 * Feishu app: each has its own service, Feishu client and mirror connection, and knows the
 * others only through the mirror. (test/create-instance-processes.test.ts runs real processes.)
 */

const DEFAULT_LEASE_MS = attemptLeaseMs(15_000);

const BY_UUID = `query ByUuid($uuid: String!) {
  approvalInstanceByUuid(uuid: $uuid) { instanceCode intentState attemptInFlight outcomeUnknown reconciled attempts }
}`;
interface ByUuid {
  approvalInstanceByUuid: {
    instanceCode: string | null;
    intentState: string;
    attemptInFlight: boolean;
    outcomeUnknown: boolean;
    reconciled: boolean;
    attempts: number;
  } | null;
}

/** The system's time moved by `offset` (another host's clock; the test may move it), noting each wait for a timer. */
function clockAt(offsetMs: number): Clock & { offset: number; sleeps: number } {
  return {
    offset: offsetMs,
    sleeps: 0,
    now() {
      return Date.now() + this.offset;
    },
    sleep(ms) {
      this.sleeps += 1;
      return systemClock.sleep(ms);
    },
    random: () => Math.random(),
  };
}

async function until(condition: () => boolean | Promise<boolean>): Promise<void> {
  while (!(await condition())) await new Promise((resolve) => setTimeout(resolve, 5));
}

let folder: string;
let sandbox: FeishuSandbox;
let origin: string;
const apps: TestApp[] = [];
const releases: (() => void)[] = [];

beforeEach(async () => {
  folder = mkdtempSync(join(tmpdir(), 'create-leases-'));
  sandbox = new FeishuSandbox();
  origin = await sandbox.listen(0);
});
afterEach(async () => {
  for (const release of releases.splice(0)) release();
  for (const app of apps.splice(0)) await app.close();
  await sandbox.close();
  rmSync(folder, { recursive: true, force: true });
});

/**
 * The next create the sandbox gets is held until the answer is called: carried out at once and
 * answered late (`answer`), or carried out late (`call`).
 */
function holdNextCreate(what: 'answer' | 'call'): () => void {
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  sandbox.faults.push({ path: PATHS.instances, ...(what === 'answer' ? { holdAnswer: () => held } : { holdCall: () => held }) });
  releases.push(release);
  return release;
}

async function facade(options: { clock?: Clock; env?: Record<string, string> } = {}): Promise<TestApp> {
  const app = await startTestApp({
    env: { DATABASE_URL: join(folder, 'mirror.sqlite'), ...options.env },
    sharedSandbox: { instance: sandbox, origin },
    overrides: { clock: options.clock },
  });
  apps.push(app);
  return app;
}

const create = async (app: TestApp, input: Record<string, unknown>) => {
  const result = await app.gql<CreateResult>(CREATE, { input });
  expect(result.errors, JSON.stringify(result.errors)).toBeUndefined();
  return result.data.createInstance;
};
const byUuid = async (app: TestApp, uuid: string) => (await app.gql<ByUuid>(BY_UUID, { uuid })).data.approvalInstanceByUuid;
const createCodes = () => sandbox.calls.filter((call) => call.path === PATHS.instances).map((call) => call.code);
const AFTER_LEASE = DEFAULT_LEASE_MS + 1_000;

describe('one instance per uuid across facade processes sharing a mirror', () => {
  it('a request meeting an attempt in flight elsewhere waits for it: one Feishu call, the same instance for both', async () => {
    const release = holdNextCreate('answer');
    const first = await facade();
    const waiterClock = clockAt(0);
    const second = await facade({ clock: waiterClock });
    const input = leaveInput({ uuid: 'shared-1' });

    const held = create(first, input);
    await until(() => sandbox.instances.size === 1);
    expect(await byUuid(second, 'shared-1')).toMatchObject({ intentState: 'PENDING', attemptInFlight: true, outcomeUnknown: false });
    // Another input under the uuid is refused at once, as in one process.
    expect(await create(second, leaveInput({ uuid: 'shared-1', departmentId: 'another' }))).toMatchObject({ __typename: 'IdempotencyKeyReusedError' });

    const waiting = create(second, input);
    await until(() => waiterClock.sleeps > 0);
    expect(createCodes()).toEqual([0]);
    release();
    const [created, waited] = await Promise.all([held, waiting]);
    expect(created).toMatchObject({ __typename: 'CreateInstancePayload', replayed: false, instance: { intentState: 'CREATED' } });
    expect(waited).toMatchObject({
      __typename: 'CreateInstancePayload',
      replayed: true,
      instance: { intentState: 'CREATED', instanceCode: created.instance!.instanceCode },
    });
    expect([createCodes(), sandbox.instances.size]).toEqual([[0], 1]);
  });

  it('a waiting request makes the next attempt itself when the one it waited for ended without creating the instance', async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    releases.push(release);
    // The first request's three attempts meet Feishu's 1395001, once the test lets them through.
    sandbox.faults.push({ path: PATHS.instances, holdCall: () => held, code: 1395001, times: 3 });
    const first = await facade();
    const waiterClock = clockAt(0);
    const second = await facade({ clock: waiterClock });
    const input = leaveInput({ uuid: 'shared-2' });

    const failing = create(first, input);
    await until(() => sandbox.callCount(PATHS.instances) === 1);
    const waiting = create(second, input);
    await until(() => waiterClock.sleeps > 0);
    release();
    expect(await failing).toMatchObject({ __typename: 'FeishuServiceError', retryable: true });
    expect(await waiting).toMatchObject({ __typename: 'CreateInstancePayload', replayed: false, instance: { intentState: 'CREATED', attempts: 2 } });
    expect(createCodes()).toEqual([1395001, 1395001, 1395001, 0]);
    expect(sandbox.instances.size).toBe(1);
  });

  it("takes over an attempt whose lease expired (its process stopped mid-call): Feishu's 60012 reconciles it as created, never FAILED", async () => {
    const release = holdNextCreate('answer');
    const stalled = await facade();
    const later = await facade({ clock: clockAt(AFTER_LEASE) });
    const input = leaveInput({ uuid: 'abandoned-1' });

    const held = create(stalled, input);
    await until(() => sandbox.instances.size === 1);
    const retried = await create(later, input);
    expect(retried).toMatchObject({ __typename: 'CreateInstancePayload', instance: { intentState: 'CREATED', reconciled: true } });
    expect(createCodes()).toEqual([0, 60012]);

    // The stalled attempt's answer, when it comes at last, gives the intent its instance code.
    release();
    const [instance] = [...sandbox.instances.values()];
    expect(await held).toMatchObject({ __typename: 'CreateInstancePayload', instance: { intentState: 'CREATED', instanceCode: instance!.instanceCode } });
    expect(await byUuid(later, 'abandoned-1')).toMatchObject({ intentState: 'CREATED', instanceCode: instance!.instanceCode, reconciled: false, attempts: 2 });
    expect(sandbox.instances.size).toBe(1);
  });

  it('an attempt abandoned mid-call reads as PENDING with its outcome unknown, not in flight, once its lease expired', async () => {
    holdNextCreate('answer');
    const clock = clockAt(0);
    const stalled = await facade({ clock });
    void create(stalled, leaveInput({ uuid: 'abandoned-2' }));
    await until(() => sandbox.instances.size === 1);
    expect(await byUuid(stalled, 'abandoned-2')).toMatchObject({ intentState: 'PENDING', attemptInFlight: true, outcomeUnknown: false });
    clock.offset = AFTER_LEASE;
    expect(await byUuid(stalled, 'abandoned-2')).toMatchObject({ intentState: 'PENDING', attemptInFlight: false, outcomeUnknown: true });
  });

  it('start-up resolves an attempt abandoned after Feishu acted by sending it again: 60012, so the uuid reads CREATED without a retry', async () => {
    const release = holdNextCreate('answer');
    const stalled = await facade();
    const held = create(stalled, leaveInput({ uuid: 'abandoned-3' }));
    await until(() => sandbox.instances.size === 1);

    const restarted = await facade({ clock: clockAt(AFTER_LEASE) });
    await until(async () => (await byUuid(restarted, 'abandoned-3'))?.intentState === 'CREATED');
    expect(await byUuid(restarted, 'abandoned-3')).toMatchObject({ attemptInFlight: false, outcomeUnknown: false, reconciled: true, attempts: 2 });
    expect(restarted.logs.join('\n')).toContain('resending a createInstance attempt abandoned mid-call');
    expect(createCodes()).toEqual([0, 60012]);
    release();
    await held;
    expect(sandbox.instances.size).toBe(1);
  });

  it('start-up resolves an attempt abandoned before Feishu acted by sending its stored payload as it was: that one creates the instance', async () => {
    const release = holdNextCreate('call');
    const stalled = await facade();
    const held = create(stalled, leaveInput({ uuid: 'abandoned-4', title: { zhCN: '出差', enUS: 'Trip' } }));
    await until(() => sandbox.callCount(PATHS.instances) === 1);

    const restarted = await facade({ clock: clockAt(AFTER_LEASE) });
    await until(async () => (await byUuid(restarted, 'abandoned-4'))?.intentState === 'CREATED');
    const [instance] = [...sandbox.instances.values()];
    const [row] = (await rowsOf(restarted.runtime.mirror, approvalInstances)).filter((intent) => intent.uuid === 'abandoned-4');
    expect(instance?.body).toEqual(JSON.parse(row!.payload));
    expect(row).toMatchObject({ state: 'CREATED', instanceCode: instance!.instanceCode, reconciled: false, attempts: 2 });

    // The stalled call, carried out at last, meets the uuid used: it answers the same instance.
    release();
    expect(await held).toMatchObject({ __typename: 'CreateInstancePayload', instance: { intentState: 'CREATED', instanceCode: instance!.instanceCode } });
    // In the order they came: the stalled call first.
    expect(createCodes()).toEqual([60012, 0]);
    expect(sandbox.instances.size).toBe(1);
  });

  it('a resend that cannot reach Feishu leaves the intent PENDING with its outcome unknown; a retry then answers its one instance', async () => {
    holdNextCreate('answer');
    const stalled = await facade();
    void create(stalled, leaveInput({ uuid: 'abandoned-5' }));
    await until(() => sandbox.instances.size === 1);
    sandbox.faults.push({ path: PATHS.instances, drop: 'before', times: 3 });
    const restarted = await facade({ clock: clockAt(AFTER_LEASE) });
    // Taken over (a second attempt), its resend failed (no attempt in flight).
    await until(async () => {
      const intent = await byUuid(restarted, 'abandoned-5');
      return intent?.attempts === 2 && intent.attemptInFlight === false;
    });
    expect(await byUuid(restarted, 'abandoned-5')).toMatchObject({ intentState: 'PENDING', outcomeUnknown: true, attempts: 2 });
    expect(await create(restarted, leaveInput({ uuid: 'abandoned-5' }))).toMatchObject({
      __typename: 'CreateInstancePayload',
      instance: { intentState: 'CREATED', reconciled: true, attempts: 3 },
    });
    expect(sandbox.instances.size).toBe(1);
  });

  it('a request waits no longer than twice its lease for an attempt another process holds, then answers IdempotencyKeyInUseError without a Feishu call', async () => {
    const release = holdNextCreate('answer');
    // A process whose clock is an hour ahead: its lease looks alive to the others long after it ended.
    const ahead = await facade({ clock: clockAt(3_600_000) });
    const held = create(ahead, leaveInput({ uuid: 'skewed-1' }));
    await until(() => sandbox.instances.size === 1);
    const impatient = await facade({ env: { FEISHU_TIMEOUT_MS: '100' } });
    expect(await create(impatient, leaveInput({ uuid: 'skewed-1' }))).toMatchObject({
      __typename: 'IdempotencyKeyInUseError',
      code: 'IDEMPOTENCY_KEY_IN_USE',
      uuid: 'skewed-1',
    });
    expect(createCodes()).toEqual([0]);
    release();
    expect(await held).toMatchObject({ __typename: 'CreateInstancePayload' });
  });
});
