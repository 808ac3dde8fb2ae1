import { GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { createAuthenticate } from '../auth/authenticate.js';
import type { Caller } from '../auth/caller.js';
import type { AuthConfig } from '../auth/config.js';
import type { Logger } from '../logger.js';
import type { MetricsAccess } from './telemetry-config.js';

/**
 * Checks who asks for `path` before the metrics are written: with METRICS=on and callers checked,
 * only an API key with the `metrics` scope reads them (401 without valid credentials, 403 with
 * others). None when anyone may read them (METRICS=public, or callers not checked).
 */
export function useMetricsAccess(path: string, access: MetricsAccess, auth: AuthConfig, logger: Logger): Plugin | null {
  if (access !== 'on' || auth.kind === 'open') return null;
  const authenticate = createAuthenticate(auth);
  const refusal = (error: unknown): Response => {
    if (!(error instanceof GraphQLError)) throw error;
    const http = (error.extensions.http ?? {}) as { status?: number; headers?: Record<string, string> };
    return answer(http.status ?? 401, error.message, String(error.extensions.code), http.headers);
  };
  const decide = (caller: Caller): Response | null => {
    if (caller.kind === 'key' && caller.scopes.has('metrics')) return null;
    logger.info({ path, caller: caller.kind === 'key' ? caller.name : caller.kind }, 'request refused: forbidden');
    return answer(403, `Reading ${path} needs an API key with the metrics scope.`, 'FORBIDDEN');
  };
  return {
    onRequest({ url, request, endResponse }) {
      if (url.pathname !== path) return undefined;
      const end = (response: Response | null) => {
        if (response) endResponse(response);
      };
      let caller: Caller | Promise<Caller>;
      try {
        caller = authenticate(request.headers.get('authorization'), logger);
      } catch (error) {
        return end(refusal(error));
      }
      if (caller instanceof Promise) return caller.then(decide, refusal).then(end);
      return end(decide(caller));
    },
  };
}

function answer(status: number, message: string, code: string, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify({ errors: [{ message, extensions: { code } }] }), {
    status,
    headers: { ...headers, 'content-type': 'application/json; charset=utf-8' },
  });
}
