import { GraphQLError, Kind, type ValueNode, valueFromASTUntyped } from 'graphql';
import { formatUtc, parseInstant } from '../util/datetime.js';
import type { JsonInput } from '../util/json.js';
import { quoteForMessage } from '../util/quote.js';
import { builder } from './builder.js';

export const DateTimeScalar = builder.scalarType('DateTime', {
  description: 'An RFC 3339 date-time with a time zone, e.g. `2019-04-28T16:13:32.678Z` or `2019-10-01T08:12:01+08:00`. Returned in UTC with milliseconds.',
  specifiedByURL: 'https://www.rfc-editor.org/rfc/rfc3339',
  parseValue: (value) => {
    const instant = typeof value === 'string' ? parseInstant(value) : undefined;
    if (!instant) throw new GraphQLError(`DateTime must be an RFC 3339 date-time with a time zone, got ${quoteForMessage(value)}`);
    return instant;
  },
  parseLiteral: (ast) => {
    const instant = ast.kind === Kind.STRING ? parseInstant(ast.value) : undefined;
    if (!instant) throw new GraphQLError('DateTime must be an RFC 3339 date-time string with a time zone');
    return instant;
  },
  serialize: (value) => formatUtc(value as number),
});

export const JSONScalar = builder.scalarType('JSON', {
  description: 'Any JSON value. `extra` fields take a JSON object, which the facade sends to Feishu as compact JSON text.',
  specifiedByURL: 'https://www.rfc-editor.org/rfc/rfc8259',
  parseValue: (value) => value as JsonInput,
  parseLiteral: (ast: ValueNode, variables) => valueFromASTUntyped(ast, variables ?? undefined) as JsonInput,
  serialize: (value) => value,
});
