import type { GraphQLContext } from '../../context.js';
import type { LocaleCode } from '../../locale.js';
import type { ExternalCcRow, ExternalFormRow, ExternalInstanceRow, ExternalTaskRow } from '../../mirror/tables.js';
import { type PothosTypes, builder } from '../builder.js';
import { loadRows, parseRowId } from '../node-ids.js';
import { LOCALE_ARG_DESCRIPTION, LocaleEnum, LocalizedTextRef, loadText, pickText, resolveText } from '../locale.js';
import type { MirrorFieldReads } from '../page-reads.js';
import { instanceReadAhead, textReadAhead } from '../../mirror/page-reads.js';
import type { MirrorText } from '../../mirror/texts.js';
import { DateTimeScalar, JSONScalar } from '../scalars.js';
import {
  CcReadStatusEnum,
  DisplayMethodEnum,
  ExternalInstanceStatusEnum,
  ExternalTaskStatusEnum,
  TaskDisplayMethodEnum,
  TaskGenerateTypeEnum,
  TrusteeshipFormPolicyEnum,
  UpdateModeEnum,
} from './enums.js';

type Links = { pcLink: string | null; mobileLink: string | null };
type ActionConfigRow = {
  instancePk: number;
  actionType: string;
  actionNameText: string | null;
  isNeedReason: boolean | null;
  isReasonRequired: boolean | null;
  isNeedAttachment: boolean | null;
};
type JsonText = string | null;

const parseJson = (text: JsonText): unknown => (text === null ? null : (JSON.parse(text) as unknown));

export const LinksRef = builder.objectRef<Links>('Links').implement({
  description: 'Links back to the third-party system.',
  fields: (t) => ({
    pcLink: t.exposeString('pcLink', { nullable: true, description: 'Opened from Feishu on desktop.' }),
    mobileLink: t.exposeString('mobileLink', { nullable: true, description: 'Opened from Feishu on mobile.' }),
  }),
});

type FieldBuilder<Row> = PothosSchemaTypes.ObjectFieldBuilder<PothosSchemaTypes.ExtendDefaultTypes<PothosTypes>, Row>;

/** Fields that read columns of the row other than their own name (see MirrorFieldReads). */
const reads = (...columns: string[]) => ({ mirror: { columns } satisfies MirrorFieldReads });

/**
 * A localized field of a mirrored row, twice: `<name>` in one locale (the asked one, else the
 * request's Accept-Language, else the default), and `<name>Localized` with every locale. `pk` and
 * `text` name the row's columns holding its instance's id and the text key. A page may have read
 * the text with the row (see pageReadsFor); else the texts loader reads it.
 */
function localized<Row extends object, const Name extends string>(
  t: FieldBuilder<Row>,
  name: Name,
  description: string,
  pk: keyof Row & string,
  text: keyof Row & string,
) {
  const extensions = { mirror: { columns: [pk], text } satisfies MirrorFieldReads };
  const keyOf = (row: Row) => row[text] as string | null;
  const pkOf = (row: Row) => row[pk] as number;
  return {
    [name]: t.string({
      nullable: true,
      description,
      extensions,
      args: { locale: t.arg({ type: LocaleEnum, description: LOCALE_ARG_DESCRIPTION }) },
      resolve: (row, args, ctx: GraphQLContext) => {
        const asked = (args.locale as LocaleCode | null | undefined) ?? null;
        const ahead = textReadAhead(row, text, asked);
        if (ahead === undefined) return resolveText(ctx, pkOf(row), keyOf(row), asked);
        return typeof ahead === 'string' || ahead === null ? ahead : pickText(ahead, asked, ctx);
      },
    }),
    [`${name}Localized`]: t.field({
      type: LocalizedTextRef,
      nullable: true,
      description: `${description} In every locale.`,
      extensions,
      resolve: (row, _args, ctx: GraphQLContext) => {
        const ahead = textReadAhead(row, text, null);
        return ahead === undefined ? loadText(ctx, pkOf(row), keyOf(row)) : (ahead as MirrorText | null);
      },
    }),
  } as Record<Name | `${Name}Localized`, ReturnType<FieldBuilder<Row>['string']>>;
}

