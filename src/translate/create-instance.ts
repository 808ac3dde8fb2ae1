import { hash } from 'node:crypto';
import type { CreateInstancePayload, LegacyCreateInstancePayload, WireNodeUsers } from '../feishu/wire.js';
import type { LocaleCode } from '../locale.js';
import type { BotNotification, CreateInstanceInput, NodeUsersInput, TitleDisplayMethod } from './create-instance-input.js';
import { compact } from '../util/compact.js';
import { serializeForm } from './form.js';
import { I18nCollector } from './i18n.js';

export const BOT_NOTIFICATION_BITS: Record<BotNotification, number> = { APPROVED: 1, REJECTED: 2, CANCELED: 4 };
export const TITLE_DISPLAY_METHOD: Record<TitleDisplayMethod, number> = { DEFINITION_AND_INSTANCE: 0, INSTANCE_ONLY: 1 };

/** Feishu's cancel_bot_notification: the sum of the chosen bits, as a string. */
export function toBotNotificationMask(values: readonly BotNotification[]): string {
  return String([...new Set(values)].reduce((mask, value) => mask | BOT_NOTIFICATION_BITS[value], 0));
}

const nodeList = (list: readonly NodeUsersInput[] | null | undefined): WireNodeUsers[] | undefined =>
  list?.map((node) => ({ key: node.key, value: [...node.value] }));

const nodeMap = (list: readonly NodeUsersInput[] | null | undefined): Record<string, string[]> | undefined =>
  list ? Object.fromEntries(list.map((node) => [node.key, [...node.value]])) : undefined;

/**
 * The exact body of POST /open-apis/approval/v4/instances (seed 003): the typed form serialized
 * to Feishu's JSON text, localized texts as `@i18n@` keys with `i18n_resources`, the bot
 * notifications as a bitmask string, the title display method as Feishu's number.
 */
export function toCreateInstancePayload(input: CreateInstanceInput, uuid: string, serverDefaultLocale: LocaleCode): CreateInstancePayload {
  const i18n = new I18nCollector(input.defaultLocale ?? serverDefaultLocale);
  const title = i18n.optionalKey(input.title);
  const form = serializeForm(input.form, i18n);
  const resources = i18n.resources();
  return compact({
    approval_code: input.approvalCode,
    user_id: input.userId ?? undefined,
    open_id: input.openId ?? undefined,
    department_id: input.departmentId ?? undefined,
    form,
    node_approver_user_id_list: nodeList(input.nodeApproverUserIdList),
    node_approver_open_id_list: nodeList(input.nodeApproverOpenIdList),
    node_cc_user_id_list: nodeList(input.nodeCcUserIdList),
    node_cc_open_id_list: nodeList(input.nodeCcOpenIdList),
    uuid,
    allow_resubmit: input.allowResubmit ?? undefined,
    allow_submit_again: input.allowSubmitAgain ?? undefined,
    cancel_bot_notification: input.cancelBotNotification?.length ? toBotNotificationMask(input.cancelBotNotification) : undefined,
    forbid_revoke: input.forbidRevoke ?? undefined,
    // Only texts need resources: a request without any sends none.
    i18n_resources: resources.some((resource) => resource.texts.length > 0) ? resources : undefined,
    title,
    title_display_method: input.titleDisplayMethod ? TITLE_DISPLAY_METHOD[input.titleDisplayMethod] : undefined,
    node_auto_approval_list: input.nodeAutoApprovalList?.map((node) => compact({ node_id_type: node.nodeIdType ?? undefined, node_id: node.nodeId })),
  });
}

/**
 * The body of the legacy POST /approval/openapi/v2/instance/create (seed 004): node lists as
 * maps from node id to user ids, `open_id` required, no i18n. The input must have passed the
 * v2 rules (see validate/create-instance.ts).
 */
export function toLegacyCreateInstancePayload(input: CreateInstanceInput, uuid: string): LegacyCreateInstancePayload {
  return compact({
    approval_code: input.approvalCode,
    user_id: input.userId ?? undefined,
    open_id: input.openId ?? '',
    department_id: input.departmentId ?? undefined,
    form: serializeForm(input.form, null),
    node_approver_user_id_list: nodeMap(input.nodeApproverUserIdList),
    node_approver_open_id_list: nodeMap(input.nodeApproverOpenIdList),
    node_cc_user_id_list: nodeMap(input.nodeCcUserIdList),
    node_cc_open_id_list: nodeMap(input.nodeCcOpenIdList),
    uuid,
  });
}

/**
 * A copy of a value whose objects hold their keys in sorted order. Each object is filled key by
 * key rather than with `Object.fromEntries`, which makes an array per key: objects of one shape
 * then share V8's hidden class, which JSON.stringify walks fastest.
 */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) {
    const copy: unknown[] = new Array<unknown>(value.length);
    for (let index = 0; index < value.length; index += 1) copy[index] = canonical(value[index]);
    return copy;
  }
  if (value && typeof value === 'object') {
    const copy: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const member = canonical((value as Record<string, unknown>)[key]);
      // An assignment to __proto__ would set the prototype: it is defined as an own key instead.
      if (key === '__proto__') Object.defineProperty(copy, key, { value: member, enumerable: true, writable: true, configurable: true });
      else copy[key] = member;
    }
    return copy;
  }
  return value;
}

/**
 * The idempotency fingerprint of a request: a hash of its canonical v4 payload without the
 * uuid. The same input gives the same hash, whichever API ends up carrying it.
 */
export function requestHash(payload: CreateInstancePayload): string {
  const { uuid: _uuid, ...rest } = payload;
  return hash('sha256', JSON.stringify(canonical(rest)), 'hex');
}
