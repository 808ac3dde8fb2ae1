import {
  type ExecutionResult,
  type DocumentNode,
  GraphQLError,
  GraphQLInterfaceType,
  GraphQLList,
  GraphQLNonNull,
  GraphQLObjectType,
  GraphQLSchema,
  GraphQLString,
  GraphQLUnionType,
  execute,
  getIntrospectionQuery,
  getOperationAST,
  isObjectType,
  parse,
} from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ContextDeps, createContext } from '../src/context.js';
import type { ApprovalDefinitions } from '../src/definitions/service.js';
import type { CreateInstanceService } from '../src/create-instance/service.js';
import { type CompiledQueries, createCompiledQueries } from '../src/execution/compiled-queries.js';
import { createExecute } from '../src/execution/execute.js';
import { maskError } from '../src/mask-error.js';
import { schema } from '../src/schema/index.js';
import type { SyncExternalInstanceService } from '../src/services/sync-external-instance.js';
import { type TestApp, startTestApp } from './support/app.js';
import { CREATE, type CreateResult, leaveInput } from './support/create-fixtures.js';
import { SYNC, type SyncResult, at, ccInput, syncInput, taskInput } from './support/fixtures.js';

/** What `compiledQueries` gives for the document's only operation. */
const compiledQueryOf = (compiledQueries: CompiledQueries, document: DocumentNode) => compiledQueries(document, getOperationAST(document)!);

/** A result as a client receives it, and each error's class (masking relies on graphql-js's). */
function asSent(result: ExecutionResult) {
  return {
    json: JSON.parse(JSON.stringify(result)) as unknown,
    errorClasses: (result.errors ?? []).map((error) => Object.getPrototypeOf(error) === GraphQLError.prototype),
  };
}

