import { GraphQLError } from 'graphql';

/**
 * The caller is known but may not do this: an API key without the scope a field needs, or an end
 * user reaching for someone else's data. Nothing was sent to Feishu. A mutation returns it as a
 * typed result; a query field, as a GraphQL error whose `extensions.code` is FORBIDDEN (it is a
 * GraphQLError, so it is never masked).
 */
export class ForbiddenError extends GraphQLError {
  readonly code = 'FORBIDDEN';

  constructor(message: string) {
    super(message, { extensions: { code: 'FORBIDDEN' } });
    this.name = 'ForbiddenError';
  }
}
