import { type GraphQLObjectType, getIntrospectionQuery, getNullableType, isListType } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LIST_SIZES } from '../src/limits/cost.js';
import { REQUEST_LIMITS } from '../src/limits/values.js';
import { schema } from '../src/schema/index.js';
import { type TestApp, startTestApp } from './support/app.js';
import { SYNC, type SyncResult, syncInput } from './support/fixtures.js';
import { mirrorRowCounts } from './support/mirror.js';

/**
 * Each limit at its exact boundary: at the limit the request runs, one over it is refused with
 * HTTP 400 naming the limit, under either media type, and nothing of it ran (no SQL statement,
 * no Feishu call, the mirror as it was).
 */
const { maxDocumentLength, maxTokens, maxNesting, maxStringLength, maxDepth, maxAliases, maxDirectives, maxCost, maxCostSelections } = REQUEST_LIMITS;

let app: TestApp;
const statements: string[] = [];
beforeAll(async () => {
  app = await startTestApp({ overrides: { onQuery: (query) => statements.push(query) } });
});
afterAll(() => app.close());

const MEDIA_TYPES = ['application/json', 'application/graphql-response+json'];
/** How each limit's message starts. */
const LIMIT_WORDS: Record<string, string> = {
  documentLength: 'Document length',
  tokens: 'Token',
  nesting: 'Nesting',
  stringLength: 'String length',
  depth: 'Query depth',
  aliases: 'Aliases',
  directives: 'Directives',
  cost: 'Query cost',
};
const ONE_PAGE = 'externalInstances(first: 1) { totalCount }';

async function expectRefused(limit: string, max: number, query: string, variables: Record<string, unknown> | undefined, accept: string) {
  const rows = await mirrorRowCounts(app.runtime.mirror);
  const before = { statements: statements.length, feishuCalls: app.sandbox.calls.length };
  const result = await app.gql(query, variables, { accept });
  expect(result.status, result.text).toBe(400);
  expect(JSON.parse(result.text)).not.toHaveProperty('data');
  expect(result.errors).toHaveLength(1);
  expect(result.errors?.[0]?.extensions).toEqual({ code: 'REQUEST_LIMIT_EXCEEDED', limit, max });
  expect(result.errors?.[0]?.message).toMatch(new RegExp(`^${LIMIT_WORDS[limit]} limit of ${max} exceeded`));
  expect({ statements: statements.length, feishuCalls: app.sandbox.calls.length }, 'SQL statements run, Feishu calls made').toEqual(before);
  expect(await mirrorRowCounts(app.runtime.mirror)).toEqual(rows);
  return result;
}

async function expectRuns(query: string, variables: Record<string, unknown> | undefined, accept: string) {
  const before = statements.length;
  const result = await app.gql(query, variables, { accept });
  expect(result.status, result.text).toBe(200);
  expect(result.errors, result.text).toBeUndefined();
  expect(statements.length, 'SQL statements run').toBeGreaterThan(before);
  return result;
}

