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
