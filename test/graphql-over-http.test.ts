import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type AuditFail, type AuditResult, serverAudits } from 'graphql-http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYNC, syncInput } from './support/fixtures.js';
import { type FacadeProcess, startFacade } from './support/processes.js';

/** `npm start` in sandbox mode on a free port: the audits and the cases below speak HTTP to it. */
let facade: FacadeProcess;
const dir = mkdtempSync(join(tmpdir(), 'feishu-facade-http-'));
beforeAll(async () => {
  facade = await startFacade({ PORT: '0', HOST: '127.0.0.1', DATABASE_URL: join(dir, 'mirror.sqlite'), LOG_LEVEL: 'warn' });
});
afterAll(async () => {
  await facade?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const url = () => facade.url;

/** What a non-browser client sends on a GET: the facade's CSRF prevention refuses a GET without it. */
const fetchWithCsrfHeader: typeof fetch = (input, init) => {
  const headers = new Headers(init?.headers);
  headers.set('x-graphql-yoga-csrf', '1');
  return fetch(input, { ...init, headers });
};

const verdict = (result: AuditResult) => (result.status === 'ok' ? 'ok' : `${result.status}: ${result.reason}`);

describe("graphql-http's server audits, against the listening facade", () => {
  it.each(serverAudits({ url, fetchFn: fetchWithCsrfHeader }))('$id $name', async ({ fn }) => {
    expect(verdict(await fn())).toBe('ok');
  });

  it('without the CSRF header, only the three optional GET audits fail, refused by the CSRF prevention', async () => {
    const results = await Promise.all(serverAudits({ url }).map(({ fn }) => fn()));
    const failed = results.filter((result): result is AuditFail => result.status !== 'ok');
    expect(failed.map(({ id, status }) => `${id} ${status}`).sort()).toEqual(['5A70 notice', '6A70 notice', 'D6D5 notice']);
    for (const result of failed) expect(result.response.status).toBe(403);
  });
});

const GRAPHQL_RESPONSE = 'application/graphql-response+json';
const JSON_RESPONSE = 'application/json';

interface Answer {
  status: number;
  contentType: string;
  body: { data?: unknown; errors?: { message: string; extensions?: Record<string, unknown> }[] };
}

type Method = 'GET' | 'POST';

/** A GraphQL request over HTTP: GET carries it in the URL, with the header CSRF prevention asks of a GET. */
async function send(method: Method, body: Record<string, unknown>, accept: string | undefined): Promise<Answer> {
  const acceptHeader: Record<string, string> = accept ? { accept } : {};
  const response =
    method === 'POST'
      ? await fetch(url(), { method, headers: { 'content-type': 'application/json', ...acceptHeader }, body: JSON.stringify(body) })
      : await fetch(withParameters(url(), body), { method, headers: { 'x-graphql-yoga-csrf': '1', ...acceptHeader } });
  return { status: response.status, contentType: response.headers.get('content-type') ?? '', body: (await response.json()) as Answer['body'] };
}

function withParameters(endpoint: string, body: Record<string, unknown>): string {
  const target = new URL(endpoint);
  for (const [name, value] of Object.entries(body)) target.searchParams.set(name, typeof value === 'string' ? value : JSON.stringify(value));
  return target.href;
}

const post = (body: Record<string, unknown>, accept: string | undefined) => send('POST', body, accept);

/** The audit's own case (`query CoerceFailure($id: ID!){ __typename }`, id null) with the variable used. */
const COERCE_FAILURE = 'query CoerceFailure($id: ID!) { node(id: $id) { id } }';

const QUERY_METHODS: Method[] = ['GET', 'POST'];
/** GET never runs a mutation (405), so those are sent as POST alone. */
const MUTATION_METHODS: Method[] = ['POST'];

/** [case, request body, the variable the error names, the methods it is sent with] */
const UNCOERCIBLE: [string, Record<string, unknown>, string, Method[]][] = [
  ["null for a non-null ID (the audit's case, its variable used)", { query: COERCE_FAILURE, variables: { id: null } }, 'id', QUERY_METHODS],
  [
    'a String for an Int',
    { query: 'query($first: Int) { externalInstances(first: $first) { totalCount } }', variables: { first: 'ten' } },
    'first',
    QUERY_METHODS,
  ],
  [
    'two members of a @oneOf input',
    { query: 'query($user: UserRefInput!) { approvalCenter(user: $user) { userId } }', variables: { user: { userId: 'a', openId: 'b' } } },
    'user',
    QUERY_METHODS,
  ],
  [
    'an unknown enum value',
    { query: 'query($locale: Locale) { externalInstances(first: 1) { edges { node { title(locale: $locale) } } } }', variables: { locale: 'xx-XX' } },
    'locale',
    QUERY_METHODS,
  ],
  ['null for a non-null input (a mutation)', { query: SYNC, variables: { input: null } }, 'input', MUTATION_METHODS],
  ['an unknown enum value in an input (a mutation)', { query: SYNC, variables: { input: syncInput({ status: 'NOPE' }) } }, 'input', MUTATION_METHODS],
];

/** [Accept, the media type answered, the status answered: 400 under every media type, as stock Yoga answers] */
const MEDIA: [string, string | undefined, string, number][] = [
  ['application/graphql-response+json', GRAPHQL_RESPONSE, GRAPHQL_RESPONSE, 400],
  ["the client's recommended Accept (graphql-response+json first)", `${GRAPHQL_RESPONSE}, ${JSON_RESPONSE};q=0.9`, GRAPHQL_RESPONSE, 400],
  ['application/json', JSON_RESPONSE, JSON_RESPONSE, 400],
  ['no Accept (treated as application/json)', undefined, JSON_RESPONSE, 400],
];

const CASES = UNCOERCIBLE.flatMap(([name, body, variable, methods]) =>
  methods.flatMap((method) => MEDIA.map(([media, accept, contentType, status]) => ({ name, body, variable, method, media, accept, contentType, status }))),
);

describe('what the audit cannot see: its coercion case fails validation before its variables are coerced', () => {
  it.each(QUERY_METHODS)("the audit's own request over %s is a validation error (the unused variable), not a coercion error", async (method) => {
    const answer = await send(method, { query: 'query CoerceFailure($id: ID!){ __typename }', variables: { id: null } }, GRAPHQL_RESPONSE);
    expect(answer.status).toBe(400);
    expect(answer.body.errors?.map((error) => error.message)).toEqual(['Variable "$id" is never used in operation "CoerceFailure".']);
  });

  it.each(CASES)('$name, $method accepting $media: $status, errors and no data', async ({ body, variable, method, accept, contentType, status }) => {
    const answer = await send(method, body, accept);
    expect(answer.status, JSON.stringify(answer.body)).toBe(status);
    expect(answer.contentType).toContain(contentType);
    expect(answer.body).not.toHaveProperty('data');
    expect(answer.body.errors?.[0]?.message).toContain(`Variable "$${variable}"`);
    expect(answer.body.errors?.[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT' });
  });

  const COERCIBLE = QUERY_METHODS.flatMap((method) => MEDIA.map(([media, accept]) => ({ method, media, accept })));
  it.each(COERCIBLE)('variables that can be coerced, $method accepting $media: 200 with data', async ({ method, accept }) => {
    const answer = await send(method, { query: COERCE_FAILURE, variables: { id: 'bm90LWFuLWlk' } }, accept);
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    expect(answer.body).toHaveProperty('data');
  });
});

/**
 * Yoga decides this one before execution, 400 under either media type: the appendix on
 * application/json prefers 200 but allows a 4xx, and a 200 here would also answer an operationName
 * that is not a string, which is no well-formed request.
 */
describe('an operation that cannot be determined: 400, errors and no data, under either media type', () => {
  const TWO = 'query A { __typename } query B { __typename }';
  it.each([
    ['no operation of that name', { query: TWO, operationName: 'C' }],
    ['several operations and no name', { query: TWO }],
  ])('%s', async (_case, body) => {
    for (const [, accept, contentType] of MEDIA) {
      const answer = await post(body, accept);
      expect(answer.status, `${accept}: ${JSON.stringify(answer.body)}`).toBe(400);
      expect(answer.contentType).toContain(contentType);
      expect(answer.body).not.toHaveProperty('data');
      expect(answer.body.errors?.map((error) => error.extensions?.code)).toEqual(['OPERATION_RESOLUTION_FAILURE']);
    }
  });
});
