import { GraphQLError } from 'graphql';
import { formatPath } from '../util/path.js';
import { limitError } from './limit-error.js';
import type { RequestLimits } from './values.js';

/** In a `u` pattern a pair of surrogates is one code point; only a lone one is of category Surrogate. */
const LONE_SURROGATE = /\p{Surrogate}/u;

type VariableLimits = Pick<RequestLimits, 'maxNesting' | 'maxStringLength'>;

/**
 * Checks a request's variables before anything reads them: objects and lists nested at most
 * `maxNesting` deep (graphql-js's coercion, the zod rules and the translation all recurse once
 * per level), strings and keys at most `maxStringLength` long (graphql-js's "did you mean" for
 * a 10 MB enum value took seconds and hundreds of megabytes), and each well-formed UTF-16: a lone
 * surrogate is half of a character, which SQLite and Feishu would store as U+FFFD. Walked with
 * stacks of its own, so that no depth overflows it. Undefined when they pass.
 */
export function checkVariables(variables: Record<string, unknown>, limits: VariableLimits): GraphQLError | undefined {
  const badString = (text: string) => text.length > limits.maxStringLength || LONE_SURROGATE.test(text);
  const values: unknown[] = Object.values(variables);
  const depths: number[] = values.map(() => 0);
  for (;;) {
    const value = values.pop();
    const depth = depths.pop();
    if (depth === undefined) return undefined;
    if (typeof value === 'string') {
      if (badString(value)) return explain(variables, limits);
    } else if (Array.isArray(value)) {
      if (depth >= limits.maxNesting) return explain(variables, limits);
      for (const item of value) {
        values.push(item);
        depths.push(depth + 1);
      }
    } else if (typeof value === 'object' && value !== null) {
      if (depth >= limits.maxNesting) return explain(variables, limits);
      for (const key of Object.keys(value)) {
        if (badString(key)) return explain(variables, limits);
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
function explain(variables: Record<string, unknown>, limits: VariableLimits): GraphQLError | undefined {
  const stack: Frame[] = Object.keys(variables)
    .reverse()
    .map((name) => ({ value: variables[name], depth: 0, path: [name] }));
  for (let frame = stack.pop(); frame; frame = stack.pop()) {
    const { value, depth, path } = frame;
    if (typeof value === 'string') {
      const error = stringError(value, path, 'a string', limits);
      if (error) return error;
      continue;
    }
    if (typeof value !== 'object' || value === null) continue;
    if (depth >= limits.maxNesting) {
      return limitError(
        'nesting',
        limits.maxNesting,
        `Nesting limit of ${limits.maxNesting} exceeded: variable "$${String(path[0])}" nests objects and lists deeper.`,
      );
    }
    const entries: [string | number, unknown][] = Array.isArray(value) ? value.map((item, index) => [index, item]) : Object.entries(value);
    for (const [key, child] of entries.reverse()) {
      const error = typeof key === 'string' ? stringError(key, path, 'a key', limits) : undefined;
      if (error) return error;
      stack.push({ value: child, depth: depth + 1, path: [...path, key] });
    }
  }
  return undefined;
}

function stringError(text: string, path: readonly (string | number)[], what: string, limits: VariableLimits): GraphQLError | undefined {
  const where = path.length > 1 ? ` at "${formatPath(path)}"` : '';
  if (text.length > limits.maxStringLength) {
    return limitError(
      'stringLength',
      limits.maxStringLength,
      `String length limit of ${limits.maxStringLength} exceeded: variable "$${String(path[0])}" holds ${what} of ${text.length} characters${where}.`,
    );
  }
  if (!LONE_SURROGATE.test(text)) return undefined;
  return new GraphQLError(
    `Variable "$${String(path[0])}" got invalid value${where}; ${what} holds a lone surrogate (half of a UTF-16 character pair), which is not text.`,
    { extensions: { code: 'BAD_USER_INPUT', http: { status: 400, spec: false } } },
  );
}
