import type DataLoader from 'dataloader';
import { type GraphQLSchema, isInterfaceType, isObjectType } from 'graphql';
import { BadUserInputError } from '../validate/bad-user-input.js';

/**
 * A decoded global ID whose type is a Node: Pothos would answer the ID of a type that does not
 * exist with its own unmasked "… has not been implemented".
 */
export function nodeTypeChecked<Id extends { typename: string }>(schema: GraphQLSchema, id: Id, argument: string): Id {
  const type = schema.getType(id.typename);
  const node = schema.getType('Node');
  if (!isObjectType(type) || !isInterfaceType(node) || !schema.isSubType(node, type)) {
    throw BadUserInputError.argument(argument, 'is not the global ID of a mirrored object');
  }
  return id;
}

/** The key of a mirrored row in a global ID: its positive integer primary key. */
export function parseRowId(key: string): number {
  const id = Number(key);
  if (!/^[1-9]\d*$/.test(key) || !Number.isSafeInteger(id)) throw BadUserInputError.argument('id', 'is not the global ID of a mirrored object');
  return id;
}

/**
 * Loads nodes through the request's loader: one statement for any number of ids. The loader is the
 * cache: Pothos's own node cache (its `loadMany`) hands a node still loading to a second `node` or
 * `nodes` field of the same request as a promise, which it then fails to resolve to a type.
 */
export async function loadRows<Row>(loader: DataLoader<number, Row | null>, ids: readonly number[]): Promise<(Row | null)[]> {
  return (await loader.loadMany(ids)).map((row) => (row instanceof Error ? null : row));
}
