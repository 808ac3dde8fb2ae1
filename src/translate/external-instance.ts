import type { LocaleCode } from '../locale.js';
import type {
  ExternalInstancePayload,
  WireActionConfig,
  WireCcEntry,
  WireExternalTask,
  WireLink,
  WireTrusteeshipCacheConfig,
  WireTrusteeshipUrls,
} from '../feishu/wire.js';
import { compact } from '../util/compact.js';
import type { Instant } from '../util/datetime.js';
import type {
  ActionConfigInput,
  ExternalCcInput,
  ExternalTaskInput,
  LinksInput,
  SyncExternalInstanceInput,
  TrusteeshipCacheConfigInput,
  TrusteeshipUrlsInput,
} from './external-instance-input.js';
import { I18nCollector, type LocalizedTextInput, type PlainText, plainText } from './i18n.js';

/** Feishu times are Unix millisecond strings. */
export function toFeishuTime(instant: Instant): string {
  return String(instant.epochMs);
}

/** An end time that is absent means "not finished": Feishu's `0`. */
export function toFeishuEndTime(instant: Instant | null | undefined): string {
  return instant ? toFeishuTime(instant) : '0';
}

/** `extra` goes over the wire as compact JSON text. */
export function toFeishuExtra(extra: unknown): string | undefined {
  return extra === null || extra === undefined ? undefined : JSON.stringify(extra);
}

const orUndefined = <T>(value: T | null | undefined): T | undefined => (value === null ? undefined : value);

/**
 * Every locale of the texts Feishu takes as plain strings (seed 001: task `node_name` and cc
 * `title` are not `@i18n@` keys), for the mirror, which keeps them all: the payload carries only
 * the default locale's.
 */
export interface PlainTexts {
  /** By task_id. */
  readonly nodeNames: ReadonlyMap<string, PlainText>;
  /** By cc_id. */
  readonly ccTitles: ReadonlyMap<string, PlainText>;
}

/** A push: the payload sent to Feishu, and the texts it carries in the default locale only. */
export interface ExternalInstancePush {
  payload: ExternalInstancePayload;
  plainTexts: PlainTexts;
}

/** The texts of one request: keyed ones through `keys`, plain ones kept whole in `plain`. */
interface Texts {
  keys: I18nCollector;
  plain: { nodeNames: Map<string, PlainText>; ccTitles: Map<string, PlainText> };
}

/** The default locale's value of a plain text, recorded whole under `id`. */
function plainValue(texts: Texts, into: Map<string, PlainText>, id: string, text: LocalizedTextInput | null | undefined): string | undefined {
  if (!text) return undefined;
  const whole = plainText(text, texts.keys.defaultLocale);
  into.set(id, whole);
  return whole[0]![1];
}

function toLinks(links: LinksInput): WireLink {
  return compact({ pc_link: orUndefined(links.pcLink), mobile_link: orUndefined(links.mobileLink) });
}

function toActionConfig(config: ActionConfigInput, i18n: I18nCollector): WireActionConfig {
  return compact({
    action_type: config.actionType,
    action_name: i18n.optionalKey(config.actionName),
    is_need_reason: orUndefined(config.isNeedReason),
    is_reason_required: orUndefined(config.isReasonRequired),
    is_need_attachment: orUndefined(config.isNeedAttachment),
  });
}

function toTask(task: ExternalTaskInput, texts: Texts): WireExternalTask {
  const i18n = texts.keys;
  return compact({
    task_id: task.taskId,
    user_id: orUndefined(task.userId),
    open_id: orUndefined(task.openId),
    title: i18n.optionalKey(task.title),
    links: toLinks(task.links),
    status: task.status,
    extra: toFeishuExtra(task.extra),
    create_time: toFeishuTime(task.createTime),
    end_time: toFeishuEndTime(task.endTime),
    update_time: toFeishuTime(task.updateTime),
    action_context: orUndefined(task.actionContext),
    action_configs: task.actionConfigs?.map((config) => toActionConfig(config, i18n)),
    display_method: orUndefined(task.displayMethod),
    exclude_statistics: orUndefined(task.excludeStatistics),
    node_id: orUndefined(task.nodeId),
    node_name: plainValue(texts, texts.plain.nodeNames, task.taskId, task.nodeName),
    generate_type: orUndefined(task.generateType),
  });
}

