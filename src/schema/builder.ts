import SchemaBuilder from '@pothos/core';
import ErrorsPlugin from '@pothos/plugin-errors';
import ZodPlugin from '@pothos/plugin-zod';
import type { GraphQLContext } from '../context.js';
import type { Instant } from '../util/datetime.js';
import type { JsonInput } from '../util/json.js';
import { BadUserInputError } from '../validate/bad-user-input.js';

export interface PothosTypes {
  Context: GraphQLContext;
  Scalars: {
    /** Parsed from RFC 3339; returned from epoch milliseconds. */
    DateTime: { Input: Instant; Output: number };
    JSON: { Input: JsonInput; Output: unknown };
  };
  /** Output fields are non-null unless they say `nullable: true`. */
  DefaultFieldNullability: false;
}

/** Configuration only: plugins (errors before zod, so validation failures become typed results) and roots. */
export const builder = new SchemaBuilder<PothosTypes>({
  plugins: [ErrorsPlugin, ZodPlugin],
  defaultFieldNullability: false,
  errors: {
    directResult: true,
    unsafelyHandleInputErrors: true,
  },
  zod: {
    validationError: (error) => BadUserInputError.fromZod(error),
  },
});

builder.queryType({ description: 'Reads from the local mirror; never calls Feishu.' });
builder.mutationType({ description: 'Pushes to Feishu; what Feishu accepts is recorded in the mirror.' });
