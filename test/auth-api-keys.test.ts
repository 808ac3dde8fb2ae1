import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { schema } from '../src/schema/index.js';
import { type TestApp, startTestApp } from './support/app.js';
import { API_KEYS_ENV, KEYS, bearer } from './support/auth.js';
import { CREATE, type CreateResult, leaveInput } from './support/create-fixtures.js';
import { READ, SYNC, type SyncResult, syncInput } from './support/fixtures.js';

let app: TestApp | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

const start = async (env: Record<string, string> = { FACADE_API_KEYS: API_KEYS_ENV }) => (app = await startTestApp({ env }));

const post = (current: TestApp, body: string, headers: Record<string, string> = {}) =>
  current.runtime.yoga.fetch('http://yoga/graphql', { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });

describe('API keys', () => {
  it('answers 401 with WWW-Authenticate before anything runs: no credentials, another scheme, an unknown key', async () => {
    const current = await start();
    const sync = JSON.stringify({ query: SYNC, variables: { input: syncInput() } });
    for (const headers of [{}, { authorization: `Basic ${KEYS.all}` }, bearer('k_unknown_0123456789abcdef'), { authorization: 'Bearer' }]) {
      const response = await post(current, sync, headers);
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toMatch(/^Bearer realm="feishu-approvals"/);
      const body = (await response.json()) as { errors: { extensions: { code: string } }[]; data?: unknown };
      expect(body.errors[0]?.extensions.code).toBe('UNAUTHENTICATED');
      expect(body.data).toBeUndefined();
    }
    expect(current.sandbox.calls).toEqual([]);
    expect(current.runtime.sandbox).toBeDefined();
  });

  it('checks credentials before the body is parsed: an unparsable body without them is a 401, not a 400', async () => {
    const current = await start();
    expect((await post(current, '{ this is not JSON')).status).toBe(401);
    expect((await post(current, '{ this is not JSON', bearer(KEYS.all))).status).toBe(400);
  });

  it('takes the right key and refuses one that differs only in its last character', async () => {
    const current = await start();
    const lastChanged = `${KEYS.all.slice(0, -1)}${KEYS.all.endsWith('9') ? '8' : '9'}`;
    expect((await current.gql(SYNC, { input: syncInput() }, bearer(lastChanged))).status).toBe(401);
    expect((await current.gql(SYNC, { input: syncInput() }, bearer(`${KEYS.all}x`))).status).toBe(401);
    const synced = await current.gql<SyncResult>(SYNC, { input: syncInput() }, bearer(KEYS.all));
    expect(synced.status).toBe(200);
    expect(synced.data.syncExternalInstance.__typename).toBe('SyncExternalInstancePayload');
  });

  it('takes a key configured by its sha256', async () => {
    const key = 'k_hashed_0123456789abcdef0123';
    const current = await start({ FACADE_API_KEYS: `oa:read:sha256:${createHash('sha256').update(key).digest('hex')}` });
    const read = await current.gql(READ, { approvalCode: 'A', instanceId: 'none' }, bearer(key));
    expect(read).toMatchObject({ status: 200, data: { externalInstance: null } });
    expect(read.errors).toBeUndefined();
    expect(
      (await current.gql(READ, { approvalCode: 'A', instanceId: 'none' }, bearer(`sha256:${createHash('sha256').update(key).digest('hex')}`))).status,
    ).toBe(401);
  });

  it('a key without the scope gets a typed ForbiddenError from a mutation, and nothing is sent to Feishu', async () => {
    const current = await start();
    const sync = await current.gql<SyncResult>(SYNC, { input: syncInput() }, bearer(KEYS.read));
    expect(sync.data.syncExternalInstance).toMatchObject({
      __typename: 'ForbiddenError',
      code: 'FORBIDDEN',
      message: 'The API key "portal" lacks the "sync" scope, which Mutation.syncExternalInstance needs.',
    });
    const create = await current.gql<CreateResult>(CREATE, { input: leaveInput() }, bearer(KEYS.sync));
    expect(create.data.createInstance).toMatchObject({ __typename: 'ForbiddenError', code: 'FORBIDDEN' });
    expect(current.sandbox.calls).toEqual([]);
    const read = await current.gql(READ, { approvalCode: 'APPROVAL-1', instanceId: 'inst-1' }, bearer(KEYS.read));
    expect(read.data).toEqual({ externalInstance: null });
  });

  it('checks the scope before validating the input: a forbidden caller learns nothing from it', async () => {
    const current = await start();
    const sync = await current.gql<SyncResult>(SYNC, { input: syncInput({ taskList: [], links: {} }) }, bearer(KEYS.read));
    expect(sync.data.syncExternalInstance.__typename).toBe('ForbiddenError');
  });

  it('a key with the scope goes through: create with `create`, read with `read`', async () => {
    const current = await start();
    const created = await current.gql<CreateResult>(CREATE, { input: leaveInput() }, bearer(KEYS.create));
    expect(created.data.createInstance).toMatchObject({ __typename: 'CreateInstancePayload', instance: { intentState: 'CREATED' } });
    const uuid = created.data.createInstance.instance?.uuid;
    const read = await current.gql<{ approvalInstanceByUuid: { uuid: string } }>(
      'query($uuid: String!) { approvalInstanceByUuid(uuid: $uuid) { uuid } }',
      { uuid },
      bearer(KEYS.read),
    );
    expect(read.data.approvalInstanceByUuid.uuid).toBe(uuid);
  });

  /** One request per root field; a new field must be added here (and to src/auth/rules.ts). */
  const ROOT_FIELDS: Record<string, { query: string; scope: string }> = {
    externalInstance: { query: '{ externalInstance(approvalCode: "A", instanceId: "I") { id } }', scope: 'read' },
    externalInstances: { query: '{ externalInstances { totalCount } }', scope: 'read' },
    approvalInstance: { query: '{ approvalInstance(instanceCode: "C") { id } }', scope: 'read' },
    approvalInstanceByUuid: { query: '{ approvalInstanceByUuid(uuid: "U") { id } }', scope: 'read' },
    approvalInstances: { query: '{ approvalInstances { totalCount } }', scope: 'read' },
    approvalCenter: { query: '{ approvalCenter(user: { userId: "u" }) { userId } }', scope: 'read' },
    node: { query: '{ node(id: "RXh0ZXJuYWxJbnN0YW5jZTox") { id } }', scope: 'read' },
    nodes: { query: '{ nodes(ids: ["RXh0ZXJuYWxJbnN0YW5jZTox"]) { id } }', scope: 'read' },
    approvalDefinition: { query: '{ approvalDefinition(approvalCode: "A") { approvalCode } }', scope: 'read' },
    syncExternalInstance: {
      query: `mutation { syncExternalInstance(input: { approvalCode: "A", instanceId: "I", status: PENDING, links: { pcLink: "https://x" }, userId: "u", startTime: "2026-01-01T00:00:00Z", updateTime: "2026-01-01T00:00:00Z" }) { __typename ... on Error { code } } }`,
      scope: 'sync',
    },
    createInstance: {
      query: `mutation { createInstance(input: { approvalCode: "A", userId: "u", form: [] }) { __typename ... on Error { code } } }`,
      scope: 'create',
    },
    refreshApprovalInstance: {
      query: `mutation { refreshApprovalInstance(instanceCode: "C") { __typename ... on Error { code } } }`,
      scope: 'read',
    },
  };

  it('every root field but viewer needs its scope: a key without it gets FORBIDDEN', async () => {
    const rootFields = [...Object.keys(schema.getQueryType()?.getFields() ?? {}), ...Object.keys(schema.getMutationType()?.getFields() ?? {})];
    expect(rootFields.filter((name) => name !== 'viewer').sort()).toEqual(Object.keys(ROOT_FIELDS).sort());
    const current = await start();
    const keyWithout = (scope: string) => (scope === 'read' ? KEYS.sync : KEYS.read);
    for (const [field, { query, scope }] of Object.entries(ROOT_FIELDS)) {
      const result = await current.gql<Record<string, { code?: string } | null>>(query, undefined, bearer(keyWithout(scope)));
      const code = query.startsWith('mutation') ? result.data[field]?.code : result.errors?.[0]?.extensions?.code;
      expect({ field, code }).toEqual({ field, code: 'FORBIDDEN' });
    }
    expect(current.sandbox.calls).toEqual([]);
  });

  it('viewer is null for an API key', async () => {
    const current = await start();
    expect((await current.gql('{ viewer { userId } }', undefined, bearer(KEYS.sync))).data).toEqual({ viewer: null });
  });

  it('serves /healthz and the GraphiQL page without credentials (GraphiQL then sends the key it is given)', async () => {
    const current = await start();
    expect((await current.runtime.yoga.fetch('http://yoga/healthz')).status).toBe(200);
    const page = await current.runtime.yoga.fetch('http://yoga/graphql', { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('GraphiQL');
  });
});
