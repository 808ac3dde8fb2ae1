import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CREATE_MUTATION, SYNC_MUTATION, createPayload, createVariables, syncPayload, syncVariables } from '../bench/lib/payloads.js';
import { type ReferenceKind, startReferenceServer } from '../bench/lib/references.js';
import { type TestApp, startTestApp } from './support/app.js';

// The benchmark's reference servers stand where the facade stands: each must send the sandbox the
// Feishu payload the facade sends for the same GraphQL request (the one the raw loop and the SDK
// send), and answer the fields the benchmark's documents select.
let app: TestApp;
const references = new Map<ReferenceKind, { origin: string; close(): Promise<void> }>();

beforeAll(async () => {
  app = await startTestApp();
  for (const kind of ['node-proxy', 'stock-yoga', 'facade-without-yoga'] as const) references.set(kind, await startReferenceServer(kind, app.runtime.feishuOrigin));
});
afterAll(async () => {
  for (const reference of references.values()) await reference.close();
  await app.close();
});

type Sender = (query: string, variables: Record<string, unknown>) => Promise<Record<string, unknown>>;

const facade: Sender = async (query, variables) => (await app.gql(query, variables)).data;
const reference =
  (kind: ReferenceKind): Sender =>
  async (query, variables) => {
    const response = await fetch(`${references.get(kind)!.origin}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query, variables }),
    });
    expect(response.status).toBe(200);
    return ((await response.json()) as { data: Record<string, unknown> }).data;
  };

/** What the sandbox got, as JSON would carry it (no undefined members). */
const asSent = (value: unknown) => JSON.parse(JSON.stringify(value)) as unknown;

describe.each([
  ['the facade', 'facade', facade],
  ['the node proxy', 'proxy', reference('node-proxy')],
  ['stock Yoga', 'yoga', reference('stock-yoga')],
  ['the facade without Yoga', 'without-yoga', reference('facade-without-yoga')],
] as const)('%s, for the benchmark’s requests', (_name, run, send) => {
  it('sends the sandbox the payload the baselines send, and answers a synced instance', async () => {
    const variables = syncVariables(7, run);
    const data = await send(SYNC_MUTATION, variables);
    expect(data.syncExternalInstance).toMatchObject({ __typename: 'SyncExternalInstancePayload', applied: true, instance: { instanceId: `bench-${run}-7` } });
    const expected = syncPayload(7, run);
    expect(app.sandbox.externalInstances.get(`${expected.approval_code}/${expected.instance_id}`)).toEqual(asSent(expected));
  });

  it('sends the sandbox the payload the baselines send, and answers a created instance', async () => {
    const variables = createVariables(8, run);
    const data = await send(CREATE_MUTATION, variables);
    const created = [...app.sandbox.instances.values()].find((instance) => instance.uuid === `bench-${run}-8`);
    expect(data.createInstance).toMatchObject({ __typename: 'CreateInstancePayload', instance: { instanceCode: created?.instanceCode, intentState: 'CREATED' } });
    expect(created?.body).toEqual(asSent(createPayload(8, run)));
  });
});

describe('the node proxy', () => {
  it('refuses a document other than the benchmark’s two', async () => {
    const response = await fetch(`${references.get('node-proxy')!.origin}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    expect(response.status).toBe(400);
  });

  it('answers a Feishu refusal as a GraphQL error, not a success', async () => {
    const variables = syncVariables(9, 'refused');
    (variables.input as { status: string }).status = 'NOT_A_STATUS';
    const response = await fetch(`${references.get('node-proxy')!.origin}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: SYNC_MUTATION, variables }),
    });
    const body = (await response.json()) as { data: unknown; errors?: { message: string }[] };
    expect(body.data).toBeNull();
    expect(body.errors?.[0]?.message).toMatch(/Feishu answered 1390001/);
  });
});

describe('the facade without Yoga', () => {
  const post = (body: unknown) =>
    fetch(`${references.get('facade-without-yoga')!.origin}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  it('does the facade’s work: a synced instance is in its mirror, read back through it with its texts', async () => {
    const variables = syncVariables(10, 'mirrored');
    await reference('facade-without-yoga')(SYNC_MUTATION, variables);
    const input = variables.input as { approvalCode: string; instanceId: string };
    const response = await post({
      query: 'query($code: String!, $id: String!) { externalInstance(approvalCode: $code, instanceId: $id) { instanceId status title(locale: EN_US) taskList { taskId } } }',
      variables: { code: input.approvalCode, id: input.instanceId },
    });
    const body = (await response.json()) as { data: { externalInstance: { instanceId: string; status: string; title: string; taskList: unknown[] } | null } };
    expect(body.data.externalInstance).toMatchObject({ instanceId: 'bench-mirrored-10', status: 'PENDING', taskList: [{}, {}, {}] });
    expect(body.data.externalInstance?.title).toBeTypeOf('string');
    // The facade's own mirror has not seen it: the reference writes one of its own.
    expect((await app.gql(`{ externalInstance(approvalCode: "${input.approvalCode}", instanceId: "${input.instanceId}") { instanceId } }`)).data.externalInstance).toBeNull();
  });

  it('checks Feishu’s rules as the facade does: a rejected input is its typed error, and Feishu is not called', async () => {
    const variables = syncVariables(11, 'rejected');
    const input = variables.input as { approvalCode: string; instanceId: string; links: unknown };
    input.links = {};
    const response = await post({ query: SYNC_MUTATION, variables });
    const body = (await response.json()) as { data: { syncExternalInstance: { __typename: string; code: string } } };
    expect(body.data.syncExternalInstance).toMatchObject({ __typename: 'BadUserInputError', code: 'BAD_USER_INPUT' });
    expect(app.sandbox.externalInstances.has(`${input.approvalCode}/${input.instanceId}`)).toBe(false);
  });

  it('refuses a document that does not validate against the facade’s schema', async () => {
    const response = await post({ query: '{ noSuchField }' });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { errors: { message: string }[] };
    expect(body.errors[0]?.message).toMatch(/noSuchField/);
  });
});
