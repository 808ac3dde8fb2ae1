import { type FilledLevel, formRuleIssues } from '../definitions/form-rules.js';
import { LOCALE_CODES } from '../locale.js';
import { characterCount } from '../util/characters.js';
import { parseInstant } from '../util/datetime.js';
import { paramInvalidMessage } from './answer.js';
import { approvalDefinitionOf } from './definition-answers.js';
import type { DemoDefinition, DemoWidget } from './definitions.js';

/**
 * Feishu's checks of instance creation (seeds 003 and 004) against the sandbox's definitions.
 * Each check answers the code Feishu would and a message naming the field or the widget
 * (`控件=<id>`, as Feishu's 1390001 does).
 */

export interface Refusal {
  code: number;
  msg: string;
}

const UNCREATABLE = new Set(['address', 'tripGroup', 'leaveGroup', 'workGroup', 'remedyGroup']);
const STRING_LISTS = new Set(['connect', 'attachment', 'attachmentV2', 'image', 'imageV2', 'checkbox', 'checkboxV2']);

const paramInvalid = (field: string, problem: string): Refusal => ({ code: 1390001, msg: paramInvalidMessage(field, problem) });
const isString = (value: unknown): value is string => typeof value === 'string';
const isStringList = (value: unknown): value is string[] => Array.isArray(value) && value.every(isString);
const isRfc3339 = (value: unknown) => isString(value) && parseInstant(value) !== undefined;
const isNumeric = (value: unknown) =>
  (typeof value === 'number' && Number.isFinite(value)) || (isString(value) && value.trim() !== '' && Number.isFinite(Number(value)));
const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** What is wrong with one widget's value for its type, or null. */
function valueProblem(widget: DemoWidget, value: unknown, openIds: unknown, i18nKeys: ReadonlySet<string> | null): string | null {
  switch (widget.type) {
    case 'input':
    case 'textarea':
      if (!isString(value)) return 'value must be a string';
      if (value.startsWith('@i18n@') && !i18nKeys?.has(value)) return `i18n key ${value} is not defined in the default locale`;
      return null;
    case 'date':
      return isRfc3339(value) ? null : 'value must be an RFC 3339 date-time';
    case 'radio':
    case 'radioV2':
      if (!isString(value)) return 'value must be an option value';
      return widget.options && !widget.options.includes(value) ? `"${value}" is not an option (${widget.options.join(', ')})` : null;
    case 'number':
    case 'amount':
    case 'formula':
      return isNumeric(value) ? null : 'value must be a number';
    case 'contact':
      if (!isStringList(value)) return 'value must be an array of user ids';
      if (openIds !== undefined && !isStringList(openIds)) return 'open_ids must be an array of open ids';
      return value.length + (Array.isArray(openIds) ? openIds.length : 0) > 0 ? null : 'needs at least one user';
    case 'dateInterval':
      if (!isObject(value) || !isRfc3339(value.start) || !isRfc3339(value.end) || typeof value.interval !== 'number') {
        return 'value must be {start, end, interval} with RFC 3339 start and end and a number interval';
      }
      return null;
    case 'department':
      return Array.isArray(value) && value.every((d) => isObject(d) && isString(d.open_id) && d.open_id !== '') ? null : 'value must be an array of {open_id}';
    case 'telephone':
      return isObject(value) && isString(value.countryCode) && isString(value.nationalNumber) ? null : 'value must be {countryCode, nationalNumber}';
    case 'shiftGroup':
      return isObject(value) && isRfc3339(value.shiftTime) && isRfc3339(value.returnTime) && isString(value.reason)
        ? null
        : 'value must be {shiftTime, returnTime, reason} with RFC 3339 times';
    default:
      if (STRING_LISTS.has(widget.type)) {
        if (!isStringList(value)) return 'value must be an array of strings';
        const unknown = widget.options ? value.filter((v) => !widget.options!.includes(v)) : [];
        return unknown.length ? `"${unknown[0]}" is not an option (${widget.options!.join(', ')})` : null;
      }
      return null;
  }
}