export const ActionConfigRef = builder.objectRef<ActionConfigRow>('ActionConfig').implement({
  description: 'A quick action on a task.',
  fields: (t) => ({
    actionType: t.exposeString('actionType', { description: '`APPROVE`, `REJECT` or a custom key.' }),
    ...localized(t, 'actionName', 'The button label.', 'instancePk', 'actionNameText'),
    isNeedReason: t.exposeBoolean('isNeedReason', { nullable: true, description: 'Whether a comment is asked for after acting.' }),
    isReasonRequired: t.exposeBoolean('isReasonRequired', { nullable: true, description: 'Whether the comment is mandatory.' }),
    isNeedAttachment: t.exposeBoolean('isNeedAttachment', { nullable: true, description: 'Whether the comment may carry attachments.' }),
  }),
});

export const ExternalFormEntryRef = builder.objectRef<ExternalFormRow>('ExternalFormEntry').implement({
  description: 'A form field as shown in the approval lists.',
  fields: (t) => ({
    ...localized(t, 'name', 'The field name.', 'instancePk', 'nameText'),
    ...localized(t, 'value', 'The field value.', 'instancePk', 'valueText'),
  }),
});

export const TrusteeshipUrlsRef = builder.objectRef<Record<string, string | undefined>>('TrusteeshipUrls').implement({
  description: 'Trusteeship callback URLs, as sent.',
  fields: (t) => ({
    formDetailUrl: t.string({ nullable: true, description: '`form_detail_url`', resolve: (urls) => urls.form_detail_url ?? null }),
    actionDefinitionUrl: t.string({ nullable: true, description: '`action_definition_url`', resolve: (urls) => urls.action_definition_url ?? null }),
    approvalNodeUrl: t.string({ nullable: true, description: '`approval_node_url`', resolve: (urls) => urls.approval_node_url ?? null }),
    actionCallbackUrl: t.string({ nullable: true, description: '`action_callback_url`', resolve: (urls) => urls.action_callback_url ?? null }),
    pullBusinessDataUrl: t.string({ nullable: true, description: '`pull_business_data_url`', resolve: (urls) => urls.pull_business_data_url ?? null }),
  }),
});

export const TrusteeshipCacheConfigRef = builder
  .objectRef<{ form_policy?: string; form_vary_with_locale?: boolean; form_version?: string }>('TrusteeshipCacheConfig')
  .implement({
    description: 'Trusteeship form caching, as sent.',
    fields: (t) => ({
      formPolicy: t.field({
        type: TrusteeshipFormPolicyEnum,
        nullable: true,
        description: '`form_policy`',
        resolve: (config) => (config.form_policy as 'DISABLE' | undefined) ?? null,
      }),
      formVaryWithLocale: t.boolean({ nullable: true, description: '`form_vary_with_locale`', resolve: (config) => config.form_vary_with_locale ?? null }),
      formVersion: t.string({ nullable: true, description: '`form_version`', resolve: (config) => config.form_version ?? null }),
    }),
  });

export const ExternalInstanceRef = builder.objectRef<ExternalInstanceRow>('ExternalInstance');
export const ExternalTaskRef = builder.objectRef<ExternalTaskRow>('ExternalTask');
export const ExternalCcEntryRef = builder.objectRef<ExternalCcRow>('ExternalCcEntry');

function foundInstance(row: ExternalTaskRow | ExternalCcRow, instance: ExternalInstanceRow | null): ExternalInstanceRow {
  if (!instance) throw new Error(`mirrored instance ${row.instancePk} vanished`);
  return instance;
}

/** The instance of a task or cc entry: read with its page, or by the loader. */
async function instanceOf(ctx: GraphQLContext, row: ExternalTaskRow | ExternalCcRow): Promise<ExternalInstanceRow> {
  return instanceReadAhead<ExternalInstanceRow>(row) ?? foundInstance(row, await ctx.loaders.externalInstance.load(row.instancePk));
}

const instanceField = { mirror: { columns: ['instancePk'], instance: true } satisfies MirrorFieldReads };

