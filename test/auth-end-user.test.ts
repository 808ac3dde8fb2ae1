import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PATHS } from '../src/sandbox/sandbox.js';
import { type GqlResult, type TestApp, startTestApp } from './support/app.js';
import { KEYS, type TokenIssuer, bearer, createTokenIssuer, jwtEnv } from './support/auth.js';
import { CREATE, type CreateResult, leaveInput } from './support/create-fixtures.js';
import { SYNC, type SyncResult, ccInput, syncInput, taskInput } from './support/fixtures.js';

/**
 * Instance A: started by alice, a task of bob's, a cc entry to carol. Instance B: started by
 * dave, a task of erin's. Mallory holds nothing.
 */
let app: TestApp;
let issuer: TokenIssuer;
const tokens: Record<string, string> = {};
const ids: Record<string, string> = {};

beforeAll(async () => {
  issuer = await createTokenIssuer();
  app = await startTestApp({ env: { ...jwtEnv(issuer), FACADE_API_KEYS: `ops:read+sync+create:${KEYS.all}` } });
  for (const user of ['alice', 'bob', 'carol', 'dave', 'mallory']) tokens[user] = await issuer.sign({ sub: user });
  const pushes = [
    syncInput({ instanceId: 'A', userId: 'alice', taskList: [taskInput(1, { userId: 'bob' })], ccList: [ccInput(1, { openId: null, userId: 'carol' })] }),
    syncInput({ instanceId: 'B', userId: 'dave', taskList: [taskInput(2, { userId: 'erin' })], ccList: [] }),
  ];
  for (const input of pushes) {
    const synced = await app.gql<SyncResult>(SYNC, { input }, bearer(KEYS.all));
    expect(synced.data.syncExternalInstance.__typename).toBe('SyncExternalInstancePayload');
  }
  const found = await app.gql<{
    externalInstances: { edges: { node: { id: string; instanceId: string; taskList: { id: string }[]; ccList: { id: string }[] } }[] };
  }>('{ externalInstances { edges { node { id instanceId taskList { id } ccList { id } } } } }', undefined, bearer(KEYS.all));
  for (const { node } of found.data.externalInstances.edges) {
    ids[node.instanceId] = node.id;
    ids[`${node.instanceId}.task`] = node.taskList[0]?.id ?? '';
  }
  ids['A.cc'] = found.data.externalInstances.edges.find(({ node }) => node.instanceId === 'A')?.node.ccList[0]?.id ?? '';
});
afterAll(async () => {
  await app.close();
});

const as = <T = Record<string, unknown>>(user: string, query: string, variables?: Record<string, unknown>): Promise<GqlResult<T>> =>
  app.gql<T>(query, variables, bearer(tokens[user] ?? ''));

const codes = (result: GqlResult<unknown>) => result.errors?.map((error) => ({ path: error.path, code: error.extensions?.code }));

const INSTANCE = 'query($id: String!) { externalInstance(approvalCode: "APPROVAL-1", instanceId: $id) { instanceId taskList { userId } ccList { userId } } }';

