import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REQUEST_LIMITS } from '../src/limits/values.js';
import { type TestApp, startTestApp } from './support/app.js';
import { CREATE, type CreateResult, EXPENSE, leaveInput } from './support/create-fixtures.js';
import { READ, SYNC, type SyncResult, syncInput } from './support/fixtures.js';
import { mirrorRowCounts } from './support/mirror.js';

/** Input an attacker would send: refused with a short answer, never a 500, nothing stored. */
let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.close());

const GRAPHQL_RESPONSE = { accept: 'application/graphql-response+json' };

/** Sends a raw JSON body (for bodies JSON.stringify itself could not nest so deep). */
async function post(body: string, headers: Record<string, string> = {}) {
  const response = await app.runtime.yoga.fetch('http://yoga/graphql', { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  const text = await response.text();
  return { status: response.status, text, body: JSON.parse(text) as { data?: unknown; errors?: { message: string; extensions?: Record<string, unknown> }[] } };
}

/** Runs `send` and checks that nothing reached Feishu or the mirror. */
async function refusedWithoutEffect<T>(send: () => Promise<T>): Promise<T> {
  const rows = await mirrorRowCounts(app.runtime.mirror);
  const calls = app.sandbox.calls.length;
  const result = await send();
  expect(app.sandbox.calls.length, 'Feishu calls').toBe(calls);
  expect(await mirrorRowCounts(app.runtime.mirror)).toEqual(rows);
  return result;
}

function nested(levels: number, leaf: unknown, wrap: (inner: unknown) => unknown): unknown {
  let value = leaf;
  for (let level = 0; level < levels; level += 1) value = wrap(value);
  return value;
}

const NESTING = { code: 'REQUEST_LIMIT_EXCEEDED', limit: 'nesting', max: REQUEST_LIMITS.maxNesting };

describe('deep input: HTTP 400 with a short message naming the limit, never a 500', () => {
  const documents: [string, string][] = [
    ['selections 1,000 deep', `{ ${'node(id: "x") { '.repeat(1_000)}id${' }'.repeat(1_000)} }`],
    ['a list literal 1,000 deep', `{ nodes(ids: ${'['.repeat(1_000)}"x"${']'.repeat(1_000)}) { id } }`],
    ['an object literal 1,000 deep', `{ approvalCenter(user: ${'{ userId: '.repeat(1_000)}"x"${' }'.repeat(1_000)}) { userId } }`],
    ['selections 12,000 deep, in as few characters as can be', `{${'a{'.repeat(12_000)}b${'}'.repeat(12_000)}}`],
  ];
  it.each(documents)('a document with %s', async (_case, query) => {
    for (const headers of [{}, GRAPHQL_RESPONSE]) {
      const result = await post(JSON.stringify({ query }), headers);
      expect(result.status, result.text).toBe(400);
      expect(result.body.errors?.[0]?.extensions).toEqual(NESTING);
      expect(result.text.length).toBeLessThan(300);
    }
  });

  const CENTER = 'query($user: UserRefInput!) { approvalCenter(user: $user) { userId } }';
  const variables: [string, string, unknown][] = [
    ['an object 2,000 deep', CENTER, { user: nested(2_000, 'x', (inner) => ({ userId: inner })) }],
    ['a list 2,000 deep', CENTER, { user: nested(2_000, 'x', (inner) => [inner]) }],
    ['a JSON extra 2,000 deep', SYNC, { input: syncInput({ instanceId: 'deep-extra', extra: nested(2_000, 1, (inner) => ({ a: inner })) }) }],
  ];
  it.each(variables)('variables with %s', async (_case, query, vars) => {
    const result = await refusedWithoutEffect(() => post(JSON.stringify({ query, variables: vars })));
    expect(result.status, result.text).toBe(400);
    expect(result.body.errors?.[0]?.extensions).toEqual(NESTING);
    expect(result.text.length).toBeLessThan(300);
  });

  it('variables nested 100,000 deep in the JSON body itself', async () => {
    const deep = `${'['.repeat(100_000)}1${']'.repeat(100_000)}`;
    const result = await post(`{"query":"query($user: UserRefInput!) { approvalCenter(user: $user) { userId } }","variables":{"user":${deep}}}`);
    expect(result.status, result.text.slice(0, 300)).toBe(400);
    expect(result.body.errors?.[0]?.extensions).toEqual(NESTING);
  });

  const deepFieldList = (levels: number) =>
    nested(levels, { input: { id: 'row_text', value: 'a' } }, (inner) => ({ fieldList: { id: 'items', value: [[inner]] } }));

  it('a createInstance form whose fieldList nests 1,000 deep, as variables', async () => {
    const input = leaveInput({ approvalCode: EXPENSE, uuid: 'deep-field-list', form: [deepFieldList(1_000)] });
    const result = await refusedWithoutEffect(() => post(JSON.stringify({ query: CREATE, variables: { input } })));
    expect(result.status, result.text.slice(0, 300)).toBe(400);
    expect(result.body.errors?.[0]?.extensions).toEqual(NESTING);
  });

  it('a createInstance form whose fieldList nests 1,000 deep, as a literal', async () => {
    const widget = (levels: number): string =>
      levels === 0 ? '{ input: { id: "row_text", value: "a" } }' : `{ fieldList: { id: "items", value: [[${widget(levels - 1)}]] } }`;
    const query = `mutation { createInstance(input: { approvalCode: "${EXPENSE}", userId: "u", form: [${widget(1_000)}] }) { __typename } }`;
    const result = await refusedWithoutEffect(() => post(JSON.stringify({ query }), GRAPHQL_RESPONSE));
    expect(result.status).toBe(400);
    expect(result.body.errors?.[0]?.extensions).toEqual(NESTING);
  });
});

describe('huge values: refused by their length, and errors quote a little of a value, never the whole of it', () => {
  const huge = 'x'.repeat(10_000_000);
  const STRING_LENGTH = { code: 'REQUEST_LIMIT_EXCEEDED', limit: 'stringLength', max: REQUEST_LIMITS.maxStringLength };

  it.each([
    ['an invalid DateTime', SYNC, { input: syncInput({ startTime: huge }) }, 'input.startTime'],
    ['an unknown enum value', SYNC, { input: syncInput({ status: huge }) }, 'input.status'],
    ['a String for an Int', 'query($first: Int) { externalInstances(first: $first) { totalCount } }', { first: huge }, undefined],
  ])('%s, 10 MB long, in the variables', async (_case, query, variables, path) => {
    const result = await refusedWithoutEffect(() => post(JSON.stringify({ query, variables })));
    expect(result.status).toBe(400);
    expect(result.body.errors?.[0]?.extensions).toEqual(STRING_LENGTH);
    expect(result.text.length).toBeLessThan(400);
    if (path) expect(result.body.errors?.[0]?.message).toContain(`at "${path}"`);
  });

  it.each([
    ['an invalid DateTime', `startTime: "${huge}"`],
    ['an unknown enum value', `status: ${huge.toUpperCase()}`],
  ])('%s, 10 MB long, as a literal', async (_case, field) => {
    const query = `mutation { syncExternalInstance(input: { approvalCode: "A", instanceId: "I", ${field} }) { __typename } }`;
    const result = await refusedWithoutEffect(() => post(JSON.stringify({ query }), GRAPHQL_RESPONSE));
    expect(result.status).toBe(400);
    expect(result.body.errors?.[0]?.extensions).toEqual({ code: 'REQUEST_LIMIT_EXCEEDED', limit: 'documentLength', max: REQUEST_LIMITS.maxDocumentLength });
  });

  const long = 'x'.repeat(REQUEST_LIMITS.maxStringLength);

  it('an invalid DateTime as long as a string may be: the message keeps its start and its end', async () => {
    const result = await post(JSON.stringify({ query: SYNC, variables: { input: syncInput({ startTime: long }) } }), GRAPHQL_RESPONSE);
    expect(result.status).toBe(400);
    const message = result.body.errors?.[0]?.message ?? '';
    expect(message.length).toBeLessThanOrEqual(1_000);
    expect(message).toMatch(
      /^Variable "\$input" got invalid value "x+… \[\d+ characters left out\] …x+" at "input.startTime"; DateTime must be an RFC 3339 date-time with a time zone, got "x{64}"… \(10000 characters\)$/,
    );
    expect(result.body.errors?.[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT' });
  });

  it.each([
    ['an unknown enum value', SYNC, { input: syncInput({ status: long }) }],
    ['a String for an Int', 'query($first: Int) { externalInstances(first: $first) { totalCount } }', { first: long }],
    ['a String for a list of objects', SYNC, { input: syncInput({ taskList: long }) }],
  ])('%s as long as a string may be: a message of at most 1,000 characters', async (_case, query, variables) => {
    const result = await post(JSON.stringify({ query, variables }), GRAPHQL_RESPONSE);
    expect(result.status).toBe(400);
    expect(result.body.errors?.[0]?.message.length).toBeLessThanOrEqual(1_000);
  });

  it('a literal that graphql-js quotes whole in its error: a message of at most 1,000 characters', async () => {
    const query = `{ externalInstances(first: "${'9'.repeat(40_000)}") { totalCount } }`;
    const result = await post(JSON.stringify({ query }), GRAPHQL_RESPONSE);
    expect(result.status).toBe(400);
    expect(result.body.errors?.[0]?.message).toMatch(/^Int cannot represent non-integer value: "9+… \[\d+ characters left out\] …9+"$/);
  });

  it('variables with more errors than graphql-js reports: its last error says so, as BAD_USER_INPUT', async () => {
    const result = await app.gql(SYNC, { input: syncInput({ taskList: Array.from({ length: 60 }, () => 'x') }) }, GRAPHQL_RESPONSE);
    expect(result.status).toBe(400);
    expect(result.errors?.at(-1)?.message).toMatch(/^Too many errors processing variables/);
    expect(result.errors?.every((error) => error.extensions?.code === 'BAD_USER_INPUT')).toBe(true);
  });

  it('a duplicated task id as long as a string may be is quoted in 64 characters', async () => {
    const taskId = 't'.repeat(REQUEST_LIMITS.maxStringLength);
    const input = syncInput({
      instanceId: 'dup-ids',
      taskList: [
        { ...syncTask(), taskId },
        { ...syncTask(), taskId },
      ],
    });
    const result = await refusedWithoutEffect(() => app.gql<SyncResult>(SYNC, { input }));
    expect(result.data.syncExternalInstance.__typename).toBe('BadUserInputError');
    expect(result.data.syncExternalInstance.message).toBe(
      `input.taskList[1].taskId: "${'t'.repeat(64)}"… (10000 characters) appears more than once in the list`,
    );
  });
});

function syncTask(): Record<string, unknown> {
  const [task] = syncInput().taskList as Record<string, unknown>[];
  return task!;
}

describe('node(id:) and nodes(ids:) with the well-formed ID of a type that is no Node', () => {
  const idOf = (typename: string) => Buffer.from(`${typename}:1`).toString('base64');

  it.each(['Nope', 'Query', 'PageInfo', 'LocalizedText'])('%s: BAD_USER_INPUT naming the argument, masked as any bad ID', async (typename) => {
    const one = await app.gql('query($id: ID!) { node(id: $id) { id } }', { id: idOf(typename) });
    expect(one.errors?.[0]?.message).toBe('id: is not the global ID of a mirrored object');
    expect(one.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'id' });
    expect(one.data).toEqual({ node: null });
    const many = await app.gql('query($ids: [ID!]!) { nodes(ids: $ids) { id } }', { ids: [idOf('ExternalInstance'), idOf(typename)] });
    expect(many.errors?.[0]?.message).toBe('ids[1]: is not the global ID of a mirrored object');
    expect(many.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'ids[1]' });
    expect(many.text).not.toMatch(/implemented|loading by id/);
  });
});

describe('lone surrogates: refused with BAD_USER_INPUT naming where, never stored as U+FFFD', () => {
  const LONE = '\ud83dX';

  it.each([
    ['a title', syncInput({ instanceId: 'lone-1', title: { zhCN: `标题${LONE}` } }), 'input.title.zhCN'],
    ['an id', syncInput({ instanceId: `lone-${LONE}` }), 'input.instanceId'],
    ['a task title', syncInput({ instanceId: 'lone-2', taskList: [{ ...syncTask(), title: { enUS: `\udc00` } }] }), 'input.taskList[0].title.enUS'],
    ['a value inside extra', syncInput({ instanceId: 'lone-3', extra: { note: [`a${LONE}`] } }), 'input.extra.note[0]'],
  ])('in %s of a sync', async (_case, input, path) => {
    const result = await refusedWithoutEffect(() => app.gql(SYNC, { input }));
    expect(result.status).toBe(400);
    expect(result.errors?.[0]?.message).toBe(
      `Variable "$input" got invalid value at "${path}"; a string holds a lone surrogate (half of a UTF-16 character pair), which is not text.`,
    );
    expect(result.errors?.[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT' });
  });

  it('in a key inside extra', async () => {
    const result = await refusedWithoutEffect(() => app.gql(SYNC, { input: syncInput({ instanceId: 'lone-4', extra: { [`k${LONE}`]: 1 } }) }));
    expect(result.status).toBe(400);
    expect(result.errors?.[0]?.message).toContain('at "input.extra"; a key holds a lone surrogate');
  });

  it('in a createInstance widget value', async () => {
    const input = leaveInput({ uuid: 'lone-create', form: [{ textarea: { id: 'reason', value: `trip ${LONE}` } }] });
    const result = await refusedWithoutEffect(() => app.gql<CreateResult>(CREATE, { input }));
    expect(result.status).toBe(400);
    expect(result.errors?.[0]?.message).toContain('at "input.form[0].textarea.value"');
  });

  it('in a query variable', async () => {
    const result = await app.gql('query($user: UserRefInput!) { approvalCenter(user: $user) { userId } }', { user: { userId: LONE } });
    expect(result.status).toBe(400);
    expect(result.errors?.[0]?.message).toContain('at "user.userId"');
  });

  it.each([
    ['escaped', '\\ud83dX'],
    ['raw', '\ud83dX'],
  ])('in a string literal, %s: a syntax error', async (_case, literal) => {
    const query = `mutation { syncExternalInstance(input: { approvalCode: "A", instanceId: "${literal}", status: PENDING, links: { pcLink: "https://x" }, userId: "u", startTime: "2026-11-20T09:00:00Z", updateTime: "2026-11-20T09:00:00Z" }) { __typename } }`;
    const result = await refusedWithoutEffect(() => post(JSON.stringify({ query }), GRAPHQL_RESPONSE));
    expect(result.status).toBe(400);
    expect(result.body.errors?.[0]?.extensions).toEqual({ code: 'GRAPHQL_PARSE_FAILED' });
  });

  it('a pair of surrogates (an emoji, a CJK extension character) is text: stored and read back as sent', async () => {
    const title = '出差 😀 𠀀';
    const synced = await app.gql<SyncResult>(SYNC, { input: syncInput({ approvalCode: 'PAIRS', instanceId: 'pairs', title: { zhCN: title } }) });
    expect(synced.data.syncExternalInstance.__typename, synced.text).toBe('SyncExternalInstancePayload');
    const read = await app.gql<{ externalInstance: { titleZh: string } }>(READ, { approvalCode: 'PAIRS', instanceId: 'pairs' });
    expect(read.data.externalInstance.titleZh).toBe(title);
  });
});

describe('a body Yoga cannot read', () => {
  it.each([
    ['a multipart body without operations', () => new FormData()],
    [
      'a multipart body whose operations are no JSON',
      () => {
        const form = new FormData();
        form.set('operations', '{ nope');
        return form;
      },
    ],
  ])('%s: HTTP 400, BAD_REQUEST', async (_case, body) => {
    // With the header that tells a client from a browser's cross-site form (see Browsers): without
    // it a multipart body is refused before it is read.
    const csrf = { 'x-graphql-yoga-csrf': '1' };
    for (const headers of [csrf, { ...csrf, ...GRAPHQL_RESPONSE }]) {
      const response = await app.runtime.yoga.fetch('http://yoga/graphql', { method: 'POST', headers, body: body() });
      const answer = (await response.json()) as { errors?: { extensions?: Record<string, unknown> }[] };
      expect(response.status).toBe(400);
      expect(answer.errors?.[0]?.extensions).toEqual({ code: 'BAD_REQUEST' });
    }
  });
});
