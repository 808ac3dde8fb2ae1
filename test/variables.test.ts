import { isDeepStrictEqual } from 'node:util';
import {
  type DocumentNode,
  GraphQLEnumType,
  GraphQLError,
  GraphQLInputObjectType,
  GraphQLList,
  GraphQLNonNull,
  GraphQLObjectType,
  GraphQLScalarType,
  GraphQLSchema,
  GraphQLString,
  type OperationDefinitionNode,
  execute,
  getVariableValues,
  parse,
  print,
} from 'graphql';
import { describe, expect, it } from 'vitest';
import { createExecute, executionPathOf } from '../src/execution/execute.js';
import { NOT_COERCED, compileVariablesCoercion } from '../src/execution/variables.js';
import { schema } from '../src/schema/index.js';
import { CREATE, leaveInput } from './support/create-fixtures.js';
import { SYNC, ccInput, syncInput, taskInput } from './support/fixtures.js';

const operationOf = (document: DocumentNode) => document.definitions[0] as OperationDefinitionNode;

/**
 * The compiled coercion must give what graphql-js gives, or decline. Each case is coerced both
 * ways: a valid one must be coerced by the fast path to the same values (prototypes and key order
 * included); an invalid one must be declined, so that graphql-js reports it.
 */
function expectSameAsGraphqlJs(target: GraphQLSchema, source: string, cases: Record<string, { valid: boolean; variables: Record<string, unknown> }>) {
  const operation = operationOf(parse(source));
  const coerce = compileVariablesCoercion(target, operation);
  expect(coerce).not.toBeNull();
  for (const [name, { valid, variables }] of Object.entries(cases)) {
    const inputs = JSON.parse(JSON.stringify(variables)) as Record<string, unknown>;
    const reference = getVariableValues(target, operation.variableDefinitions ?? [], inputs);
    const fast = coerce!(JSON.parse(JSON.stringify(variables)) as Record<string, unknown>);
    if (!valid) {
      expect(reference.errors?.length, name).toBeGreaterThan(0);
      expect(fast, name).toBe(NOT_COERCED);
      continue;
    }
    expect(reference.errors, name).toBeUndefined();
    expect(fast, name).not.toBe(NOT_COERCED);
    expect(isDeepStrictEqual(fast, reference.coerced), `${name}: same values and prototypes`).toBe(true);
    expect(JSON.stringify(fast), `${name}: same key order`).toBe(JSON.stringify(reference.coerced));
  }
}