describe.each(MEDIA_TYPES)('each limit at its boundary, under %s', (accept) => {
  it(`document length: ${maxDocumentLength} characters run, one more is refused`, async () => {
    const document = (length: number) => `{ ${ONE_PAGE} }`.padEnd(length, ' ');
    await expectRuns(document(maxDocumentLength), undefined, accept);
    await expectRefused('documentLength', maxDocumentLength, document(maxDocumentLength + 1), undefined, accept);
  });

  it(`tokens: ${maxTokens} run, one more is refused`, async () => {
    // 12 tokens around n global IDs (commas are no tokens).
    const id = Buffer.from('ExternalInstance:900000').toString('base64');
    const document = (n: number) => `{ nodes(ids: [${`"${id}", `.repeat(n)}]) { id } }`;
    await expectRuns(document(maxTokens - 12), undefined, accept);
    await expectRefused('tokens', maxTokens, document(maxTokens - 11), undefined, accept);
  });

  it(`nesting of the document: ${maxNesting} levels run, one more is refused`, async () => {
    // The outer braces, k inline fragments, the page's arguments and selection: k + 2 levels.
    const document = (k: number) => `{ ${'... on Query { '.repeat(k)}${ONE_PAGE}${' }'.repeat(k)} }`;
    await expectRuns(document(maxNesting - 2), undefined, accept);
    await expectRefused('nesting', maxNesting, document(maxNesting - 1), undefined, accept);
  });

  it(`nesting of the variables: ${maxNesting} levels run, one more is refused, and Feishu is not called`, async () => {
    // The input is one level, its extra one more, then each nested object one more.
    const nested = (levels: number): Record<string, unknown> => (levels === 1 ? { leaf: true } : { deeper: nested(levels - 1) });
    const input = (id: string, extraLevels: number) => syncInput({ instanceId: id, extra: nested(extraLevels) });
    const calls = app.sandbox.calls.length;
    const atLimit = await app.gql<SyncResult>(SYNC, { input: input(`nesting-${accept}`, maxNesting - 1) }, { accept });
    expect(atLimit.status, atLimit.text).toBe(200);
    expect(atLimit.data.syncExternalInstance.__typename, atLimit.text).toBe('SyncExternalInstancePayload');
    expect(app.sandbox.calls.length).toBeGreaterThan(calls);
    const over = await expectRefused('nesting', maxNesting, SYNC, { input: input(`nesting-over-${accept}`, maxNesting) }, accept);
    expect(over.errors?.[0]?.message).toContain('"$input"');
  });

  it(`string length in the variables: ${maxStringLength} characters run, one more is refused, and Feishu is not called`, async () => {
    const input = (id: string, length: number) => syncInput({ instanceId: id, extra: { note: 'n'.repeat(length) } });
    const atLimit = await app.gql<SyncResult>(SYNC, { input: input(`long-${accept}`, maxStringLength) }, { accept });
    expect(atLimit.data.syncExternalInstance.__typename, atLimit.text).toBe('SyncExternalInstancePayload');
    const over = await expectRefused('stringLength', maxStringLength, SYNC, { input: input(`long-over-${accept}`, maxStringLength + 1) }, accept);
    expect(over.errors?.[0]?.message).toBe(
      `String length limit of ${maxStringLength} exceeded: variable "$input" holds a string of ${maxStringLength + 1} characters at "input.extra.note".`,
    );
  });

  it(`depth: ${maxDepth} levels of fields run, one more is refused`, async () => {
    // `__type`, `fields`, `type`, j `ofType`s, `name`: j + 4 levels. The page makes a statement.
    const document = (j: number) => `{ ${ONE_PAGE} __type(name: "ExternalInstance") { fields { type ${'{ ofType '.repeat(j)}{ name }${' }'.repeat(j)} } } }`;
    await expectRuns(document(maxDepth - 4), undefined, accept);
    await expectRefused('depth', maxDepth, document(maxDepth - 3), undefined, accept);
  });

  it(`aliases: ${maxAliases} run, one more is refused`, async () => {
    const document = (n: number) => `{ ${Array.from({ length: n }, (_, i) => `a${i}: ${ONE_PAGE}`).join(' ')} }`;
    await expectRuns(document(maxAliases), undefined, accept);
    await expectRefused('aliases', maxAliases, document(maxAliases + 1), undefined, accept);
  });

  it(`directives: ${maxDirectives} run, one more is refused`, async () => {
    const document = (n: number) => `{ externalInstances(first: 1) { ${'totalCount @include(if: true) '.repeat(n)}} }`;
    await expectRuns(document(maxDirectives), undefined, accept);
    await expectRefused('directives', maxDirectives, document(maxDirectives + 1), undefined, accept);
  });
});

describe.each(MEDIA_TYPES)('the cost, under %s', (accept) => {
  // A page row selecting its tasks' ids costs 303: edges 1, node 1, taskList 1 + 300 (Feishu's
  // most tasks) × taskId 1. A page of n rows costs 1 + 303 n; nodes(ids:) of k ids, 1 + k.
  const ROW = 303;
  const page = (alias: string, size: string) =>
    `${alias}: externalInstances(${size}filter: { approvalCodes: ["NONE"] }) { edges { node { taskList { taskId } } } }`;
  const nodeId = (n: number) => Buffer.from(`ExternalInstance:${900_000 + n}`).toString('base64');
  const ids = (k: number) => Array.from({ length: k }, (_, i) => nodeId(i));

  it(`page sizes multiply: ${maxCost} runs, one more is refused, and the same document costs again with other variables`, async () => {
    const document = `query($full: Int, $rest: Int, $ids: [ID!]!) {
      ${['a', 'b', 'c', 'd', 'e', 'f'].map((alias) => page(alias, 'first: $full, ')).join('\n')}
      ${page('rest', 'first: $rest, ')}
      nodes(ids: $ids) { id }
    }`;
    const full = 6 * (1 + 100 * ROW);
    const rest = 1 + 59 * ROW;
    const k = maxCost - full - rest - 1;
    await expectRuns(document, { full: 100, rest: 59, ids: ids(k) }, accept);
    const over = await expectRefused('cost', maxCost, document, { full: 100, rest: 59, ids: ids(k + 1) }, accept);
    expect(over.errors?.[0]?.message).toBe(`Query cost limit of ${maxCost} exceeded, found ${maxCost + 1}.`);
    await expectRefused('cost', maxCost, document, { full: 100, rest: 60, ids: ids(k) }, accept);
  });

  it('a page without first or last counts 20 rows, and last counts as first', async () => {
    const document = (size: string) => `query($ids: [ID!]!) {
      ${['a', 'b', 'c', 'd', 'e', 'f'].map((alias) => page(alias, 'first: 100, ')).join('\n')}
      ${page('rest', size)}
      nodes(ids: $ids) { id }
    }`;
    const k = maxCost - 6 * (1 + 100 * ROW) - (1 + 20 * ROW) - 1;
    await expectRuns(document(''), { ids: ids(k) }, accept);
    await expectRuns(document('last: 20, '), { ids: ids(k) }, accept);
    await expectRefused('cost', maxCost, document('first: 21, '), { ids: ids(k) }, accept);
    await expectRefused('cost', maxCost, document('last: 21, '), { ids: ids(k) }, accept);
  });

  it('a page size over 100 counts as 100: the resolver refuses it, naming the argument', async () => {
    // Five full pages and one of 500 rows would cost 303,006: it is counted 181,806.
    const document = `{ ${['a', 'b', 'c', 'd', 'e', 'f'].map((alias, i) => page(alias, i === 5 ? 'first: 500, ' : 'first: 100, ')).join(' ')} }`;
    const result = await app.gql(document, undefined, { accept });
    expect(result.errors?.[0]?.extensions, result.text).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'first' });
  });

  it('every list counted at its most items is a list of the schema (a renamed field would count 20)', () => {
    for (const coordinate of Object.keys(LIST_SIZES)) {
      const [typeName, fieldName] = coordinate.split('.') as [string, string];
      const type = schema.getType(typeName);
      const field = type && 'getFields' in type ? (type as GraphQLObjectType).getFields()[fieldName] : undefined;
      expect(field && isListType(getNullableType(field.type)), coordinate).toBe(true);
    }
  });

  it(`selections once fragments are expanded: ${maxCostSelections} run, one more is refused`, async () => {
    // The page and its totalCount, then s spreads of a fragment of m fields: 2 + s (1 + m).
    const [s, m] = [42, 118];
    expect(2 + s * (1 + m)).toBe(maxCostSelections);
    const document = (extra: string) => `{ ${ONE_PAGE} ${'...A '.repeat(s)}${extra}} fragment A on Query { ${'__typename '.repeat(m)}}`;
    await expectRuns(document(''), undefined, accept);
    const over = await expectRefused('cost', maxCost, document('__typename '), undefined, accept);
    expect(over.errors?.[0]?.message).toContain(`more than ${maxCostSelections} selections`);
  });
});

