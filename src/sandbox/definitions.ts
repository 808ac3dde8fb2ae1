/**
 * The approval definitions the sandbox knows, so that it validates instance creation as Feishu
 * would: widget ids and types, option values, required widgets, nodes, and the definitions
 * Feishu refuses (an inactive one, a free process).
 */

export interface DemoWidget {
  id: string;
  customId?: string;
  type: string;
  name: string;
  required?: boolean;
  /** Option values of radio and checkbox widgets. */
  options?: string[];
  /** The columns of a fieldList. */
  children?: DemoWidget[];
}

export interface DemoNode {
  id: string;
  customId?: string;
  name: string;
}

export interface DemoDefinition {
  approvalCode: string;
  name: string;
  active: boolean;
  freeProcess: boolean;
  widgets: DemoWidget[];
  nodes: DemoNode[];
}

const LEAD_NODE: DemoNode = { id: '46e6d96cfa756980907209209ec03b64', name: 'Team lead (chosen by the initiator)' };
const MANAGER_NODE: DemoNode = { id: '46e6d96cfa756980907209209ec03b75', customId: 'manager_node_id', name: 'Manager' };

export const DEMO_DEFINITIONS: readonly DemoDefinition[] = [
  {
    approvalCode: '7C468A54-8745-2245-9675-08B7C63E7A85',
    name: 'Leave request',
    active: true,
    freeProcess: false,
    widgets: [
      { id: 'leave_type', type: 'radioV2', name: 'Leave type', required: true, options: ['annual', 'sick', 'personal'] },
      { id: 'period', type: 'dateInterval', name: 'Period', required: true },
      { id: 'reason', type: 'textarea', name: 'Reason', required: true },
      { id: 'handover', type: 'contact', name: 'Handover to' },
      { id: 'proof', type: 'attachmentV2', name: 'Proof' },
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
