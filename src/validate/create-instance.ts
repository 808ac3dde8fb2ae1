import { z } from 'zod';
import { approvalCodeProblem } from '../definitions/approval-code.js';
import type { CreateInstanceInput, FormWidgetInput } from '../translate/create-instance-input.js';
import { WIDGET_TYPES } from '../translate/form.js';
import type { InputIssue } from './bad-user-input.js';
import { epochInstant, localizedText, nonEmptyString, requireUserOrOpenId, rulesFor, stringOfLength, uniqueField } from './rules.js';

/** Limits from seeds 003 and 004. */
export const CREATE_LIMITS = {
  uuidMax: 64,
  /** node_cc_user_id_list and node_cc_open_id_list: 最大长度 20 (seed 003). */
  ccNodes: 20,
  ccUsersPerNode: 20,
  autoApprovalNodes: 10,
} as const;

const widgetId = { id: nonEmptyString };

const textWidget = z.looseObject({ ...widgetId, value: z.string().nullish(), localizedValue: localizedText().nullish() }).superRefine((widget, ctx) => {
  const given = [widget.value, widget.localizedValue].filter((v) => v !== null && v !== undefined).length;
  if (given !== 1) ctx.addIssue({ code: 'custom', message: 'set exactly one of value and localizedValue' });
});

const contactWidget = z
  .looseObject({ ...widgetId, value: z.array(z.string()).nullish(), openIds: z.array(z.string()).nullish() })
  .superRefine((widget, ctx) => {
    if (!widget.value?.length && !widget.openIds?.length) {
      ctx.addIssue({ code: 'custom', path: ['value'], message: 'value (user ids) or openIds: at least one id is required' });
    }
  });

const dateInterval = z.looseObject({
  ...widgetId,
  value: z.looseObject({ start: epochInstant, end: epochInstant, interval: z.number().nonnegative('must not be negative') }).superRefine((value, ctx) => {
    if ((value.end as { epochMs: number }).epochMs < (value.start as { epochMs: number }).epochMs) {
      ctx.addIssue({ code: 'custom', path: ['end'], message: 'must not be before start' });
    }
  }),
});

/** The rules of each widget member; the recursive fieldList refers back to the widget list. */
const widgetList: z.ZodType = z.lazy(() => z.array(formWidget).superRefine(uniqueWidgetIds));

const memberRules: Record<(typeof WIDGET_TYPES)[number], z.ZodType> = {
  input: textWidget,
  textarea: textWidget,
  date: z.looseObject({ ...widgetId, value: epochInstant }),
  radio: z.looseObject({ ...widgetId, value: nonEmptyString }),
  radioV2: z.looseObject({ ...widgetId, value: nonEmptyString }),
  number: z.looseObject(widgetId),
  amount: z.looseObject(widgetId),
  formula: z.looseObject(widgetId),
  contact: contactWidget,
  connect: z.looseObject(widgetId),
  attachment: z.looseObject(widgetId),
  attachmentV2: z.looseObject(widgetId),
  image: z.looseObject(widgetId),
  imageV2: z.looseObject(widgetId),
  checkbox: z.looseObject(widgetId),
  checkboxV2: z.looseObject(widgetId),
  dateInterval,
  fieldList: z.looseObject({ ...widgetId, value: z.array(widgetList) }),
  department: z.looseObject({ ...widgetId, value: z.array(z.looseObject({ openId: nonEmptyString })) }),
  telephone: z.looseObject({ ...widgetId, value: z.looseObject({ countryCode: nonEmptyString, nationalNumber: nonEmptyString }) }),
  shiftGroup: z.looseObject({ ...widgetId, value: z.looseObject({ shiftTime: epochInstant, returnTime: epochInstant, reason: z.string() }) }),
};

const formWidget = z.looseObject(Object.fromEntries(WIDGET_TYPES.map((type) => [type, memberRules[type].nullish()])));

function widgetIdOf(widget: FormWidgetInput): string | undefined {
  for (const type of WIDGET_TYPES) {
    const member = widget[type];
    if (member) return member.id;
  }
  return undefined;
}

