import fc from 'fast-check';
import {
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLOutputType,
  getNamedType,
  isAbstractType,
  isEnumType,
  isInputObjectType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
} from 'graphql';
import { schema } from '../../src/schema/index.js';
import { type Mutation, applyMutation, mutation } from './mutate.js';
import { arbitraryOf } from './values.js';

/** A GraphQL request before it is put on the wire. */
export interface Operation {
  query: string;
  variables?: Record<string, unknown>;
  operationName?: string;
  /** What it was made from, for the report of a failing case. */
  kind: 'query' | 'mutation';
}

const MAX_SELECTION_DEPTH = 5;

const NAME = /^[_A-Za-z]\w*$/;

/**
 * `value` as a GraphQL literal of `type` (enums unquoted); a value of another shape as it is.
 * Written with a stack of its own: a spoiled value may nest thousands deep.
 */
export function literal(value: unknown, type?: GraphQLInputType): string {
  const out: string[] = [];
  const work: ({ text: string } | { value: unknown; type: GraphQLInputType | undefined })[] = [{ value, type }];
  for (let item = work.pop(); item; item = work.pop()) {
    if ('text' in item) {
      out.push(item.text);
      continue;
    }
    const named = item.type && (isNonNullType(item.type) ? item.type.ofType : item.type);
    const current = item.value;
    if (current === null || current === undefined) out.push('null');
    else if (typeof current === 'string') out.push(named && isEnumType(named) && NAME.test(current) ? current : JSON.stringify(current));
    else if (typeof current !== 'object') out.push(String(current));
    else if (Array.isArray(current)) {
      const itemType = named && isListType(named) ? named.ofType : undefined;
      work.push({ text: ']' });
      for (let index = current.length - 1; index >= 0; index -= 1) work.push({ value: current[index], type: itemType }, { text: index === 0 ? '' : ', ' });
      work.push({ text: '[' });
    } else {
      const fields = named && isInputObjectType(named) ? named.getFields() : undefined;
      const entries = Object.entries(current);
      work.push({ text: ' }' });
      for (let index = entries.length - 1; index >= 0; index -= 1) {
        const [key, child] = entries[index]!;
        work.push({ value: child, type: fields?.[key]?.type }, { text: `${index === 0 ? '' : ', '}${NAME.test(key) ? key : JSON.stringify(key)}: ` });
      }
      work.push({ text: '{ ' });
    }
  }
  return out.join('');
}

function argumentsOf(field: GraphQLField<unknown, unknown>): fc.Arbitrary<string> {
  if (field.args.length === 0) return fc.constant('');
  const present = (arg: GraphQLArgument) => (isNonNullType(arg.type) ? fc.constant(true) : fc.boolean());
  return fc.tuple(...field.args.map((arg) => fc.tuple(present(arg), arbitraryOf(arg.type)))).map((values) => {
    const written = field.args.flatMap((arg, index) => (values[index]![0] ? [`${arg.name}: ${literal(values[index]![1], arg.type)}`] : []));
    return written.length ? `(${written.join(', ')})` : '';
  });
}

const alias = fc.oneof({ weight: 4, arbitrary: fc.constant('') }, { weight: 1, arbitrary: fc.constantFrom('a: ', 'b: ', 'x_1: ') });

/** A selection set of `type` (empty for a leaf), fields picked at random, `depth` levels down at most. */
export function selectionOf(type: GraphQLOutputType, depth = 0): fc.Arbitrary<string> {
  const named = getNamedType(type);
  if (isLeafType(named)) return fc.constant('');
  if (isAbstractType(named)) {
    const types = schema.getPossibleTypes(named);
    return fc
      .subarray([...types], { minLength: 0, maxLength: Math.min(2, types.length) })
      .chain((picked) => fc.tuple(...picked.map((object) => selectionOf(object, depth).map((inner) => `... on ${object.name} ${inner}`))))
      .map((fragments) => `{ __typename ${fragments.join(' ')} }`);
  }
  if (!isObjectType(named)) return fc.constant('');
  const fields = Object.values(named.getFields()).filter((field) => depth < MAX_SELECTION_DEPTH || isLeafType(getNamedType(field.type)));
  if (fields.length === 0) return fc.constant('{ __typename }');
  return fc
    .subarray(fields, { minLength: 1, maxLength: Math.min(4, fields.length) })
    .chain((picked) =>
      fc.tuple(
        ...picked.map((field) =>
          fc
            .tuple(alias, argumentsOf(field), fc.constant(field), fc.constant(null))
            .chain(([a, args]) => selectionOf(field.type, depth + 1).map((inner) => `${a}${field.name}${args} ${inner}`)),
        ),
      ),
    )
    .map((parts) => `{ ${parts.join(' ')} }`);
}