describe('compiled variable coercion, against graphql-js on the facade schema', () => {
  it('coerces syncExternalInstance inputs as graphql-js does, and declines the invalid ones', () => {
    expectSameAsGraphqlJs(schema, SYNC, {
      'full input': { valid: true, variables: { input: syncInput({ taskList: [taskInput(1), taskInput(2, { actionConfigs: [{ actionType: 'APPROVE' }] })], extra: { a: [1, { b: null }] } }) } },
      'explicit nulls': { valid: true, variables: { input: syncInput({ ccList: null, title: null, endTime: null }) } },
      'a list given as one object': { valid: true, variables: { input: syncInput({ taskList: taskInput(1), ccList: ccInput(1) }) } },
      'unknown field': { valid: false, variables: { input: syncInput({ tittle: { zhCN: 'x' } }) } },
      'unknown locale': { valid: false, variables: { input: syncInput({ title: { zhCN: 'x', frCA: 'y' } }) } },
      'missing required field': { valid: false, variables: { input: syncInput({ instanceId: undefined }) } },
      'required field null': { valid: false, variables: { input: syncInput({ approvalCode: null }) } },
      'number for a String': { valid: false, variables: { input: syncInput({ userId: 12 }) } },
      'unknown enum value': { valid: false, variables: { input: syncInput({ status: 'DONE' }) } },
      'enum given as a number': { valid: false, variables: { input: syncInput({ status: 1 }) } },
      'bad DateTime': { valid: false, variables: { input: syncInput({ updateTime: '2026-11-20 09:00' }) } },
      'task not an object': { valid: false, variables: { input: syncInput({ taskList: ['task-1'] }) } },
      'input is a list': { valid: false, variables: { input: [syncInput()] } },
      'input is null': { valid: false, variables: { input: null } },
      'input absent': { valid: false, variables: {} },
      'a __proto__ key': { valid: false, variables: { input: JSON.parse(`{"__proto__": {"x": 1}, ${JSON.stringify(syncInput()).slice(1)}`) as unknown } },
    });
  });

  it('coerces createInstance inputs (recursive @oneOf widgets) as graphql-js does', () => {
    const fieldList = { fieldList: { id: 'items', value: [[{ input: { id: 'name', value: 'A' } }, { amount: { id: 'cost', value: 12.5 } }], [{ fieldList: { id: 'inner', value: [[{ textarea: { id: 't', value: 'x' } }]] } }]] } };
    expectSameAsGraphqlJs(schema, CREATE, {
      'leave request': { valid: true, variables: { input: leaveInput() } },
      'nested field lists': { valid: true, variables: { input: leaveInput({ form: [fieldList] }) } },
      'a widget with two members': { valid: false, variables: { input: leaveInput({ form: [{ input: { id: 'a', value: 'x' }, textarea: { id: 'b', value: 'y' } }] }) } },
      'a widget with no member': { valid: false, variables: { input: leaveInput({ form: [{}] }) } },
      'a widget member set to null': { valid: false, variables: { input: leaveInput({ form: [{ input: null }] }) } },
      'a bad widget deep in a field list': { valid: false, variables: { input: leaveInput({ form: [{ fieldList: { id: 'items', value: [[{ amount: { id: 'cost', value: 'twelve' } }]] } }] }) } },
    });
  });

  it('coerces query variables (filters, @oneOf user, enums, times, absent nullable variables) as graphql-js does', () => {
    const query = `query List($filter: ExternalInstanceFilter, $first: Int, $after: String, $order: ExternalInstanceOrder) {
      externalInstances(filter: $filter, first: $first, after: $after, orderBy: $order) { totalCount }
    }`;
    expectSameAsGraphqlJs(schema, query, {
      'every variable': {
        valid: true,
        variables: {
          filter: { statuses: ['PENDING', 'APPROVED'], initiator: { userId: 'u1' }, updateTime: { from: '2026-11-01T00:00:00+08:00' } },
          first: 50,
          after: null,
          order: { field: 'START_TIME', direction: 'ASC' },
        },
      },
      'absent nullable variables': { valid: true, variables: { first: 5 } },
      'no variables at all': { valid: true, variables: {} },
      'a status given alone': { valid: true, variables: { filter: { statuses: 'PENDING' } } },
      'a user by both ids': { valid: false, variables: { filter: { initiator: { userId: 'u1', openId: 'ou_1' } } } },
      'a float for an Int': { valid: false, variables: { first: 1.5 } },
      'an order without direction': { valid: false, variables: { order: { field: 'START_TIME' } } },
    });
  });
});

/** A schema with what the facade's schema lacks: defaults, internal enum values, nested lists. */
const Color = new GraphQLEnumType({ name: 'Color', values: { RED: { value: 'red-internal' }, BLUE: { value: 'blue-internal' } } });
const Even = new GraphQLScalarType({
  name: 'Even',
  parseValue: (value) => {
    if (typeof value !== 'number' || value % 2 !== 0) throw new Error('not even');
    return value / 2;
  },
});
/** graphql-js takes undefined from parseValue as a refusal. */
const Note = new GraphQLScalarType({ name: 'Note', parseValue: (value) => (value === 'skip' ? undefined : value) });
const Options = new GraphQLInputObjectType({
  name: 'Options',
  fields: {
    color: { type: Color, defaultValue: 'blue-internal' },
    size: { type: new GraphQLNonNull(Even) },
    grid: { type: new GraphQLList(new GraphQLList(Even)) },
    label: { type: GraphQLString },
    note: { type: Note },
  },
});
const PassThrough = new GraphQLScalarType({ name: 'JSON', parseValue: (value) => value });
const seen: { variableTypes: string[]; args: unknown }[] = [];
const testSchema = new GraphQLSchema({
  types: [PassThrough],
  query: new GraphQLObjectType({
    name: 'Query',
    fields: {
      echo: {
        type: GraphQLString,
        args: { options: { type: Options }, colors: { type: new GraphQLList(Color) } },
        resolve: (_root, args, _context, info) => {
          seen.push({ variableTypes: (info.operation.variableDefinitions ?? []).map((definition) => print(definition.type)), args });
          return JSON.stringify(args);
        },
      },
    },
  }),
});

