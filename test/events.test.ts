import { afterEach, describe, expect, it } from 'vitest';
import { eventRequest } from '../src/sandbox/event-delivery.js';
import { API_KEYS_ENV, KEYS, bearer } from './support/auth.js';
import { startTestApp, type TestApp } from './support/app.js';
import { CREATE, LEAVE, LEAD_NODE, leaveInput } from './support/create-fixtures.js';

const TOKEN = 'v-token-0123456789';
const KEY = 'encrypt-key-0123456789';
const URL = 'http://facade/feishu/events';

let app: TestApp;
afterEach(async () => {
  await app?.close();
});

/** A delivery as Feishu sends it: the token in the body; encrypted and signed when `encryptKey` is set. */
function delivery(envelope: Record<string, unknown>, options: { token?: string; encryptKey?: string | null } = {}): Request {
  return eventRequest({ url: URL, verificationToken: options.token ?? TOKEN, encryptKey: options.encryptKey ?? null }, envelope, Date.now());
}

async function send(request: Request): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await app.runtime.yoga.fetch(request);
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

let eventSeq = 0;
function envelope(event: Record<string, unknown>, eventId = `evt-${++eventSeq}`): Record<string, unknown> {
  return { uuid: eventId, ts: '1764000000.123', type: 'event_callback', event: { app_id: 'cli_sandbox_app', tenant_key: 't', approval_code: LEAVE, ...event } };
}

const READ = `query($uuid: String!) { approvalInstanceByUuid(uuid: $uuid) {
  ... on ApprovalInstance { instanceCode status statusUpdatedAt
    tasks { taskId userId status nodeId nodeName startTime endTime }
    ccEntries { ccId userId readStatus fromUserId } } } }`;

type Read = {
  approvalInstanceByUuid: {
    instanceCode: string | null;
    status: string | null;
    statusUpdatedAt: string | null;
    tasks: { taskId: string; userId: string | null; status: string; nodeId: string | null; nodeName: string | null; endTime: string | null }[];
    ccEntries: { ccId: string; userId: string | null; readStatus: string; fromUserId: string | null }[];
  };
};

async function read(uuid: string) {
  const result = await app.gql<Read>(READ, { uuid });
  expect(result.errors).toBeUndefined();
  return result.data.approvalInstanceByUuid;
}

async function create(uuid: string, overrides: Record<string, unknown> = {}): Promise<string> {
  const result = await app.gql<{ createInstance: { __typename: string; instance: { instanceCode: string } } }>(CREATE, {
    input: leaveInput({ uuid, ...overrides }),
  });
  expect(result.data.createInstance.__typename).toBe('CreateInstancePayload');
  return result.data.createInstance.instance.instanceCode;
}

