import type {
  ActionConfigInput,
  ExternalCcInput,
  ExternalFormEntryInput,
  ExternalTaskInput,
  LinksInput,
  SyncExternalInstanceInput,
  TrusteeshipCacheConfigInput,
  TrusteeshipUrlsInput,
} from '../../translate/external-instance-input.js';
import { builder } from '../builder.js';
import { LocaleEnum, LocalizedTextInputRef } from '../locale.js';
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

export const LinksInputRef = builder.inputRef<LinksInput>('LinksInput').implement({
  description: 'Links back to the third-party system (`links`). At least one of pcLink and mobileLink is required.',
  fields: (t) => ({
    pcLink: t.string({ description: 'Opened from Feishu on desktop (`pc_link`).' }),
    mobileLink: t.string({ description: 'Opened from Feishu on mobile (`mobile_link`).' }),
  }),
});

const FormEntryInputRef = builder.inputRef<ExternalFormEntryInput>('ExternalFormEntryInput').implement({
  description:
    'One form field shown in the approval lists (Feishu shows the first three). Each text at most 2048 characters, counted as Feishu counts them: Unicode code points (an emoji is one).',
  fields: (t) => ({
    name: t.field({ type: LocalizedTextInputRef, required: true, description: 'The field name (`name`).' }),
    value: t.field({ type: LocalizedTextInputRef, required: true, description: 'The field value (`value`).' }),
  }),
});

const ActionConfigInputRef = builder.inputRef<ActionConfigInput>('ActionConfigInput').implement({
  description: 'A quick action on a task (`action_configs`, mobile only). At most two per task.',
  fields: (t) => ({
    actionType: t.string({
      required: true,
      description: '`APPROVE`, `REJECT`, or any key of yours (then actionName is required). Sent back in the action callback.',
    }),
    actionName: t.field({ type: LocalizedTextInputRef, description: 'The button label (`action_name`); required for custom action types.' }),
    isNeedReason: t.boolean({ description: 'Whether the approver is taken to write a comment after acting (`is_need_reason`).' }),
    isReasonRequired: t.boolean({ description: 'Whether the comment is mandatory (`is_reason_required`).' }),
    isNeedAttachment: t.boolean({ description: 'Whether the comment may carry attachments (`is_need_attachment`).' }),
  }),
});

const TaskInputRef = builder.inputRef<ExternalTaskInput>('ExternalTaskInput').implement({
  description: "An approval task, shown in the approver's pending or done list. userId or openId is required.",
  fields: (t) => ({
    taskId: t.string({ required: true, description: 'Unique within the instance (`task_id`); locates the task in later pushes.' }),
    userId: t.string({ description: "The approver's user_id." }),
    openId: t.string({ description: "The approver's open_id." }),
    title: t.field({ type: LocalizedTextInputRef, description: 'The task name (`title`).' }),
    links: t.field({ type: LinksInputRef, required: true, description: 'Links to the task in the third-party system.' }),
    status: t.field({ type: ExternalTaskStatusEnum, required: true, description: 'The task status.' }),
    extra: t.field({ type: JSONScalar, description: 'Extension data, a JSON object (`extra`), e.g. `{"complete_reason": "approved"}`.' }),
    createTime: t.field({ type: DateTimeScalar, required: true, description: 'When the task was created.' }),
    endTime: t.field({ type: DateTimeScalar, description: 'When the task finished; null or absent while unfinished (sent as 0).' }),
    updateTime: t.field({ type: DateTimeScalar, required: true, description: 'Last change; orders pushes in UPDATE mode.' }),
    actionContext: t.string({ description: 'Context echoed in action callbacks (`action_context`).' }),
    actionConfigs: t.field({ type: [ActionConfigInputRef], description: 'Quick actions (`action_configs`), at most two.' }),
    displayMethod: t.field({ type: TaskDisplayMethodEnum, description: 'How the task opens.' }),
    excludeStatistics: t.boolean({ description: 'Leave the task out of efficiency statistics (`exclude_statistics`).' }),
    nodeId: t.string({ description: 'The approval node the task belongs to (`node_id`).' }),
    nodeName: t.field({
      type: LocalizedTextInputRef,
      description:
        "The node name (`node_name`). Plain text to Feishu (seed 001): it gets the default locale's text, with no `@i18n@` key; the mirror keeps every locale.",
    }),
    generateType: t.field({ type: TaskGenerateTypeEnum, description: 'How the task came to be (`generate_type`).' }),
  }),
});

const CcInputRef = builder.inputRef<ExternalCcInput>('ExternalCcInput').implement({
  description: "A cc entry, shown in the recipient's cc list. userId or openId is required.",
  fields: (t) => ({
    ccId: t.string({ required: true, description: 'Unique within the instance (`cc_id`).' }),
    userId: t.string({ description: "The recipient's user_id." }),
    openId: t.string({ description: "The recipient's open_id." }),
    links: t.field({ type: LinksInputRef, required: true, description: 'Links to the cc entry in the third-party system.' }),
    readStatus: t.field({ type: CcReadStatusEnum, description: 'Read status; leave it out if your system does not track it.' }),
    extra: t.field({ type: JSONScalar, description: 'Extension data, a JSON object (`extra`).' }),
    title: t.field({
      type: LocalizedTextInputRef,
      description:
        "The cc entry name (`title`). Plain text to Feishu (seed 001): it gets the default locale's text, with no `@i18n@` key; the mirror keeps every locale.",
    }),
    createTime: t.field({ type: DateTimeScalar, required: true, description: 'When the cc entry was created.' }),
    updateTime: t.field({ type: DateTimeScalar, required: true, description: 'Last change; orders pushes in UPDATE mode.' }),
    displayMethod: t.field({ type: TaskDisplayMethodEnum, description: 'How the cc entry opens.' }),
  }),
});

