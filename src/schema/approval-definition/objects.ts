import type { GraphQLContext } from '../../context.js';
import type { ApprovalDefinition, DefinitionNode, DefinitionOption, DefinitionWidget, LocalizedNames } from '../../definitions/model.js';
import type { LocaleCode } from '../../locale.js';
import type { MirrorText } from '../../mirror/texts.js';
import { WIDGET_TYPES } from '../../translate/form.js';
import { type PothosTypes, builder } from '../builder.js';
import { LocaleEnum, LocalizedTextRef, pickText } from '../locale.js';
import { DateTimeScalar } from '../scalars.js';

/** What the GraphQL types read: the definition with each name as a localized text. */
export interface OptionView {
  value: string;
  text: MirrorText;
}
export interface WidgetView {
  id: string;
  customId: string | null;
  feishuType: string;
  type: string | null;
  name: MirrorText;
  required: boolean;
  options: OptionView[] | null;
  children: WidgetView[] | null;
}
export interface NodeView {
  nodeId: string;
  customNodeId: string | null;
  name: MirrorText;
  needApprover: boolean;
  approverChosenMulti: boolean;
  nodeType: string;
}
export interface DefinitionView {
  approvalCode: string;
  status: ApprovalDefinition['status'];
  name: MirrorText;
  form: WidgetView[];
  nodes: NodeView[];
  fetchedAt: number;
  stale: boolean;
}

/** Feishu's widget types beyond FormWidgetInput's members: the API cannot fill them. */
const UNFILLABLE_TYPES = ['address', 'leaveGroup', 'workGroup', 'remedyGroup', 'tripGroup', 'outGroup'] as const;
const KNOWN_TYPES: ReadonlySet<string> = new Set<string>([...WIDGET_TYPES, ...UNFILLABLE_TYPES]);

export function toDefinitionView(definition: ApprovalDefinition, stale: boolean): DefinitionView {
  const text = (names: LocalizedNames, key: string): MirrorText => ({
    key,
    defaultLocale: definition.defaultLocale,
    values: new Map(Object.entries(names) as [LocaleCode, string][]),
  });
  const option = (item: DefinitionOption, widgetId: string): OptionView => ({ value: item.value, text: text(item.text, `${widgetId}/${item.value}`) });
  const widget = (item: DefinitionWidget): WidgetView => ({
    id: item.id,
    customId: item.customId,
    feishuType: item.type,
    type: KNOWN_TYPES.has(item.type) ? item.type : null,
    name: text(item.name, item.id),
    required: item.required,
    options: item.options?.map((entry) => option(entry, item.id)) ?? null,
    children: item.children?.map(widget) ?? null,
  });
  const node = (item: DefinitionNode): NodeView => ({ ...item, name: text(item.name, item.nodeId) });
  return {
    approvalCode: definition.approvalCode,
    status: definition.status,
    name: text(definition.name, definition.approvalCode),
    form: definition.widgets.map(widget),
    nodes: definition.nodes.map(node),
    fetchedAt: definition.fetchedAt,
    stale,
  };
}

const LOCALE_ARG =
  "The locale; one the definition was not read in (FEISHU_DEFINITION_LOCALES) falls back to DEFAULT_LOCALE's text. Without it, the first locale of the request's Accept-Language that was read.";

type FieldBuilder<Parent> = PothosSchemaTypes.ObjectFieldBuilder<PothosSchemaTypes.ExtendDefaultTypes<PothosTypes>, Parent>;

/** A name twice, as the other localized fields: in one locale, and in every locale read. */
function localizedName<Parent extends { name: MirrorText }>(t: FieldBuilder<Parent>, description: string) {
  return {
    name: t.string({
      description,
      args: { locale: t.arg({ type: LocaleEnum, description: LOCALE_ARG }) },
      resolve: (parent, args, ctx: GraphQLContext) => pickText(parent.name, args.locale as LocaleCode | null | undefined, ctx) ?? '',
    }),
    nameLocalized: t.field({ type: LocalizedTextRef, description: `${description} In every locale read.`, resolve: (parent) => parent.name }),
  };
}

const typeDescription = (type: string) =>
  (UNFILLABLE_TYPES as readonly string[]).includes(type)
    ? `\`${type}\`: the API cannot fill it (no FormWidgetInput member).`
    : `\`${type}\`: filled with FormWidgetInput's \`${type}\` member.`;

export const FormWidgetTypeEnum = builder.enumType('FormWidgetType', {
  description:
    "A widget type of Feishu's, written as Feishu writes it: where createInstance can fill the widget, the name of the FormWidgetInput member that does.",
  values: Object.fromEntries([...KNOWN_TYPES].map((type) => [type, { value: type, description: typeDescription(type) }])),
});

