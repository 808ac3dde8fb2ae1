import type { ApprovalDefinitionData } from '../feishu/definition-wire.js';
import { FeishuUnavailableError } from '../feishu/errors.js';
import type { LocaleCode } from '../locale.js';
import type { ApprovalDefinition, DefinitionNode, DefinitionOption, DefinitionStatus, DefinitionWidget, LocalizedNames } from './model.js';

/** One GET's answer and the locale it was asked in. */
export interface LocalizedAnswer {
  locale: LocaleCode;
  data: ApprovalDefinitionData;
}

/** Feishu's `form` JSON text is not a widget list: the definition cannot be read (not retried). */
export class UnreadableFormError extends FeishuUnavailableError {
  constructor(approvalCode: string) {
    super(`Feishu answered approval definition ${approvalCode} with a form that is not a JSON list of widgets`, 200, null, false);
    this.name = 'UnreadableFormError';
  }
}

const STATUSES: ReadonlySet<string> = new Set(['ACTIVE', 'INACTIVE', 'DELETED', 'UNKNOWN']);

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const text = (value: unknown): string => (typeof value === 'string' ? value : '');
const optionalText = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);

/** The widgets of a `form` text, their names in `locale`; entries without an id or a type are left out. */
function widgetsOf(raw: unknown, locale: LocaleCode): DefinitionWidget[] {
  if (!Array.isArray(raw)) return [];
  return raw.filter((item) => isObject(item) && typeof item.id === 'string' && typeof item.type === 'string').map((item) => widgetOf(item, locale));
}

function widgetOf(item: Record<string, unknown>, locale: LocaleCode): DefinitionWidget {
  // A fieldList's `option` holds display settings, not choices: only a list is choices.
  const options: DefinitionOption[] | null = Array.isArray(item.option)
    ? item.option
        .filter((option) => isObject(option) && typeof option.value === 'string')
        .map((option) => ({ value: option.value as string, text: { [locale]: text(option.text) } }))
    : null;
  return {
    id: item.id as string,
    customId: optionalText(item.custom_id),
    type: item.type as string,
    name: { [locale]: text(item.name) },
    required: item.required === true,
    options,
    children: Array.isArray(item.children) ? widgetsOf(item.children, locale) : null,
  };
}

function parseForm(approvalCode: string, form: string): unknown[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(form);
  } catch {
    throw new UnreadableFormError(approvalCode);
  }
  if (!Array.isArray(parsed)) throw new UnreadableFormError(approvalCode);
  return parsed;
}

function nodesOf(raw: unknown, locale: LocaleCode): DefinitionNode[] {
  if (!Array.isArray(raw)) return [];
  return raw
    .filter((node) => isObject(node) && typeof node.node_id === 'string')
    .map((node) => ({
      nodeId: node.node_id as string,
      customNodeId: optionalText(node.custom_node_id),
      name: { [locale]: text(node.name) },
      needApprover: node.need_approver === true,
      approverChosenMulti: node.approver_chosen_multi === true,
      nodeType: text(node.node_type),
    }));
}

/** Adds the names of `other` (the same widgets read in another locale) to `widgets`, matched by id. */
function addWidgetNames(widgets: DefinitionWidget[], other: DefinitionWidget[], locale: LocaleCode): void {
  const byId = new Map(other.map((widget) => [widget.id, widget]));
  for (const widget of widgets) {
    const match = byId.get(widget.id);
    if (!match) continue;
    addName(widget.name, match.name, locale);
    if (widget.options && match.options) {
      const texts = new Map(match.options.map((option) => [option.value, option.text]));
      for (const option of widget.options) addName(option.text, texts.get(option.value), locale);
    }
    if (widget.children && match.children) addWidgetNames(widget.children, match.children, locale);
  }
}

function addName(names: LocalizedNames, from: LocalizedNames | undefined, locale: LocaleCode): void {
  const value = from?.[locale];
  if (value !== undefined) names[locale] = value;
}

/**
 * The definition from its GET answers, the first in the default locale: its widgets, options and
 * nodes are the default answer's; the other answers add their names, matched by widget id, option
 * value and node id (a widget one answer lacks keeps the names it has).
 */
export function parseDefinition(approvalCode: string, answers: readonly LocalizedAnswer[], fetchedAt: number): ApprovalDefinition {
  const [first, ...others] = answers;
  if (!first) throw new Error('a definition needs at least one answer');
  const status = STATUSES.has(first.data.status) ? (first.data.status as DefinitionStatus) : 'UNKNOWN';
  const definition: ApprovalDefinition = {
    approvalCode,
    status,
    name: { [first.locale]: text(first.data.approval_name) },
    defaultLocale: first.locale,
    widgets: widgetsOf(parseForm(approvalCode, first.data.form), first.locale),
    nodes: nodesOf(first.data.node_list, first.locale),
    fetchedAt,
  };
  for (const { locale, data } of others) {
    definition.name[locale] = text(data.approval_name);
    addWidgetNames(definition.widgets, widgetsOf(parseForm(approvalCode, data.form), locale), locale);
    const nodes = new Map(nodesOf(data.node_list, locale).map((node) => [node.nodeId, node]));
    for (const node of definition.nodes) addName(node.name, nodes.get(node.nodeId)?.name, locale);
  }
  return definition;
}