/** The embedded sandbox's control API, over HTTP as `curl` would call it. */
async function control(path: string, body: Record<string, unknown> = {}) {
  const origin = app.runtime.feishuOrigin;
  const response = await fetch(`${origin}/__sandbox/instances/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as { instance: { status: string; task_list: { id: string; status: string }[] } } };
}

describe('POST /feishu/events: who may deliver', () => {
  it('answers the URL verification with its challenge, and refuses a wrong token; API keys are not asked for', async () => {
    app = await startTestApp({ env: { FEISHU_EVENT_VERIFICATION_TOKEN: TOKEN, FACADE_API_KEYS: API_KEYS_ENV } });
    const challenge = { type: 'url_verification', challenge: 'ch-1' };
    expect(await send(delivery(challenge))).toEqual({ status: 200, body: { challenge: 'ch-1' } });
    const refused = await send(delivery(challenge, { token: 'not-the-token' }));
    expect(refused.status).toBe(401);
    expect(JSON.stringify(refused.body)).not.toContain(TOKEN);
    // /graphql still asks for a key.
    expect((await app.gql('{ __typename }')).status).toBe(401);
    expect((await app.gql('{ __typename }', {}, bearer(KEYS.read))).status).toBe(200);
  });

  it('is not served when no token or key is configured (real mode)', async () => {
    app = await startTestApp({ realMode: true, env: { FACADE_API_KEYS: API_KEYS_ENV } });
    expect((await send(delivery({ type: 'url_verification', challenge: 'x' }))).status).toBe(404);
  });

  it('with an Encrypt Key: decrypts the body, checks the signature, refuses a bad one and a plain body', async () => {
    app = await startTestApp({ env: { FEISHU_EVENT_VERIFICATION_TOKEN: TOKEN, FEISHU_EVENT_ENCRYPT_KEY: KEY } });
    const challenge = { type: 'url_verification', challenge: 'ch-2' };
    expect(await send(delivery(challenge, { encryptKey: KEY }))).toEqual({ status: 200, body: { challenge: 'ch-2' } });
    // Encrypted with another key: not Feishu's.
    expect((await send(delivery(challenge, { encryptKey: 'another-key' }))).status).toBe(401);
    // Plain, while a key is configured.
    expect((await send(delivery(challenge))).status).toBe(401);

    const code = await create('enc-1');
    const approved = envelope({ type: 'approval_instance', instance_code: code, status: 'APPROVED', operate_time: String(Date.now() + 60_000) });
    const signed = delivery(approved, { encryptKey: KEY });
    const text = await signed.clone().text();
    const tampered = new Request(URL, { method: 'POST', headers: { ...Object.fromEntries(signed.headers), 'x-lark-signature': 'f'.repeat(64) }, body: text });
    const refused = await send(tampered);
    expect(refused).toMatchObject({ status: 401, body: { error: 'the signature does not match' } });
    expect((await read('enc-1')).status).toBe('PENDING');
    expect(await send(signed)).toEqual({ status: 200, body: {} });
    expect((await read('enc-1')).status).toBe('APPROVED');
  });
});

describe('POST /feishu/events: what events do', () => {
  it('moves the status with its time, applies a retried delivery once, and never moves back on an older event', async () => {
    app = await startTestApp({ env: { FEISHU_EVENT_VERIFICATION_TOKEN: TOKEN } });
    app.sandbox.deliverEventsTo(null);
    const code = await create('status-1');
    const t0 = Date.now() + 60_000;
    const rejected = envelope({ type: 'approval_instance', instance_code: code, status: 'REJECTED', operate_time: String(t0 + 2000) }, 'evt-rejected');
    expect(await send(delivery(rejected))).toEqual({ status: 200, body: {} });
    // Feishu retries a delivery it did not see answered: the same event id.
    expect(await send(delivery(rejected))).toEqual({ status: 200, body: { duplicate: true } });
    // An event of an earlier time, arriving late: ignored.
    const pending = envelope({ type: 'approval_instance', instance_code: code, status: 'PENDING', operate_time: String(t0 + 1000) });
    expect((await send(delivery(pending))).status).toBe(200);
    const row = await read('status-1');
    expect(row).toMatchObject({ status: 'REJECTED', statusUpdatedAt: new Date(t0 + 2000).toISOString() });
  });

  it('keeps tasks (who, status, node) and cc entries with their read state, in any order', async () => {
    app = await startTestApp({ env: { FEISHU_EVENT_VERIFICATION_TOKEN: TOKEN } });
    app.sandbox.deliverEventsTo(null);
    const code = await create('tasks-1');
    const t0 = Date.now() + 60_000;
    const task = (status: string, at: number) =>
      envelope({
        type: 'approval_task',
        instance_code: code,
        task_id: 'task-1',
        user_id: 'lead-1',
        open_id: 'ou_lead',
        status,
        operate_time: String(at),
        def_key: LEAD_NODE,
      });
    const cc = (operate: string, at: number) =>
      envelope({
        type: 'approval_cc',
        instance_code: code,
        id: 'cc-1',
        user_id: 'hr-1',
        open_id: 'ou_hr',
        create_time: String(t0),
        operate_time: String(at),
        operate,
        from: 'f7cb567e',
      });
    // The later events first.
    for (const envelope of [task('APPROVED', t0 + 500), task('PENDING', t0), cc('READ', t0 + 800), cc('CREATE', t0)]) {
      expect((await send(delivery(envelope))).status).toBe(200);
    }
    const row = await read('tasks-1');
    expect(row.tasks).toEqual([
      expect.objectContaining({ taskId: 'task-1', userId: 'lead-1', status: 'APPROVED', nodeId: LEAD_NODE, endTime: new Date(t0 + 500).toISOString() }),
    ]);
    expect(row.ccEntries).toEqual([{ ccId: 'cc-1', userId: 'hr-1', readStatus: 'READ', fromUserId: 'f7cb567e' }]);
  });

  it('an event that comes before the instance is recorded waits for it', async () => {
    app = await startTestApp({ env: { FEISHU_EVENT_VERIFICATION_TOKEN: TOKEN } });
    // The sandbox's own creation events go out before its answer reaches the facade.
    const code = await create('early-1');
    await app.sandbox.events.settled();
    const row = await read('early-1');
    expect(row.instanceCode).toBe(code);
    expect(row.tasks).toEqual([expect.objectContaining({ userId: 'lead-1', status: 'PENDING', nodeId: LEAD_NODE })]);
  });
});

describe('subscriptions', () => {
  it('subscribes each definition once, before its first create, and remembers it', async () => {
    app = await startTestApp();
    const subscribePath = `/open-apis/approval/v4/approvals/${LEAVE}/subscribe`;
    await create('sub-1');
    await create('sub-2');
    expect(app.sandbox.callCount(subscribePath)).toBe(1);
    expect(app.sandbox.subscriptions.has(`cli_sandbox_app/${LEAVE}`)).toBe(true);
  });

  it('takes Feishu\'s "subscription existed" (another mirror subscribed the app before) as subscribed', async () => {
    app = await startTestApp();
    await create('sub-3');
    const other = await startTestApp({ sharedSandbox: { instance: app.sandbox, origin: app.runtime.feishuOrigin } });
    try {
      const result = await other.gql<{ createInstance: { __typename: string } }>(CREATE, { input: leaveInput({ uuid: 'sub-4' }) });
      expect(result.data.createInstance.__typename).toBe('CreateInstancePayload');
      const subscribePath = `/open-apis/approval/v4/approvals/${LEAVE}/subscribe`;
      expect(app.sandbox.callCount(subscribePath)).toBe(2);
      expect(other.logs.some((line) => line.includes('"outcome":"already"'))).toBe(true);
    } finally {
      await other.close();
    }
  });
});

describe('the sandbox plays Feishu: control API and event delivery', () => {
  it('create a leave request, approve it with one HTTP call, read it back APPROVED with its tasks', async () => {
    app = await startTestApp();
    const code = await create('loop-1', {
      nodeApproverUserIdList: [{ key: LEAD_NODE, value: ['lead-1'] }],
      nodeCcUserIdList: [{ key: LEAD_NODE, value: ['hr-1'] }],
    });
    await app.sandbox.events.settled();
    const before = await read('loop-1');
    expect(before).toMatchObject({
      status: 'PENDING',
      tasks: [{ userId: 'lead-1', status: 'PENDING' }],
      ccEntries: [{ userId: 'hr-1', readStatus: 'UNREAD' }],
    });

    // The lead approves; the manager node (no approver named: the sandbox's default one) follows.
    expect((await control(`${code}/approve`)).status).toBe(200);
    const second = await read('loop-1');
    expect(second.tasks.map((t) => [t.userId, t.status])).toEqual([
      ['lead-1', 'APPROVED'],
      ['sandbox_approver', 'PENDING'],
    ]);
    // The manager hands it over; the new approver approves: the instance is APPROVED.
    const pendingId = second.tasks[1]!.taskId;
    expect((await control(`${code}/transfer`, { taskId: pendingId, userId: 'deputy-1' })).status).toBe(200);
    const answer = await control(`${code}/approve`);
    expect(answer.body.instance.status).toBe('APPROVED');

    const after = await read('loop-1');
    expect(after.status).toBe('APPROVED');
    expect(after.tasks.map((t) => [t.userId, t.status])).toEqual([
      ['lead-1', 'APPROVED'],
      ['sandbox_approver', 'TRANSFERRED'],
      ['deputy-1', 'APPROVED'],
    ]);
    expect(app.sandbox.events.delivered.every((d) => d.status === 200)).toBe(true);
    // A finished instance is not moved again.
    expect((await control(`${code}/cancel`)).status).toBe(409);
  });

  it('rejects and cancels, and delivers encrypted, signed events when a key is set', async () => {
    app = await startTestApp({ env: { FEISHU_EVENT_ENCRYPT_KEY: KEY } });
    const rejected = await create('loop-2');
    const canceled = await create('loop-3');
    expect((await control(`${rejected}/reject`)).status).toBe(200);
    expect((await control(`${canceled}/cancel`)).status).toBe(200);
    expect(await read('loop-2')).toMatchObject({ status: 'REJECTED', tasks: [{ status: 'REJECTED' }] });
    expect(await read('loop-3')).toMatchObject({ status: 'CANCELED', tasks: [{ status: 'DONE' }] });
    expect(app.sandbox.events.delivered.length).toBeGreaterThan(0);
    expect(app.sandbox.events.delivered.every((d) => d.status === 200)).toBe(true);
  });
});

const REFRESH = `mutation($code: String!) { refreshApprovalInstance(instanceCode: $code) {
  __typename ... on ApprovalInstance { status tasks { userId status nodeName } } } }`;

describe('refresh and repair', () => {
  it('refreshApprovalInstance reads the instance from Feishu and writes what it holds', async () => {
    app = await startTestApp({ env: { FEISHU_REFRESH_INTERVAL_MS: '0' } });
    app.sandbox.deliverEventsTo(null);
    const code = await create('refresh-1');
    await control(`${code}/reject`);
    expect((await read('refresh-1')).status).toBe('PENDING');
    const result = await app.gql<{ refreshApprovalInstance: Record<string, unknown> }>(REFRESH, { code });
    expect(result.data.refreshApprovalInstance).toEqual({
      __typename: 'ApprovalInstance',
      status: 'REJECTED',
      tasks: [{ userId: 'lead-1', status: 'REJECTED', nodeName: 'Team lead (chosen by the initiator)' }],
    });
    expect(app.sandbox.callCount(`/open-apis/approval/v4/instances/${code}`)).toBe(1);
    expect((await app.gql<{ refreshApprovalInstance: unknown }>(REFRESH, { code: 'no-such-code' })).data.refreshApprovalInstance).toBeNull();
  });

  it('the background refresh runs at the configured interval and reads the instances not in a final state', async () => {
    const scheduled: { intervalMs: number; tick: () => Promise<void> }[] = [];
    app = await startTestApp({
      env: { FEISHU_REFRESH_INTERVAL_MS: '45000' },
      overrides: {
        refreshSchedule: (intervalMs, tick) => {
          scheduled.push({ intervalMs, tick });
          return () => undefined;
        },
      },
    });
    expect(scheduled.map((s) => s.intervalMs)).toEqual([45_000]);
    app.sandbox.deliverEventsTo(null);
    const approved = await create('bg-1');
    const open = await create('bg-2');
    await control(`${approved}/approve`);
    await control(`${approved}/approve`);
    await scheduled[0]!.tick();
    expect((await read('bg-1')).status).toBe('APPROVED');
    expect((await read('bg-2')).status).toBe('PENDING');
    // The next round reads only what is not final: bg-2, not bg-1 again.
    await scheduled[0]!.tick();
    expect(app.sandbox.callCount(`/open-apis/approval/v4/instances/${approved}`)).toBe(1);
    expect(app.sandbox.callCount(`/open-apis/approval/v4/instances/${open}`)).toBe(2);
  });

  it("after a 60012 reconciliation, finds the instance code in the definition's instance list", async () => {
    app = await startTestApp({ env: { FEISHU_REFRESH_INTERVAL_MS: '0' } });
    app.sandbox.deliverEventsTo(null);
    await create('other-1');
    app.sandbox.faults.push({ path: '/open-apis/approval/v4/instances', drop: 'after' });
    const result = await app.gql<{ createInstance: { instance: { instanceCode: string | null; reconciled: boolean } } }>(CREATE, {
      input: leaveInput({ uuid: 'reconciled-1' }),
    });
    expect(result.data.createInstance.instance).toMatchObject({ instanceCode: null, reconciled: true });
    const code = [...app.sandbox.instances.values()].find((i) => i.uuid === 'reconciled-1')!.instanceCode;
    await control(`${code}/approve`);
    await app.runtime.native.refresh.round();
    expect(await read('reconciled-1')).toMatchObject({ instanceCode: code, status: 'PENDING', tasks: [{ status: 'APPROVED' }, { status: 'PENDING' }] });
  });
});

describe('the README loop', () => {
  it('approve {"all": true} approves every node in turn: APPROVED with its tasks', async () => {
    app = await startTestApp();
    const code = await create('readme-1');
    const answer = await control(`${code}/approve`, { all: true });
    expect(answer.body.instance.status).toBe('APPROVED');
    const row = await read('readme-1');
    expect(row.status).toBe('APPROVED');
    expect(row.tasks.map((t) => [t.userId, t.status, t.nodeId])).toEqual([
      ['lead-1', 'APPROVED', LEAD_NODE],
      ['sandbox_approver', 'APPROVED', '46e6d96cfa756980907209209ec03b75'],
    ]);
  });
});
