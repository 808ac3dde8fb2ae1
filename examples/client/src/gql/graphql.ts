/* eslint-disable */
import type { JsonValue } from '../json.js';
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
export type Maybe<T> = T | null;
export type InputMaybe<T> = T | null | undefined;
export type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
export type MakeOptional<T, K extends keyof T> = Omit<T, K> & { [SubKey in K]?: Maybe<T[SubKey]> };
export type MakeMaybe<T, K extends keyof T> = Omit<T, K> & { [SubKey in K]: Maybe<T[SubKey]> };
export type MakeEmpty<T extends { [key: string]: unknown }, K extends keyof T> = { [_ in K]?: never };
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
/** All built-in and custom scalars, mapped to their actual values */
export type Scalars = {
  ID: { input: string; output: string; }
  String: { input: string; output: string; }
  Boolean: { input: boolean; output: boolean; }
  Int: { input: number; output: number; }
  Float: { input: number; output: number; }
  /** An RFC 3339 date-time with a time zone, e.g. `2019-04-28T16:13:32.678Z` or `2019-10-01T08:12:01+08:00`. Returned in UTC with milliseconds. */
  DateTime: { input: string; output: string; }
  /** Any JSON value. `extra` fields take a JSON object, which the facade sends to Feishu as compact JSON text. */
  JSON: { input: JsonValue; output: JsonValue; }
};

/** A quick action on a task (`action_configs`, mobile only). At most two per task. */
export type ActionConfigInput = {
  /** The button label (`action_name`); required for custom action types. */
  actionName?: InputMaybe<LocalizedTextInput>;
  /** `APPROVE`, `REJECT`, or any key of yours (then actionName is required). Sent back in the action callback. */
  actionType: Scalars['String']['input'];
  /** Whether the comment may carry attachments (`is_need_attachment`). */
  isNeedAttachment?: InputMaybe<Scalars['Boolean']['input']>;
  /** Whether the approver is taken to write a comment after acting (`is_need_reason`). */
  isNeedReason?: InputMaybe<Scalars['Boolean']['input']>;
  /** Whether the comment is mandatory (`is_reason_required`). */
  isReasonRequired?: InputMaybe<Scalars['Boolean']['input']>;
};

/** An approval definition's status, as Feishu gives it. */
export type ApprovalDefinitionStatus =
  /** Enabled: instances can be created. */
  | 'ACTIVE'
  /** Deleted. */
  | 'DELETED'
  /** Disabled: Feishu refuses new instances (1390015). */
  | 'INACTIVE'
  /** Feishu does not say (or says something this facade does not know). */
  | 'UNKNOWN';

/** Which native instances to list; the conditions given must all hold. */
export type ApprovalInstanceFilter = {
  /** Instances of these approval definitions (1 to 100). */
  approvalCodes?: InputMaybe<Array<Scalars['String']['input']>>;
  /** Whose creation was first recorded in this range. */
  createdAt?: InputMaybe<TimeRangeInput>;
  /** Instances started by this user. */
  initiator?: InputMaybe<UserRefInput>;
  /** Instances in these states (1 to 100). */
  intentStates?: InputMaybe<Array<IntentState>>;
};

/** The order of a native instance list: by creation time; ties go by mirror id. */
export type ApprovalInstanceOrder = {
  /** Which way. */
  direction: OrderDirection;
};

/** A native instance's status in Feishu, as its approval_instance events and reads tell it. */
export type ApprovalInstanceStatus =
  /** Feishu's APPROVED. */
  | 'APPROVED'
  /** Feishu's CANCELED. */
  | 'CANCELED'
  /** Feishu's DELETED. */
  | 'DELETED'
  /** Feishu's OVERTIME_CLOSE. */
  | 'OVERTIME_CLOSE'
  /** Feishu's OVERTIME_RECOVER. */
  | 'OVERTIME_RECOVER'
  /** Feishu's PENDING. */
  | 'PENDING'
  /** Feishu's REJECTED. */
  | 'REJECTED'
  /** Feishu's REVERTED. */
  | 'REVERTED';

/** A native task's status in Feishu, as its approval_task events and reads tell it. */
export type ApprovalTaskStatus =
  /** Feishu's APPROVED. */
  | 'APPROVED'
  /** Feishu's DONE. */
  | 'DONE'
  /** Feishu's OVERTIME_CLOSE. */
  | 'OVERTIME_CLOSE'
  /** Feishu's OVERTIME_RECOVER. */
  | 'OVERTIME_RECOVER'
  /** Feishu's PENDING. */
  | 'PENDING'
  /** Feishu's REJECTED. */
  | 'REJECTED'
  /** Feishu's REVERTED. */
  | 'REVERTED'
  /** Feishu's ROLLBACK. */
  | 'ROLLBACK'
  /** Feishu's TRANSFERRED. */
  | 'TRANSFERRED';

/** A bot notification of Feishu's that createInstance can switch off (`cancel_bot_notification`, sent as a bitmask). */
export type BotNotification =
  /** The "instance approved" notification (bit 1). */
  | 'APPROVED'
  /** The "instance canceled" notification (bit 4). */
  | 'CANCELED'
  /** The "instance rejected" notification (bit 2). */
  | 'REJECTED';

/** A cc recipient's read status; absent when the system does not track it. */
export type CcReadStatus =
  /** Read. */
  | 'READ'
  /** Not read yet. */
  | 'UNREAD';

/** A contact widget: users by user id (`value`) and/or open id (`open_ids`); at least one. */
export type ContactWidgetInput = {
  /** The widget's id in the approval definition (or its custom id). */
  id: Scalars['String']['input'];
  /** Open ids (`open_ids`). */
  openIds?: InputMaybe<Array<Scalars['String']['input']>>;
  /** User ids. */
  value?: InputMaybe<Array<Scalars['String']['input']>>;
};

/** Which Feishu API creates the instance. */
export type CreateApi =
  /** The legacy POST /approval/openapi/v2/instance/create on FEISHU_LEGACY_BASE_URL: no title, no localized texts, none of the v4-only options; openId required. */
  | 'V2'
  /** POST /open-apis/approval/v4/instances: every option, localized texts. */
  | 'V4';

