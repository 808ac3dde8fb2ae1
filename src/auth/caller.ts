import type { UserRef } from '../mirror/lists.js';
import type { Scope } from './api-keys.js';

/**
 * Who sent a request, as every resolver sees it (`ctx.caller`):
 * - `open`: nobody is checked (sandbox mode without keys, or FACADE_AUTH=off);
 * - `key`: a server caller, by its API key's name and scopes;
 * - `user`: an end user, the Feishu user their bearer JWT names.
 */
export type Caller = { kind: 'open' } | { kind: 'key'; name: string; scopes: ReadonlySet<Scope> } | { kind: 'user'; user: UserRef };

export const OPEN_CALLER: Caller = { kind: 'open' };

/** Whether `user` is the user a row or an input names by `userId` / `openId`, by the id type the token gives. */
export function isSameUser(user: UserRef, userId: string | null | undefined, openId: string | null | undefined): boolean {
  return user.userId !== undefined ? userId === user.userId : openId === user.openId;
}

/** How a user is named in messages: by the id type the token gives. */
export function describeUser(user: UserRef): string {
  return user.userId !== undefined ? `user_id ${user.userId}` : `open_id ${user.openId}`;
}