const TrusteeshipUrlsInputRef = builder.inputRef<TrusteeshipUrlsInput>('TrusteeshipUrlsInput').implement({
  description: 'Callback URLs of a hosted (trusteeship) instance (`trusteeship_urls`).',
  fields: (t) => ({
    formDetailUrl: t.string({ description: '`form_detail_url`' }),
    actionDefinitionUrl: t.string({ description: '`action_definition_url`' }),
    approvalNodeUrl: t.string({ description: '`approval_node_url`' }),
    actionCallbackUrl: t.string({ description: '`action_callback_url`' }),
    pullBusinessDataUrl: t.string({ description: '`pull_business_data_url`' }),
  }),
});

const TrusteeshipCacheConfigInputRef = builder.inputRef<TrusteeshipCacheConfigInput>('TrusteeshipCacheConfigInput').implement({
  description: 'Pre-caching of a hosted form (`trusteeship_cache_config`).',
  fields: (t) => ({
    formPolicy: t.field({ type: TrusteeshipFormPolicyEnum, description: '`form_policy`' }),
    formVaryWithLocale: t.boolean({ description: '`form_vary_with_locale`' }),
    formVersion: t.string({ description: '`form_version`' }),
  }),
});

export const SyncExternalInstanceInputRef = builder.inputRef<SyncExternalInstanceInput>('SyncExternalInstanceInput').implement({
  description:
    'A third-party approval instance with its tasks and cc entries: every field of POST /open-apis/approval/v4/external_instances under its camelCase name. Localized fields take LocalizedTextInput; the facade builds `i18n_resources`.',
  fields: (t) => ({
    approvalCode: t.string({ required: true, description: 'The approval definition the instance belongs to (`approval_code`).' }),
    status: t.field({ type: ExternalInstanceStatusEnum, required: true, description: 'The instance status.' }),
    extra: t.field({ type: JSONScalar, description: 'Extension data, a JSON object (`extra`); put the document number in `business_key`.' }),
    instanceId: t.string({ required: true, description: 'Your id of the instance, unique in the tenant and app (`instance_id`).' }),
    links: t.field({ type: LinksInputRef, required: true, description: "Links back to the instance, used in the initiator's list." }),
    title: t.field({ type: LocalizedTextInputRef, description: "The instance's title; the definition's name when absent." }),
    form: t.field({ type: [FormEntryInputRef], description: 'Form fields shown in the lists (`form`).' }),
    userId: t.string({ description: "The initiator's user_id; userId or openId is required." }),
    userName: t.field({ type: LocalizedTextInputRef, description: "The initiator's name, for initiators that are not users (`user_name`)." }),
    openId: t.string({ description: "The initiator's open_id; userId or openId is required." }),
    departmentId: t.string({ description: "The initiator's department (`department_id`); an empty string shows the company name." }),
    departmentName: t.field({ type: LocalizedTextInputRef, description: 'A department name to show (`department_name`).' }),
    startTime: t.field({ type: DateTimeScalar, required: true, description: 'When the instance was started.' }),
    endTime: t.field({ type: DateTimeScalar, description: 'When it finished; null or absent while unfinished (sent as 0).' }),
    updateTime: t.field({ type: DateTimeScalar, required: true, description: 'Last change; orders pushes in UPDATE mode.' }),
    displayMethod: t.field({ type: DisplayMethodEnum, description: 'How the instance opens from the lists.' }),
    updateMode: t.field({ type: UpdateModeEnum, description: 'REPLACE (the default) or UPDATE.' }),
    taskList: t.field({ type: [TaskInputRef], description: 'The tasks (`task_list`), at most 300.' }),
    ccList: t.field({ type: [CcInputRef], description: 'The cc entries (`cc_list`), at most 200.' }),
    trusteeshipUrlToken: t.string({ description: 'Token Feishu sends with trusteeship callbacks (`trusteeship_url_token`).' }),
    trusteeshipUserIdType: t.string({ description: 'User id type of trusteeship callbacks; Feishu supports only `user_id`.' }),
    trusteeshipUrls: t.field({ type: TrusteeshipUrlsInputRef, description: 'Trusteeship callback URLs.' }),
    trusteeshipCacheConfig: t.field({ type: TrusteeshipCacheConfigInputRef, description: 'Trusteeship form caching.' }),
    resourceRegion: t.string({ description: 'Data region of the instance (`resource_region`, from the official SDK).' }),
    defaultLocale: t.field({
      type: LocaleEnum,
      description: 'The locale marked `is_default` in `i18n_resources`; the server default (DEFAULT_LOCALE, ZH_CN) when absent.',
    }),
  }),
});