/** The wire form as the shared rules read it (definitions/form-rules.ts), or a refusal when it is not a list of widgets. */
function filledLevel(widgets: unknown, path: string): FilledLevel | Refusal {
  if (!Array.isArray(widgets)) return paramInvalid(path, 'must be a JSON array of widgets');
  const level: FilledLevel = { path, widgets: [] };
  for (const [index, item] of widgets.entries()) {
    const at = `${path}[${index}]`;
    if (!isObject(item) || !isString(item.id) || !isString(item.type)) return paramInvalid(at, 'each widget needs id, type and value');
    const choices = isString(item.value)
      ? [{ value: item.value, path: `${at}.value` }]
      : isStringList(item.value)
        ? item.value.map((value, choice) => ({ value, path: `${at}.value[${choice}]` }))
        : [];
    let rows: FilledLevel[] | null = null;
    if (item.type === 'fieldList') {
      if (!Array.isArray(item.value)) return paramInvalid(`${at}.value`, `控件=${item.id}: value must be an array of rows`);
      rows = [];
      for (const [rowIndex, row] of item.value.entries()) {
        const filled = filledLevel(row, `${at}.value[${rowIndex}]`);
        if ('code' in filled) return filled;
        rows.push(filled);
      }
    }
    level.widgets.push({ id: item.id, type: item.type, path: at, idPath: `${at}.id`, choices, rows });
  }
  return level;
}

/** The values of a form the shared rules took (every widget known, of its type): what Feishu refuses of each. */
function checkValues(widgets: unknown[], defined: readonly DemoWidget[], i18nKeys: ReadonlySet<string> | null): Refusal | null {
  for (const item of widgets as Record<string, unknown>[]) {
    const widget = defined.find((w) => w.id === item.id || w.customId === item.id);
    if (!widget) continue;
    if (UNCREATABLE.has(widget.type)) return paramInvalid('form', `控件=${widget.id}: widgets of type ${widget.type} cannot be created through the API`);
    if (widget.type === 'fieldList') {
      for (const row of item.value as unknown[][]) {
        const refusal = checkValues(row, widget.children ?? [], i18nKeys);
        if (refusal) return refusal;
      }
      continue;
    }
    const problem = valueProblem(widget, item.value, item.open_ids, i18nKeys);
    if (problem) return paramInvalid('form', `控件=${item.id} (${widget.name}): ${problem}`);
  }
  return null;
}

/** The form and approvers against the definition, by the facade's own rules, then each value as Feishu reads it. */
function checkForm(widgets: unknown, definition: DemoDefinition, approverNodes: ReadonlySet<string>, i18nKeys: ReadonlySet<string> | null): Refusal | null {
  const form = filledLevel(widgets, 'form');
  if ('code' in form) return form;
  const [issue] = formRuleIssues({ form, approverNodes, approversPath: 'node_approver_user_id_list' }, approvalDefinitionOf(definition));
  if (issue) return paramInvalid(issue.path, issue.message);
  return checkValues(widgets as unknown[], definition.widgets, i18nKeys);
}

/** The i18n keys of the default locale, or a refusal when the resources break Feishu's rules. */
function checkI18n(resources: unknown): { keys: Set<string> } | Refusal {
  if (resources === undefined) return { keys: new Set() };
  if (!Array.isArray(resources)) return paramInvalid('i18n_resources', 'must be an array');
  const defaults = resources.filter((r) => isObject(r) && r.is_default === true);
  if (defaults.length !== 1) return paramInvalid('i18n_resources', `exactly one resource must have is_default true, found ${defaults.length}`);
  for (const [i, resource] of resources.entries()) {
    if (!isObject(resource) || !isString(resource.locale) || !(LOCALE_CODES as readonly string[]).includes(resource.locale)) {
      return paramInvalid(`i18n_resources[${i}].locale`, 'is not a supported locale');
    }
    if (!Array.isArray(resource.texts) || !resource.texts.every((t) => isObject(t) && isString(t.key) && isString(t.value))) {
      return paramInvalid(`i18n_resources[${i}].texts`, 'must be an array of {key, value}');
    }
  }
  return { keys: new Set((defaults[0] as { texts: { key: string }[] }).texts.map((t) => t.key)) };
}

type NodeLists = Record<string, { key: string; value: unknown }[]>;

/** v4 sends node lists as [{key, value}], v2 as {key: value}: both become [{key, value}]. */
function nodeListsOf(body: Record<string, unknown>, legacy: boolean): { lists: NodeLists } | Refusal {
  const out: NodeLists = {};
  for (const name of ['node_approver_user_id_list', 'node_approver_open_id_list', 'node_cc_user_id_list', 'node_cc_open_id_list']) {
    const raw = body[name];
    if (raw === undefined || raw === null) continue;
    if (legacy) {
      if (!isObject(raw)) return paramInvalid(name, 'must be a map from node id to user ids');
      out[name] = Object.entries(raw).map(([key, value]) => ({ key, value }));
    } else {
      if (!Array.isArray(raw) || !raw.every((n) => isObject(n) && isString(n.key))) return paramInvalid(name, 'must be an array of {key, value}');
      out[name] = raw as { key: string; value: unknown }[];
    }
  }
  return { lists: out };
}

