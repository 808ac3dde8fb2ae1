import type { Plugin } from 'graphql-yoga';
import type { Logger } from '../logger.js';
import { createAuthenticate } from './authenticate.js';
import { type Caller, OPEN_CALLER } from './caller.js';
import type { AuthConfig } from './config.js';

export interface CallerCheck {
  /** Yoga plugin; none when callers are not checked. */
  plugin: Plugin | null;
  /** The caller of a request the plugin let through, for its context. */
  callerOf(request: Request): Caller;
  /** The request's caller once checked; undefined before, when refused, or when callers are not checked. */
  knownCaller(request: Request): Caller | undefined;
}

/**
 * Checks each GraphQL request's credentials before its body is parsed: a request without valid
 * ones is answered 401 and nothing of it runs. GraphiQL's page and /healthz are served earlier
 * (Yoga's onRequest) and need none.
 */
export function createCallerCheck(auth: AuthConfig, loggerOf: (request: Request) => Logger): CallerCheck {
  if (auth.kind === 'open') return { plugin: null, callerOf: () => OPEN_CALLER, knownCaller: () => undefined };
  const authenticate = createAuthenticate(auth);
  const callers = new WeakMap<Request, Caller>();
  const remember = (request: Request, caller: Caller) => {
    callers.set(request, caller);
  };
  return {
    plugin: {
      onRequestParse({ request }) {
        const caller = authenticate(request.headers.get('authorization'), loggerOf(request));
        if (caller instanceof Promise) return caller.then((found) => remember(request, found));
        remember(request, caller);
        return undefined;
      },
    },
    callerOf(request) {
      const caller = callers.get(request);
      // A request that reached execution without passing the check would be a bug: refuse it.
      if (!caller) throw new Error('no authenticated caller for this request');
      return caller;
    },
    knownCaller: (request) => callers.get(request),
  };
}