/** Widget ids are unique within one level of the form (a fieldList row is a level of its own). */
function uniqueWidgetIds(widgets: readonly unknown[], ctx: z.RefinementCtx): void {
  const seen = new Set<string>();
  widgets.forEach((widget, index) => {
    const id = widgetIdOf(widget as FormWidgetInput);
    if (id === undefined) return;
    if (seen.has(id)) ctx.addIssue({ code: 'custom', path: [index], message: `widget id "${id}" appears more than once` });
    seen.add(id);
  });
}

const nodeUsers = (limits?: { nodes: number; usersPerNode: number }) => {
  const users = z.array(nonEmptyString).min(1, 'needs at least one user');
  const nodes = z.array(
    z.looseObject({
      key: nonEmptyString,
      value: limits ? users.max(limits.usersPerNode, `at most ${limits.usersPerNode} cc users per node`) : users,
    }),
  );
  return (limits ? nodes.max(limits.nodes, `at most ${limits.nodes} nodes`) : nodes).superRefine(uniqueField('key')).nullish();
};
const ccNodeUsers = nodeUsers({ nodes: CREATE_LIMITS.ccNodes, usersPerNode: CREATE_LIMITS.ccUsersPerNode });

/** What Feishu requires of a new instance beyond GraphQL's types (seeds 003 and 004). */
export const createInstanceInputSchema = rulesFor<CreateInstanceInput>(
  z
    .looseObject({
      approvalCode: z.string().superRefine((code, ctx) => {
        const problem = approvalCodeProblem(code);
        if (problem) ctx.addIssue({ code: 'custom', message: problem });
      }),
      userId: z.string().nullish(),
      openId: z.string().nullish(),
      form: widgetList,
      nodeApproverUserIdList: nodeUsers(),
      nodeApproverOpenIdList: nodeUsers(),
      nodeCcUserIdList: ccNodeUsers,
      nodeCcOpenIdList: ccNodeUsers,
      uuid: stringOfLength(1, CREATE_LIMITS.uuidMax).nullish(),
      title: localizedText().nullish(),
      nodeAutoApprovalList: z
        .array(z.looseObject({ nodeId: nonEmptyString }))
        .max(CREATE_LIMITS.autoApprovalNodes, `at most ${CREATE_LIMITS.autoApprovalNodes} nodes`)
        .nullish(),
    })
    .superRefine(requireUserOrOpenId),
);

/** Fields that only the v4 API carries. */
const V4_ONLY_FIELDS = [
  'title',
  'titleDisplayMethod',
  'allowResubmit',
  'allowSubmitAgain',
  'cancelBotNotification',
  'forbidRevoke',
  'nodeAutoApprovalList',
] as const satisfies readonly (keyof CreateInstanceInput)[];

function localizedWidgetPaths(widgets: readonly FormWidgetInput[], path: string): string[] {
  return widgets.flatMap((widget, index) => {
    const at = `${path}[${index}]`;
    if (widget.input?.localizedValue) return [`${at}.input.localizedValue`];
    if (widget.textarea?.localizedValue) return [`${at}.textarea.localizedValue`];
    if (widget.fieldList) {
      return widget.fieldList.value.flatMap((row, rowIndex) => localizedWidgetPaths(row, `${at}.fieldList.value[${rowIndex}]`));
    }
    return [];
  });
}

/**
 * What the legacy v2 API cannot carry: it requires `open_id`, has no i18n resources (so no
 * title and no localized widget values) and none of the v4-only options.
 */
export function legacyApiIssues(input: CreateInstanceInput): InputIssue[] {
  const issues: InputIssue[] = [];
  if (!input.openId) issues.push({ path: 'input.openId', message: 'is required by the legacy v2 API' });
  for (const field of V4_ONLY_FIELDS) {
    const value = input[field];
    if (value !== null && value !== undefined) {
      issues.push({ path: `input.${field}`, message: 'is not supported by the legacy v2 API; use api: V4' });
    }
  }
  for (const path of localizedWidgetPaths(input.form, 'input.form')) {
    issues.push({ path, message: 'localized values need the v4 API; the legacy v2 API has no i18n resources' });
  }
  return issues;
}
