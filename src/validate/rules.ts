import { z } from 'zod';
import { LOCALES } from '../locale.js';

/** Rules shared by the inputs of both mutations. GraphQL has already checked types and enums. */

export const nonEmptyString = z.string().refine((value) => value.trim() !== '', 'must not be empty');

/** A LocalizedTextInput: at least one locale set to a non-empty text. */
export const localizedText = (maxLength?: number) =>
  z.looseObject({}).superRefine((text, ctx) => {
    let present = 0;
    for (const row of LOCALES) {
      const value = (text as Record<string, unknown>)[row.field];
      if (typeof value !== 'string' || value === '') continue;
      present += 1;
      if (maxLength !== undefined && value.length > maxLength) {
        ctx.addIssue({ code: 'custom', path: [row.field], message: `must be at most ${maxLength} characters, got ${value.length}` });
      }
    }
    if (present === 0) {
      ctx.addIssue({ code: 'custom', message: 'needs a text in at least one locale (zhCN, enUS, ...)' });
    }
  });

/** `extra`: a JSON object, sent to Feishu as compact text. */
export const jsonObject = z.custom<Record<string, unknown>>(
  (value) => value !== null && typeof value === 'object' && !Array.isArray(value),
  'must be a JSON object',
);

/** An Instant parsed by the DateTime scalar: not before the Unix epoch. */
export const epochInstant = z.looseObject({ epochMs: z.number() }).refine((value) => value.epochMs >= 0, 'must not be before 1970-01-01T00:00:00Z');

export const links = z
  .looseObject({ pcLink: z.string().nullish(), mobileLink: z.string().nullish() })
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
      if (seen.has(id)) ctx.addIssue({ code: 'custom', path: [index, field], message: `"${String(id)}" appears more than once in the list` });
      seen.add(id);
    });
  };
}

/**
 * Declares that a rule set checks values of the GraphQL input type `T`. The rules never
 * transform (loose objects, refinements only), so what they output is what they were given.
 */
export function rulesFor<T>(schema: z.ZodType): z.ZodType<T> {
  return schema as z.ZodType<T>;
}