describe('compiled variable coercion, on what the facade schema lacks', () => {
  it('fills defaults, maps enum values, parses custom scalars and nested lists as graphql-js does', () => {
    expectSameAsGraphqlJs(testSchema, 'query Q($options: Options, $colors: [Color!]) { echo(options: $options, colors: $colors) }', {
      defaults: { valid: true, variables: { options: { size: 4 } } },
      'everything given': { valid: true, variables: { options: { size: 4, color: 'RED', grid: [[2, 4], null, [6]], label: 'x', note: 'n' }, colors: ['RED', 'BLUE'] } },
      'a single value for a nested list': { valid: true, variables: { options: { size: 2, grid: 8 } } },
      'scalar answers undefined': { valid: false, variables: { options: { size: 2, note: 'skip' } } },
      'scalar refuses': { valid: false, variables: { options: { size: 3 } } },
      'scalar refuses deep in a list': { valid: false, variables: { options: { size: 2, grid: [[2, 3]] } } },
      'enum internal value given': { valid: false, variables: { colors: ['red-internal'] } },
      'null item of a non-null list': { valid: false, variables: { colors: ['RED', null] } },
    });
  });

  it('leaves an absent variable with a default to graphql-js', () => {
    const operation = operationOf(parse('query Q($options: Options = { size: 2 }) { echo(options: $options) }'));
    expect(compileVariablesCoercion(testSchema, operation)!({})).toBe(NOT_COERCED);
    expect(compileVariablesCoercion(testSchema, operation)!({ options: { size: 6 } })).toEqual({ options: { color: 'blue-internal', size: 3 } });
  });
});

describe('createExecute', () => {
  const run = async (executeFn: typeof execute, source: string, variableValues: Record<string, unknown>) => {
    seen.length = 0;
    const result = await executeFn({ schema: testSchema, document: parse(source), variableValues });
    return { result: JSON.parse(JSON.stringify(result)) as unknown, seen: [...seen] };
  };
  const QUERY = 'query Q($options: Options, $colors: [Color!]) { echo(options: $options, colors: $colors) }';

  it('hands the resolvers what graphql-js would, with the variables coerced by the compiled path', async () => {
    const variables = { options: { size: 4, color: 'RED', grid: [[2]] }, colors: 'BLUE' };
    const fast = await run(createExecute(testSchema), QUERY, variables);
    const plain = await run(execute, QUERY, variables);
    expect(fast.result).toEqual(plain.result);
    expect(fast.result).toEqual({ data: { echo: JSON.stringify({ options: { color: 'red-internal', size: 2, grid: [[1]] }, colors: ['blue-internal'] }) } });
    expect(isDeepStrictEqual(fast.seen[0]!.args, plain.seen[0]!.args)).toBe(true);
    // graphql-js coerced nothing: the variables reached it declared as the pass-through scalar.
    expect(fast.seen[0]!.variableTypes).toEqual(['JSON', 'JSON']);
    expect(plain.seen[0]!.variableTypes).toEqual(['Options', '[Color!]']);
  });

  it('lets graphql-js report invalid variables in its own words', async () => {
    const variables = { options: { size: 3, colour: 'RED' } };
    const fast = await run(createExecute(testSchema), QUERY, variables);
    expect(fast).toEqual(await run(execute, QUERY, variables));
    expect(JSON.stringify(fast.result)).toContain('Field \\"colour\\" is not defined by type \\"Options\\"');
  });

  it('uses the operation named in a document of several, and leaves an unnamed choice to graphql-js', async () => {
    const source = `${QUERY} query Other($label: String) { echo(options: { size: 2, label: $label }) }`;
    const executeFn = createExecute(testSchema);
    seen.length = 0;
    const document = parse(source);
    const named = await executeFn({ schema: testSchema, document, variableValues: { label: 'x' }, operationName: 'Other' });
    expect(named).toEqual({ data: { echo: JSON.stringify({ options: { color: 'blue-internal', size: 1, label: 'x' } }) } });
    expect(executionPathOf(executeFn, document, 'Other')).toBe('compiled');
    // A variable of one of graphql's own scalars keeps its type (coercing it again changes nothing).
    expect(seen[0]!.variableTypes).toEqual(['String']);
    const unnamed = await executeFn({ schema: testSchema, document: parse(source), variableValues: {} });
    expect(unnamed.errors?.[0]?.message).toBe('Must provide operation name if query contains multiple operations.');
  });

  it('is plain execute when the pass-through scalar is missing or changes values', async () => {
    expect(createExecute(testSchema, 'Missing')).toBe(execute);
    const changing = new GraphQLSchema({ query: testSchema.getQueryType()!, types: [new GraphQLScalarType({ name: 'JSON', parseValue: (value) => ({ value }) })] });
    expect(createExecute(changing)).toBe(execute);
    const throwing = new GraphQLSchema({
      query: testSchema.getQueryType()!,
      types: [new GraphQLScalarType({ name: 'JSON', parseValue: () => { throw new GraphQLError('no'); } })],
    });
    expect(createExecute(throwing)).toBe(execute);
  });

  it('is in use on the facade schema (its JSON scalar passes values through)', () => {
    expect(createExecute(schema)).not.toBe(execute);
  });
});
