import { z } from 'zod';
import { searchWords } from '../mirror/search.js';
import { stringOfLength } from './rules.js';

/** Rules of the list queries' filter arguments. */

export const MAX_FILTER_VALUES = 100;
export const MAX_SEARCH_LENGTH = 200;

/** A list filter lists 1 to 100 values; leave the filter out to match everything. */
export const valueList = z
  .array(z.unknown())
  .min(1, 'must list at least one value; leave the filter out to match all')
  .max(MAX_FILTER_VALUES, `must list at most ${MAX_FILTER_VALUES} values`)
  .nullish();

export const timeRange = z
  .looseObject({ from: z.looseObject({ epochMs: z.number() }).nullish(), to: z.looseObject({ epochMs: z.number() }).nullish() })
  .superRefine((range, ctx) => {
    if (range.from && range.to && range.to.epochMs <= range.from.epochMs) {
      ctx.addIssue({ code: 'custom', path: ['to'], message: 'must be later than from' });
    }
  })
  .nullish();

export const searchText = stringOfLength(0, MAX_SEARCH_LENGTH, `must be at most ${MAX_SEARCH_LENGTH} characters`)
  .refine((text) => text.trim() === '' || searchWords(text).length > 0, 'needs at least one letter or digit')
  .nullish();