function toCc(cc: ExternalCcInput, texts: Texts): WireCcEntry {
  return compact({
    cc_id: cc.ccId,
    user_id: orUndefined(cc.userId),
    open_id: orUndefined(cc.openId),
    links: toLinks(cc.links),
    read_status: orUndefined(cc.readStatus),
    extra: toFeishuExtra(cc.extra),
    title: plainValue(texts, texts.plain.ccTitles, cc.ccId, cc.title),
    create_time: toFeishuTime(cc.createTime),
    update_time: toFeishuTime(cc.updateTime),
    display_method: orUndefined(cc.displayMethod),
  });
}

function toTrusteeshipUrls(urls: TrusteeshipUrlsInput): WireTrusteeshipUrls {
  return compact({
    form_detail_url: orUndefined(urls.formDetailUrl),
    action_definition_url: orUndefined(urls.actionDefinitionUrl),
    approval_node_url: orUndefined(urls.approvalNodeUrl),
    action_callback_url: orUndefined(urls.actionCallbackUrl),
    pull_business_data_url: orUndefined(urls.pullBusinessDataUrl),
  });
}

function toCacheConfig(config: TrusteeshipCacheConfigInput): WireTrusteeshipCacheConfig {
  return compact({
    form_policy: orUndefined(config.formPolicy),
    form_vary_with_locale: orUndefined(config.formVaryWithLocale),
    form_version: orUndefined(config.formVersion),
  });
}

/**
 * The exact body of POST /open-apis/approval/v4/external_instances for a validated input:
 * snake_case fields in the documented order, `@i18n@` keys allocated once per distinct text for
 * the fields the seeds fill through one, `i18n_resources` with one default locale, task
 * `node_name` and cc `title` as the default locale's text, times as millisecond strings, `extra`
 * compact. Beside it, every locale of those two plain texts.
 */
export function toExternalInstancePush(input: SyncExternalInstanceInput, serverDefaultLocale: LocaleCode): ExternalInstancePush {
  const i18n = new I18nCollector(input.defaultLocale ?? serverDefaultLocale);
  const texts: Texts = { keys: i18n, plain: { nodeNames: new Map(), ccTitles: new Map() } };
  const payload: ExternalInstancePayload = compact({
    approval_code: input.approvalCode,
    status: input.status,
    extra: toFeishuExtra(input.extra),
    instance_id: input.instanceId,
    links: toLinks(input.links),
    title: i18n.optionalKey(input.title),
    form: input.form?.map((entry) => ({ name: i18n.key(entry.name), value: i18n.key(entry.value) })),
    user_id: orUndefined(input.userId),
    user_name: i18n.optionalKey(input.userName),
    open_id: orUndefined(input.openId),
    department_id: orUndefined(input.departmentId),
    department_name: i18n.optionalKey(input.departmentName),
    start_time: toFeishuTime(input.startTime),
    end_time: toFeishuEndTime(input.endTime),
    update_time: toFeishuTime(input.updateTime),
    display_method: orUndefined(input.displayMethod),
    update_mode: input.updateMode ?? 'REPLACE',
    task_list: input.taskList?.map((task) => toTask(task, texts)),
    cc_list: input.ccList?.map((cc) => toCc(cc, texts)),
    i18n_resources: [],
    trusteeship_url_token: orUndefined(input.trusteeshipUrlToken),
    trusteeship_user_id_type: orUndefined(input.trusteeshipUserIdType),
    trusteeship_urls: input.trusteeshipUrls ? toTrusteeshipUrls(input.trusteeshipUrls) : undefined,
    trusteeship_cache_config: input.trusteeshipCacheConfig ? toCacheConfig(input.trusteeshipCacheConfig) : undefined,
    resource_region: orUndefined(input.resourceRegion),
  });
  payload.i18n_resources = i18n.resources();
  return { payload, plainTexts: texts.plain };
}

/** The payload of toExternalInstancePush alone. */
export function toExternalInstancePayload(input: SyncExternalInstanceInput, serverDefaultLocale: LocaleCode): ExternalInstancePayload {
  return toExternalInstancePush(input, serverDefaultLocale).payload;
}
