import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import { type Client, GraphQLRequestError, createClient } from '../examples/client/src/client.js';
import type { SyncExternalInstanceInput } from '../examples/client/src/gql/graphql.js';
import type { JsonValue } from '../examples/client/src/json.js';
import { createInstance, externalInstance, leaveRequestForm, pendingTasksPage, searchInstances, syncInstance } from '../examples/client/src/operations.js';
import { API_KEYS_ENV, KEYS } from './support/auth.js';
import { type TestApp, startTestApp } from './support/app.js';
import { LEAVE } from './support/create-fixtures.js';

const APPROVAL = 'CLIENT-EXAMPLE';
const APPROVER = { userId: 'approver-client' };

/** A push the example's generated types accept: DateTime values are strings, `extra` any JSON. */
function leaveInstance(instanceId: string, overrides: Partial<SyncExternalInstanceInput> = {}): SyncExternalInstanceInput {
  return {
    approvalCode: APPROVAL,
    instanceId,
    status: 'PENDING',
    title: { zhCN: '出差申请', enUS: `Business trip ${instanceId}` },
    links: { pcLink: `https://oa.example.com/trip/${instanceId}` },
    userId: 'initiator-client',
    startTime: '2026-11-20T09:00:00+08:00',
    updateTime: '2026-11-20T09:00:00+08:00',
    extra: { business_key: instanceId, nights: 2 },
    taskList: [
      {
        taskId: `${instanceId}-lead`,
        userId: APPROVER.userId,
        title: { enUS: 'Team lead approval' },
        links: { pcLink: `https://oa.example.com/trip/${instanceId}/lead` },
        status: 'PENDING',
        createTime: '2026-11-20T09:00:00+08:00',
        updateTime: '2026-11-20T09:00:00+08:00',
      },
    ],
    ...overrides,
  };
}

/** The example client (examples/client/) against the facade over HTTP, with an API key, as an integrating team runs it. */
describe('the typed client example', () => {
  let app: TestApp;
  let server: Server;
  let client: Client;
  let url: string;

  beforeAll(async () => {
    app = await startTestApp({ env: { FACADE_API_KEYS: API_KEYS_ENV } });
    server = createServer(app.runtime.yoga);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
    client = createClient({ url, token: KEYS.all });
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await app.close();
  });

  it('syncs an instance: the payload typed, DateTime as a string', async () => {
    const result = await syncInstance(client, leaveInstance('trip-1'));
    if (result.__typename !== 'SyncExternalInstancePayload') throw new Error(`refused: ${JSON.stringify(result)}`);
    expectTypeOf(result.instance.updateTime).toEqualTypeOf<string>();
    expect(result).toMatchObject({
      applied: true,
      outcome: { instance: 'INSERTED', tasks: { inserted: 1, updated: 0, stale: 0, deleted: 0 } },
      instance: { instanceId: 'trip-1', status: 'PENDING', updateTime: '2026-11-20T01:00:00.000Z' },
    });
  });

  it('answers a refused sync as a member of its error union, BadUserInputError with its issues', async () => {
    const result = await syncInstance(client, leaveInstance('trip-bad', { links: {} }));
    if (result.__typename !== 'BadUserInputError') throw new Error(`expected BadUserInputError: ${JSON.stringify(result)}`);
    expect(result.code).toBe('BAD_USER_INPUT');
    expect(result.issues.map((issue) => issue.path)).toContain('input.links');
  });

  it('creates a native instance from @oneOf form widgets', async () => {
    const form = leaveRequestForm({ type: 'annual', start: '2026-12-01T09:00:00+08:00', end: '2026-12-03T18:00:00+08:00', days: 3, reason: 'Family trip' });
    const result = await createInstance(client, {
      approvalCode: LEAVE,
      userId: 'f7cb567e',
      uuid: '5d0b7a52-9d0e-4c5e-8f0b-3c1f2a7e9b61',
      title: { enUS: 'Annual leave' },
      form,
      nodeApproverUserIdList: [{ key: '46e6d96cfa756980907209209ec03b64', value: ['b123dd45'] }],
    });
    if (result.__typename !== 'CreateInstancePayload') throw new Error(`refused: ${JSON.stringify(result)}`);
    expectTypeOf(result.instance.createdAt).toEqualTypeOf<string>();
    expect(result).toMatchObject({
      replayed: false,
      instance: { intentState: 'CREATED', uuid: '5d0b7a52-9d0e-4c5e-8f0b-3c1f2a7e9b61', title: 'Annual leave' },
    });
    const sent = app.sandbox.instances.get(result.instance.instanceCode ?? '')?.body;
    expect(JSON.parse(String(sent?.form))).toEqual([
      { id: 'leave_type', type: 'radioV2', value: 'annual' },
      { id: 'period', type: 'dateInterval', value: { start: '2026-12-01T09:00:00+08:00', end: '2026-12-03T18:00:00+08:00', interval: 3 } },
      { id: 'reason', type: 'textarea', value: 'Family trip' },
    ]);
  });

  it('pages a user’s pending tasks in the approval center by cursor', async () => {
    await syncInstance(client, leaveInstance('trip-2', { updateTime: '2026-11-21T09:00:00+08:00' }));
    const first = await pendingTasksPage(client, APPROVER, { first: 1 });
    expect(first.totalCount).toBe(2);
    expect(first.pageInfo.hasNextPage).toBe(true);
    const second = await pendingTasksPage(client, APPROVER, { first: 1, after: first.pageInfo.endCursor });
    expect(second.pageInfo.hasNextPage).toBe(false);
    const seen = [...first.edges, ...second.edges].map((edge) => (edge.node.__typename === 'ExternalTask' ? edge.node.instance.instanceId : null));
    expect(seen.sort()).toEqual(['trip-1', 'trip-2']);
  });

  it('looks an instance up: JSON as a JSON value, null when the mirror has none', async () => {
    const found = await externalInstance(client, { approvalCode: APPROVAL, instanceId: 'trip-1' }, 'EN_US');
    expectTypeOf<NonNullable<typeof found>['extra']>().toEqualTypeOf<JsonValue | null | undefined>();
    expect(found).toMatchObject({
      instanceId: 'trip-1',
      title: 'Business trip trip-1',
      startTime: '2026-11-20T01:00:00.000Z',
      extra: { business_key: 'trip-1', nights: 2 },
    });
    expect(found?.taskList).toEqual([{ taskId: 'trip-1-lead', status: 'PENDING', title: 'Team lead approval' }]);
    expect(await externalInstance(client, { approvalCode: APPROVAL, instanceId: 'no-such-trip' })).toBeNull();
  });

  it('searches the mirrored instances by text', async () => {
    const found = await searchInstances(client, 'trip-2');
    expect(found.totalCount).toBe(1);
    expect(found.edges.map((edge) => edge.node.instanceId)).toEqual(['trip-2']);
  });

  it('throws a GraphQLRequestError with the HTTP status when the facade refuses the request', async () => {
    const anonymous = createClient({ url });
    const refused = await searchInstances(anonymous, 'trip').catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(GraphQLRequestError);
    expect(refused).toMatchObject({ status: 401, errors: [{ extensions: { code: 'UNAUTHENTICATED' } }] });
  });
});
