import { GraphQLError } from 'graphql';
import type { LimitName } from './values.js';

export const LIMIT_EXCEEDED = 'REQUEST_LIMIT_EXCEEDED';

/**
 * A request over one of the limits: nothing of it executed. HTTP 400 under every media type
 * (`spec: false`: Yoga answers GraphQL validation errors 200 under application/json, and these
 * are no validation errors of the GraphQL spec).
 */
export function limitError(limit: LimitName, max: number, message: string): GraphQLError {
  return new GraphQLError(message, {
    extensions: { code: LIMIT_EXCEEDED, limit, max, http: { status: 400, spec: false } },
  });
}