describe('queries compiled by graphql-jit, against graphql-js on the facade schema', () => {
  let app: TestApp;
  const compiled = createExecute(schema);
  const compiledQueries = createCompiledQueries(schema);

  beforeAll(async () => {
    app = await startTestApp();
    const sync = async (input: Record<string, unknown>) => {
      const result = await app.gql<SyncResult>(SYNC, { input: syncInput(input) });
      expect(result.data.syncExternalInstance.__typename, result.text).toBe('SyncExternalInstancePayload');
    };
    await sync({
      instanceId: 'A1',
      userId: 'alice',
      extra: { priority: 'high', tags: ['a', 'b'] },
      taskList: [taskInput(1, { userId: 'bob', updateTime: at(1) }), taskInput(2, { userId: 'bob', status: 'APPROVED', updateTime: at(2) })],
      ccList: [ccInput(1, { openId: null, userId: 'bob' })],
    });
    await sync({
      instanceId: 'A2',
      userId: 'alice',
      status: 'APPROVED',
      title: null,
      updateTime: at(5),
      taskList: [taskInput(3, { userId: 'bob', updateTime: at(5) })],
    });
    const created = await app.gql<CreateResult>(CREATE, { input: leaveInput({ userId: 'alice', uuid: 'compiled-operations-1' }) });
    expect(created.data.createInstance.__typename, created.text).toBe('CreateInstancePayload');
  });
  afterAll(() => app.close());

  /** Runs `source` both ways, each with a fresh context, and expects the same answer. */
  async function expectSameAnswer(source: string, variables: Record<string, unknown> = {}) {
    const document = parse(source);
    expect(compiledQueryOf(compiledQueries, document)).not.toBeNull();
    const unused = new Proxy({}, { get: () => () => Promise.reject(new Error('reads only')) });
    const deps: ContextDeps = {
      mirror: app.runtime.mirror,
      syncs: unused as SyncExternalInstanceService,
      createInstances: unused as CreateInstanceService,
      definitions: unused as ApprovalDefinitions,
      defaultLocale: 'zh-CN',
    };
    const request = new Request('http://yoga/graphql', { headers: { 'accept-language': 'en-US' } });
    const run = (executeFn: typeof execute) => executeFn({ schema, document, variableValues: variables, contextValue: createContext(deps, request) });
    const fast = asSent(await run(compiled));
    const reference = asSent(await run(execute));
    expect(fast.json).toEqual(reference.json);
    expect(JSON.stringify(fast.json)).toBe(JSON.stringify(reference.json));
    expect(fast.errorClasses).toEqual(reference.errorClasses);
    return fast.json as { data?: Record<string, unknown>; errors?: { message: string; extensions?: Record<string, unknown> }[] };
  }

  it('an instance with every kind of field: localized texts, links, JSON, nested lists, aliases, fragments, @include and @skip', async () => {
    const answer = await expectSameAnswer(
      `query Read($code: String!, $id: String!, $withTasks: Boolean!, $noCc: Boolean = false) {
        externalInstance(approvalCode: $code, instanceId: $id) {
          __typename id ...Head
          titleZh: title(locale: ZH_CN) titleLocalized { zhCN enUS jaJP }
          form { name value(locale: ZH_CN) }
          taskList @include(if: $withTasks) { id taskId title status updateTime links { pcLink } instance { instanceId } }
          ccList @skip(if: $noCc) { ccId readStatus title instance { ... on ExternalInstance { title(locale: ZH_CN) } } }
        }
      }
      fragment Head on ExternalInstance { instanceId status title startTime endTime extra links { pcLink mobileLink } defaultLocale lastSyncedAt }`,
      { code: 'APPROVAL-1', id: 'A1', withTasks: true },
    );
    expect(answer.data?.externalInstance).toMatchObject({ instanceId: 'A1', title: 'Leave request', titleZh: '请假申请', extra: { priority: 'high' } });
  });

  it('a filtered page with cursors, page info and total count, then the next page', async () => {
    const PAGE = `query Page($after: String) {
      externalInstances(first: 1, after: $after, filter: { initiator: { userId: "alice" } }) {
        totalCount
        pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
        edges { cursor node { instanceId status title updateTime } }
      }
    }`;
    const first = await expectSameAnswer(PAGE);
    const endCursor = (first.data!.externalInstances as { pageInfo: { endCursor: string } }).pageInfo.endCursor;
    const second = await expectSameAnswer(PAGE, { after: endCursor });
    expect(second.data?.externalInstances).toMatchObject({ edges: [{ node: { instanceId: 'A1' } }] });
  });

  it("a user's approval center: the union of what they started, their tasks with their instances, their cc entries", async () => {
    const answer = await expectSameAnswer(`{
      alice: approvalCenter(user: { userId: "alice" }) {
        userId
        initiated(first: 10) { totalCount edges { node { __typename ... on ExternalInstance { instanceId title } ... on ApprovalInstance { uuid intentState title } } } }
      }
      bob: approvalCenter(user: { userId: "bob" }) {
        pendingTasks(first: 10) { edges { node { ... on ExternalTask { taskId title(locale: ZH_CN) instance { instanceId title } } } } }
        doneTasks(first: 10) { edges { node { ... on ExternalTask { taskId status } } } }
        ccToMe(first: 10, readStatus: UNREAD) { edges { node { ... on ExternalCcEntry { ccId title } } } }
      }
    }`);
    expect(answer.data?.alice).toMatchObject({ initiated: { totalCount: 3 } });
  });

  it('nodes by global id, through the Node interface', async () => {
    const page = await expectSameAnswer(`{ externalInstances(first: 5) { edges { node { id taskList { id } } } } }`);
    const ids = JSON.stringify(page)
      .match(/"id":"[^"]+"/g)!
      .map((pair) => pair.slice(6, -1));
    await expectSameAnswer(
      `query($ids: [ID!]!, $one: ID!) {
        nodes(ids: $ids) { __typename id ... on ExternalInstance { instanceId } ... on ExternalTask { taskId title } }
        node(id: $one) { id ... on ExternalInstance { instanceId } }
      }`,
      { ids, one: ids[0]! },
    );
  });

  it('errors: the same messages, paths, locations and codes, as graphql-js errors', async () => {
    const badCursor = await expectSameAnswer(`{ ok: externalInstances(first: 1) { totalCount } bad: externalInstances(after: "nope") { totalCount } }`);
    expect(badCursor.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'after' });
    expect(badCursor.data).toBeNull();
    const tooMany = await expectSameAnswer(`{ approvalCenter(user: { userId: "bob" }) { pendingTasks(first: 101) { totalCount } } }`);
    expect(tooMany.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'first' });
    const badId = await expectSameAnswer(`{ node(id: "@@@") { id } }`);
    expect(badId.errors).toHaveLength(1);
  });

  it('introspection', async () => {
    await expectSameAnswer(getIntrospectionQuery({ descriptions: true, specifiedByUrl: true, inputValueDeprecation: true }));
  });
});