/** A native approval instance: every field of POST /open-apis/approval/v4/instances under its camelCase name, with a typed form. userId or openId is required. */
export type CreateInstanceInput = {
  /** Show a "submit" button after the instance is sent back (`allow_resubmit`). */
  allowResubmit?: InputMaybe<Scalars['Boolean']['input']>;
  /** Show a "submit again" button (`allow_submit_again`). */
  allowSubmitAgain?: InputMaybe<Scalars['Boolean']['input']>;
  /** Which API to call for this request; FEISHU_CREATE_API (V4 by default) when absent. */
  api?: InputMaybe<CreateApi>;
  /** The approval definition (`approval_code`). */
  approvalCode: Scalars['String']['input'];
  /** Feishu bot notifications to switch off; sent as Feishu's bitmask string. */
  cancelBotNotification?: InputMaybe<Array<BotNotification>>;
  /** The default locale of the texts; the server default when absent. */
  defaultLocale?: InputMaybe<Locale>;
  /** The initiator's department, for initiators in several (`department_id`). */
  departmentId?: InputMaybe<Scalars['String']['input']>;
  /** Forbid withdrawing the instance (`forbid_revoke`). */
  forbidRevoke?: InputMaybe<Scalars['Boolean']['input']>;
  /** The widget values; serialized to Feishu's form JSON. */
  form: Array<FormWidgetInput>;
  /** Approvers of initiator-chosen nodes, by open id. */
  nodeApproverOpenIdList?: InputMaybe<Array<NodeUsersInput>>;
  /** Approvers of initiator-chosen nodes, by user id. */
  nodeApproverUserIdList?: InputMaybe<Array<NodeUsersInput>>;
  /** Nodes that approve themselves; at most 10. */
  nodeAutoApprovalList?: InputMaybe<Array<NodeAutoApprovalInput>>;
  /** Cc recipients of nodes, by open id; at most 20 nodes, and 20 recipients per node. */
  nodeCcOpenIdList?: InputMaybe<Array<NodeUsersInput>>;
  /** Cc recipients of nodes, by user id; at most 20 nodes, and 20 recipients per node. */
  nodeCcUserIdList?: InputMaybe<Array<NodeUsersInput>>;
  /** The initiator's open_id; required by the legacy v2 API. */
  openId?: InputMaybe<Scalars['String']['input']>;
  /** The instance's title; the definition's name when absent. */
  title?: InputMaybe<LocalizedTextInput>;
  /** How the detail page shows the titles. */
  titleDisplayMethod?: InputMaybe<TitleDisplayMethod>;
  /** The initiator's user_id; preferred over openId when both are given. */
  userId?: InputMaybe<Scalars['String']['input']>;
  /** Idempotency key, 1 to 64 characters (Unicode code points), case-insensitive. The same uuid with the same input returns the same instance without creating another; with another input it is refused. Generated when absent: pass one to retry safely. */
  uuid?: InputMaybe<Scalars['String']['input']>;
};

/** A date range. */
export type DateIntervalValueInput = {
  /** The end; not before the start. */
  end: Scalars['DateTime']['input'];
  /** The duration, in the unit the definition uses (e.g. days). */
  interval: Scalars['Float']['input'];
  /** The start. */
  start: Scalars['DateTime']['input'];
};

/** A date-range widget. */
export type DateIntervalWidgetInput = {
  /** The widget's id in the approval definition (or its custom id). */
  id: Scalars['String']['input'];
  /** The range. */
  value: DateIntervalValueInput;
};

/** A date widget; sent as RFC 3339 in the offset you wrote, e.g. `2019-10-01T08:12:01+08:00`. */
export type DateWidgetInput = {
  /** The widget's id in the approval definition (or its custom id). */
  id: Scalars['String']['input'];
  /** The date and time. */
  value: Scalars['DateTime']['input'];
};

/** A department. */
export type DepartmentValueInput = {
  /** The department's open id (`open_id`, `od-...`). */
  openId: Scalars['String']['input'];
};

/** A department widget. */
export type DepartmentWidgetInput = {
  /** The widget's id in the approval definition (or its custom id). */
  id: Scalars['String']['input'];
  /** The departments. */
  value: Array<DepartmentValueInput>;
};

/** How the approval center opens an instance. */
export type DisplayMethod =
  /** In the system's default browser. */
  | 'BROWSER'
  /** In a page embedded in Feishu. */
  | 'NORMAL'
  /** In a side drawer inside Feishu. */
  | 'SIDEBAR'
  /** Hosted in the Feishu approval center (trusteeship). */
  | 'TRUSTEESHIP';

/** A cc entry, shown in the recipient's cc list. userId or openId is required. */
export type ExternalCcInput = {
  /** Unique within the instance (`cc_id`). */
  ccId: Scalars['String']['input'];
  /** When the cc entry was created. */
  createTime: Scalars['DateTime']['input'];
  /** How the cc entry opens. */
  displayMethod?: InputMaybe<TaskDisplayMethod>;
  /** Extension data, a JSON object (`extra`). */
  extra?: InputMaybe<Scalars['JSON']['input']>;
  /** Links to the cc entry in the third-party system. */
  links: LinksInput;
  /** The recipient's open_id. */
  openId?: InputMaybe<Scalars['String']['input']>;
  /** Read status; leave it out if your system does not track it. */
  readStatus?: InputMaybe<CcReadStatus>;
  /** The cc entry name (`title`). Plain text to Feishu (seed 001): it gets the default locale's text, with no `@i18n@` key; the mirror keeps every locale. */
  title?: InputMaybe<LocalizedTextInput>;
  /** Last change; orders pushes in UPDATE mode. */
  updateTime: Scalars['DateTime']['input'];
  /** The recipient's user_id. */
  userId?: InputMaybe<Scalars['String']['input']>;
};

/** One form field shown in the approval lists (Feishu shows the first three). Each text at most 2048 characters, counted as Feishu counts them: Unicode code points (an emoji is one). */
export type ExternalFormEntryInput = {
  /** The field name (`name`). */
  name: LocalizedTextInput;
  /** The field value (`value`). */
  value: LocalizedTextInput;
};

/** Which mirrored external instances to list; the conditions given must all hold. */
export type ExternalInstanceFilter = {
  /** Instances of these approval definitions (1 to 100). */
  approvalCodes?: InputMaybe<Array<Scalars['String']['input']>>;
  /** Instances of the initiator's department. */
  departmentId?: InputMaybe<Scalars['String']['input']>;
  /** Finished in this range (unfinished instances never match). */
  endTime?: InputMaybe<TimeRangeInput>;
  /** Instances started by this user. */
  initiator?: InputMaybe<UserRefInput>;
  /** Words that must all appear (as word prefixes) in the instance's localized texts, in any locale: title, form names and values, names, task and cc titles. Chinese and Japanese match by characters. Taken literally: no search syntax. At most 200 characters (Unicode code points: an emoji is one). */
  search?: InputMaybe<Scalars['String']['input']>;
  /** Started in this range. */
  startTime?: InputMaybe<TimeRangeInput>;
  /** Instances in these statuses (1 to 100). */
  statuses?: InputMaybe<Array<ExternalInstanceStatus>>;
  /** Last updated in this range. */
  updateTime?: InputMaybe<TimeRangeInput>;
};

