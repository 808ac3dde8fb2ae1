import type { NativeInstances } from './events/native.js';
import { type Caller, OPEN_CALLER } from './auth/caller.js';
import type { CreateInstanceService } from './create-instance/service.js';
import { type Logger, silentLogger } from './logger.js';
import type { ApprovalDefinitions } from './definitions/service.js';
import { type LocaleCode, localesFromAcceptLanguage } from './locale.js';
import { MirrorLoaders } from './mirror/loaders.js';
import type { Mirror } from './mirror/mirror.js';
import type { SyncExternalInstanceService } from './services/sync-external-instance.js';

/** What every resolver gets: built fresh per request, so the loaders cache one request only. */
export interface GraphQLContext {
  mirror: Mirror;
  syncs: SyncExternalInstanceService;
  createInstances: CreateInstanceService;
  /** Approval definitions: the mirror's copies, read again from Feishu once old. */
  definitions: ApprovalDefinitions;
  native?: NativeInstances;
  loaders: MirrorLoaders;
  /** The locales the request's Accept-Language asks for, most wanted first. */
  requestLocales: LocaleCode[];
  /** The default locale for texts whose input names none. */
  defaultLocale: LocaleCode;
  /** Who sent the request (src/auth/rules.ts says what each may do). */
  caller: Caller;
  /** The request's logger: its lines carry the request's id. */
  logger: Logger;
}

export interface ContextDeps {
  mirror: Mirror;
  syncs: SyncExternalInstanceService;
  createInstances: CreateInstanceService;
  definitions: ApprovalDefinitions;
  /** Live status of native instances (refreshApprovalInstance); absent in tests that build a context alone. */
  native?: NativeInstances;
  defaultLocale: LocaleCode;
}

export function createContext(
  deps: ContextDeps,
  request: { headers: Pick<Headers, 'get'> },
  caller: Caller = OPEN_CALLER,
  logger: Logger = silentLogger,
): GraphQLContext {
  return {
    ...deps,
    caller,
    logger,
    loaders: new MirrorLoaders(deps.mirror.reads),
    requestLocales: localesFromAcceptLanguage(request.headers.get('accept-language')),
  };
}