describe('queries compiled by graphql-jit, on what the facade schema lacks', () => {
  const Named = new GraphQLInterfaceType({ name: 'Named', fields: { name: { type: GraphQLString } } });
  type PetValue = { kind: string; name: string; lives?: string | null; owner?: string | null };
  const Cat = new GraphQLObjectType<PetValue>({
    name: 'Cat',
    interfaces: [Named],
    fields: {
      name: { type: GraphQLString },
      lives: { type: new GraphQLNonNull(GraphQLString), resolve: (cat) => cat.lives ?? Promise.reject(new Error('async failure')) },
    },
    isTypeOf: (value: PetValue) => value.kind === 'cat',
  });
  const Dog = new GraphQLObjectType<PetValue>({
    name: 'Dog',
    interfaces: [Named],
    fields: { name: { type: GraphQLString }, owner: { type: new GraphQLNonNull(GraphQLString) } },
    isTypeOf: (value: PetValue) => value.kind === 'dog',
  });
  const Pet = new GraphQLUnionType({ name: 'Pet', types: [Cat, Dog], resolveType: (value: PetValue) => (value.kind === 'cat' ? 'Cat' : 'Dog') });
  const coded = Object.assign(new Error('coded failure'), { extensions: { code: 'TEAPOT' } });
  const pets = [
    { kind: 'cat', name: 'Tom', lives: '9' },
    { kind: 'dog', name: 'Rex', owner: null },
    { kind: 'cat', name: 'Kit', lives: null },
  ];
  const testSchema = new GraphQLSchema({
    query: new GraphQLObjectType({
      name: 'Query',
      fields: {
        pets: { type: new GraphQLList(Pet), resolve: () => pets },
        named: { type: new GraphQLList(new GraphQLNonNull(Named)), resolve: () => Promise.resolve(pets) },
        plain: {
          type: GraphQLString,
          resolve: () => {
            throw new Error('plain failure');
          },
        },
        coded: { type: GraphQLString, resolve: () => Promise.reject(coded) },
        echo: { type: GraphQLString, args: { text: { type: GraphQLString } }, resolve: (_root, args: { text?: string }) => args.text ?? null },
      },
    }),
  });
  const QUERY = `query Q($text: String) {
    pets { __typename ... on Cat { name lives } ... on Dog { name owner } }
    named { name ... on Dog { owner } }
    plain coded echo(text: $text)
  }`;

  it('nulls, non-null bubbling, unions, interfaces, promises and errors as graphql-js', async () => {
    const compiled = createExecute(testSchema);
    const document = parse(QUERY);
    expect(compiledQueryOf(createCompiledQueries(testSchema), document)).not.toBeNull();
    const variableValues = { text: 'hi' };
    const fast = await compiled({ schema: testSchema, document, variableValues });
    const reference = await execute({ schema: testSchema, document, variableValues });
    // The same errors; graphql-jit may list them in another order (the spec leaves it open).
    const byPath = (result: ExecutionResult) => {
      const sent = asSent(result);
      const json = sent.json as { errors: { path: unknown[] }[] };
      return { ...sent, json: { ...json, errors: [...json.errors].sort((a, b) => JSON.stringify(a.path).localeCompare(JSON.stringify(b.path))) } };
    };
    expect(byPath(fast)).toEqual(byPath(reference));
    expect(fast.errors?.map((error) => error.message)).toEqual(expect.arrayContaining(['plain failure', 'coded failure', 'async failure']));
    // Each is graphql-js's own error, with the original error and its extensions.
    for (const error of fast.errors ?? []) {
      expect(Object.getPrototypeOf(error)).toBe(GraphQLError.prototype);
      expect(error.locations?.length).toBeGreaterThan(0);
    }
    const codedError = fast.errors!.find((error) => error.message === 'coded failure')!;
    expect(codedError.originalError).toBe(coded);
    expect(codedError.extensions).toEqual({ code: 'TEAPOT' });
  });

  it("errors the facade's masking can read and mark: unexpected ones are hidden", async () => {
    const compiled = createExecute(testSchema);
    const result = await compiled({ schema: testSchema, document: parse('{ plain }') });
    const masked = maskError(result.errors![0], 'Unexpected error.');
    expect(masked.message).toBe('Unexpected error.');
  });
});