describe('what an end user may read', () => {
  it('any approval definition, to render the form they will fill', async () => {
    const result = await as<{ approvalDefinition: { approvalCode: string } }>(
      'mallory',
      '{ approvalDefinition(approvalCode: "7C468A54-8745-2245-9675-08B7C63E7A85") { approvalCode } }',
    );
    expect(result.errors).toBeUndefined();
    expect(result.data.approvalDefinition.approvalCode).toBe('7C468A54-8745-2245-9675-08B7C63E7A85');
  });

  it('their approval center through viewer: started, pending, copied to them', async () => {
    const center =
      '{ viewer { approvalCenter { initiated { edges { node { ... on ExternalInstance { instanceId } } } } pendingTasks { edges { node { ... on ExternalTask { taskId } } } } ccToMe { edges { node { ... on ExternalCcEntry { ccId } } } } } } }';
    expect((await as('alice', center)).data).toMatchObject({
      viewer: { approvalCenter: { initiated: { edges: [{ node: { instanceId: 'A' } }] }, pendingTasks: { edges: [] } } },
    });
    expect((await as('bob', center)).data).toMatchObject({
      viewer: { approvalCenter: { initiated: { edges: [] }, pendingTasks: { edges: [{ node: { taskId: 'task-1' } }] } } },
    });
    expect((await as('carol', center)).data).toMatchObject({ viewer: { approvalCenter: { ccToMe: { edges: [{ node: { ccId: 'cc-1' } }] } } } });
  });

  it('approvalCenter(user:) for themselves only', async () => {
    const query = 'query($user: UserRefInput!) { approvalCenter(user: $user) { userId initiated { totalCount } } }';
    expect((await as('alice', query, { user: { userId: 'alice' } })).data).toEqual({ approvalCenter: { userId: 'alice', initiated: { totalCount: 1 } } });
    const other = await as('mallory', query, { user: { userId: 'alice' } });
    expect(other.data).toBeNull();
    expect(codes(other)).toEqual([{ path: ['approvalCenter'], code: 'FORBIDDEN' }]);
    // The token names users by user_id: an open_id cannot be confirmed as theirs.
    expect(codes(await as('alice', query, { user: { openId: 'alice' } }))).toEqual([{ path: ['approvalCenter'], code: 'FORBIDDEN' }]);
  });

  it('an instance they started, or hold a task or cc entry on, with all its tasks and cc entries', async () => {
    for (const user of ['alice', 'bob', 'carol']) {
      const read = await as(user, INSTANCE, { id: 'A' });
      expect(read.errors).toBeUndefined();
      expect(read.data).toEqual({ externalInstance: { instanceId: 'A', taskList: [{ userId: 'bob' }], ccList: [{ userId: 'carol' }] } });
    }
  });

  it("someone else's instance is FORBIDDEN, and answers nothing of it", async () => {
    const read = await as('mallory', INSTANCE, { id: 'A' });
    expect(read.data).toEqual({ externalInstance: null });
    expect(codes(read)).toEqual([{ path: ['externalInstance'], code: 'FORBIDDEN' }]);
    expect(read.text).not.toContain('carol');
    expect(codes(await as('alice', INSTANCE, { id: 'B' }))).toEqual([{ path: ['externalInstance'], code: 'FORBIDDEN' }]);
    const missing = await as('mallory', INSTANCE, { id: 'nothing-here' });
    expect(missing).toMatchObject({ data: { externalInstance: null } });
    expect(missing.errors).toBeUndefined();
  });

  it('lists only with filter.initiator naming themselves', async () => {
    const list = 'query($filter: ExternalInstanceFilter) { externalInstances(filter: $filter) { edges { node { instanceId } } } }';
    expect((await as('alice', list, { filter: { initiator: { userId: 'alice' } } })).data).toEqual({
      externalInstances: { edges: [{ node: { instanceId: 'A' } }] },
    });
    expect(codes(await as('alice', list))).toEqual([{ path: ['externalInstances'], code: 'FORBIDDEN' }]);
    expect(codes(await as('alice', list, { filter: { initiator: { userId: 'dave' } } }))).toEqual([{ path: ['externalInstances'], code: 'FORBIDDEN' }]);
    expect(codes(await as('alice', '{ approvalInstances { totalCount } }'))).toEqual([{ path: ['approvalInstances'], code: 'FORBIDDEN' }]);
  });

  it('node(id:) and nodes(ids:): what is theirs; anything else null with FORBIDDEN at its place', async () => {
    const node = 'query($id: ID!) { node(id: $id) { id } }';
    expect((await as('carol', node, { id: ids['A.task'] })).data).toEqual({ node: { id: ids['A.task'] } });
    expect((await as('bob', node, { id: ids['A.cc'] })).data).toEqual({ node: { id: ids['A.cc'] } });
    for (const id of [ids.A, ids['A.task'], ids['A.cc']]) {
      const refused = await as('mallory', node, { id });
      expect(refused.data).toEqual({ node: null });
      expect(codes(refused)).toEqual([{ path: ['node'], code: 'FORBIDDEN' }]);
    }
    const both = await as('bob', 'query($ids: [ID!]!) { nodes(ids: $ids) { id } }', { ids: [ids.A, ids.B, ids['B.task']] });
    expect(both.data).toEqual({ nodes: [{ id: ids.A }, null, null] });
    expect(codes(both)).toEqual([
      { path: ['nodes', 1], code: 'FORBIDDEN' },
      { path: ['nodes', 2], code: 'FORBIDDEN' },
    ]);
  });

  it("nested fields stay within what they may see: a task's instance and its other tasks, nothing beyond", async () => {
    const nested =
      '{ viewer { approvalCenter { pendingTasks(first: 1) { edges { node { ... on ExternalTask { instance { instanceId taskList { userId instance { ccList { userId } } } } } } } } } } }';
    const read = await as('bob', nested);
    expect(read.data).toEqual({
      viewer: {
        approvalCenter: {
          pendingTasks: { edges: [{ node: { instance: { instanceId: 'A', taskList: [{ userId: 'bob', instance: { ccList: [{ userId: 'carol' }] } }] } } }] },
        },
      },
    });
    expect(read.text).not.toContain('erin');
  });
});

