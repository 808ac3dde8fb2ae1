import type { CreateInstanceService } from './create-instance/service.js';
import type { FeishuApprovalApi } from './feishu/approval-api.js';
import { type LocaleCode, localesFromAcceptLanguage } from './locale.js';
import { type MirrorLoaders, createMirrorLoaders } from './mirror/loaders.js';
import type { Mirror } from './mirror/mirror.js';
import { SiblingReads } from './mirror/sibling-reads.js';
import type { Clock } from './util/clock.js';

/** What every resolver gets: built fresh per request, so the loaders cache one request only. */
export interface GraphQLContext {
  mirror: Mirror;
  feishu: FeishuApprovalApi;
  createInstances: CreateInstanceService;
  loaders: MirrorLoaders;
  /** Synchronous reads for rows read together (a page, a loader batch); see SiblingReads. */
  siblings: SiblingReads;
  /** The locales the request's Accept-Language asks for, most wanted first. */
  requestLocales: LocaleCode[];
  /** The default locale for texts whose input names none. */
  defaultLocale: LocaleCode;
  clock: Clock;
}

export interface ContextDeps {
  mirror: Mirror;
  feishu: FeishuApprovalApi;
  createInstances: CreateInstanceService;
  defaultLocale: LocaleCode;
  clock: Clock;
}

/**
 * The context of one request. Its fields are copied one by one, not spread from `deps`: V8 makes
 * an object spread from a long-lived object in old space, like its source, and a garbage context
 * there keeps everything the request read alive through the young-generation collections until
 * the next full one (~2 MB promoted a collection on a page of 50 rows, and collections 5 times
 * longer: about a tenth of a page request's time).
 */
export function createContext(deps: ContextDeps, request: { headers: Pick<Headers, 'get'> }): GraphQLContext {
  const siblings = new SiblingReads(deps.mirror.external);
  return {
    mirror: deps.mirror,
    feishu: deps.feishu,
    createInstances: deps.createInstances,
    defaultLocale: deps.defaultLocale,
    clock: deps.clock,
    loaders: createMirrorLoaders(deps.mirror, siblings),
    siblings,
    requestLocales: localesFromAcceptLanguage(request.headers.get('accept-language')),
  };
}
