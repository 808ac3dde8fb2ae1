import { type ExecutionArgs, type GraphQLSchema, execute, getOperationAST, getVariableValues } from 'graphql';
import { createCompiledQueries } from './compiled-queries.js';
import { withGraphqlJsErrors } from './jit-errors.js';

export type Execute = (args: ExecutionArgs) => ReturnType<typeof execute>;

/**
 * graphql-js's `execute`, except that `schema`'s queries run compiled by graphql-jit, which does
 * once, at compile time, the field walk graphql-js repeats for every row of a list page. Mutations
 * stay with graphql-js: graphql-jit's variable coercion runs out of memory compiling
 * createInstance's recursive form widgets.
 */
export function createExecute(schema: GraphQLSchema, maxCompiledQueries?: number): Execute {
  const compiledQueries = createCompiledQueries(schema, maxCompiledQueries);
  const run: Execute = (args) => {
    const operation = getOperationAST(args.document, args.operationName);
    if (args.schema !== schema || operation?.operation !== 'query') return execute(args);
    // graphql-js checks the variables first: graphql-jit lets @oneOf inputs through and words
    // its errors its own way. graphql-jit then coerces them again for its compiled query.
    const variables = getVariableValues(schema, operation.variableDefinitions ?? [], args.variableValues ?? {}, { maxErrors: 50 });
    if (variables.errors) return { errors: variables.errors };
    const compiled = compiledQueries(args.document, operation);
    if (!compiled) return execute(args);
    return withGraphqlJsErrors(compiled.query(args.rootValue, args.contextValue, args.variableValues));
  };
  return (args) => withRequestErrorStatus(run(args));
}

/**
 * A result without data answers a request error (variables that cannot be coerced, no operation of
 * that name). As Yoga's default executor does, its errors carry HTTP status 400 under every media
 * type (GraphQL over HTTP wants a 4xx under `application/graphql-response+json`); Yoga does not send
 * `extensions.http` to the client.
 */
function withRequestErrorStatus(result: ReturnType<Execute>): ReturnType<Execute> {
  if (result instanceof Promise || result.data !== undefined || !result.errors) return result;
  for (const error of result.errors) Object.defineProperty(error, 'extensions', { value: { ...error.extensions, http: { status: 400 } } });
  return result;
}