builder.node(ExternalInstanceRef, {
  id: { resolve: (row) => row.id, parse: parseRowId },
  loadManyWithoutCache: (ids, ctx) => loadRows(ctx.loaders.externalInstance, ids),
  description: 'A third-party approval instance as last accepted by Feishu, read from the mirror.',
  fields: (t) => ({
    approvalCode: t.exposeString('approvalCode', { description: 'The approval definition.' }),
    instanceId: t.exposeString('instanceId', { description: 'Your id of the instance.' }),
    status: t.expose('status', { type: ExternalInstanceStatusEnum, description: 'The instance status.' }),
    ...localized(t, 'title', "The instance's title; null when the push had none (Feishu then shows the definition's name).", 'id', 'titleText'),
    form: t.field({
      type: [ExternalFormEntryRef],
      description: 'Form fields shown in the lists, in push order.',
      extensions: reads('id'),
      resolve: (row, _args, ctx) => ctx.loaders.externalForm.load(row.id),
    }),
    userId: t.exposeString('userId', { nullable: true, description: "The initiator's user_id." }),
    openId: t.exposeString('openId', { nullable: true, description: "The initiator's open_id." }),
    ...localized(t, 'userName', "The initiator's name, when pushed.", 'id', 'userNameText'),
    departmentId: t.exposeString('departmentId', { nullable: true, description: "The initiator's department." }),
    ...localized(t, 'departmentName', 'The department name, when pushed.', 'id', 'departmentNameText'),
    startTime: t.expose('startTime', { type: DateTimeScalar, description: 'When the instance was started.' }),
    endTime: t.expose('endTime', { type: DateTimeScalar, nullable: true, description: 'When it finished; null while unfinished.' }),
    updateTime: t.expose('updateTime', { type: DateTimeScalar, description: 'The version of the mirrored instance.' }),
    displayMethod: t.expose('displayMethod', { type: DisplayMethodEnum, nullable: true, description: 'How the instance opens.' }),
    updateMode: t.expose('updateMode', { type: UpdateModeEnum, description: 'The mode of the push that last wrote the instance.' }),
    links: t.field({ type: LinksRef, description: 'Links back to the instance.', extensions: reads('pcLink', 'mobileLink'), resolve: (row) => row }),
    extra: t.field({
      type: JSONScalar,
      nullable: true,
      description: 'Extension data, parsed from the JSON sent.',
      extensions: reads('extra'),
      resolve: (row) => parseJson(row.extra),
    }),
    taskList: t.field({
      type: [ExternalTaskRef],
      description: 'The mirrored tasks, oldest first.',
      extensions: reads('id'),
      resolve: (row, _args, ctx) => ctx.loaders.externalTasks.load(row.id),
    }),
    ccList: t.field({
      type: [ExternalCcEntryRef],
      description: 'The mirrored cc entries, oldest first.',
      extensions: reads('id'),
      resolve: (row, _args, ctx) => ctx.loaders.externalCcEntries.load(row.id),
    }),
    trusteeshipUserIdType: t.exposeString('trusteeshipUserIdType', { nullable: true, description: 'User id type of trusteeship callbacks.' }),
    trusteeshipUrls: t.field({
      type: TrusteeshipUrlsRef,
      nullable: true,
      description: 'Trusteeship callback URLs.',
      extensions: reads('trusteeshipUrls'),
      resolve: (row) => parseJson(row.trusteeshipUrls) as Record<string, string> | null,
    }),
    trusteeshipCacheConfig: t.field({
      type: TrusteeshipCacheConfigRef,
      nullable: true,
      description: 'Trusteeship form caching.',
      extensions: reads('trusteeshipCacheConfig'),
      resolve: (row) => parseJson(row.trusteeshipCacheConfig) as Record<string, never> | null,
    }),
    resourceRegion: t.exposeString('resourceRegion', { nullable: true, description: 'Data region, when pushed.' }),
    defaultLocale: t.expose('defaultLocale', {
      type: LocaleEnum,
      description: "The default locale of the instance's texts: the fallback of every localized field.",
    }),
    lastSyncedAt: t.expose('lastSyncedAt', { type: DateTimeScalar, description: 'When Feishu last accepted a push of this instance that changed the mirror.' }),
  }),
});

