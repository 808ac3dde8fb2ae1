import type { ApprovalDefinition } from '../definitions/model.js';
import { type FilledLevel, type FilledWidget, formRuleIssues } from '../definitions/form-rules.js';
import type { CreateInstanceInput, FormWidgetInput } from '../translate/create-instance-input.js';
import { widgetMember } from '../translate/form.js';
import type { InputIssue } from '../validate/bad-user-input.js';

/** createInstance's form as the rules read it, each widget at its path in the input. */
function filledLevel(widgets: readonly FormWidgetInput[], path: string): FilledLevel {
  return {
    path,
    widgets: widgets.map((widget, index): FilledWidget => {
      const { type } = widgetMember(widget);
      const at = `${path}[${index}].${type}`;
      const single = widget.radio ?? widget.radioV2;
      const multiple = widget.checkbox ?? widget.checkboxV2;
      const choices = single
        ? [{ value: single.value, path: `${at}.value` }]
        : (multiple?.value.map((value, choice) => ({ value, path: `${at}.value[${choice}]` })) ?? []);
      return {
        id: widgetMember(widget).member.id,
        type,
        path: at,
        idPath: `${at}.id`,
        choices,
        rows: widget.fieldList ? widget.fieldList.value.map((row, rowIndex) => filledLevel(row, `${at}.value[${rowIndex}]`)) : null,
      };
    }),
  };
}

/** What is wrong with the input's form and approvers for this definition (definitions/form-rules.ts); empty when it takes them. */
export function formIssues(input: CreateInstanceInput, definition: ApprovalDefinition): InputIssue[] {
  const approverLists = [...(input.nodeApproverUserIdList ?? []), ...(input.nodeApproverOpenIdList ?? [])];
  const approversPath = input.nodeApproverOpenIdList && !input.nodeApproverUserIdList ? 'input.nodeApproverOpenIdList' : 'input.nodeApproverUserIdList';
  return formRuleIssues(
    { form: filledLevel(input.form, 'input.form'), approverNodes: new Set(approverLists.map((node) => node.key)), approversPath },
    definition,
  );
}