describe('compiled queries, kept for the 1,000 operations run last', () => {
  const documents = Array.from({ length: 1_001 }, (_, n) => parse(`query Q${n} { __typename }`));

  it('an operation is compiled once while it stays among them; the least recently run is compiled again after 1,000 others', () => {
    const compiledQueries = createCompiledQueries(schema);
    const compiledOf = (n: number) => compiledQueryOf(compiledQueries, documents[n]!);
    const first = compiledOf(0);
    const second = compiledOf(1);
    expect(first).not.toBeNull();
    for (let n = 2; n < 1_000; n += 1) compiledOf(n);
    expect(compiledOf(0)).toBe(first);
    compiledOf(1_000);
    expect(compiledOf(0)).toBe(first);
    const secondAgain = compiledOf(1);
    expect(secondAgain).not.toBeNull();
    expect(secondAgain).not.toBe(second);
  });

  it('at most as many as asked', () => {
    const compiledQueries = createCompiledQueries(schema, 2);
    const compiledOf = (n: number) => compiledQueryOf(compiledQueries, documents[n]!);
    const first = compiledOf(0);
    compiledOf(1);
    expect(compiledOf(0)).toBe(first);
    compiledOf(2);
    compiledOf(1);
    expect(compiledOf(0)).not.toBe(first);
  });
});

describe('fields graphql-jit reads inline', () => {
  const fieldsOf = (type: GraphQLObjectType) => type.getFields();

  it("every connection's edges and page info, every edge's node, and the row fields that answer a column as it is have no resolver", () => {
    // graphql-jit reads a field without a resolver as its parent's property; a resolver costs a
    // call, a path and a resolve info per row.
    const objects = Object.values(schema.getTypeMap()).filter(isObjectType);
    const connections = objects.filter((type) => type.name.endsWith('Connection'));
    const edges = objects.filter((type) => type.name.endsWith('Edge'));
    expect(connections.map((type) => type.name)).toEqual(
      expect.arrayContaining(['ExternalInstanceConnection', 'ApprovalCenterTaskConnection', 'ApprovalCenterCcEntryConnection']),
    );
    expect(edges.length).toBe(connections.length);
    for (const type of connections) {
      expect(fieldsOf(type).edges!.resolve, `${type.name}.edges`).toBeUndefined();
      expect(fieldsOf(type).pageInfo!.resolve, `${type.name}.pageInfo`).toBeUndefined();
    }
    for (const type of edges) expect(fieldsOf(type).node!.resolve, `${type.name}.node`).toBeUndefined();
    const columns: Record<string, string[]> = {
      ExternalInstance: ['instanceId', 'status', 'startTime', 'endTime', 'updateTime', 'displayMethod', 'updateMode', 'defaultLocale', 'lastSyncedAt'],
      ExternalTask: ['taskId', 'status', 'createTime', 'endTime', 'updateTime', 'displayMethod', 'generateType'],
      ExternalCcEntry: ['ccId', 'readStatus', 'createTime', 'updateTime', 'displayMethod'],
      ApprovalInstance: ['defaultLocale', 'api', 'createdAt', 'updatedAt'],
    };
    for (const [typeName, names] of Object.entries(columns)) {
      const fields = fieldsOf(schema.getType(typeName) as GraphQLObjectType);
      for (const name of names) expect(fields[name]!.resolve, `${typeName}.${name}`).toBeUndefined();
    }
  });
});