/** The order of an external instance list; ties go by mirror id. */
export type ExternalInstanceOrder = {
  /** Which way. */
  direction: OrderDirection;
  /** What to order by. */
  field: ExternalInstanceOrderField;
};

/** What external instances are ordered by. */
export type ExternalInstanceOrderField =
  /** When the instance was started. */
  | 'START_TIME'
  /** The instance's update time. */
  | 'UPDATE_TIME';

/** The status of a third-party approval instance. */
export type ExternalInstanceStatus =
  /** Finished: approved. */
  | 'APPROVED'
  /** Withdrawn by the initiator. */
  | 'CANCELED'
  /** Deleted. */
  | 'DELETED'
  /** Status hidden (not shown). */
  | 'HIDDEN'
  /** Under approval. */
  | 'PENDING'
  /** Finished: rejected. */
  | 'REJECTED'
  /** Terminated. */
  | 'TERMINATED';

/** An approval task, shown in the approver's pending or done list. userId or openId is required. */
export type ExternalTaskInput = {
  /** Quick actions (`action_configs`), at most two. */
  actionConfigs?: InputMaybe<Array<ActionConfigInput>>;
  /** Context echoed in action callbacks (`action_context`). */
  actionContext?: InputMaybe<Scalars['String']['input']>;
  /** When the task was created. */
  createTime: Scalars['DateTime']['input'];
  /** How the task opens. */
  displayMethod?: InputMaybe<TaskDisplayMethod>;
  /** When the task finished; null or absent while unfinished (sent as 0). */
  endTime?: InputMaybe<Scalars['DateTime']['input']>;
  /** Leave the task out of efficiency statistics (`exclude_statistics`). */
  excludeStatistics?: InputMaybe<Scalars['Boolean']['input']>;
  /** Extension data, a JSON object (`extra`), e.g. `{"complete_reason": "approved"}`. */
  extra?: InputMaybe<Scalars['JSON']['input']>;
  /** How the task came to be (`generate_type`). */
  generateType?: InputMaybe<TaskGenerateType>;
  /** Links to the task in the third-party system. */
  links: LinksInput;
  /** The approval node the task belongs to (`node_id`). */
  nodeId?: InputMaybe<Scalars['String']['input']>;
  /** The node name (`node_name`). Plain text to Feishu (seed 001): it gets the default locale's text, with no `@i18n@` key; the mirror keeps every locale. */
  nodeName?: InputMaybe<LocalizedTextInput>;
  /** The approver's open_id. */
  openId?: InputMaybe<Scalars['String']['input']>;
  /** The task status. */
  status: ExternalTaskStatus;
  /** Unique within the instance (`task_id`); locates the task in later pushes. */
  taskId: Scalars['String']['input'];
  /** The task name (`title`). */
  title?: InputMaybe<LocalizedTextInput>;
  /** Last change; orders pushes in UPDATE mode. */
  updateTime: Scalars['DateTime']['input'];
  /** The approver's user_id. */
  userId?: InputMaybe<Scalars['String']['input']>;
};

/** The status of an approval task. */
export type ExternalTaskStatus =
  /** Approved. */
  | 'APPROVED'
  /** Passed without the approver acting. The approver does not see it (cc them if they should): it is on neither of their approval center's task lists, only on the instance's taskList. */
  | 'DONE'
  /** Waiting for the approver. */
  | 'PENDING'
  /** Rejected. */
  | 'REJECTED'
  /** Transferred to someone else. */
  | 'TRANSFERRED';

/** A detail table (fieldList): rows, each a list of widgets. */
export type FieldListWidgetInput = {
  /** The widget's id in the approval definition (or its custom id). */
  id: Scalars['String']['input'];
  /** The rows. */
  value: Array<Array<FormWidgetInput>>;
};

