import type { LocaleCode } from '../locale.js';
import type { Instant } from '../util/datetime.js';
import type { JsonInput } from '../util/json.js';
import type { LocalizedTextInput } from './i18n.js';

/**
 * The shape of `SyncExternalInstanceInput` after GraphQL parsed it (scalars parsed, enums as
 * Feishu's values). The schema declares these types; translation reads them.
 */

type Maybe<T> = T | null | undefined;

export type ExternalInstanceStatus = 'PENDING' | 'APPROVED' | 'REJECTED' | 'CANCELED' | 'DELETED' | 'HIDDEN' | 'TERMINATED';
export type ExternalTaskStatus = 'PENDING' | 'APPROVED' | 'REJECTED' | 'TRANSFERRED' | 'DONE';
export type InstanceDisplayMethod = 'BROWSER' | 'SIDEBAR' | 'NORMAL' | 'TRUSTEESHIP';
export type TaskDisplayMethod = 'BROWSER' | 'SIDEBAR' | 'NORMAL' | 'TRUSTEESHIP';
export type UpdateMode = 'REPLACE' | 'UPDATE';
export type CcReadStatus = 'READ' | 'UNREAD';
export type TaskGenerateType = 'EXTERNAL_CONSIGN' | 'DEFAULT';
export type TrusteeshipFormPolicy = 'DISABLE' | 'IMMUTABLE' | 'BY_NODE' | 'BY_USER';

export interface LinksInput {
  pcLink?: Maybe<string>;
  mobileLink?: Maybe<string>;
}

export interface ExternalFormEntryInput {
  name: LocalizedTextInput;
  value: LocalizedTextInput;
}

export interface ActionConfigInput {
  actionType: string;
  actionName?: Maybe<LocalizedTextInput>;
  isNeedReason?: Maybe<boolean>;
  isReasonRequired?: Maybe<boolean>;
  isNeedAttachment?: Maybe<boolean>;
}

export interface ExternalTaskInput {
  taskId: string;
  userId?: Maybe<string>;
  openId?: Maybe<string>;
  title?: Maybe<LocalizedTextInput>;
  links: LinksInput;
  status: ExternalTaskStatus;
  extra?: Maybe<JsonInput>;
  createTime: Instant;
  endTime?: Maybe<Instant>;
  updateTime: Instant;
  actionContext?: Maybe<string>;
  actionConfigs?: Maybe<readonly ActionConfigInput[]>;
  displayMethod?: Maybe<TaskDisplayMethod>;
  excludeStatistics?: Maybe<boolean>;
  nodeId?: Maybe<string>;
  nodeName?: Maybe<LocalizedTextInput>;
  generateType?: Maybe<TaskGenerateType>;
}

export interface ExternalCcInput {
  ccId: string;
  userId?: Maybe<string>;
  openId?: Maybe<string>;
  links: LinksInput;
  readStatus?: Maybe<CcReadStatus>;
  extra?: Maybe<JsonInput>;
  title?: Maybe<LocalizedTextInput>;
  createTime: Instant;
  updateTime: Instant;
  displayMethod?: Maybe<TaskDisplayMethod>;
}

export interface TrusteeshipUrlsInput {
  formDetailUrl?: Maybe<string>;
  actionDefinitionUrl?: Maybe<string>;
  approvalNodeUrl?: Maybe<string>;
  actionCallbackUrl?: Maybe<string>;
  pullBusinessDataUrl?: Maybe<string>;
}

export interface TrusteeshipCacheConfigInput {
  formPolicy?: Maybe<TrusteeshipFormPolicy>;
  formVaryWithLocale?: Maybe<boolean>;
  formVersion?: Maybe<string>;
}

export interface SyncExternalInstanceInput {
  approvalCode: string;
  status: ExternalInstanceStatus;
  extra?: Maybe<JsonInput>;
  instanceId: string;
  links: LinksInput;
  title?: Maybe<LocalizedTextInput>;
  form?: Maybe<readonly ExternalFormEntryInput[]>;
  userId?: Maybe<string>;
  userName?: Maybe<LocalizedTextInput>;
  openId?: Maybe<string>;
  departmentId?: Maybe<string>;
  departmentName?: Maybe<LocalizedTextInput>;
  startTime: Instant;
  endTime?: Maybe<Instant>;
  updateTime: Instant;
  displayMethod?: Maybe<InstanceDisplayMethod>;
  updateMode?: Maybe<UpdateMode>;
  taskList?: Maybe<readonly ExternalTaskInput[]>;
  ccList?: Maybe<readonly ExternalCcInput[]>;
  trusteeshipUrlToken?: Maybe<string>;
  trusteeshipUserIdType?: Maybe<string>;
  trusteeshipUrls?: Maybe<TrusteeshipUrlsInput>;
  trusteeshipCacheConfig?: Maybe<TrusteeshipCacheConfigInput>;
  resourceRegion?: Maybe<string>;
  /** The locale marked `is_default`; the server's default when absent. */
  defaultLocale?: Maybe<LocaleCode>;
}
