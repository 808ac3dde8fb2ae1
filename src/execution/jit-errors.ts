import { GraphQLError, type ExecutionResult } from 'graphql';

type MaybePromise<T> = T | Promise<T>;

/**
 * graphql-jit reports errors as its own GraphQLError: an object on graphql-js's prototype, but
 * without `extensions` when the original error has none, and with read-only properties. Error
 * masking (mask-error.ts, Yoga's) reads and marks `extensions`, as graphql-js's errors allow, so
 * each is rebuilt as graphql-js's own: same message, locations, path, original error and
 * extensions.
 */
export function withGraphqlJsErrors(result: MaybePromise<ExecutionResult>): MaybePromise<ExecutionResult> {
  if (result instanceof Promise) return result.then(convertErrors);
  return convertErrors(result);
}

/** Also in graphql-js's key order (errors first), so that answers are sent byte for byte alike. */
function convertErrors(result: ExecutionResult): ExecutionResult {
  if (!result.errors?.length) return result;
  const converted: ExecutionResult = { errors: result.errors.map(toGraphqlJsError), data: result.data };
  if (result.extensions !== undefined) converted.extensions = result.extensions;
  return converted;
}

function toGraphqlJsError(error: GraphQLError): GraphQLError {
  if (Object.getPrototypeOf(error) === GraphQLError.prototype) return error;
  const converted = new GraphQLError(error.message, {
    path: error.path,
    originalError: error.originalError ?? undefined,
    extensions: error.extensions ?? undefined,
  });
  // graphql-js computes locations from AST nodes, which graphql-jit does not keep; it gives
  // the same locations itself.
  if (error.locations) Object.defineProperty(converted, 'locations', { value: error.locations, enumerable: true, writable: true, configurable: true });
  return converted;
}
