import { WIDGET_TYPES } from '../translate/form.js';
import type { InputIssue } from '../validate/bad-user-input.js';
import { type ApprovalDefinition, type DefinitionWidget, type LocalizedNames, defaultName } from './model.js';

/**
 * A filled form against its approval definition, as Feishu checks it: every widget is one of the
 * definition's (by id or custom id), of its type, with options it offers; every required widget
 * is there (in each fieldList row, every required column); every node whose approvers the
 * initiator chooses has some. The one check of both modes: createInstance runs it on its input
 * (create-instance/form-check.ts), the sandbox on the body it receives (sandbox/instance-rules.ts).
 */

/** One widget of a filled form, wherever it came from, with the paths its issues are reported at. */
export interface FilledWidget {
  id: string;
  type: string;
  /** The widget itself (a wrong type is reported here). */
  path: string;
  /** Its id (an unknown id is reported here). */
  idPath: string;
  /** The values chosen of a radio (one) or a checkbox (each), with their paths. */
  choices: { value: string; path: string }[];
  /** A fieldList's rows; null on other widgets. */
  rows: FilledLevel[] | null;
}

/** The form itself, or one fieldList row: where a missing required widget is reported. */
export interface FilledLevel {
  path: string;
  widgets: FilledWidget[];
}

export interface FilledForm {
  form: FilledLevel;
  /** The node keys approvers were given for (ids or custom ids). */
  approverNodes: ReadonlySet<string>;
  /** Where missing approvers are reported. */
  approversPath: string;
}

const CHOICE_TYPES: ReadonlySet<string> = new Set(['radio', 'radioV2', 'checkbox', 'checkboxV2']);
/** Widgets the API can fill; Feishu's other types (address, leaveGroup, ...) are never asked of a form. */
const FILLABLE_TYPES: ReadonlySet<string> = new Set(WIDGET_TYPES);

const quoted = (values: readonly string[]) => values.map((value) => `"${value}"`).join(', ');

class FormRules {
  readonly issues: InputIssue[] = [];

  constructor(private readonly definition: ApprovalDefinition) {}

  private name(names: LocalizedNames): string {
    return defaultName(names, this.definition.defaultLocale);
  }

  /** `widget "id" (custom id "x"), Name,` */
  private describe(widget: DefinitionWidget): string {
    const ids = widget.customId ? `"${widget.id}" (custom id "${widget.customId}")` : `"${widget.id}"`;
    return `widget ${ids}, ${this.name(widget.name)},`;
  }

  level(filled: FilledLevel, defined: readonly DefinitionWidget[], where: string): void {
    const seen = new Set<DefinitionWidget>();
    for (const widget of filled.widgets) {
      const found = defined.find((candidate) => candidate.id === widget.id || candidate.customId === widget.id);
      if (!found) {
        this.issues.push({ path: widget.idPath, message: `widget "${widget.id}" is not ${where}` });
        continue;
      }
      seen.add(found);
      if (found.type !== widget.type) {
        const unfillable = FILLABLE_TYPES.has(found.type) ? '' : ': the API cannot fill it';
        this.issues.push({ path: widget.path, message: `${this.describe(found)} is of type ${found.type}, not ${widget.type}${unfillable}` });
        continue;
      }
      if (CHOICE_TYPES.has(found.type) && found.options) {
        const offered = found.options.map((option) => option.value);
        for (const choice of widget.choices) {
          if (!offered.includes(choice.value)) {
            this.issues.push({ path: choice.path, message: `${this.describe(found)} offers no option "${choice.value}" (its options: ${quoted(offered)})` });
          }
        }
      }
      if (widget.rows && found.children) {
        for (const row of widget.rows) this.level(row, found.children, `a column of fieldList "${found.id}"`);
      }
    }
    for (const widget of defined) {
      if (widget.required && !seen.has(widget) && FILLABLE_TYPES.has(widget.type)) {
        this.issues.push({ path: filled.path, message: `${this.describe(widget)} is required` });
      }
    }
  }

  approvers(given: ReadonlySet<string>, path: string): void {
    for (const node of this.definition.nodes) {
      if (!node.needApprover || given.has(node.nodeId) || (node.customNodeId !== null && given.has(node.customNodeId))) continue;
      const ids = node.customNodeId ? `"${node.nodeId}" (custom id "${node.customNodeId}")` : `"${node.nodeId}"`;
      this.issues.push({ path, message: `node ${ids}, ${this.name(node.name)}, needs approvers chosen by the initiator, listed under its node id` });
    }
  }
}

/** What is wrong with the filled form for this definition, in the order met; empty when Feishu's definition takes it. */
export function formRuleIssues(filled: FilledForm, definition: ApprovalDefinition): InputIssue[] {
  const rules = new FormRules(definition);
  rules.level(filled.form, definition.widgets, `in approval definition ${definition.approvalCode}`);
  rules.approvers(filled.approverNodes, filled.approversPath);
  return rules.issues;
}
