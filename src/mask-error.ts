import { GraphQLError } from 'graphql';
import { maskError as yogaMaskError } from 'graphql-yoga';

/**
 * Errors GraphQL itself raises for bad arguments (a variable of the wrong shape, an unknown
 * enum value, a malformed global ID) carry no code; they get BAD_USER_INPUT, as the mirror's own
 * argument errors do. Everything else goes through Yoga's masking: unexpected errors are hidden.
 */
export function maskError(error: unknown, message: string, isDev?: boolean): Error {
  if (error instanceof GraphQLError && error.extensions.code === undefined && isArgumentError(error)) {
    // Marked in place: Yoga logs every error it had to replace, and a client's mistake is no
    // server error.
    (error.extensions as Record<string, unknown>).code = 'BAD_USER_INPUT';
    return error;
  }
  return yogaMaskError(error, message, isDev);
}

function isArgumentError(error: GraphQLError): boolean {
  return (
    /^Variable "\$\w+" (got invalid value|of required type|of non-null type)/.test(error.message) ||
    /^Too many errors processing variables/.test(error.message) ||
    /^Invalid global ID/.test(error.message) ||
    error.originalError?.name === 'PothosValidationError'
  );
}
