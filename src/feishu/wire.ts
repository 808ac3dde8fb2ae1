/**
 * Feishu's wire format for the requests we send, field for field as the Open Platform documents
 * them (seed 000 for external instances). Snake case, times as millisecond strings.
 */

export interface FeishuEnvelope<T> {
  code: number;
  msg: string;
  data?: T;
}

export interface WireLink {
  pc_link?: string;
  mobile_link?: string;
}

export interface WireFormEntry {
  name: string;
  value: string;
}

export interface WireActionConfig {
  action_type: string;
  action_name?: string;
  is_need_reason?: boolean;
  is_reason_required?: boolean;
  is_need_attachment?: boolean;
}

export interface WireExternalTask {
  task_id: string;
  user_id?: string;
  open_id?: string;
  title?: string;
  links: WireLink;
  status: string;
  extra?: string;
  create_time: string;
  end_time: string;
  update_time: string;
  action_context?: string;
  action_configs?: WireActionConfig[];
  display_method?: string;
  exclude_statistics?: boolean;
  node_id?: string;
  node_name?: string;
  generate_type?: string;
}

export interface WireCcEntry {
  cc_id: string;
  user_id?: string;
  open_id?: string;
  links: WireLink;
  read_status?: string;
  extra?: string;
  title?: string;
  create_time: string;
  update_time: string;
  display_method?: string;
}

export interface WireI18nText {
  key: string;
  value: string;
}

export interface WireI18nResource {
  locale: string;
  texts: WireI18nText[];
  is_default: boolean;
}

export interface WireTrusteeshipUrls {
  form_detail_url?: string;
  action_definition_url?: string;
  approval_node_url?: string;
  action_callback_url?: string;
  pull_business_data_url?: string;
}

export interface WireTrusteeshipCacheConfig {
  form_policy?: string;
  form_vary_with_locale?: boolean;
  form_version?: string;
}

/** POST /open-apis/approval/v4/external_instances request body. */
export interface ExternalInstancePayload {
  approval_code: string;
  status: string;
  extra?: string;
  instance_id: string;
  links: WireLink;
  title?: string;
  form?: WireFormEntry[];
  user_id?: string;
  user_name?: string;
  open_id?: string;
  department_id?: string;
  department_name?: string;
  start_time: string;
  end_time: string;
  update_time: string;
  display_method?: string;
  update_mode?: string;
  task_list?: WireExternalTask[];
  cc_list?: WireCcEntry[];
  i18n_resources: WireI18nResource[];
  trusteeship_url_token?: string;
  trusteeship_user_id_type?: string;
  trusteeship_urls?: WireTrusteeshipUrls;
  trusteeship_cache_config?: WireTrusteeshipCacheConfig;
  resource_region?: string;
}

/** The `data` of a successful external_instances response: the instance echoed back. */
export interface ExternalInstanceResponseData {
  data?: ExternalInstancePayload;
}

export interface TenantTokenResponse {
  code: number;
  msg: string;
  tenant_access_token?: string;
  /** Seconds until the token expires. */
  expire?: number;
}

/** One widget of the `form` JSON (seed 004): `id`, `type`, a typed `value`; contact adds `open_ids`. */
export interface WireFormWidget {
  id: string;
  type: string;
  value: unknown;
  open_ids?: string[];
}

export interface WireNodeUsers {
  key: string;
  value: string[];
}

export interface WireNodeAutoApproval {
  node_id_type?: string;
  node_id: string;
}

/** POST /open-apis/approval/v4/instances request body (seed 003). */
export interface CreateInstancePayload {
  approval_code: string;
  user_id?: string;
  open_id?: string;
  department_id?: string;
  /** The widgets as escaped JSON text. */
  form: string;
  node_approver_user_id_list?: WireNodeUsers[];
  node_approver_open_id_list?: WireNodeUsers[];
  node_cc_user_id_list?: WireNodeUsers[];
  node_cc_open_id_list?: WireNodeUsers[];
  uuid: string;
  allow_resubmit?: boolean;
  allow_submit_again?: boolean;
  /** Bitmask as a string: 1 approved, 2 rejected, 4 canceled. */
  cancel_bot_notification?: string;
  forbid_revoke?: boolean;
  i18n_resources?: WireI18nResource[];
  title?: string;
  /** 0: definition and instance titles; 1: the instance title only. */
  title_display_method?: number;
  node_auto_approval_list?: WireNodeAutoApproval[];
}

export interface CreateInstanceResponseData {
  instance_code?: string;
  instance_link?: string;
}

/** POST {legacy}/approval/openapi/v2/instance/create request body (seed 004). */
export interface LegacyCreateInstancePayload {
  approval_code: string;
  user_id?: string;
  open_id: string;
  department_id?: string;
  form: string;
  node_approver_user_id_list?: Record<string, string[]>;
  node_approver_open_id_list?: Record<string, string[]>;
  node_cc_user_id_list?: Record<string, string[]>;
  node_cc_open_id_list?: Record<string, string[]>;
  uuid: string;
}

/** A task of a native instance, as GET /open-apis/approval/v4/instances/:instance_id answers it. */
export interface WireNativeTask {
  id: string;
  user_id?: string;
  open_id?: string;
  /** PENDING, APPROVED, REJECTED, TRANSFERRED, DONE (and, in events, ROLLBACK, REVERTED, OVERTIME_CLOSE, OVERTIME_RECOVER). */
  status: string;
  node_id?: string;
  node_name?: string;
  custom_node_id?: string;
  /** AND, OR, AUTO_PASS, AUTO_REJECT, SEQUENTIAL. */
  type?: string;
  start_time: string;
  /** "0" while unfinished. */
  end_time?: string;
}

/** An entry of a native instance's timeline; CC entries list who was copied. */
export interface WireTimelineEntry {
  type: string;
  create_time: string;
  user_id?: string;
  open_id?: string;
  task_id?: string;
  cc_user_list?: { user_id?: string; open_id?: string; cc_id?: string }[];
}

/** The `data` of GET /open-apis/approval/v4/instances/:instance_id. */
export interface NativeInstanceData {
  approval_code: string;
  approval_name?: string;
  instance_code: string;
  /** PENDING, APPROVED, REJECTED, CANCELED, DELETED. */
  status: string;
  uuid?: string;
  user_id?: string;
  open_id?: string;
  department_id?: string;
  serial_number?: string;
  start_time?: string;
  /** "0" while unfinished. */
  end_time?: string;
  form?: string;
  task_list?: WireNativeTask[];
  timeline?: WireTimelineEntry[];
  reverted?: boolean;
}

/** The `data` of GET /open-apis/approval/v4/instances (a definition's instance codes, a page). */
export interface InstanceCodePageData {
  instance_code_list?: string[];
  page_token?: string;
  has_more?: boolean;
}
