import type { TimeRange, UserRef } from '../mirror/lists.js';
import type { Instant } from '../util/datetime.js';
import { builder } from './builder.js';
import { DateTimeScalar } from './scalars.js';

export interface UserRefInput {
  userId?: string | null;
  openId?: string | null;
}

export const UserRefInputRef = builder.inputRef<UserRefInput>('UserRefInput').implement({
  isOneOf: true,
  description: 'A Feishu user, by exactly one of user_id and open_id.',
  fields: (t) => ({
    userId: t.string({ description: "The user's user_id." }),
    openId: t.string({ description: "The user's open_id." }),
  }),
});

export function toUserRef(input: UserRefInput): UserRef {
  return input.userId != null ? { userId: input.userId } : { openId: input.openId ?? '' };
}

export interface TimeRangeInput {
  from?: Instant | null;
  to?: Instant | null;
}

export const TimeRangeInputRef = builder.inputRef<TimeRangeInput>('TimeRangeInput').implement({
  description: 'A time range: from (inclusive) to (exclusive); either end may be left open.',
  fields: (t) => ({
    from: t.field({ type: DateTimeScalar, description: 'The earliest time, included.' }),
    to: t.field({ type: DateTimeScalar, description: 'The end, excluded; later than from.' }),
  }),
});

export function toTimeRange(input: TimeRangeInput | null | undefined): TimeRange | null {
  return input ? { from: input.from?.epochMs ?? null, to: input.to?.epochMs ?? null } : null;
}

export const OrderDirectionEnum = builder.enumType('OrderDirection', {
  description: 'Which way a list is ordered.',
  values: {
    ASC: { value: 'ASC', description: 'Oldest first.' },
    DESC: { value: 'DESC', description: 'Newest first.' },
  } as const,
});

builder.globalConnectionField('totalCount', (t) =>
  t.int({
    description: 'How many rows the whole connection holds with these filters (counted only when asked for).',
    resolve: (connection) => connection.totalCount(),
  }),
);