/** One form widget: set exactly one member, named after Feishu's widget type. The facade serializes the list into Feishu's form JSON. The types Feishu refuses to create (address, tripGroup, leaveGroup, workGroup, remedyGroup) are not offered. */
export type FormWidgetInput =
  /** Amount (`amount`). */
  { amount: NumberWidgetInput; attachment?: never; attachmentV2?: never; checkbox?: never; checkboxV2?: never; connect?: never; contact?: never; date?: never; dateInterval?: never; department?: never; fieldList?: never; formula?: never; image?: never; imageV2?: never; input?: never; number?: never; radio?: never; radioV2?: never; shiftGroup?: never; telephone?: never; textarea?: never; }
  |  /** Attachments, by file code (`attachment`). */
  { amount?: never; attachment: StringListWidgetInput; attachmentV2?: never; checkbox?: never; checkboxV2?: never; connect?: never; contact?: never; date?: never; dateInterval?: never; department?: never; fieldList?: never; formula?: never; image?: never; imageV2?: never; input?: never; number?: never; radio?: never; radioV2?: never; shiftGroup?: never; telephone?: never; textarea?: never; }
  |  /** Attachments, new style, by file code (`attachmentV2`). */
  { amount?: never; attachment?: never; attachmentV2: StringListWidgetInput; checkbox?: never; checkboxV2?: never; connect?: never; contact?: never; date?: never; dateInterval?: never; department?: never; fieldList?: never; formula?: never; image?: never; imageV2?: never; input?: never; number?: never; radio?: never; radioV2?: never; shiftGroup?: never; telephone?: never; textarea?: never; }
  |  /** Multiple choice, by option value (`checkbox`). */
  { amount?: never; attachment?: never; attachmentV2?: never; checkbox: StringListWidgetInput; checkboxV2?: never; connect?: never; contact?: never; date?: never; dateInterval?: never; department?: never; fieldList?: never; formula?: never; image?: never; imageV2?: never; input?: never; number?: never; radio?: never; radioV2?: never; shiftGroup?: never; telephone?: never; textarea?: never; }
  |  /** Multiple choice, new style, by option value (`checkboxV2`). */
  { amount?: never; attachment?: never; attachmentV2?: never; checkbox?: never; checkboxV2: StringListWidgetInput; connect?: never; contact?: never; date?: never; dateInterval?: never; department?: never; fieldList?: never; formula?: never; image?: never; imageV2?: never; input?: never; number?: never; radio?: never; radioV2?: never; shiftGroup?: never; telephone?: never; textarea?: never; }
  |  /** Linked approval instances, by instance code (`connect`). */
  { amount?: never; attachment?: never; attachmentV2?: never; checkbox?: never; checkboxV2?: never; connect: StringListWidgetInput; contact?: never; date?: never; dateInterval?: never; department?: never; fieldList?: never; formula?: never; image?: never; imageV2?: never; input?: never; number?: never; radio?: never; radioV2?: never; shiftGroup?: never; telephone?: never; textarea?: never; }
  |  /** Contacts (`contact`). */
  { amount?: never; attachment?: never; attachmentV2?: never; checkbox?: never; checkboxV2?: never; connect?: never; contact: ContactWidgetInput; date?: never; dateInterval?: never; department?: never; fieldList?: never; formula?: never; image?: never; imageV2?: never; input?: never; number?: never; radio?: never; radioV2?: never; shiftGroup?: never; telephone?: never; textarea?: never; }
  |  /** Date (`date`). */
  { amount?: never; attachment?: never; attachmentV2?: never; checkbox?: never; checkboxV2?: never; connect?: never; contact?: never; date: DateWidgetInput; dateInterval?: never; department?: never; fieldList?: never; formula?: never; image?: never; imageV2?: never; input?: never; number?: never; radio?: never; radioV2?: never; shiftGroup?: never; telephone?: never; textarea?: never; }
  |  /** Date range (`dateInterval`). */
  { amount?: never; attachment?: never; attachmentV2?: never; checkbox?: never; checkboxV2?: never; connect?: never; contact?: never; date?: never; dateInterval: DateIntervalWidgetInput; department?: never; fieldList?: never; formula?: never; image?: never; imageV2?: never; input?: never; number?: never; radio?: never; radioV2?: never; shiftGroup?: never; telephone?: never; textarea?: never; }
  |  /** Departments (`department`). */
  { amount?: never; attachment?: never; attachmentV2?: never; checkbox?: never; checkboxV2?: never; connect?: never; contact?: never; date?: never; dateInterval?: never; department: DepartmentWidgetInput; fieldList?: never; formula?: never; image?: never; imageV2?: never; input?: never; number?: never; radio?: never; radioV2?: never; shiftGroup?: never; telephone?: never; textarea?: never; }
  |  /** Detail table (`fieldList`). */
  { amount?: never; attachment?: never; attachmentV2?: never; checkbox?: never; checkboxV2?: never; connect?: never; contact?: never; date?: never; dateInterval?: never; department?: never; fieldList: FieldListWidgetInput; formula?: never; image?: never; imageV2?: never; input?: never; number?: never; radio?: never; radioV2?: never; shiftGroup?: never; telephone?: never; textarea?: never; }
  |  /** Formula result (`formula`). */
  { amount?: never; attachment?: never; attachmentV2?: never; checkbox?: never; checkboxV2?: never; connect?: never; contact?: never; date?: never; dateInterval?: never; department?: never; fieldList?: never; formula: NumberWidgetInput; image?: never; imageV2?: never; input?: never; number?: never; radio?: never; radioV2?: never; shiftGroup?: never; telephone?: never; textarea?: never; }
  |  /** Images, by file code (`image`). */
  { amount?: never; attachment?: never; attachmentV2?: never; checkbox?: never; checkboxV2?: never; connect?: never; contact?: never; date?: never; dateInterval?: never; department?: never; fieldList?: never; formula?: never; image: StringListWidgetInput; imageV2?: never; input?: never; number?: never; radio?: never; radioV2?: never; shiftGroup?: never; telephone?: never; textarea?: never; }
  |  /** Images, new style, by file code (`imageV2`). */
  { amount?: never; attachment?: never; attachmentV2?: never; checkbox?: never; checkboxV2?: never; connect?: never; contact?: never; date?: never; dateInterval?: never; department?: never; fieldList?: never; formula?: never; image?: never; imageV2: StringListWidgetInput; input?: never; number?: never; radio?: never; radioV2?: never; shiftGroup?: never; telephone?: never; textarea?: never; }
  |  /** Single-line text (`input`). */
  { amount?: never; attachment?: never; attachmentV2?: never; checkbox?: never; checkboxV2?: never; connect?: never; contact?: never; date?: never; dateInterval?: never; department?: never; fieldList?: never; formula?: never; image?: never; imageV2?: never; input: TextWidgetInput; number?: never; radio?: never; radioV2?: never; shiftGroup?: never; telephone?: never; textarea?: never; }
  |  /** Number (`number`). */
  { amount?: never; attachment?: never; attachmentV2?: never; checkbox?: never; checkboxV2?: never; connect?: never; contact?: never; date?: never; dateInterval?: never; department?: never; fieldList?: never; formula?: never; image?: never; imageV2?: never; input?: never; number: NumberWidgetInput; radio?: never; radioV2?: never; shiftGroup?: never; telephone?: never; textarea?: never; }
  |  /** Single choice (`radio`). */
  { amount?: never; attachment?: never; attachmentV2?: never; checkbox?: never; checkboxV2?: never; connect?: never; contact?: never; date?: never; dateInterval?: never; department?: never; fieldList?: never; formula?: never; image?: never; imageV2?: never; input?: never; number?: never; radio: OptionWidgetInput; radioV2?: never; shiftGroup?: never; telephone?: never; textarea?: never; }
  |  /** Single choice, new style (`radioV2`). */
  { amount?: never; attachment?: never; attachmentV2?: never; checkbox?: never; checkboxV2?: never; connect?: never; contact?: never; date?: never; dateInterval?: never; department?: never; fieldList?: never; formula?: never; image?: never; imageV2?: never; input?: never; number?: never; radio?: never; radioV2: OptionWidgetInput; shiftGroup?: never; telephone?: never; textarea?: never; }
  |  /** Shift swap (`shiftGroup`). */
  { amount?: never; attachment?: never; attachmentV2?: never; checkbox?: never; checkboxV2?: never; connect?: never; contact?: never; date?: never; dateInterval?: never; department?: never; fieldList?: never; formula?: never; image?: never; imageV2?: never; input?: never; number?: never; radio?: never; radioV2?: never; shiftGroup: ShiftGroupWidgetInput; telephone?: never; textarea?: never; }
  |  /** Telephone (`telephone`). */
  { amount?: never; attachment?: never; attachmentV2?: never; checkbox?: never; checkboxV2?: never; connect?: never; contact?: never; date?: never; dateInterval?: never; department?: never; fieldList?: never; formula?: never; image?: never; imageV2?: never; input?: never; number?: never; radio?: never; radioV2?: never; shiftGroup?: never; telephone: TelephoneWidgetInput; textarea?: never; }
  |  /** Multi-line text (`textarea`). */
  { amount?: never; attachment?: never; attachmentV2?: never; checkbox?: never; checkboxV2?: never; connect?: never; contact?: never; date?: never; dateInterval?: never; department?: never; fieldList?: never; formula?: never; image?: never; imageV2?: never; input?: never; number?: never; radio?: never; radioV2?: never; shiftGroup?: never; telephone?: never; textarea: TextWidgetInput; };