describe('introspection, which the cost does not count', () => {
  it('the query GraphiQL sends runs; introspection nesting lists deeper is refused by graphql-js', async () => {
    const full = getIntrospectionQuery({
      descriptions: true,
      specifiedByUrl: true,
      directiveIsRepeatable: true,
      schemaDescription: true,
      inputValueDeprecation: true,
      oneOf: true,
    });
    const ran = await app.gql(full, undefined, { accept: 'application/graphql-response+json' });
    expect(ran.status, ran.text.slice(0, 300)).toBe(200);
    const deep = await app.gql('{ __schema { types { fields { type { fields { type { fields { name } } } } } } } }', undefined, {
      accept: 'application/graphql-response+json',
    });
    expect(deep.status).toBe(400);
    expect(deep.errors?.[0]?.message).toBe('Maximum introspection depth exceeded');
  });
});

describe('the requests of issue 33: each refused, the server answering after', () => {
  const healthz = async () => (await app.runtime.yoga.fetch('http://yoga/healthz')).status;

  it('the nesting bomb: a page of 100 instances, each task leading back to its instance and its tasks, eight times', async () => {
    let inner = 'instanceId';
    for (let level = 0; level < 8; level += 1) inner = `instanceId taskList { taskId instance { ${inner} } }`;
    const bomb = `{ externalInstances(first: 100) { edges { node { ${inner} } } } }`;
    expect(Buffer.byteLength(bomb)).toBeLessThan(450);
    for (const accept of MEDIA_TYPES) await expectRefused('depth', maxDepth, bomb, undefined, accept);
    expect(await healthz()).toBe(200);
  });

  it('the same bomb within the depth limit is refused for its cost', async () => {
    const bomb = '{ externalInstances(first: 100) { edges { node { taskList { instance { taskList { instance { taskList { taskId } } } } } } } } }';
    for (const accept of MEDIA_TYPES) await expectRefused('cost', maxCost, bomb, undefined, accept);
  });

  it('5,000 aliased pages of 100 (and the first 500, and 50, of them alone)', async () => {
    const aliases = (n: number) => `{ ${Array.from({ length: n }, (_, i) => `a${i}: externalInstances(first: 100) { totalCount }`).join(' ')} }`;
    for (const accept of MEDIA_TYPES) {
      await expectRefused('documentLength', maxDocumentLength, aliases(5_000), undefined, accept);
      await expectRefused('tokens', maxTokens, aliases(500), undefined, accept);
      await expectRefused('aliases', maxAliases, aliases(50), undefined, accept);
    }
    expect(await healthz()).toBe(200);
  });

  it('a fragment fan-out of 26 levels, each fragment spreading the next twice', async () => {
    const fragments = Array.from({ length: 26 }, (_, i) =>
      i === 25 ? 'fragment F25 on Query { __typename }' : `fragment F${i} on Query { ...F${i + 1} ...F${i + 1} }`,
    );
    const fanOut = `{ ${ONE_PAGE} ...F0 } ${fragments.join(' ')}`;
    for (const accept of MEDIA_TYPES) await expectRefused('cost', maxCost, fanOut, undefined, accept);
    expect(await healthz()).toBe(200);
  });
});
