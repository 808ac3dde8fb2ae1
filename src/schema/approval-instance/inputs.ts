import type { CreateInstanceInput, NodeAutoApprovalInput, NodeUsersInput } from '../../translate/create-instance-input.js';
import { builder } from '../builder.js';
import { LocaleEnum, LocalizedTextInputRef } from '../locale.js';
import { BotNotificationEnum, CreateApiEnum, NodeIdTypeEnum, TitleDisplayMethodEnum } from './enums.js';
import { FormWidgetInputRef } from './form-widgets.js';

const NodeUsersInputRef = builder.inputRef<NodeUsersInput>('NodeUsersInput').implement({
  description: 'The users chosen for one node of the process (`{key, value}`).',
  fields: (t) => ({
    key: t.string({ required: true, description: "The node's node_id or custom_node_id, from the approval definition." }),
    value: t.stringList({ required: true, description: 'The users (user ids or open ids, as the list says); at least one.' }),
  }),
});

const NodeAutoApprovalInputRef = builder.inputRef<NodeAutoApprovalInput>('NodeAutoApprovalInput').implement({
  description: 'A node that approves itself (`node_auto_approval_list`).',
  fields: (t) => ({
    nodeIdType: t.field({ type: NodeIdTypeEnum, description: 'What kind of id nodeId is (`node_id_type`).' }),
    nodeId: t.string({ required: true, description: 'The node (`node_id`).' }),
  }),
});

export const CreateInstanceInputRef = builder.inputRef<CreateInstanceInput>('CreateInstanceInput').implement({
  description:
    'A native approval instance: every field of POST /open-apis/approval/v4/instances under its camelCase name, with a typed form. userId or openId is required.',
  fields: (t) => ({
    approvalCode: t.string({ required: true, description: 'The approval definition (`approval_code`).' }),
    userId: t.string({ description: "The initiator's user_id; preferred over openId when both are given." }),
    openId: t.string({ description: "The initiator's open_id; required by the legacy v2 API." }),
    departmentId: t.string({ description: "The initiator's department, for initiators in several (`department_id`)." }),
    form: t.field({ type: [FormWidgetInputRef], required: true, description: "The widget values; serialized to Feishu's form JSON." }),
    nodeApproverUserIdList: t.field({ type: [NodeUsersInputRef], description: 'Approvers of initiator-chosen nodes, by user id.' }),
    nodeApproverOpenIdList: t.field({ type: [NodeUsersInputRef], description: 'Approvers of initiator-chosen nodes, by open id.' }),
    nodeCcUserIdList: t.field({ type: [NodeUsersInputRef], description: 'Cc recipients of nodes, by user id; at most 20 nodes, and 20 recipients per node.' }),
    nodeCcOpenIdList: t.field({ type: [NodeUsersInputRef], description: 'Cc recipients of nodes, by open id; at most 20 nodes, and 20 recipients per node.' }),
    uuid: t.string({
      description:
        'Idempotency key, 1 to 64 characters (Unicode code points), case-insensitive. The same uuid with the same input returns the same instance without creating another; with another input it is refused. Generated when absent: pass one to retry safely.',
    }),
    allowResubmit: t.boolean({ description: 'Show a "submit" button after the instance is sent back (`allow_resubmit`).' }),
    allowSubmitAgain: t.boolean({ description: 'Show a "submit again" button (`allow_submit_again`).' }),
    cancelBotNotification: t.field({
      type: [BotNotificationEnum],
      description: "Feishu bot notifications to switch off; sent as Feishu's bitmask string.",
    }),
    forbidRevoke: t.boolean({ description: 'Forbid withdrawing the instance (`forbid_revoke`).' }),
    title: t.field({ type: LocalizedTextInputRef, description: "The instance's title; the definition's name when absent." }),
    titleDisplayMethod: t.field({ type: TitleDisplayMethodEnum, description: 'How the detail page shows the titles.' }),
    nodeAutoApprovalList: t.field({ type: [NodeAutoApprovalInputRef], description: 'Nodes that approve themselves; at most 10.' }),
    defaultLocale: t.field({ type: LocaleEnum, description: 'The default locale of the texts; the server default when absent.' }),
    api: t.field({ type: CreateApiEnum, description: 'Which API to call for this request; FEISHU_CREATE_API (V4 by default) when absent.' }),
  }),
});