/** A widget type of Feishu's, written as Feishu writes it: where createInstance can fill the widget, the name of the FormWidgetInput member that does. */
export type FormWidgetType =
  /** `address`: the API cannot fill it (no FormWidgetInput member). */
  | 'address'
  /** `amount`: filled with FormWidgetInput's `amount` member. */
  | 'amount'
  /** `attachment`: filled with FormWidgetInput's `attachment` member. */
  | 'attachment'
  /** `attachmentV2`: filled with FormWidgetInput's `attachmentV2` member. */
  | 'attachmentV2'
  /** `checkbox`: filled with FormWidgetInput's `checkbox` member. */
  | 'checkbox'
  /** `checkboxV2`: filled with FormWidgetInput's `checkboxV2` member. */
  | 'checkboxV2'
  /** `connect`: filled with FormWidgetInput's `connect` member. */
  | 'connect'
  /** `contact`: filled with FormWidgetInput's `contact` member. */
  | 'contact'
  /** `date`: filled with FormWidgetInput's `date` member. */
  | 'date'
  /** `dateInterval`: filled with FormWidgetInput's `dateInterval` member. */
  | 'dateInterval'
  /** `department`: filled with FormWidgetInput's `department` member. */
  | 'department'
  /** `fieldList`: filled with FormWidgetInput's `fieldList` member. */
  | 'fieldList'
  /** `formula`: filled with FormWidgetInput's `formula` member. */
  | 'formula'
  /** `image`: filled with FormWidgetInput's `image` member. */
  | 'image'
  /** `imageV2`: filled with FormWidgetInput's `imageV2` member. */
  | 'imageV2'
  /** `input`: filled with FormWidgetInput's `input` member. */
  | 'input'
  /** `leaveGroup`: the API cannot fill it (no FormWidgetInput member). */
  | 'leaveGroup'
  /** `number`: filled with FormWidgetInput's `number` member. */
  | 'number'
  /** `outGroup`: the API cannot fill it (no FormWidgetInput member). */
  | 'outGroup'
  /** `radio`: filled with FormWidgetInput's `radio` member. */
  | 'radio'
  /** `radioV2`: filled with FormWidgetInput's `radioV2` member. */
  | 'radioV2'
  /** `remedyGroup`: the API cannot fill it (no FormWidgetInput member). */
  | 'remedyGroup'
  /** `shiftGroup`: filled with FormWidgetInput's `shiftGroup` member. */
  | 'shiftGroup'
  /** `telephone`: filled with FormWidgetInput's `telephone` member. */
  | 'telephone'
  /** `textarea`: filled with FormWidgetInput's `textarea` member. */
  | 'textarea'
  /** `tripGroup`: the API cannot fill it (no FormWidgetInput member). */
  | 'tripGroup'
  /** `workGroup`: the API cannot fill it (no FormWidgetInput member). */
  | 'workGroup';

/** Where the creation of a native instance stands. */
export type IntentState =
  /** Feishu created the instance. */
  | 'CREATED'
  /** Feishu refused it for good, and no attempt of it has an unknown outcome: nothing was created. The uuid may be used again. (A refusal after an attempt whose outcome is unknown leaves the intent PENDING.) */
  | 'FAILED'
  /** Not settled. Either an attempt is being sent (`attemptInFlight`), or the last one ended without Feishu creating the instance for certain: with `outcomeUnknown`, Feishu may have created it (an answer lost, a crash mid-call); without, it did not (a passing error: a rate limit, 1395001 before acting). Retry with the same uuid and input: it answers the one instance, never a second one. */
  | 'PENDING';

/** Links back to the third-party system (`links`). At least one of pcLink and mobileLink is required. */
export type LinksInput = {
  /** Opened from Feishu on mobile (`mobile_link`). */
  mobileLink?: InputMaybe<Scalars['String']['input']>;
  /** Opened from Feishu on desktop (`pc_link`). */
  pcLink?: InputMaybe<Scalars['String']['input']>;
};

/** The 16 locales Feishu approval texts can carry. Feishu writes them `zh-CN`, `en-US`, ... */
export type Locale =
  /** German (`de-DE`) */
  | 'DE_DE'
  /** English (US) (`en-US`) */
  | 'EN_US'
  /** Spanish (`es-ES`) */
  | 'ES_ES'
  /** French (`fr-FR`) */
  | 'FR_FR'
  /** Indonesian (`id-ID`) */
  | 'ID_ID'
  /** Italian (`it-IT`) */
  | 'IT_IT'
  /** Japanese (`ja-JP`) */
  | 'JA_JP'
  /** Korean (`ko-KR`) */
  | 'KO_KR'
  /** Malay (`ms-MY`) */
  | 'MS_MY'
  /** Portuguese (Brazil) (`pt-BR`) */
  | 'PT_BR'
  /** Russian (`ru-RU`) */
  | 'RU_RU'
  /** Thai (`th-TH`) */
  | 'TH_TH'
  /** Vietnamese (`vi-VN`) */
  | 'VI_VN'
  /** Chinese (Simplified) (`zh-CN`) */
  | 'ZH_CN'
  /** Chinese (Hong Kong) (`zh-HK`) */
  | 'ZH_HK'
  /** Chinese (Taiwan) (`zh-TW`) */
  | 'ZH_TW';

/** A text in one or more locales; at least one must be set. The facade turns it into an `@i18n@` key and `i18n_resources` entries. If the default locale is missing, it takes the text of the first locale given (in the order of these fields), so Feishu always finds every key in the default locale. A task's nodeName and a cc entry's title are plain text to Feishu (seed 001): Feishu gets the default locale's text as it is, with no key; the mirror keeps every locale of them all the same. */
export type LocalizedTextInput = {
  /** The text in German (`de-DE`). */
  deDE?: InputMaybe<Scalars['String']['input']>;
  /** The text in English (US) (`en-US`). */
  enUS?: InputMaybe<Scalars['String']['input']>;
  /** The text in Spanish (`es-ES`). */
  esES?: InputMaybe<Scalars['String']['input']>;
  /** The text in French (`fr-FR`). */
  frFR?: InputMaybe<Scalars['String']['input']>;
  /** The text in Indonesian (`id-ID`). */
  idID?: InputMaybe<Scalars['String']['input']>;
  /** The text in Italian (`it-IT`). */
  itIT?: InputMaybe<Scalars['String']['input']>;
  /** The text in Japanese (`ja-JP`). */
  jaJP?: InputMaybe<Scalars['String']['input']>;
  /** The text in Korean (`ko-KR`). */
  koKR?: InputMaybe<Scalars['String']['input']>;
  /** The text in Malay (`ms-MY`). */
  msMY?: InputMaybe<Scalars['String']['input']>;
  /** The text in Portuguese (Brazil) (`pt-BR`). */
  ptBR?: InputMaybe<Scalars['String']['input']>;
  /** The text in Russian (`ru-RU`). */
  ruRU?: InputMaybe<Scalars['String']['input']>;
  /** The text in Thai (`th-TH`). */
  thTH?: InputMaybe<Scalars['String']['input']>;
  /** The text in Vietnamese (`vi-VN`). */
  viVN?: InputMaybe<Scalars['String']['input']>;
  /** The text in Chinese (Simplified) (`zh-CN`). */
  zhCN?: InputMaybe<Scalars['String']['input']>;
  /** The text in Chinese (Hong Kong) (`zh-HK`). */
  zhHK?: InputMaybe<Scalars['String']['input']>;
  /** The text in Chinese (Taiwan) (`zh-TW`). */
  zhTW?: InputMaybe<Scalars['String']['input']>;
};

