/** A Map or a WeakMap: what innerMap reads and fills. */
interface KeyedStore<K, V> {
  get(key: K): V | undefined;
  set(key: K, value: V): unknown;
}

/** The Map `outer` holds under `key`, made empty and stored the first time it is asked for. */
export function innerMap<K, IK, V>(outer: KeyedStore<K, Map<IK, V>>, key: K): Map<IK, V> {
  let found = outer.get(key);
  if (!found) outer.set(key, (found = new Map()));
  return found;
}
