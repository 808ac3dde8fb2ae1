import type DataLoader from 'dataloader';
import { BadUserInputError } from '../validate/bad-user-input.js';

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
