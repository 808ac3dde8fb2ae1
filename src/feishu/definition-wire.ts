/**
 * GET /open-apis/approval/v4/approvals/:approval_code (查看指定审批定义): the answer's `data`, as
 * Feishu's page and the official SDK's types (`approval.get`) give it. Names come in the locale the
 * request's `locale` query asked for.
 */

export type WireDefinitionStatus = 'ACTIVE' | 'INACTIVE' | 'DELETED' | 'UNKNOWN';

/** One entry of a choice widget's `option` list. */
export interface WireWidgetOption {
  value: string;
  text: string;
}

/**
 * One widget of the `form` JSON text. `option` is a list of choices on radio and checkbox
 * widgets, an object of display settings on a fieldList; `children` are a fieldList's columns.
 */
export interface WireDefinitionWidget {
  id: string;
  custom_id?: string;
  name: string;
  type: string;
  required?: boolean;
  option?: WireWidgetOption[] | Record<string, unknown>;
  children?: WireDefinitionWidget[];
}

export interface WireDefinitionNode {
  name: string;
  /** Whether the initiator chooses this node's approvers (createInstance's node_approver_*_list). */
  need_approver: boolean;
  node_id: string;
  custom_node_id?: string;
  node_type: string;
  approver_chosen_multi: boolean;
}

export interface ApprovalDefinitionData {
  approval_name: string;
  status: string;
  /** The widgets (WireDefinitionWidget[]) as JSON text. */
  form: string;
  node_list: WireDefinitionNode[];
  viewers?: { type: string; id?: string; user_id?: string }[];
}
