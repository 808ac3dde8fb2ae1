import {
  type DocumentNode,
  type ExecutionArgs,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type VariableDefinitionNode,
  Kind,
  execute,
  getOperationAST,
  isScalarType,
} from 'graphql';
import { NOT_COERCED, type VariablesCoercion, compileVariablesCoercion } from './variables.js';

type Execute = (args: ExecutionArgs) => ReturnType<typeof execute>;

interface OperationPlan {
  /** The document with the operation's variables declared as the pass-through scalar. */
  document: DocumentNode;
  coerce: VariablesCoercion;
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
 */
export function createExecute(schema: GraphQLSchema, passThroughScalar = 'JSON'): Execute {
  if (!passesValuesThrough(schema, passThroughScalar)) return execute;
  const plans = new WeakMap<DocumentNode, Map<string | null, OperationPlan | null>>();

  const planFor = (document: DocumentNode, operationName: string | null): OperationPlan | null => {
    let byName = plans.get(document);
    if (!byName) {
      byName = new Map();
      plans.set(document, byName);
    }
    let plan = byName.get(operationName);
    if (plan === undefined) {
      plan = makePlan(schema, document, operationName, passThroughScalar);
      byName.set(operationName, plan);
    }
    return plan;
  };

  return (args) => {
    if (args.schema !== schema) return execute(args);
    const plan = planFor(args.document, args.operationName ?? null);
    if (!plan) return execute(args);
    const variableValues = plan.coerce(args.variableValues);
    if (variableValues === NOT_COERCED) return execute(args);
    return execute({ ...args, document: plan.document, variableValues });
  };
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

/**
 * Null when there is nothing to gain (no variables) or graphql-js must report a problem. The
 * operation is the one graphql-js executes: getOperationAST takes the first of a name where
 * execute takes the last, the same one in a document that passed validation (names are unique).
 */
function makePlan(schema: GraphQLSchema, document: DocumentNode, operationName: string | null, scalarName: string): OperationPlan | null {
  const operation = getOperationAST(document, operationName);
  if (!operation?.variableDefinitions?.length) return null;
  const coerce = compileVariablesCoercion(schema, operation);
  if (!coerce) return null;
  const passThrough = (definition: VariableDefinitionNode): VariableDefinitionNode => ({
    ...definition,
    type: { kind: Kind.NAMED_TYPE, name: { kind: Kind.NAME, value: scalarName } },
  });
  const rewritten: OperationDefinitionNode = { ...operation, variableDefinitions: operation.variableDefinitions.map(passThrough) };
  return {
    document: { ...document, definitions: document.definitions.map((definition) => (definition === operation ? rewritten : definition)) },
    coerce,
  };
}
