import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventRequest } from '../src/sandbox/event-delivery.js';
import { startTestApp, type TestApp } from './support/app.js';
import { CREATE, LEAVE, leaveInput } from './support/create-fixtures.js';
import { SYNC, at, ccInput, syncInput, taskInput } from './support/fixtures.js';

/** The approval center with native instances' tasks and cc entries alongside external ones. */

const TOKEN = 'center-token-0123456789';
let app: TestApp;
let seq = 0;
const statements: string[] = [];

async function event(event: Record<string, unknown>): Promise<void> {
  const envelope = { uuid: `center-${++seq}`, ts: '1764000000.1', type: 'event_callback', event: { approval_code: LEAVE, ...event } };
  const response = await app.runtime.yoga.fetch(
    eventRequest({ url: 'http://facade/feishu/events', verificationToken: TOKEN, encryptKey: null }, envelope, Date.now()),
  );
  expect(response.status).toBe(200);
}

const ms = (iso: string) => String(Date.parse(iso));

async function native(uuid: string): Promise<string> {
  const result = await app.gql<{ createInstance: { instance: { instanceCode: string } } }>(CREATE, { input: leaveInput({ uuid }) });
  return result.data.createInstance.instance.instanceCode;
}

const task = (code: string, taskId: string, status: string, time: string) =>
  event({ type: 'approval_task', instance_code: code, task_id: taskId, user_id: 'lead-1', status, operate_time: ms(time) });

beforeAll(async () => {
  app = await startTestApp({
    env: { FEISHU_EVENT_VERIFICATION_TOKEN: TOKEN, FEISHU_REFRESH_INTERVAL_MS: '0' },
    overrides: { onQuery: (text) => statements.push(text) },
  });
  app.sandbox.deliverEventsTo(null);
  for (const [instanceId, minute] of [
    ['E1', 10],
    ['E2', 30],
  ] as const) {
    const result = await app.gql<{ syncExternalInstance: { __typename: string } }>(SYNC, {
      input: syncInput({
        instanceId,
        updateTime: at(minute),
        taskList: [taskInput(1, { userId: 'lead-1', updateTime: at(minute) })],
        ccList: [ccInput(1, { openId: undefined, userId: 'lead-1', updateTime: at(minute) })],
      }),
    });
    expect(result.data.syncExternalInstance.__typename).toBe('SyncExternalInstancePayload');
  }
  const [n1, n2, n3] = [await native('center-n1'), await native('center-n2'), await native('center-n3')];
  await task(n1, 'nt-1', 'PENDING', at(20));
  await task(n2, 'nt-2', 'PENDING', at(40));
  await task(n3, 'nt-3', 'PENDING', at(1));
  await task(n3, 'nt-3', 'APPROVED', at(25));
  await event({ type: 'approval_cc', instance_code: n1, id: 'ncc-1', user_id: 'lead-1', create_time: ms(at(15)), operate: 'CREATE', from: 'f7cb567e' });
  await event({ type: 'approval_cc', instance_code: n1, id: 'ncc-1', user_id: 'lead-1', create_time: ms(at(15)), operate_time: ms(at(35)), operate: 'READ' });
});

afterAll(async () => {
  await app?.close();
});

const NODE = `__typename ... on ExternalTask { taskId instance { instanceId } } ... on ApprovalTask { taskId instance { uuid } }`;
type Conn = { totalCount: number; edges: { cursor: string; node: { taskId: string } }[]; pageInfo: { hasNextPage: boolean; endCursor: string } };

async function pending(args: string): Promise<Conn> {
  const result = await app.gql<{ approvalCenter: { pendingTasks: Conn } }>(`{ approvalCenter(user: { userId: "lead-1" }) {
    pendingTasks(${args}) { totalCount edges { cursor node { ${NODE} } } pageInfo { hasNextPage endCursor } } } }`);
  expect(result.errors, result.text).toBeUndefined();
  return result.data.approvalCenter.pendingTasks;
}

const ids = (conn: Conn) => conn.edges.map((edge) => edge.node.taskId);

describe('the approval center with native entries', () => {
  it('a pending list holds native tasks alongside external ones, newest first, one keyset across both', async () => {
    const first = await pending('first: 2');
    expect(first.totalCount).toBe(4);
    expect(first.edges.map((edge) => edge.node)).toEqual([
      { __typename: 'ApprovalTask', taskId: 'nt-2', instance: { uuid: 'center-n2' } },
      { __typename: 'ExternalTask', taskId: 'task-1', instance: { instanceId: 'E2' } },
    ]);
    expect(first.pageInfo.hasNextPage).toBe(true);
    const second = await pending(`first: 2, after: "${first.pageInfo.endCursor}"`);
    expect(ids(second)).toEqual(['nt-1', 'task-1']);
    expect(second.edges.map((edge) => (edge.node as unknown as { instance: unknown }).instance)).toEqual([{ uuid: 'center-n1' }, { instanceId: 'E1' }]);
    expect(second.pageInfo.hasNextPage).toBe(false);
    const last = await pending('last: 3');
    expect(ids(last)).toEqual(['task-1', 'nt-1', 'task-1']);
  });

  it('the done list has the native task approved; the cc list filters native entries by read status', async () => {
    const result = await app.gql<{
      approvalCenter: { doneTasks: Conn; read: { edges: { node: Record<string, unknown> }[] }; unread: { totalCount: number }; all: { totalCount: number } };
    }>(`{ approvalCenter(user: { userId: "lead-1" }) {
      doneTasks { totalCount edges { node { ${NODE} } } }
      read: ccToMe(readStatus: READ) { edges { node { __typename ... on ApprovalCcEntry { ccId readStatus fromUserId instance { uuid status } } } } }
      unread: ccToMe(readStatus: UNREAD) { totalCount }
      all: ccToMe { totalCount } } }`);
    expect(result.errors, result.text).toBeUndefined();
    const center = result.data.approvalCenter;
    expect(center.doneTasks.edges.map((edge) => edge.node)).toEqual([{ __typename: 'ApprovalTask', taskId: 'nt-3', instance: { uuid: 'center-n3' } }]);
    expect(center.read.edges.map((edge) => edge.node)).toEqual([
      { __typename: 'ApprovalCcEntry', ccId: 'ncc-1', readStatus: 'READ', fromUserId: 'f7cb567e', instance: { uuid: 'center-n1', status: 'PENDING' } },
    ]);
    expect([center.unread.totalCount, center.all.totalCount]).toEqual([2, 3]);
  });

  it('a page costs the same few statements at any size, native and external rows together', async () => {
    const counts: number[] = [];
    for (const first of [1, 2, 4]) {
      statements.length = 0;
      const page = await pending(`first: ${first}`);
      expect(page.edges).toHaveLength(first);
      // totalCount is one more.
      counts.push(statements.length);
    }
    // The page with the external rows (and their instances), the native rows, their instances, the count.
    expect(counts).toEqual([4, 4, 4]);
  });
});