describe('what an end user may do', () => {
  it('syncExternalInstance is for API keys: a typed ForbiddenError, nothing sent', async () => {
    const before = app.sandbox.callCount(PATHS.externalInstances);
    const result = await as<SyncResult>('alice', SYNC, { input: syncInput({ instanceId: 'C', userId: 'alice' }) });
    expect(result.data.syncExternalInstance).toMatchObject({ __typename: 'ForbiddenError', code: 'FORBIDDEN' });
    expect(app.sandbox.callCount(PATHS.externalInstances)).toBe(before);
  });

  it('createInstance as themselves: the user is filled from the token', async () => {
    const input = leaveInput({ userId: undefined, openId: undefined, uuid: 'E2E-ALICE-1' });
    const created = await as<CreateResult>('alice', CREATE, { input });
    expect(created.data.createInstance).toMatchObject({ __typename: 'CreateInstancePayload', instance: { intentState: 'CREATED' } });
    const sent = [...app.sandbox.instances.values()].find((instance) => instance.uuid === 'E2E-ALICE-1');
    expect(sent?.body).toMatchObject({ user_id: 'alice' });
    expect(sent?.body).not.toHaveProperty('open_id');
    const mine = await as('alice', '{ approvalInstanceByUuid(uuid: "E2E-ALICE-1") { userId } }');
    expect(mine.data).toEqual({ approvalInstanceByUuid: { userId: 'alice' } });
    const same = await as<CreateResult>('alice', CREATE, { input: { ...input, userId: 'alice' } });
    expect(same.data.createInstance).toMatchObject({ __typename: 'CreateInstancePayload', replayed: true });
  });

  it('createInstance naming someone else, or an open_id the token cannot vouch for: a typed ForbiddenError, nothing sent', async () => {
    const before = app.sandbox.callCount(PATHS.instances);
    for (const named of [
      { userId: 'bob', openId: undefined },
      { userId: undefined, openId: 'ou_alice' },
      { userId: 'alice', openId: 'ou_alice' },
    ]) {
      const result = await as<CreateResult>('alice', CREATE, { input: leaveInput({ ...named, uuid: 'E2E-ALICE-2' }) });
      expect(result.data.createInstance).toMatchObject({ __typename: 'ForbiddenError', code: 'FORBIDDEN' });
    }
    expect(app.sandbox.callCount(PATHS.instances)).toBe(before);
    expect((await app.gql('{ approvalInstanceByUuid(uuid: "E2E-ALICE-2") { id } }', undefined, bearer(KEYS.all))).data).toEqual({
      approvalInstanceByUuid: null,
    });
  });

  it("another user's native instance is FORBIDDEN; their own list is not", async () => {
    const created = await app.gql<CreateResult>(CREATE, { input: leaveInput({ userId: 'dave', openId: undefined, uuid: 'E2E-DAVE-1' }) }, bearer(KEYS.all));
    expect(created.data.createInstance.__typename).toBe('CreateInstancePayload');
    const theirs = await as('alice', '{ approvalInstanceByUuid(uuid: "E2E-DAVE-1") { userId } }');
    expect(theirs.data).toEqual({ approvalInstanceByUuid: null });
    expect(codes(theirs)).toEqual([{ path: ['approvalInstanceByUuid'], code: 'FORBIDDEN' }]);
    const own = await as('dave', '{ approvalInstances(filter: { initiator: { userId: "dave" } }) { edges { node { uuid } } } }');
    expect(own.data).toEqual({ approvalInstances: { edges: [{ node: { uuid: 'E2E-DAVE-1' } }] } });
  });
});
