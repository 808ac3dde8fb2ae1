import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, startTestApp } from './support/app.js';
import { CREATE, leaveInput } from './support/create-fixtures.js';
import { SYNC, syncInput } from './support/fixtures.js';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.close());

const GRAPHQL_RESPONSE = { accept: 'application/graphql-response+json' };
const JSON_RESPONSE = { accept: 'application/json' };

const PAGE = `query($first: Int) { externalInstances(first: $first) { totalCount } }`;
const ONE = `query($id: String!) { externalInstance(approvalCode: "APPROVAL-1", instanceId: $id) { instanceId } }`;
const CENTER = `query($user: UserRefInput!) { approvalCenter(user: $user) { userId } }`;
const TITLES = `query($locale: Locale) { externalInstances(first: 1) { edges { node { title(locale: $locale) } } } }`;
const twoMembers = { textarea: { id: 'reason', value: 'x' }, input: { id: 'reason', value: 'x' } };

/** [case, document, variables, the variable named by the error] */
const UNCOERCIBLE: [string, string, Record<string, unknown>, string][] = [
  ['a String for an Int (query)', PAGE, { first: 'ten' }, 'first'],
  ['null for a non-null (query)', ONE, { id: null }, 'id'],
  ['two members of a @oneOf input (query)', CENTER, { user: { userId: 'a', openId: 'b' } }, 'user'],
  ['an unknown enum value (query)', TITLES, { locale: 'xx-XX' }, 'locale'],
  ['null for a non-null (mutation)', SYNC, { input: null }, 'input'],
  ['an unknown enum value (mutation)', SYNC, { input: syncInput({ status: 'NOPE' }) }, 'input'],
  ['two members of a @oneOf input (mutation)', CREATE, { input: leaveInput({ form: [twoMembers] }) }, 'input'],
];

describe('variables that cannot be coerced: a request error, answered 400 as stock Yoga answers it', () => {
  it.each(UNCOERCIBLE)('%s, under application/graphql-response+json', async (_case, query, variables, name) => {
    const result = await app.gql(query, variables, GRAPHQL_RESPONSE);
    expect(result.status, result.text).toBe(400);
    const body = JSON.parse(result.text) as Record<string, unknown>;
    expect(body).not.toHaveProperty('data');
    expect(result.errors?.[0]?.message).toContain(`Variable "$${name}"`);
    expect(result.errors?.[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT' });
  });

  it.each(UNCOERCIBLE)('%s, under application/json: 400 as well, as stock Yoga answers', async (_case, query, variables, name) => {
    const result = await app.gql(query, variables, JSON_RESPONSE);
    expect(result.status, result.text).toBe(400);
    expect(JSON.parse(result.text)).not.toHaveProperty('data');
    expect(result.errors?.[0]?.message).toContain(`Variable "$${name}"`);
    expect(result.errors?.[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT' });
  });

  it('variables that can be coerced: 200 under either', async () => {
    for (const headers of [GRAPHQL_RESPONSE, JSON_RESPONSE]) {
      const query = await app.gql(CENTER, { user: { userId: 'a' } }, headers);
      expect(query.status, query.text).toBe(200);
      expect(query.data).toEqual({ approvalCenter: { userId: 'a' } });
      const mutation = await app.gql<{ syncExternalInstance: { __typename: string } }>(
        SYNC,
        { input: syncInput({ instanceId: `coerced-${headers.accept}` }) },
        headers,
      );
      expect(mutation.status, mutation.text).toBe(200);
      expect(mutation.data.syncExternalInstance.__typename).toBe('SyncExternalInstancePayload');
    }
  });
});
