import type { LocaleCode } from '../locale.js';

/**
 * The approval definitions the sandbox knows, so that it validates instance creation as Feishu
 * would: widget ids and types, option values, required widgets, nodes, and the definitions
 * Feishu refuses (an inactive one, a free process). It serves them as Feishu's GET of a
 * definition answers (definition-answers.ts): a text in the locale asked for where `names` has
 * one, else its `name`.
 */

/** A text in other locales than the default one. */
export type DemoNames = Partial<Record<LocaleCode, string>>;

export interface DemoWidget {
  id: string;
  customId?: string;
  type: string;
  name: string;
  names?: DemoNames;
  required?: boolean;
  /** Option values of radio and checkbox widgets. */
  options?: string[];
  /** The options' texts, by value: the value itself where none is given. */
  optionTexts?: Record<string, { text: string; names?: DemoNames }>;
  /** The columns of a fieldList. */
  children?: DemoWidget[];
}

export interface DemoNode {
  id: string;
  customId?: string;
  name: string;
  names?: DemoNames;
  /** The initiator chooses this node's approvers (Feishu's `need_approver`). */
  needApprover?: boolean;
}

export interface DemoDefinition {
  approvalCode: string;
  name: string;
  names?: DemoNames;
  active: boolean;
  freeProcess: boolean;
  widgets: DemoWidget[];
  nodes: DemoNode[];
}

const LEAD_NODE: DemoNode = {
  id: '46e6d96cfa756980907209209ec03b64',
  name: 'Team lead (chosen by the initiator)',
  names: { 'zh-CN': '直属上级（发起人自选）', 'ja-JP': 'チームリーダー（申請者が選択）' },
  needApprover: true,
};
const MANAGER_NODE: DemoNode = {
  id: '46e6d96cfa756980907209209ec03b75',
  customId: 'manager_node_id',
  name: 'Manager',
  names: { 'zh-CN': '经理', 'ja-JP': 'マネージャー' },
};

