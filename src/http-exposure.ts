import { useDisableIntrospection } from '@envelop/disable-introspection';
import { blockFieldSuggestionsPlugin } from '@escape.tech/graphql-armor-block-field-suggestions';
import { useCSRFPrevention } from '@graphql-yoga/plugin-csrf-prevention';
import { GraphQLError } from 'graphql';
import { type Plugin, type YogaInitialContext, type YogaServerOptions, createGraphQLError } from 'graphql-yoga';
import type { SecurityConfig } from './auth/config.js';

type Options = YogaServerOptions<Record<string, never>, Record<string, never>>;
type CorsOption = Options['cors'];
type YogaPlugins = NonNullable<Options['plugins']>;

/**
 * CORS for the listed origins only: an allowed origin is echoed, with no
 * `Access-Control-Allow-Credentials` (callers send bearer tokens, not cookies); any other origin
 * gets no CORS header at all, so its pages can neither read answers nor pass a preflight.
 */
export function corsOption(origins: readonly string[]): CorsOption {
  if (origins.length === 0) return false;
  const allowed = new Set(origins);
  return (request: Request) => {
    const origin = request.headers.get('origin');
    if (origin === null || !allowed.has(origin)) return false;
    return { origin: [origin], methods: ['GET', 'POST'], credentials: false, maxAge: 600 };
  };
}

/** The answer depends on the request's Origin: caches must keep one per origin. */
const useVaryOnOrigin: Plugin = {
  onResponse({ response }) {
    const vary = response.headers.get('vary') ?? '';
    if (!/(^|,)\s*origin\s*(,|$)/i.test(vary)) response.headers.append('vary', 'Origin');
  },
};

/** Yoga's CSRF prevention, its refusal coded (`CSRF_PREVENTED`) as every other refusal is. */
function useCodedCsrfPrevention(): Plugin {
  const csrf = useCSRFPrevention();
  return {
    onRequestParse(payload) {
      try {
        return csrf.onRequestParse?.(payload);
      } catch (error) {
        if (!(error instanceof GraphQLError)) throw error;
        throw createGraphQLError(error.message, { extensions: { ...error.extensions, code: 'CSRF_PREVENTED' } });
      }
    },
  };
}

/**
 * What a browser page or a stranger may get from the server beyond what callers are allowed:
 * - CSRF: a request a browser sends cross-site without a preflight (form-encoded, multipart or
 *   text/plain POST, or a GET without the `x-graphql-yoga-csrf` header) is refused with 403
 *   before it is parsed (Yoga's plugin);
 * - introspection and "Did you mean" field suggestions are off unless `introspection` is on.
 */
export function exposurePlugins(security: SecurityConfig): YogaPlugins {
  const plugins: YogaPlugins = [useCodedCsrfPrevention()];
  if (security.corsOrigins.length > 0) plugins.push(useVaryOnOrigin);
  if (!security.introspection) plugins.push(useDisableIntrospection(), blockFieldSuggestionsPlugin<YogaInitialContext>());
  return plugins;
}