/** What a push did to a mirrored object. */
export type MirrorWrite =
  /** It was new and was written. */
  | 'INSERTED'
  /** An UPDATE push whose updateTime was not newer: the mirrored object was left untouched. */
  | 'STALE'
  /** It existed and was overwritten. */
  | 'UPDATED';

/** A node that approves itself (`node_auto_approval_list`). */
export type NodeAutoApprovalInput = {
  /** The node (`node_id`). */
  nodeId: Scalars['String']['input'];
  /** What kind of id nodeId is (`node_id_type`). */
  nodeIdType?: InputMaybe<NodeIdType>;
};

/** What kind of node id `nodeId` is (`node_id_type`). */
export type NodeIdType =
  /** A custom node id. */
  | 'CUSTOM'
  /** Feishu's own node id. */
  | 'NON_CUSTOM';

/** The users chosen for one node of the process (`{key, value}`). */
export type NodeUsersInput = {
  /** The node's node_id or custom_node_id, from the approval definition. */
  key: Scalars['String']['input'];
  /** The users (user ids or open ids, as the list says); at least one. */
  value: Array<Scalars['String']['input']>;
};

/** A number, amount or formula widget; sent as a JSON number. */
export type NumberWidgetInput = {
  /** The widget's id in the approval definition (or its custom id). */
  id: Scalars['String']['input'];
  /** The number. A formula must match what the definition computes. */
  value: Scalars['Float']['input'];
};

/** A single-choice widget: the chosen option's value from the definition. */
export type OptionWidgetInput = {
  /** The widget's id in the approval definition (or its custom id). */
  id: Scalars['String']['input'];
  /** The option's value. */
  value: Scalars['String']['input'];
};

/** Which way a list is ordered. */
export type OrderDirection =
  /** Oldest first. */
  | 'ASC'
  /** Newest first. */
  | 'DESC';

/** A shift swap. */
export type ShiftGroupValueInput = {
  /** Why. */
  reason: Scalars['String']['input'];
  /** When it is swapped back. */
  returnTime: Scalars['DateTime']['input'];
  /** When the shift is swapped. */
  shiftTime: Scalars['DateTime']['input'];
};

/** A shift-swap widget group (shiftGroup). */
export type ShiftGroupWidgetInput = {
  /** The widget's id in the approval definition (or its custom id). */
  id: Scalars['String']['input'];
  /** The swap. */
  value: ShiftGroupValueInput;
};

/** A widget whose value is a list of strings: instance codes (connect), file codes from the upload API (attachment, image), option values (checkbox). */
export type StringListWidgetInput = {
  /** The widget's id in the approval definition (or its custom id). */
  id: Scalars['String']['input'];
  /** The codes or option values. */
  value: Array<Scalars['String']['input']>;
};

/** A third-party approval instance with its tasks and cc entries: every field of POST /open-apis/approval/v4/external_instances under its camelCase name. Localized fields take LocalizedTextInput; the facade builds `i18n_resources`. */
export type SyncExternalInstanceInput = {
  /** The approval definition the instance belongs to (`approval_code`). */
  approvalCode: Scalars['String']['input'];
  /** The cc entries (`cc_list`), at most 200. */
  ccList?: InputMaybe<Array<ExternalCcInput>>;
  /** The locale marked `is_default` in `i18n_resources`; the server default (DEFAULT_LOCALE, ZH_CN) when absent. */
  defaultLocale?: InputMaybe<Locale>;
  /** The initiator's department (`department_id`); an empty string shows the company name. */
  departmentId?: InputMaybe<Scalars['String']['input']>;
  /** A department name to show (`department_name`). */
  departmentName?: InputMaybe<LocalizedTextInput>;
  /** How the instance opens from the lists. */
  displayMethod?: InputMaybe<DisplayMethod>;
  /** When it finished; null or absent while unfinished (sent as 0). */
  endTime?: InputMaybe<Scalars['DateTime']['input']>;
  /** Extension data, a JSON object (`extra`); put the document number in `business_key`. */
  extra?: InputMaybe<Scalars['JSON']['input']>;
  /** Form fields shown in the lists (`form`). */
  form?: InputMaybe<Array<ExternalFormEntryInput>>;
  /** Your id of the instance, unique in the tenant and app (`instance_id`). */
  instanceId: Scalars['String']['input'];
  /** Links back to the instance, used in the initiator's list. */
  links: LinksInput;
  /** The initiator's open_id; userId or openId is required. */
  openId?: InputMaybe<Scalars['String']['input']>;
  /** Data region of the instance (`resource_region`, from the official SDK). */
  resourceRegion?: InputMaybe<Scalars['String']['input']>;
  /** When the instance was started. */
  startTime: Scalars['DateTime']['input'];
  /** The instance status. */
  status: ExternalInstanceStatus;
  /** The tasks (`task_list`), at most 300. */
  taskList?: InputMaybe<Array<ExternalTaskInput>>;
  /** The instance's title; the definition's name when absent. */
  title?: InputMaybe<LocalizedTextInput>;
  /** Trusteeship form caching. */
  trusteeshipCacheConfig?: InputMaybe<TrusteeshipCacheConfigInput>;
  /** Token Feishu sends with trusteeship callbacks (`trusteeship_url_token`). */
  trusteeshipUrlToken?: InputMaybe<Scalars['String']['input']>;
  /** Trusteeship callback URLs. */
  trusteeshipUrls?: InputMaybe<TrusteeshipUrlsInput>;
  /** User id type of trusteeship callbacks; Feishu supports only `user_id`. */
  trusteeshipUserIdType?: InputMaybe<Scalars['String']['input']>;
  /** REPLACE (the default) or UPDATE. */
  updateMode?: InputMaybe<UpdateMode>;
  /** Last change; orders pushes in UPDATE mode. */
  updateTime: Scalars['DateTime']['input'];
  /** The initiator's user_id; userId or openId is required. */
  userId?: InputMaybe<Scalars['String']['input']>;
  /** The initiator's name, for initiators that are not users (`user_name`). */
  userName?: InputMaybe<LocalizedTextInput>;
};