export const DEMO_DEFINITIONS: readonly DemoDefinition[] = [
  {
    approvalCode: '7C468A54-8745-2245-9675-08B7C63E7A85',
    name: 'Leave request',
    names: { 'zh-CN': '请假', 'ja-JP': '休暇申請' },
    active: true,
    freeProcess: false,
    widgets: [
      {
        id: 'leave_type',
        type: 'radioV2',
        name: 'Leave type',
        names: { 'zh-CN': '请假类型', 'ja-JP': '休暇の種類' },
        required: true,
        options: ['annual', 'sick', 'personal'],
        optionTexts: {
          annual: { text: 'Annual leave', names: { 'zh-CN': '年假', 'ja-JP': '年次休暇' } },
          sick: { text: 'Sick leave', names: { 'zh-CN': '病假', 'ja-JP': '病気休暇' } },
          personal: { text: 'Personal leave', names: { 'zh-CN': '事假', 'ja-JP': '私用休暇' } },
        },
      },
      { id: 'period', type: 'dateInterval', name: 'Period', names: { 'zh-CN': '请假时间', 'ja-JP': '期間' }, required: true },
      { id: 'reason', type: 'textarea', name: 'Reason', names: { 'zh-CN': '请假事由', 'ja-JP': '理由' }, required: true },
      { id: 'handover', type: 'contact', name: 'Handover to', names: { 'zh-CN': '工作交接人', 'ja-JP': '引継ぎ先' } },
      { id: 'proof', type: 'attachmentV2', name: 'Proof', names: { 'zh-CN': '证明材料', 'ja-JP': '証明書類' } },
    ],
    nodes: [LEAD_NODE, MANAGER_NODE],
  },
  {
    approvalCode: '4202AD96-9EC1-4284-9C48-B923CDC4F30B',
    name: 'Expense claim',
    active: true,
    freeProcess: false,
    widgets: [
      { id: '111', type: 'input', name: 'Purpose' },
      { id: '222', type: 'dateInterval', name: 'Trip dates', required: true },
      { id: '333', type: 'radioV2', name: 'Category', options: ['1', '2', '3'] },
      { id: '444', type: 'number', name: 'Receipts' },
      { id: '555', type: 'textarea', name: 'Notes' },
      {
        id: 'items',
        type: 'fieldList',
        name: 'Items',
        children: [
          { id: 'item_name', type: 'input', name: 'Item', required: true },
          { id: 'item_cost', type: 'amount', name: 'Cost', required: true },
        ],
      },
    ],
    nodes: [LEAD_NODE, MANAGER_NODE],
  },
  {
    approvalCode: '5B8E4A3C-1F2D-4E6A-9B7C-0A1B2C3D4E5F',
    name: 'Every widget',
    active: true,
    freeProcess: false,
    widgets: [
      { id: 'w_input', customId: 'title_line', type: 'input', name: 'Input' },
      { id: 'w_textarea', type: 'textarea', name: 'Textarea' },
      { id: 'w_date', type: 'date', name: 'Date' },
      { id: 'w_radio', type: 'radio', name: 'Radio', options: ['optionA', 'optionB'] },
      { id: 'w_radioV2', type: 'radioV2', name: 'Radio V2', options: ['k2b8mkx0-h71x5gljn3i-1', 'k2b8mkx0-h71x5gljn3i-2'] },
      { id: 'w_number', type: 'number', name: 'Number' },
      { id: 'w_amount', type: 'amount', name: 'Amount' },
      { id: 'w_formula', type: 'formula', name: 'Formula' },
      { id: 'w_contact', type: 'contact', name: 'Contact' },
      { id: 'w_connect', type: 'connect', name: 'Linked approvals' },
      { id: 'w_attachment', type: 'attachment', name: 'Attachment' },
      { id: 'w_attachmentV2', type: 'attachmentV2', name: 'Attachment V2' },
      { id: 'w_image', type: 'image', name: 'Image' },
      { id: 'w_imageV2', type: 'imageV2', name: 'Image V2' },
      { id: 'w_checkbox', type: 'checkbox', name: 'Checkbox', options: ['optionA', 'optionB'] },
      { id: 'w_checkboxV2', type: 'checkboxV2', name: 'Checkbox V2', options: ['k2b8mkx0-h71x5gljn3i-1', 'k2b8mkx0-h71x5gljn3i-2'] },
      { id: 'w_dateInterval', type: 'dateInterval', name: 'Date range' },
      {
        id: 'w_fieldList',
        type: 'fieldList',
        name: 'Details',
        children: [
          { id: 'row_text', type: 'input', name: 'Text' },
          { id: 'row_tags', type: 'checkbox', name: 'Tags', options: ['jxpsebqp-0', 'jxpsebqp-1'] },
        ],
      },
      { id: 'w_department', type: 'department', name: 'Department' },
      { id: 'w_telephone', type: 'telephone', name: 'Telephone' },
      { id: 'w_shiftGroup', type: 'shiftGroup', name: 'Shift swap' },
      { id: 'w_address', type: 'address', name: 'Address (Feishu cannot fill it through the API)' },
    ],
    nodes: [LEAD_NODE, MANAGER_NODE],
  },
  {
    approvalCode: 'E1B3F7A2-6C4D-4B8E-A1F0-9D2C3B4A5E6F',
    name: 'Retired purchase form (deactivated)',
    active: false,
    freeProcess: false,
    widgets: [{ id: 'item', type: 'input', name: 'Item' }],
    nodes: [MANAGER_NODE],
  },
  {
    approvalCode: 'F4C2D9B8-3A1E-4F5D-8C7B-6E5D4C3B2A1F',
    name: 'Ad-hoc request (free process)',
    active: true,
    freeProcess: true,
    widgets: [{ id: 'what', type: 'textarea', name: 'What' }],
    nodes: [],
  },
];