builder.node(ExternalTaskRef, {
  id: { resolve: (row) => row.id, parse: parseRowId },
  loadManyWithoutCache: (ids, ctx) => loadRows(ctx.loaders.externalTask, ids),
  description: 'An approval task of a mirrored external instance.',
  fields: (t) => ({
    taskId: t.exposeString('taskId', { description: 'Your id of the task, unique within the instance.' }),
    userId: t.exposeString('userId', { nullable: true, description: "The approver's user_id." }),
    openId: t.exposeString('openId', { nullable: true, description: "The approver's open_id." }),
    ...localized(t, 'title', 'The task name.', 'instancePk', 'titleText'),
    links: t.field({ type: LinksRef, description: 'Links to the task.', extensions: reads('pcLink', 'mobileLink'), resolve: (row) => row }),
    status: t.expose('status', { type: ExternalTaskStatusEnum, description: 'The task status.' }),
    extra: t.field({ type: JSONScalar, nullable: true, description: 'Extension data.', extensions: reads('extra'), resolve: (row) => parseJson(row.extra) }),
    createTime: t.expose('createTime', { type: DateTimeScalar, description: 'When the task was created.' }),
    endTime: t.expose('endTime', { type: DateTimeScalar, nullable: true, description: 'When it finished; null while unfinished.' }),
    updateTime: t.expose('updateTime', { type: DateTimeScalar, description: 'The version of the mirrored task.' }),
    actionContext: t.exposeString('actionContext', { nullable: true, description: 'Context echoed in action callbacks.' }),
    actionConfigs: t.field({
      type: [ActionConfigRef],
      description: 'Quick actions.',
      extensions: reads('actionConfigs', 'instancePk'),
      resolve: (row) => (JSON.parse(row.actionConfigs) as Omit<ActionConfigRow, 'instancePk'>[]).map((config) => ({ ...config, instancePk: row.instancePk })),
    }),
    displayMethod: t.expose('displayMethod', { type: TaskDisplayMethodEnum, nullable: true, description: 'How the task opens.' }),
    excludeStatistics: t.exposeBoolean('excludeStatistics', { nullable: true, description: 'Left out of efficiency statistics.' }),
    nodeId: t.exposeString('nodeId', { nullable: true, description: 'The approval node.' }),
    ...localized(t, 'nodeName', 'The node name.', 'instancePk', 'nodeNameText'),
    generateType: t.expose('generateType', { type: TaskGenerateTypeEnum, nullable: true, description: 'How the task came to be.' }),
    instance: t.field({
      type: ExternalInstanceRef,
      description: 'The instance of the task.',
      extensions: instanceField,
      resolve: (row, _args, ctx) => instanceOf(ctx, row),
    }),
  }),
});

builder.node(ExternalCcEntryRef, {
  id: { resolve: (row) => row.id, parse: parseRowId },
  loadManyWithoutCache: (ids, ctx) => loadRows(ctx.loaders.externalCcEntry, ids),
  description: 'A cc entry of a mirrored external instance.',
  fields: (t) => ({
    ccId: t.exposeString('ccId', { description: 'Your id of the cc entry, unique within the instance.' }),
    userId: t.exposeString('userId', { nullable: true, description: "The recipient's user_id." }),
    openId: t.exposeString('openId', { nullable: true, description: "The recipient's open_id." }),
    links: t.field({ type: LinksRef, description: 'Links to the cc entry.', extensions: reads('pcLink', 'mobileLink'), resolve: (row) => row }),
    readStatus: t.expose('readStatus', { type: CcReadStatusEnum, nullable: true, description: 'Read status; null when not tracked.' }),
    extra: t.field({ type: JSONScalar, nullable: true, description: 'Extension data.', extensions: reads('extra'), resolve: (row) => parseJson(row.extra) }),
    ...localized(t, 'title', 'The cc entry name.', 'instancePk', 'titleText'),
    createTime: t.expose('createTime', { type: DateTimeScalar, description: 'When the cc entry was created.' }),
    updateTime: t.expose('updateTime', { type: DateTimeScalar, description: 'The version of the mirrored cc entry.' }),
    displayMethod: t.expose('displayMethod', { type: TaskDisplayMethodEnum, nullable: true, description: 'How the cc entry opens.' }),
    instance: t.field({
      type: ExternalInstanceRef,
      description: 'The instance of the cc entry.',
      extensions: instanceField,
      resolve: (row, _args, ctx) => instanceOf(ctx, row),
    }),
  }),
});
