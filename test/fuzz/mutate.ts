import fc from 'fast-check';
import { REQUEST_LIMITS } from '../../src/limits/values.js';

/**
 * Ways to spoil a valid input, as data (so that fast-check prints and shrinks them), applied at
 * the `at`-th place of the value that fits (modulo their number).
 */
export type Mutation =
  | { kind: 'wrongType'; at: number; replacement: unknown }
  | { kind: 'drop'; at: number }
  | { kind: 'extraField'; at: number; name: string; value: unknown }
  | { kind: 'hugeString'; at: number; length: number }
  | { kind: 'hugeList'; at: number; length: number }
  | { kind: 'deepNesting'; at: number; levels: number; asList: boolean }
  | { kind: 'loneSurrogate'; at: number; surrogate: string; position: number }
  | { kind: 'longText'; at: number };

const at = fc.nat();
const { maxStringLength, maxNesting } = REQUEST_LIMITS;

export const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({
    kind: fc.constant('wrongType' as const),
    at,
    replacement: fc.constantFrom<unknown>(0, -1, 2 ** 31, 1.5, true, null, {}, [], 'x', { a: 1 }, [1, '2'], '2026-13-45T99:00:00Z'),
  }),
  fc.record({ kind: fc.constant('drop' as const), at }),
  fc.record({
    kind: fc.constant('extraField' as const),
    at,
    name: fc.constantFrom('unexpected', '__proto__', 'constructor', ''),
    value: fc.constantFrom<unknown>(1, 'x', null, {}),
  }),
  fc.record({ kind: fc.constant('hugeString' as const), at, length: fc.constantFrom(maxStringLength, maxStringLength + 1, 3 * maxStringLength) }),
  fc.record({ kind: fc.constant('hugeList' as const), at, length: fc.integer({ min: 200, max: 3_000 }) }),
  fc.record({ kind: fc.constant('deepNesting' as const), at, levels: fc.constantFrom(maxNesting - 2, maxNesting + 1, 2_000), asList: fc.boolean() }),
  fc.record({ kind: fc.constant('loneSurrogate' as const), at, surrogate: fc.constantFrom('\ud83d', '\udc00', '\udfff'), position: fc.nat() }),
  fc.record({ kind: fc.constant('longText' as const), at }),
);

type Path = (string | number)[];

/** The places a mutation may pick: none deeper than this (a value may already be nested thousands deep). */
const MAX_PLACE_DEPTH = 50;

/** Every place in `value`, the value itself first, with what is there. */
function places(value: unknown, path: Path = [], out: { path: Path; value: unknown }[] = []) {
  out.push({ path, value });
  if (path.length >= MAX_PLACE_DEPTH) return out;
  if (Array.isArray(value)) for (const [index, item] of value.entries()) places(item, [...path, index], out);
  else if (value !== null && typeof value === 'object') for (const [key, child] of Object.entries(value)) places(child, [...path, key], out);
  return out;
}

/** `value` with `change` made to what is at `path` (copied, never changed in place). */
function update(value: unknown, path: Path, change: (old: unknown) => unknown): unknown {
  if (path.length === 0) return change(value);
  const [head, ...rest] = path;
  if (Array.isArray(value)) return value.map((item, index) => (index === head ? update(item, rest, change) : item));
  const copy: Record<string, unknown> = { ...(value as Record<string, unknown>) };
  copy[head as string] = update(copy[head as string], rest, change);
  return copy;
}

/** `parent` without its `key`. */
function without(parent: unknown, key: string | number): unknown {
  if (Array.isArray(parent)) return parent.filter((_, index) => index !== key);
  return Object.fromEntries(Object.entries(parent as Record<string, unknown>).filter(([name]) => name !== key));
}

function pick<T>(items: T[], index: number): T | undefined {
  return items.length ? items[index % items.length] : undefined;
}

export function applyMutation(value: unknown, m: Mutation): unknown {
  const all = places(value);
  const strings = all.filter((place) => typeof place.value === 'string');
  const objects = all.filter((place) => place.value !== null && typeof place.value === 'object' && !Array.isArray(place.value));
  const lists = all.filter((place) => Array.isArray(place.value));
  const inner = all.filter((place) => place.path.length > 0);
  switch (m.kind) {
    case 'wrongType': {
      const place = pick(inner, m.at);
      return place ? update(value, place.path, () => m.replacement) : m.replacement;
    }
    case 'drop': {
      const place = pick(inner, m.at);
      return place ? update(value, place.path.slice(0, -1), (parent) => without(parent, place.path.at(-1)!)) : value;
    }
    case 'extraField': {
      const place = pick(objects, m.at);
      if (!place) return value;
      return update(value, place.path, (old) => {
        const copy = { ...(old as Record<string, unknown>) };
        Object.defineProperty(copy, m.name, { value: m.value, enumerable: true, configurable: true, writable: true });
        return copy;
      });
    }
    case 'hugeString': {
      const place = pick(strings, m.at);
      return place ? update(value, place.path, () => 'x'.repeat(m.length)) : value;
    }
    case 'hugeList': {
      const place = pick(lists, m.at);
      return place
        ? update(value, place.path, (old) => Array.from({ length: m.length }, (_, i) => (old as unknown[])[i % Math.max(1, (old as unknown[]).length)] ?? 'x'))
        : value;
    }
    case 'deepNesting': {
      const place = pick(inner, m.at);
      const wrap = (old: unknown) => {
        let nested = old;
        for (let level = 0; level < m.levels; level += 1) nested = m.asList ? [nested] : { deeper: nested };
        return nested;
      };
      return place ? update(value, place.path, wrap) : wrap(value);
    }
    case 'loneSurrogate': {
      const place = pick(strings, m.at);
      if (!place) return value;
      return update(value, place.path, (old) => {
        const s = old as string;
        const position = m.position % (s.length + 1);
        // Never between the halves of a pair, which would make a different lone half.
        const cut = position > 0 && /[\ud800-\udbff]/.test(s[position - 1] ?? '') ? position - 1 : position;
        return `${s.slice(0, cut)}${m.surrogate}${s.slice(cut)}`;
      });
    }
    case 'longText': {
      const place = pick(strings, m.at);
      return place ? update(value, place.path, () => '长'.repeat(2_049)) : value;
    }
  }
}
