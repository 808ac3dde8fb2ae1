/** A non-null JSON value as parsed from GraphQL input; its shape is checked by the zod rules. */
export type JsonInput = NonNullable<unknown>;
