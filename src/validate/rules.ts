import { z } from 'zod';
import { LOCALES } from '../locale.js';
import { characterCount } from '../util/characters.js';
import type { Instant } from '../util/datetime.js';
import { quoteForMessage } from '../util/quote.js';

/**
 * Rules shared by the inputs of both mutations. GraphQL has already checked types and enums, so
 * the rules that only check a value (a localized text, a time, links) are refinements of the
 * value as it is, not object schemas: zod would copy each such object, key by key.
 */

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

export const nonEmptyString = z.string().refine((value) => value.trim() !== '', 'must not be empty');

/** A string of `min` to `max` characters, counted as Feishu counts them (see characterCount). */
export const stringOfLength = (min: number, max: number, message = `must be ${min} to ${max} characters`) =>
  z.string().refine((value) => {
    const count = characterCount(value);
    return count >= min && count <= max;
  }, message);

/** A LocalizedTextInput: at least one locale set to a non-empty text, each of at most `maxLength` characters. */
export const localizedText = (maxLength?: number) =>
  z.custom<Record<string, unknown>>(isObject, 'must be an object').superRefine((text, ctx) => {
    let present = 0;
    for (const row of LOCALES) {
      const value = text[row.field];
      if (typeof value !== 'string' || value === '') continue;
      present += 1;
      if (maxLength === undefined) continue;
      const length = characterCount(value);
      if (length > maxLength) ctx.addIssue({ code: 'custom', path: [row.field], message: `must be at most ${maxLength} characters, got ${length}` });
    }
    if (present === 0) {
      ctx.addIssue({ code: 'custom', message: 'needs a text in at least one locale (zhCN, enUS, ...)' });
    }
  });

/** `extra`: a JSON object, sent to Feishu as compact text. */
export const jsonObject = z.custom<Record<string, unknown>>(isObject, 'must be a JSON object');

/** An Instant parsed by the DateTime scalar: not before the Unix epoch. */
export const epochInstant = z
  .custom<Instant>((value) => isObject(value) && typeof value.epochMs === 'number', 'must be a DateTime')
  .refine((value) => value.epochMs >= 0, 'must not be before 1970-01-01T00:00:00Z');

export const links = z
  .custom<{ pcLink?: string | null; mobileLink?: string | null }>(isObject, 'must be an object')
  .refine((value) => Boolean(value.pcLink) || Boolean(value.mobileLink), 'pcLink or mobileLink: at least one is required');

/** Feishu's "user_id and open_id: at least one" rule, reported on `userId`. */
export function requireUserOrOpenId(value: { userId?: string | null; openId?: string | null }, ctx: z.RefinementCtx): void {
  if (!value.userId && !value.openId) {
    ctx.addIssue({ code: 'custom', path: ['userId'], message: 'userId or openId: at least one is required' });
  }
}

/** The string field `field` of a list of objects holds each value once. */
export function uniqueField(field: string) {
  return (items: readonly Record<string, unknown>[], ctx: z.RefinementCtx) => {
    const seen = new Set<unknown>();
    items.forEach((item, index) => {
      const id = item[field];
      if (seen.has(id)) ctx.addIssue({ code: 'custom', path: [index, field], message: `${quoteForMessage(String(id))} appears more than once in the list` });
      seen.add(id);
    });
  };
}

/**
 * A rule set for values of the GraphQL input type `T`, as an argument's `validate: { schema }`.
 * The rules never transform (loose objects, refinements only): the value passes as it was given.
 * @pothos/plugin-zod parses arguments with parseAsync, which runs zod's generic object code; the
 * rules are checked here with a synchronous safeParse instead, which runs the object parsers zod
 * compiles, and their issues are reported as zod would (paths relative to the argument). So
 * every rule must be synchronous: zod throws on a promise.
 */
export function rulesFor<T>(rules: z.ZodType): z.ZodType<T> {
  return z.unknown().superRefine((value, ctx) => {
    const result = rules.safeParse(value);
    if (!result.success) for (const issue of result.error.issues) ctx.addIssue({ ...issue, code: 'custom', path: issue.path });
  }) as unknown as z.ZodType<T>;
}
