import fc from 'fast-check';
import {
  type GraphQLInputObjectType,
  type GraphQLInputType,
  type GraphQLNullableType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isScalarType,
} from 'graphql';

/**
 * Input values built from the schema's input types: of the right type (so they pass GraphQL's
 * coercion), with strings and numbers as clients send them, which Feishu's rules may still refuse.
 */

const MAX_DEPTH = 6;

/** Ids, codes, links and texts close to what the sandbox knows, and any text at all. */
export const text: fc.Arbitrary<string> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      '7C468A54-8745-2245-9675-08B7C63E7A85',
      '4202AD96-9EC1-4284-9C48-B923CDC4F30B',
      'FUZZ',
      'leave_type',
      'period',
      'reason',
      'items',
      'annual',
      '46e6d96cfa756980907209209ec03b64',
      'manager_node_id',
      'u-1',
      'ou_1',
      'https://oa.example.com/fuzz',
      '',
      ' ',
    ),
  },
  { weight: 3, arbitrary: fc.string({ maxLength: 16 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 12 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 12 }) },
);

/** RFC 3339 instants in UTC or an offset, with and without milliseconds. */
export const dateTime: fc.Arbitrary<string> = fc
  .tuple(
    fc.date({ min: new Date('1970-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true }),
    fc.constantFrom('Z', '+08:00', '-05:30'),
    fc.boolean(),
  )
  .map(([date, zone, withMs]) => {
    const iso = date.toISOString();
    const base = withMs ? iso.slice(0, 23) : iso.slice(0, 19);
    return `${base}${zone}`;
  });

const json: fc.Arbitrary<unknown> = fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 3 }), { maxKeys: 4 });

function scalar(name: string): fc.Arbitrary<unknown> {
  switch (name) {
    case 'Int':
      return fc.integer({ min: -3, max: 120 });
    case 'Float':
      return fc.double({ min: -1e6, max: 1e6, noNaN: true });
    case 'Boolean':
      return fc.boolean();
    case 'DateTime':
      return dateTime;
    case 'JSON':
      return json;
    default:
      return text;
  }
}

const built = new Map<string, fc.Arbitrary<unknown>>();

/** A value of `type`; lists shrink as they nest, and are empty past MAX_DEPTH (so recursive inputs end). */
export function arbitraryOf(type: GraphQLInputType, depth = 0): fc.Arbitrary<unknown> {
  if (isNonNullType(type)) return nonNull(type.ofType, depth);
  return fc.oneof({ weight: 5, arbitrary: nonNull(type, depth) }, { weight: 1, arbitrary: fc.constant(null) });
}

function nonNull(type: GraphQLNullableType & GraphQLInputType, depth: number): fc.Arbitrary<unknown> {
  if (isListType(type)) {
    if (depth >= MAX_DEPTH) return fc.constant([]);
    return fc.array(arbitraryOf(type.ofType, depth + 1), { maxLength: depth < 2 ? 3 : 1 });
  }
  if (isEnumType(type)) return fc.constantFrom(...type.getValues().map((value) => value.name));
  if (isScalarType(type)) return scalar(type.name);
  if (isInputObjectType(type)) return inputObject(type, depth);
  throw new Error(`no values for ${String(type)}`);
}

function inputObject(type: GraphQLInputObjectType, depth: number): fc.Arbitrary<unknown> {
  const key = `${type.name}@${depth}`;
  let arbitrary = built.get(key);
  if (arbitrary) return arbitrary;
  const fields = Object.values(type.getFields());
  if (type.isOneOf) {
    arbitrary = fc.oneof(...fields.map((field) => fc.record({ [field.name]: nonNull(isNonNullType(field.type) ? field.type.ofType : field.type, depth + 1) })));
  } else {
    const model = Object.fromEntries(fields.map((field) => [field.name, arbitraryOf(field.type, depth + 1)]));
    const requiredKeys = fields.filter((field) => isNonNullType(field.type) && field.defaultValue === undefined).map((field) => field.name);
    arbitrary = fc.record(model, { requiredKeys });
  }
  built.set(key, arbitrary);
  return arbitrary;
}
