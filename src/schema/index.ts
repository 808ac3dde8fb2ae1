import { lexicographicSortSchema, printSchema } from 'graphql';
import { builder } from './builder.js';
import './scalars.js';
import './errors.js';
import './locale.js';
import './filters.js';
import './external-instance/index.js';
import './approval-instance/index.js';
import './approval-definition/index.js';
import './approval-center.js';
import './viewer.js';

export const schema = builder.toSchema();

/** The SDL committed as schema.graphql. */
export function printSchemaSdl(): string {
  return `${printSchema(lexicographicSortSchema(schema))}\n`;
}