export const ApprovalDefinitionStatusEnum = builder.enumType('ApprovalDefinitionStatus', {
  description: "An approval definition's status, as Feishu gives it.",
  values: {
    ACTIVE: { value: 'ACTIVE', description: 'Enabled: instances can be created.' },
    INACTIVE: { value: 'INACTIVE', description: 'Disabled: Feishu refuses new instances (1390015).' },
    DELETED: { value: 'DELETED', description: 'Deleted.' },
    UNKNOWN: { value: 'UNKNOWN', description: 'Feishu does not say (or says something this facade does not know).' },
  } as const,
});

const FormWidgetOptionRef = builder.objectRef<OptionView>('FormWidgetOption').implement({
  description: 'A choice a radio or checkbox widget offers.',
  fields: (t) => ({
    value: t.exposeString('value', { description: "What createInstance sends: the widget's `value` (a checkbox's values are among them)." }),
    text: t.string({
      description: 'What the form shows.',
      args: { locale: t.arg({ type: LocaleEnum, description: LOCALE_ARG }) },
      resolve: (option, args, ctx) => pickText(option.text, args.locale as LocaleCode | null | undefined, ctx) ?? '',
    }),
    textLocalized: t.field({ type: LocalizedTextRef, description: 'What the form shows, in every locale read.', resolve: (option) => option.text }),
  }),
});

export const FormWidgetDefinitionRef = builder.objectRef<WidgetView>('FormWidgetDefinition');

FormWidgetDefinitionRef.implement({
  description: "A widget of an approval definition's form: what createInstance's `form` fills, by `id` (or `customId`) and `type`.",
  fields: (t) => ({
    id: t.exposeString('id', { description: "The widget's id: createInstance's widget `id`." }),
    customId: t.exposeString('customId', { nullable: true, description: 'Its custom id, set in the approval admin; createInstance takes it as the `id` too.' }),
    type: t.expose('type', {
      type: FormWidgetTypeEnum,
      nullable: true,
      description: "Its type; null for a type this facade does not know (`feishuType` has Feishu's word).",
    }),
    feishuType: t.exposeString('feishuType', { description: 'Its type as Feishu wrote it, e.g. `radioV2`.' }),
    ...localizedName(t, "The widget's label."),
    required: t.exposeBoolean('required', { description: 'Whether createInstance must fill it (in a fieldList, in every row).' }),
    options: t.expose('options', {
      type: [FormWidgetOptionRef],
      nullable: true,
      description: 'The choices of a radio or checkbox widget: createInstance takes these values only. Null on other widgets.',
    }),
    children: t.expose('children', {
      type: [FormWidgetDefinitionRef],
      nullable: true,
      description: "A fieldList's columns: each row of its value holds these widgets. Null on other widgets.",
    }),
  }),
});

const ApprovalNodeDefinitionRef = builder.objectRef<NodeView>('ApprovalNodeDefinition').implement({
  description: "A node of an approval definition's process.",
  fields: (t) => ({
    nodeId: t.exposeString('nodeId', { description: "Feishu's node id: a key of createInstance's node lists." }),
    customNodeId: t.exposeString('customNodeId', { nullable: true, description: 'Its custom id, which the node lists take too.' }),
    ...localizedName(t, "The node's name."),
    needApprover: t.exposeBoolean('needApprover', {
      description:
        "Whether the initiator chooses its approvers: createInstance must list them under the node's id in nodeApproverUserIdList or nodeApproverOpenIdList.",
    }),
    approverChosenMulti: t.exposeBoolean('approverChosenMulti', { description: 'Whether the initiator may choose more than one approver.' }),
    nodeType: t.exposeString('nodeType', {
      description: 'How its approvers decide, as Feishu writes it: `AND` (all), `OR` (any one), `SEQUENTIAL`, `CC_NODE`.',
    }),
  }),
});

export const ApprovalDefinitionRef = builder.objectRef<DefinitionView>('ApprovalDefinition').implement({
  description:
    "A native approval definition as Feishu gives it (GET /open-apis/approval/v4/approvals/:approval_code): its form, from which a frontend can render createInstance's `form`, and its process's nodes. Kept in the mirror, read again from Feishu once older than FEISHU_DEFINITION_MAX_AGE_MS; names in each locale of FEISHU_DEFINITION_LOCALES.",
  fields: (t) => ({
    approvalCode: t.exposeString('approvalCode', { description: 'The approval code.' }),
    ...localizedName(t, "The definition's name."),
    status: t.expose('status', { type: ApprovalDefinitionStatusEnum, description: 'Whether it takes new instances.' }),
    form: t.expose('form', { type: [FormWidgetDefinitionRef], description: "The form's widgets, in order." }),
    nodes: t.expose('nodes', { type: [ApprovalNodeDefinitionRef], description: "The process's nodes." }),
    fetchedAt: t.expose('fetchedAt', { type: DateTimeScalar, description: 'When it was read from Feishu.' }),
    stale: t.exposeBoolean('stale', {
      description:
        'True when it is older than FEISHU_DEFINITION_MAX_AGE_MS because Feishu could not be read again just now (unreachable, or refusing): the last copy the mirror holds.',
    }),
  }),
});
