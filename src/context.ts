import type { FeishuApprovalApi } from './feishu/approval-api.js';
import { type LocaleCode, localeFromAcceptLanguage } from './locale.js';
import { type MirrorLoaders, createMirrorLoaders } from './mirror/loaders.js';
import type { Mirror } from './mirror/mirror.js';
import type { Clock } from './util/clock.js';

/** What every resolver gets: built fresh per request, so the loaders cache one request only. */
export interface GraphQLContext {
  mirror: Mirror;
  feishu: FeishuApprovalApi;
  loaders: MirrorLoaders;
  /** The best of the 16 locales for the request's Accept-Language, if any matched. */
  requestLocale: LocaleCode | undefined;
  /** The default locale for texts whose input names none. */
  defaultLocale: LocaleCode;
  clock: Clock;
}

export interface ContextDeps {
  mirror: Mirror;
  feishu: FeishuApprovalApi;
  defaultLocale: LocaleCode;
  clock: Clock;
}

export function createContext(deps: ContextDeps, request: Request): GraphQLContext {
  return {
    ...deps,
    loaders: createMirrorLoaders(deps.mirror),
    requestLocale: localeFromAcceptLanguage(request.headers.get('accept-language')),
  };
}
