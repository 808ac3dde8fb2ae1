import {
  type GraphQLEnumType,
  type GraphQLInputType,
  type GraphQLNamedInputType,
  type GraphQLScalarType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type TypeNode,
  isInputObjectType,
  isLeafType,
  isListType,
  isNonNullType,
  Kind,
} from 'graphql';

/**
 * Variable coercion compiled per input type, as fast as graphql-js's own is slow on wide inputs:
 * graphql-js walks every field of every input object through generic code (the sync input's
 * dozen 16-locale LocalizedTextInput objects made it the largest frame of the mutation path).
 *
 * It is a fast path, not a second implementation of the rules: it returns exactly the values
 * graphql-js's `getVariableValues` would, or NOT_COERCED whenever it cannot vouch for that
 * (any invalid value, an absent variable with a default), and the caller then lets graphql-js
 * coerce, which reports the errors in its own words. test/variables.test.ts holds the two to
 * the same results.
 */

export const NOT_COERCED: unique symbol = Symbol('not coerced');
/** Coerces one value to its type: the coerced value, or NOT_COERCED. */
type Coerce = (value: unknown) => unknown;

export type VariablesCoercion = (inputs: Readonly<Record<string, unknown>> | null | undefined) => Record<string, unknown> | typeof NOT_COERCED;

interface VariablePlan {
  name: string;
  coerce: Coerce;
  /** An absent variable with a default is left to graphql-js (the default is an AST literal). */
  hasDefault: boolean;
  required: boolean;
}

/** The coercion of an operation's variables, or null when a type is not an input type. */
export function compileVariablesCoercion(schema: GraphQLSchema, operation: OperationDefinitionNode): VariablesCoercion | null {
  const compiler = compilerFor(schema);
  const plans: VariablePlan[] = [];
  for (const definition of operation.variableDefinitions ?? []) {
    const coerce = compiler.fromTypeNode(definition.type);
    if (!coerce) return null;
    plans.push({
      name: definition.variable.name.value,
      coerce,
      hasDefault: definition.defaultValue !== undefined,
      required: definition.type.kind === Kind.NON_NULL_TYPE,
    });
  }
  return (inputs) => {
    const values = inputs ?? {};
    const coerced: Record<string, unknown> = {};
    for (const plan of plans) {
      if (!Object.hasOwn(values, plan.name)) {
        if (plan.hasDefault || plan.required) return NOT_COERCED;
        continue;
      }
      const value = plan.coerce(values[plan.name]);
      if (value === NOT_COERCED) return NOT_COERCED;
      coerced[plan.name] = value;
    }
    return coerced;
  };
}

const compilers = new WeakMap<GraphQLSchema, TypeCompiler>();

function compilerFor(schema: GraphQLSchema): TypeCompiler {
  let compiler = compilers.get(schema);
  if (!compiler) {
    compiler = new TypeCompiler(schema);
    compilers.set(schema, compiler);
  }
  return compiler;
}

/** Builds and keeps one coercer per named input type of a schema. */
class TypeCompiler {
  private readonly named = new Map<GraphQLNamedInputType, Coerce>();

  constructor(private readonly schema: GraphQLSchema) {}

  fromTypeNode(node: TypeNode): Coerce | null {
    if (node.kind === Kind.NON_NULL_TYPE) {
      const inner = this.fromTypeNode(node.type);
      return inner && nonNull(inner);
    }
    if (node.kind === Kind.LIST_TYPE) {
      const item = this.fromTypeNode(node.type);
      return item && list(item);
    }
    const type = this.schema.getType(node.name.value);
    return type && (isLeafType(type) || isInputObjectType(type)) ? this.forNamed(type) : null;
  }

  private forType(type: GraphQLInputType): Coerce {
    if (isNonNullType(type)) return nonNull(this.forType(type.ofType));
    if (isListType(type)) return list(this.forType(type.ofType));
    return this.forNamed(type);
  }

  private forNamed(type: GraphQLNamedInputType): Coerce {
    const known = this.named.get(type);
    if (known) return known;
    if (isLeafType(type)) {
      const coerce = leaf(type);
      this.named.set(type, coerce);
      return coerce;
    }
    // Input types may refer to themselves (FormWidgetInput.fieldList): the fields are compiled on
    // first use, after the coercer is in the map.
    let fields: readonly FieldPlan[] | undefined;
    const coerce = inputObject(type.isOneOf, () => {
      fields ??= Object.values(type.getFields()).map((field) => ({
        name: field.name,
        coerce: this.forType(field.type),
        defaultValue: field.defaultValue,
        required: isNonNullType(field.type) && field.defaultValue === undefined,
      }));
      return fields;
    });
    this.named.set(type, coerce);
    return coerce;
  }
}

function nonNull(inner: Coerce): Coerce {
  return (value) => (value == null ? NOT_COERCED : inner(value));
}

/** A list takes an array, or a single value as a list of one (graphql-js: any iterable object). */
function list(item: Coerce): Coerce {
  return (value) => {
    if (value == null) return null;
    if (Array.isArray(value)) {
      const coerced = new Array<unknown>(value.length);
      for (let index = 0; index < value.length; index += 1) {
        const element = item(value[index]);
        if (element === NOT_COERCED) return NOT_COERCED;
        coerced[index] = element;
      }
      return coerced;
    }
    if (typeof value === 'object' && Symbol.iterator in value) return NOT_COERCED;
    const element = item(value);
    return element === NOT_COERCED ? NOT_COERCED : [element];
  };
}

function leaf(type: GraphQLScalarType | GraphQLEnumType): Coerce {
  return (value) => {
    if (value == null) return null;
    try {
      const parsed: unknown = type.parseValue(value);
      return parsed === undefined ? NOT_COERCED : parsed;
    } catch {
      return NOT_COERCED;
    }
  };
}

interface FieldPlan {
  name: string;
  coerce: Coerce;
  defaultValue: unknown;
  required: boolean;
}

/**
 * graphql-js builds each input object in the order of the type's fields, defaults included, as an
 * ordinary object; a key that is not a field, a missing required field and a @oneOf object
 * without exactly one non-null field are errors.
 */
function inputObject(isOneOf: boolean, fieldsOf: () => readonly FieldPlan[]): Coerce {
  return (value) => {
    if (value == null) return null;
    if (typeof value !== 'object' || Array.isArray(value)) return NOT_COERCED;
    const given = value as Record<string, unknown>;
    const fields = fieldsOf();
    const coerced: Record<string, unknown> = {};
    let present = 0;
    let written = 0;
    let last: unknown;
    for (let index = 0; index < fields.length; index += 1) {
      const field = fields[index]!;
      const fieldValue = given[field.name];
      if (fieldValue === undefined) {
        if (field.defaultValue !== undefined) {
          coerced[field.name] = last = field.defaultValue;
          written += 1;
        } else if (field.required) {
          return NOT_COERCED;
        }
        continue;
      }
      present += 1;
      const fieldCoerced = field.coerce(fieldValue);
      if (fieldCoerced === NOT_COERCED) return NOT_COERCED;
      coerced[field.name] = last = fieldCoerced;
      written += 1;
    }
    // Every key of the value must have been a field: an unknown key, an inherited enumerable one
    // or one set to undefined makes the counts differ, and graphql-js decides.
    let keys = 0;
    for (const _key in given) keys += 1;
    if (keys !== present) return NOT_COERCED;
    if (isOneOf && (written !== 1 || last === null)) return NOT_COERCED;
    return coerced;
  };
}