/** How the approval center opens a task or a cc entry. */
export type TaskDisplayMethod =
  /** In the system's default browser. */
  | 'BROWSER'
  /** In a page embedded in Feishu. */
  | 'NORMAL'
  /** In a side drawer inside Feishu. */
  | 'SIDEBAR'
  /** Hosted in the Feishu approval center (trusteeship), as an instance can be (from the official SDK's wire types). */
  | 'TRUSTEESHIP';

/** How a task came to be (from the official SDK). */
export type TaskGenerateType =
  /** A regular task. */
  | 'DEFAULT'
  /** Added by the third-party system as a consigned task. */
  | 'EXTERNAL_CONSIGN';

/** A phone number. */
export type TelephoneValueInput = {
  /** E.g. `+86`. */
  countryCode: Scalars['String']['input'];
  /** E.g. `13122222222`. */
  nationalNumber: Scalars['String']['input'];
};

/** A telephone widget. */
export type TelephoneWidgetInput = {
  /** The widget's id in the approval definition (or its custom id). */
  id: Scalars['String']['input'];
  /** The number. */
  value: TelephoneValueInput;
};

/** A single- or multi-line text widget. Set exactly one of value and localizedValue. */
export type TextWidgetInput = {
  /** The widget's id in the approval definition (or its custom id). */
  id: Scalars['String']['input'];
  /** The text in several locales, sent as an `@i18n@` key with i18n_resources (v4 API only). */
  localizedValue?: InputMaybe<LocalizedTextInput>;
  /** The text. */
  value?: InputMaybe<Scalars['String']['input']>;
};

/** A time range: from (inclusive) to (exclusive); either end may be left open. */
export type TimeRangeInput = {
  /** The earliest time, included. */
  from?: InputMaybe<Scalars['DateTime']['input']>;
  /** The end, excluded; later than from. */
  to?: InputMaybe<Scalars['DateTime']['input']>;
};

/** How the detail page shows the titles when both the definition and the instance have one (`title_display_method`). */
export type TitleDisplayMethod =
  /** Both, separated by a bar (Feishu's 0, the default). */
  | 'DEFINITION_AND_INSTANCE'
  /** Only the instance's title (Feishu's 1). */
  | 'INSTANCE_ONLY';

/** Pre-caching of a hosted form (`trusteeship_cache_config`). */
export type TrusteeshipCacheConfigInput = {
  /** `form_policy` */
  formPolicy?: InputMaybe<TrusteeshipFormPolicy>;
  /** `form_vary_with_locale` */
  formVaryWithLocale?: InputMaybe<Scalars['Boolean']['input']>;
  /** `form_version` */
  formVersion?: InputMaybe<Scalars['String']['input']>;
};

/** How Feishu pre-caches a hosted form. */
export type TrusteeshipFormPolicy =
  /** Cached per approval node. */
  | 'BY_NODE'
  /** Cached per user. */
  | 'BY_USER'
  /** No caching. */
  | 'DISABLE'
  /** The form never changes. */
  | 'IMMUTABLE';

/** Callback URLs of a hosted (trusteeship) instance (`trusteeship_urls`). */
export type TrusteeshipUrlsInput = {
  /** `action_callback_url` */
  actionCallbackUrl?: InputMaybe<Scalars['String']['input']>;
  /** `action_definition_url` */
  actionDefinitionUrl?: InputMaybe<Scalars['String']['input']>;
  /** `approval_node_url` */
  approvalNodeUrl?: InputMaybe<Scalars['String']['input']>;
  /** `form_detail_url` */
  formDetailUrl?: InputMaybe<Scalars['String']['input']>;
  /** `pull_business_data_url` */
  pullBusinessDataUrl?: InputMaybe<Scalars['String']['input']>;
};

/** How a push merges with what Feishu (and the mirror) already hold. */
export type UpdateMode =
  /** The push is the whole truth: tasks and cc entries it does not list are deleted. The default. */
  | 'REPLACE'
  /** Only adds and updates: the instance, each task and each cc entry is written only if its updateTime is newer. */
  | 'UPDATE';

/** A Feishu user, by exactly one of user_id and open_id. */
export type UserRefInput =
  /** The user's open_id. */
  { openId: Scalars['String']['input']; userId?: never; }
  |  /** The user's user_id. */
  { openId?: never; userId: Scalars['String']['input']; };

export type SyncInstanceMutationVariables = Exact<{
  input: SyncExternalInstanceInput;
}>;


export type SyncInstanceMutation = { __typename?: 'Mutation', syncExternalInstance:
    | { __typename: 'BadUserInputError', code: string, message: string, issues: Array<{ __typename?: 'InputIssue', path: string, message: string }> }
    | { __typename: 'FeishuApiError', code: string, message: string }
    | { __typename: 'FeishuApprovalInactiveError', code: string, message: string }
    | { __typename: 'FeishuAuthError', code: string, message: string }
    | { __typename: 'FeishuFreeProcessUnsupportedError', code: string, message: string }
    | { __typename: 'FeishuInvalidParameterError', code: string, message: string }
    | { __typename: 'FeishuQuotaExceededError', code: string, message: string }
    | { __typename: 'FeishuServiceError', code: string, message: string }
    | { __typename: 'FeishuSyncTooFrequentError', code: string, message: string }
    | { __typename: 'FeishuUnavailableError', code: string, message: string }
    | { __typename: 'FeishuUuidConflictError', code: string, message: string }
    | { __typename: 'ForbiddenError', code: string, message: string }
    | { __typename: 'RateLimitedError', retryAfter: number, code: string, message: string }
    | { __typename: 'SyncExternalInstancePayload', applied: boolean, outcome: { __typename?: 'SyncOutcome', instance: MirrorWrite, tasks: { __typename?: 'SyncCounts', inserted: number, updated: number, stale: number, deleted: number } }, instance: { __typename?: 'ExternalInstance', id: string, instanceId: string, status: ExternalInstanceStatus, updateTime: string } }
   };

export type CreateInstanceMutationVariables = Exact<{
  input: CreateInstanceInput;
}>;