/**
 * Feishu's answer to a creation request, or null when it would create the instance.
 * `legacy` selects the v2 shape (open_id required, node lists as maps, no i18n).
 */
export function checkCreateInstance(body: unknown, definitions: readonly DemoDefinition[], legacy: boolean): Refusal | { definition: DemoDefinition } {
  if (!isObject(body)) return paramInvalid('body', 'must be a JSON object');
  if (!isString(body.approval_code) || body.approval_code === '') return paramInvalid('approval_code', 'is required');
  const definition = definitions.find((d) => d.approvalCode === body.approval_code);
  if (!definition) return paramInvalid('approval_code', `no approval definition ${body.approval_code}`);
  if (!definition.active) return { code: 1390015, msg: 'approval is not active' };
  if (definition.freeProcess) return { code: 1390013, msg: 'unsupported approval for free process' };
  if (legacy) {
    if (!isString(body.open_id) || body.open_id === '') return paramInvalid('open_id', 'is required');
  } else if (!body.user_id && !body.open_id) {
    return paramInvalid('user_id', 'user_id and open_id: at least one is required');
  }
  if (body.uuid !== undefined && body.uuid !== '' && (!isString(body.uuid) || characterCount(body.uuid) > 64)) {
    return paramInvalid('uuid', 'must be 1 to 64 characters');
  }
  const i18n = legacy ? { keys: new Set<string>() } : checkI18n(body.i18n_resources);
  if ('code' in i18n) return i18n;
  if (!legacy && body.title !== undefined) {
    if (!isString(body.title) || !i18n.keys.has(body.title)) return paramInvalid('title', 'must be an @i18n@ key defined in the default locale');
  }
  if (!isString(body.form)) return paramInvalid('form', 'is required: the widgets as a JSON string');
  let widgets: unknown;
  try {
    widgets = JSON.parse(body.form);
  } catch {
    return paramInvalid('form', 'must be a JSON array string');
  }
  const nodeLists = nodeListsOf(body, legacy);
  if ('code' in nodeLists) return nodeLists;
  const approverNodes = new Set(
    [...(nodeLists.lists.node_approver_user_id_list ?? []), ...(nodeLists.lists.node_approver_open_id_list ?? [])].map((node) => node.key),
  );
  const formRefusal = checkForm(widgets, definition, approverNodes, legacy ? null : i18n.keys);
  if (formRefusal) return formRefusal;

  for (const [name, nodes] of Object.entries(nodeLists.lists)) {
    if (name.startsWith('node_cc') && nodes.length > 20) return paramInvalid(name, 'at most 20 nodes');
    for (const [i, node] of nodes.entries()) {
      const where = legacy ? `${name}.${node.key}` : `${name}[${i}]`;
      if (!definition.nodes.some((n) => n.id === node.key || n.customId === node.key))
        return paramInvalid(where, `no node ${node.key} in the approval definition`);
      if (!isStringList(node.value) || node.value.length === 0) return paramInvalid(where, 'value must be a non-empty array of user ids');
      if (name.startsWith('node_cc') && node.value.length > 20) return paramInvalid(where, 'at most 20 cc users per node');
    }
  }
  if (!legacy) {
    const mask = body.cancel_bot_notification;
    if (mask !== undefined && (!isString(mask) || !/^[1-7]$/.test(mask)))
      return paramInvalid('cancel_bot_notification', 'must be a sum of 1, 2 and 4, as a string');
    const display = body.title_display_method;
    if (display !== undefined && display !== 0 && display !== 1) return paramInvalid('title_display_method', 'must be 0 or 1');
    const auto = body.node_auto_approval_list;
    if (auto !== undefined) {
      if (!Array.isArray(auto) || auto.length > 10) return paramInvalid('node_auto_approval_list', 'at most 10 nodes');
      for (const [i, node] of auto.entries()) {
        if (!isObject(node) || !isString(node.node_id)) return paramInvalid(`node_auto_approval_list[${i}].node_id`, 'is required');
        if (node.node_id_type !== undefined && node.node_id_type !== 'CUSTOM' && node.node_id_type !== 'NON_CUSTOM') {
          return paramInvalid(`node_auto_approval_list[${i}].node_id_type`, 'must be CUSTOM or NON_CUSTOM');
        }
      }
    }
  }
  return { definition };
}