/** A query over one root field: its arguments as variables (perhaps spoiled), or as literals. */
export const queryOperation: fc.Arbitrary<Operation> = fc
  .constantFrom(...Object.values(schema.getQueryType()!.getFields()))
  .chain((field) =>
    fc.record({
      field: fc.constant(field),
      values: fc.tuple(...field.args.map((arg) => fc.option(arbitraryOf(arg.type), { nil: undefined, freq: isNonNullType(arg.type) ? 100 : 2 }))),
      selection: selectionOf(field.type, 1),
      asVariables: fc.boolean(),
      mutations: fc.array(mutation, { maxLength: 2 }),
    }),
  )
  .map(({ field, values, selection, asVariables, mutations }) => {
    const given = field.args.flatMap((arg, index) => (values[index] === undefined ? [] : [{ arg, value: values[index] }]));
    if (!asVariables) {
      const args = given.map(({ arg, value }) => `${arg.name}: ${literal(value, arg.type)}`).join(', ');
      return { kind: 'query' as const, query: `query { ${field.name}${args ? `(${args})` : ''} ${selection} }` };
    }
    let variables: unknown = Object.fromEntries(given.map(({ arg, value }) => [arg.name, value]));
    for (const m of mutations) variables = applyMutation(variables, m);
    const definitions = field.args.map((arg) => `$${arg.name}: ${String(arg.type)}`).join(', ');
    const args = field.args.map((arg) => `${arg.name}: $${arg.name}`).join(', ');
    return {
      kind: 'query' as const,
      query: `query Fuzz${definitions ? `(${definitions})` : ''} { ${field.name}${args ? `(${args})` : ''} ${selection} }`,
      variables: variables as Record<string, unknown>,
      operationName: 'Fuzz',
    };
  });

/**
 * A mutation with an input: a valid one (`base`) or one built from the input type, perhaps
 * spoiled, sent as a variable or written as a literal, with the tests' selection or a random one.
 */
export function mutationOperation(
  field: 'syncExternalInstance' | 'createInstance',
  base: fc.Arbitrary<Record<string, unknown>>,
  fullSelection: string,
): fc.Arbitrary<Operation> {
  const definition = schema.getMutationType()!.getFields()[field]!;
  const inputType = definition.args[0]!.type;
  return fc
    .record({
      input: fc.oneof({ weight: 3, arbitrary: base }, { weight: 2, arbitrary: arbitraryOf(inputType) }),
      mutations: fc.oneof({ weight: 2, arbitrary: fc.constant<Mutation[]>([]) }, { weight: 3, arbitrary: fc.array(mutation, { minLength: 1, maxLength: 2 }) }),
      selection: fc.oneof({ weight: 2, arbitrary: fc.constant(fullSelection) }, { weight: 1, arbitrary: selectionOf(definition.type, 1) }),
      asLiteral: fc.boolean(),
    })
    .map(({ input, mutations, selection, asLiteral }) => {
      let value: unknown = input;
      for (const m of mutations) value = applyMutation(value, m);
      if (asLiteral) return { kind: 'mutation' as const, query: `mutation { ${field}(input: ${literal(value, inputType)}) ${selection} }` };
      return {
        kind: 'mutation' as const,
        query: `mutation Fuzz($input: ${String(inputType)}) { ${field}(input: $input) ${selection} }`,
        variables: { input: value },
        operationName: 'Fuzz',
      };
    });
}