export type CreateInstanceMutation = { __typename?: 'Mutation', createInstance:
    | { __typename: 'BadUserInputError', code: string, message: string, issues: Array<{ __typename?: 'InputIssue', path: string, message: string }> }
    | { __typename: 'CreateInstancePayload', replayed: boolean, instance: { __typename?: 'ApprovalInstance', id: string, instanceCode?: string | null, uuid: string, intentState: IntentState, createdAt: string, title?: string | null } }
    | { __typename: 'FeishuApiError', code: string, message: string }
    | { __typename: 'FeishuApprovalInactiveError', code: string, message: string }
    | { __typename: 'FeishuAuthError', code: string, message: string }
    | { __typename: 'FeishuFreeProcessUnsupportedError', code: string, message: string }
    | { __typename: 'FeishuInvalidParameterError', code: string, message: string }
    | { __typename: 'FeishuQuotaExceededError', code: string, message: string }
    | { __typename: 'FeishuServiceError', code: string, message: string }
    | { __typename: 'FeishuSyncTooFrequentError', code: string, message: string }
    | { __typename: 'FeishuUnavailableError', code: string, message: string }
    | { __typename: 'FeishuUuidConflictError', code: string, message: string }
    | { __typename: 'ForbiddenError', code: string, message: string }
    | { __typename: 'IdempotencyKeyInUseError', code: string, message: string }
    | { __typename: 'IdempotencyKeyReusedError', code: string, message: string }
    | { __typename: 'RateLimitedError', code: string, message: string }
   };

export type PendingTasksQueryVariables = Exact<{
  user: UserRefInput;
  first: Scalars['Int']['input'];
  after?: InputMaybe<Scalars['String']['input']>;
}>;


export type PendingTasksQuery = { __typename?: 'Query', approvalCenter: { __typename?: 'ApprovalCenter', pendingTasks: { __typename?: 'ApprovalCenterTaskConnection', totalCount: number, edges: Array<{ __typename?: 'ApprovalCenterTaskEdge', cursor: string, node:
          | { __typename: 'ApprovalTask', taskId: string, nodeId?: string | null, instance: { __typename?: 'ApprovalInstance', approvalCode: string, instanceCode?: string | null, uuid: string } }
          | { __typename: 'ExternalTask', id: string, taskId: string, title?: string | null, updateTime: string, instance: { __typename?: 'ExternalInstance', approvalCode: string, instanceId: string, title?: string | null } }
         }>, pageInfo: { __typename?: 'PageInfo', hasNextPage: boolean, endCursor?: string | null } } } };

export type ExternalInstanceQueryVariables = Exact<{
  approvalCode: Scalars['String']['input'];
  instanceId: Scalars['String']['input'];
  locale?: InputMaybe<Locale>;
}>;


export type ExternalInstanceQuery = { __typename?: 'Query', externalInstance?: { __typename?: 'ExternalInstance', id: string, instanceId: string, status: ExternalInstanceStatus, title?: string | null, startTime: string, updateTime: string, extra?: JsonValue | null, taskList: Array<{ __typename?: 'ExternalTask', taskId: string, status: ExternalTaskStatus, title?: string | null }> } | null };

export type SearchInstancesQueryVariables = Exact<{
  search: Scalars['String']['input'];
  first: Scalars['Int']['input'];
}>;


export type SearchInstancesQuery = { __typename?: 'Query', externalInstances: { __typename?: 'ExternalInstanceConnection', totalCount: number, edges: Array<{ __typename?: 'ExternalInstanceEdge', node: { __typename?: 'ExternalInstance', id: string, instanceId: string, title?: string | null, status: ExternalInstanceStatus, updateTime: string } }> } };

export class TypedDocumentString<TResult, TVariables>
  extends String
  implements DocumentTypeDecoration<TResult, TVariables>
{
  __apiType?: NonNullable<DocumentTypeDecoration<TResult, TVariables>['__apiType']>;
  private value: string;
  public __meta__?: Record<string, any> | undefined;

  constructor(value: string, __meta__?: Record<string, any> | undefined) {
    super(value);
    this.value = value;
    this.__meta__ = __meta__;
  }

  override toString(): string & DocumentTypeDecoration<TResult, TVariables> {
    return this.value;
  }
}

export const SyncInstanceDocument = new TypedDocumentString(`
    mutation SyncInstance($input: SyncExternalInstanceInput!) {
  syncExternalInstance(input: $input) {
    __typename
    ... on SyncExternalInstancePayload {
      applied
      outcome {
        instance
        tasks {
          inserted
          updated
          stale
          deleted
        }
      }
      instance {
        id
        instanceId
        status
        updateTime
      }
    }
    ... on BadUserInputError {
      issues {
        path
        message
      }
    }
    ... on RateLimitedError {
      retryAfter
    }
    ... on Error {
      code
      message
    }
  }
}
    `) as unknown as TypedDocumentString<SyncInstanceMutation, SyncInstanceMutationVariables>;
export const CreateInstanceDocument = new TypedDocumentString(`
    mutation CreateInstance($input: CreateInstanceInput!) {
  createInstance(input: $input) {
    __typename
    ... on CreateInstancePayload {
      replayed
      instance {
        id
        instanceCode
        uuid
        intentState
        createdAt
        title(locale: EN_US)
      }
    }
    ... on BadUserInputError {
      issues {
        path
        message
      }
    }
    ... on Error {
      code
      message
    }
  }
}
    `) as unknown as TypedDocumentString<CreateInstanceMutation, CreateInstanceMutationVariables>;
export const PendingTasksDocument = new TypedDocumentString(`
    query PendingTasks($user: UserRefInput!, $first: Int!, $after: String) {
  approvalCenter(user: $user) {
    pendingTasks(first: $first, after: $after) {
      totalCount
      edges {
        cursor
        node {
          __typename
          ... on ExternalTask {
            id
            taskId
            title
            updateTime
            instance {
              approvalCode
              instanceId
              title
            }
          }
          ... on ApprovalTask {
            taskId
            nodeId
            instance {
              approvalCode
              instanceCode
              uuid
            }
          }
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
}
    `) as unknown as TypedDocumentString<PendingTasksQuery, PendingTasksQueryVariables>;
export const ExternalInstanceDocument = new TypedDocumentString(`
    query ExternalInstance($approvalCode: String!, $instanceId: String!, $locale: Locale) {
  externalInstance(approvalCode: $approvalCode, instanceId: $instanceId) {
    id
    instanceId
    status
    title(locale: $locale)
    startTime
    updateTime
    extra
    taskList {
      taskId
      status
      title(locale: $locale)
    }
  }
}
    `) as unknown as TypedDocumentString<ExternalInstanceQuery, ExternalInstanceQueryVariables>;
export const SearchInstancesDocument = new TypedDocumentString(`
    query SearchInstances($search: String!, $first: Int!) {
  externalInstances(filter: {search: $search}, first: $first) {
    totalCount
    edges {
      node {
        id
        instanceId
        title
        status
        updateTime
      }
    }
  }
}
    `) as unknown as TypedDocumentString<SearchInstancesQuery, SearchInstancesQueryVariables>;