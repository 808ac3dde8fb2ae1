/**
 * The object without the keys whose value is undefined or null, so a payload holds only what was
 * given; the others keep their order. A new object: deleting keys would turn the object into a
 * slow dictionary, for every later read and for JSON.stringify.
 */
export function compact<T extends object>(value: T): T {
  const given = value as Record<string, unknown>;
  const kept: Record<string, unknown> = {};
  for (const key in given) {
    const field = given[key];
    if (field !== undefined && field !== null) kept[key] = field;
  }
  return kept as T;
}
