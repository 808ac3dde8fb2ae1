import { GraphQLError } from 'graphql';
import { formatPath } from '../util/path.js';
import { limitError } from './limit-error.js';

/** In a `u` pattern a pair of surrogates is one code point; only a lone one is of category Surrogate. */
const LONE_SURROGATE = /\p{Surrogate}/u;

/**
 * Checks a request's variables before anything reads them: objects and lists nested at most
 * `maxNesting` deep (graphql-js's coercion, the zod rules and the translation all recurse once
 * per level), and every string, key included, well-formed UTF-16: a lone surrogate is half of a
 * character, which SQLite and Feishu would store as U+FFFD. Walked with stacks of its own, so
 * that no depth overflows it. Undefined when they pass.
 */
export function checkVariables(variables: Record<string, unknown>, maxNesting: number): GraphQLError | undefined {
  const values: unknown[] = Object.values(variables);
  const depths: number[] = values.map(() => 0);
  for (;;) {
    const value = values.pop();
    const depth = depths.pop();
    if (depth === undefined) return undefined;
    if (typeof value === 'string') {
      if (LONE_SURROGATE.test(value)) return explain(variables, maxNesting);
    } else if (Array.isArray(value)) {
      if (depth >= maxNesting) return explain(variables, maxNesting);
      for (const item of value) {
        values.push(item);
        depths.push(depth + 1);
      }
    } else if (typeof value === 'object' && value !== null) {
      if (depth >= maxNesting) return explain(variables, maxNesting);
      for (const key of Object.keys(value)) {
        if (LONE_SURROGATE.test(key)) return explain(variables, maxNesting);
        values.push((value as Record<string, unknown>)[key]);
        depths.push(depth + 1);
      }
    }
  }
}

interface Frame {
  value: unknown;
  depth: number;
  path: readonly (string | number)[];
}

/** The error for the first value, in the request's order, that checkVariables refuses. */
function explain(variables: Record<string, unknown>, maxNesting: number): GraphQLError | undefined {
  const stack: Frame[] = Object.keys(variables)
    .reverse()
    .map((name) => ({ value: variables[name], depth: 0, path: [name] }));
  for (let frame = stack.pop(); frame; frame = stack.pop()) {
    const { value, depth, path } = frame;
    if (typeof value === 'string') {
      if (LONE_SURROGATE.test(value)) return loneSurrogate(path, 'a string');
      continue;
    }
    if (typeof value !== 'object' || value === null) continue;
    if (depth >= maxNesting) {
      return limitError('nesting', maxNesting, `Nesting limit of ${maxNesting} exceeded: variable "$${String(path[0])}" nests objects and lists deeper.`);
    }
    const entries: [string | number, unknown][] = Array.isArray(value) ? value.map((item, index) => [index, item]) : Object.entries(value);
    for (const [key, child] of entries.reverse()) {
      if (typeof key === 'string' && LONE_SURROGATE.test(key)) return loneSurrogate(path, 'a key');
      stack.push({ value: child, depth: depth + 1, path: [...path, key] });
    }
  }
  return undefined;
}

function loneSurrogate(path: readonly (string | number)[], what: string): GraphQLError {
  const where = path.length > 1 ? ` at "${formatPath(path)}"` : '';
  return new GraphQLError(
    `Variable "$${String(path[0])}" got invalid value${where}; ${what} holds a lone surrogate (half of a UTF-16 character pair), which is not text.`,
    { extensions: { code: 'BAD_USER_INPUT', http: { status: 400, spec: false } } },
  );
}
