import type { ApprovalDefinition } from '../definitions/model.js';
import { parseDefinition } from '../definitions/parse.js';
import type { ApprovalDefinitionData, WireDefinitionNode, WireDefinitionWidget } from '../feishu/definition-wire.js';
import { LOCALE_CODES, type LocaleCode } from '../locale.js';
import { type SandboxAnswer, feishuError, feishuOk, paramInvalid } from './answer.js';
import type { DemoDefinition, DemoNames, DemoNode, DemoWidget } from './definitions.js';

/** GET /open-apis/approval/v4/approvals/:approval_code: every path under it names one definition. */
export const DEFINITION_PATH_PREFIX = '/open-apis/approval/v4/approvals/';

const inLocale = (text: string, names: DemoNames | undefined, locale: LocaleCode | null): string => (locale ? (names?.[locale] ?? text) : text);

function wireWidget(widget: DemoWidget, locale: LocaleCode | null): WireDefinitionWidget {
  const wire: WireDefinitionWidget = {
    id: widget.id,
    name: inLocale(widget.name, widget.names, locale),
    type: widget.type,
    required: widget.required === true,
  };
  if (widget.customId) wire.custom_id = widget.customId;
  if (widget.options) {
    wire.option = widget.options.map((value) => {
      const text = widget.optionTexts?.[value];
      return { value, text: text ? inLocale(text.text, text.names, locale) : value };
    });
  }
  if (widget.type === 'fieldList') wire.option = { input_type: 'LIST', print_type: 'LIST' };
  if (widget.children) wire.children = widget.children.map((child) => wireWidget(child, locale));
  return wire;
}

function wireNode(node: DemoNode, locale: LocaleCode | null): WireDefinitionNode {
  const wire: WireDefinitionNode = {
    name: inLocale(node.name, node.names, locale),
    need_approver: node.needApprover === true,
    node_id: node.id,
    node_type: 'AND',
    approver_chosen_multi: true,
  };
  if (node.customId) wire.custom_node_id = node.customId;
  return wire;
}

/**
 * Feishu's answer to a definition's GET: its names in the `locale` asked for (the default texts
 * without one), its widgets as the `form` JSON text, its nodes; 1390002 for an unknown code.
 */
export function answerDefinition(definitions: readonly DemoDefinition[], approvalCode: string, locale: string | null): SandboxAnswer {
  if (locale !== null && !(LOCALE_CODES as readonly string[]).includes(locale)) return paramInvalid('locale', 'is not a supported locale');
  const definition = definitions.find((candidate) => candidate.approvalCode === approvalCode);
  if (!definition) return feishuError(400, 1390002, 'approval code not found');
  return feishuOk(definitionData(definition, locale as LocaleCode | null));
}

function definitionData(definition: DemoDefinition, locale: LocaleCode | null): ApprovalDefinitionData {
  return {
    approval_name: inLocale(definition.name, definition.names, locale),
    status: definition.active ? 'ACTIVE' : 'INACTIVE',
    form: JSON.stringify(definition.widgets.map((widget) => wireWidget(widget, locale))),
    node_list: definition.nodes.map((node) => wireNode(node, locale)),
    viewers: [{ type: 'TENANT' }],
  };
}

/** The definition as its GET answers it in zh-CN, read as the facade reads it: what creation is checked against. */
export const approvalDefinitionOf = (definition: DemoDefinition): ApprovalDefinition =>
  parseDefinition(definition.approvalCode, [{ locale: 'zh-CN', data: definitionData(definition, 'zh-CN') }], 0);
