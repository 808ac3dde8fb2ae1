import {
  type DocumentNode,
  type ExecutionArgs,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type TypeNode,
  type VariableDefinitionNode,
  Kind,
  execute,
  getOperationAST,
  isScalarType,
  specifiedScalarTypes,
} from 'graphql';
import { type CompiledQuery, compileQuery, isCompiledQuery } from 'graphql-jit';
import { innerMap } from '../util/maps.js';
import { withGraphqlJsErrors } from './jit-errors.js';
import { NOT_COERCED, type VariablesCoercion, compileVariablesCoercion } from './variables.js';

export type Execute = (args: ExecutionArgs) => ReturnType<typeof execute>;

interface OperationPlan {
  /** The document with the operation's variables declared as the pass-through scalar. */
  document: DocumentNode;
  /** Null when the operation declares no variables. */
  coerce: VariablesCoercion | null;
  /** The operation compiled by graphql-jit; null if graphql-jit declined it. */
  compiled: CompiledQuery | null;
}

/**
 * graphql-js's `execute`, with the operation's variables coerced by the compiled fast path
 * (variables.ts) instead of graphql-js's generic walk. graphql-js has no hook for its variable
 * coercion, so the document it executes declares each variable with a scalar whose parseValue
 * returns its value unchanged (`passThroughScalar`, the schema's JSON scalar), and the variables
 * it is given are the coerced ones. Arguments take a variable's value as it is (the document was
 * validated against its real types before execution), so resolvers see what they would have.
 * Whenever the fast path cannot vouch for the variables, graphql-js executes the request as sent
 * and reports the errors itself. If the scalar is missing or changes its values, this is plain
 * `execute`.
 *
 * Queries and mutations are then executed by graphql-jit (see compileOperation), with the same
 * coerced variables: the same data and the same errors, as graphql-js's own error objects
 * (jit-errors.ts), though possibly listed in another order; a mutation's root fields run one
 * after another, as in graphql-js. One difference is left: a field without a resolver reads its
 * parent's property, where graphql-js would call it if it were a function; the facade's fields
 * without resolvers read columns of mirror rows, cursors and error objects' data, never
 * functions. Plans are kept per document (Yoga's parse cache hands the same document for the
 * same text), so an operation is compiled once.
 */
export function createExecute(schema: GraphQLSchema, passThroughScalar = 'JSON'): Execute {
  if (!passesValuesThrough(schema, passThroughScalar)) return execute;
  const plans = new WeakMap<DocumentNode, Map<string | null, OperationPlan | null>>();

  const planFor = (document: DocumentNode, operationName: string | null): OperationPlan | null => {
    const byName = innerMap(plans, document);
    let plan = byName.get(operationName);
    if (plan === undefined) {
      plan = makePlan(schema, document, operationName, passThroughScalar);
      byName.set(operationName, plan);
    }
    return plan;
  };

  const executeFn: Execute = (args) => {
    if (args.schema !== schema || args.fieldResolver || args.typeResolver) return execute(args);
    const plan = planFor(args.document, args.operationName ?? null);
    if (!plan) return execute(args);
    let variableValues = args.variableValues;
    if (plan.coerce) {
      const coerced = plan.coerce(args.variableValues);
      if (coerced === NOT_COERCED) return execute(args);
      variableValues = coerced;
    }
    if (plan.compiled) return withGraphqlJsErrors(plan.compiled.query(args.rootValue, args.contextValue, variableValues));
    return execute({ ...args, document: plan.document, variableValues });
  };
  planners.set(executeFn, planFor);
  return executeFn;
}

const planners = new WeakMap<Execute, (document: DocumentNode, operationName: string | null) => OperationPlan | null>();

/**
 * How an execute function made by createExecute runs an operation (variables aside: invalid ones
 * always go to graphql-js): compiled by graphql-jit, by graphql-js with the variables coerced by
 * the fast path, or by graphql-js alone.
 */
export function executionPathOf(executeFn: Execute, document: DocumentNode, operationName: string | null = null): 'compiled' | 'coerced' | 'graphql-js' {
  const plan = planners.get(executeFn)?.(document, operationName);
  if (!plan) return 'graphql-js';
  return plan.compiled ? 'compiled' : 'coerced';
}

function passesValuesThrough(schema: GraphQLSchema, scalarName: string): boolean {
  const scalar = schema.getType(scalarName);
  if (!isScalarType(scalar)) return false;
  const probe = { probe: [1] };
  try {
    return scalar.parseValue(probe) === probe;
  } catch {
    return false;
  }
}

const SPECIFIED_SCALARS = new Set(specifiedScalarTypes.map((type) => type.name));
const namedTypeOf = (type: TypeNode): string => (type.kind === Kind.NAMED_TYPE ? type.name.value : namedTypeOf(type.type));

/**
 * Null when graphql-js must report a problem, or when there is nothing to gain (no variables,
 * and graphql-jit declined the operation). The operation is the one graphql-js executes:
 * getOperationAST takes the first of a name where execute takes the last, the same one in a
 * document that passed validation (names are unique).
 */
function makePlan(schema: GraphQLSchema, document: DocumentNode, operationName: string | null, scalarName: string): OperationPlan | null {
  const operation = getOperationAST(document, operationName);
  if (!operation) return null;
  let planned = document;
  let coerce: VariablesCoercion | null = null;
  if (operation.variableDefinitions?.length) {
    coerce = compileVariablesCoercion(schema, operation);
    if (!coerce) return null;
    // Variables of graphql's own scalars (and lists of them) keep their types: coercing their
    // coerced values again gives the same values, and graphql-jit checks the type of a variable
    // given to @skip or @include.
    const passThrough = (definition: VariableDefinitionNode): VariableDefinitionNode =>
      SPECIFIED_SCALARS.has(namedTypeOf(definition.type))
        ? definition
        : { ...definition, type: { kind: Kind.NAMED_TYPE, name: { kind: Kind.NAME, value: scalarName } } };
    const rewritten: OperationDefinitionNode = { ...operation, variableDefinitions: operation.variableDefinitions.map(passThrough) };
    planned = { ...document, definitions: document.definitions.map((definition) => (definition === operation ? rewritten : definition)) };
  }
  const compiled = operation.operation === 'subscription' ? null : compileOperation(schema, planned, operationName);
  if (!coerce && !compiled) return null;
  return { document: planned, coerce, compiled };
}

/**
 * graphql-jit turns an operation into one function: the field walk graphql-js interprets per
 * field (collecting fields, looking up resolvers and types, building paths, checking for
 * promises) is done once, at compile time. Its own variable coercion is not used: the
 * variables it is given are already coerced, declared as the pass-through scalar (it ran out of
 * memory compiling createInstance's recursive form widgets). Null when graphql-jit cannot
 * compile the document; graphql-js then executes it.
 */
function compileOperation(schema: GraphQLSchema, document: DocumentNode, operationName: string | null): CompiledQuery | null {
  try {
    const compiled = compileQuery(schema, document, operationName ?? undefined, { disablingCapturingStackErrors: true });
    return isCompiledQuery(compiled) ? compiled : null;
  } catch {
    return null;
  }
}
