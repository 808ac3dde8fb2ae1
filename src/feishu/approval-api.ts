import type { LocaleCode } from '../locale.js';
import { type FeishuCallOptions, type FeishuClient, JsonText } from './client.js';
import type { ApprovalDefinitionData } from './definition-wire.js';
import { FeishuApiError, FeishuCode, FeishuUnavailableError } from './errors.js';
import type {
  CreateInstancePayload,
  CreateInstanceResponseData,
  ExternalInstancePayload,
  ExternalInstanceResponseData,
  InstanceCodePageData,
  LegacyCreateInstancePayload,
  NativeInstanceData,
} from './wire.js';

export const EXTERNAL_INSTANCES_PATH = '/open-apis/approval/v4/external_instances';
export const INSTANCES_PATH = '/open-apis/approval/v4/instances';
export const LEGACY_CREATE_PATH = '/approval/openapi/v2/instance/create';
/** GET, one approval definition: the endpoint its rate limit is kept under (the path holds the code). */
export const APPROVAL_DEFINITION_ENDPOINT = '/open-apis/approval/v4/approvals/:approval_code';

/** The path of one definition's GET, without its query. */
export const approvalDefinitionPath = (approvalCode: string): string => `/open-apis/approval/v4/approvals/${encodeURIComponent(approvalCode)}`;

export interface ApprovalDefinitionAnswer {
  /** The definition, its names in the locale asked for. */
  data: ApprovalDefinitionData;
  logId: string | null;
}

/** The rate-limit keys of the endpoints whose paths have variable parts, or share a path with another method. */
export const RATE_KEYS = {
  getInstance: 'GET /open-apis/approval/v4/instances/:instance_id',
  listInstances: `GET ${INSTANCES_PATH}`,
  subscribe: 'POST /open-apis/approval/v4/approvals/:approval_code/subscribe',
} as const;

/** The limits of the native instance reads (Feishu: 50/s and 1000/min each) and of subscribe (100/min). */
export function nativeRateRules(limits: { readPerSecond: number; readPerMinute: number }): Record<string, { limit: number; windowMs: number }[]> {
  const reads = [
    { limit: limits.readPerSecond, windowMs: 1_000 },
    { limit: limits.readPerMinute, windowMs: 60_000 },
  ];
  return { [RATE_KEYS.getInstance]: reads, [RATE_KEYS.listInstances]: reads, [RATE_KEYS.subscribe]: [{ limit: 100, windowMs: 60_000 }] };
}

/** One page of a definition's instance codes, created in a time range. */
export interface InstanceCodePage {
  codes: string[];
  /** Where the next page starts; null on the last one. */
  nextPageToken: string | null;
}

export interface InstanceCodeQuery {
  approvalCode: string;
  /** Creation times, epoch milliseconds. */
  from: number;
  to: number;
  pageToken?: string | undefined;
  /** At most 100. */
  pageSize?: number;
}

export interface SyncExternalInstanceAnswer {
  /** The instance as Feishu echoed it back. */
  echo: ExternalInstancePayload | undefined;
  logId: string | null;
  /** The JSON text sent, exactly: what the mirror keeps as the push's payload. */
  sentJson: string;
}

export interface CreateInstanceAnswer {
  instanceCode: string | null;
  instanceLink: string | null;
  logId: string | null;
}

export interface CreateCallOptions extends Pick<FeishuCallOptions, 'onUncertainOutcome' | 'logger'> {
  /** The payload's JSON text when the caller has made it already (the intent keeps it): sent as it is. */
  payloadJson?: string;
}

/** Feishu's approval endpoints, as the GraphQL resolvers see them. */
export interface FeishuApprovalApi {
  syncExternalInstance(payload: ExternalInstancePayload, options?: Pick<FeishuCallOptions, 'logger'>): Promise<SyncExternalInstanceAnswer>;
  /** POST /open-apis/approval/v4/instances */
  createInstance(payload: CreateInstancePayload, options?: CreateCallOptions): Promise<CreateInstanceAnswer>;
  /** The legacy POST /approval/openapi/v2/instance/create, on the legacy origin. */
  createInstanceLegacy(payload: LegacyCreateInstancePayload, options?: CreateCallOptions): Promise<CreateInstanceAnswer>;
  /** GET /open-apis/approval/v4/approvals/:approval_code in one locale; null when Feishu has no such definition (1390002). */
  getApprovalDefinition(approvalCode: string, locale: LocaleCode): Promise<ApprovalDefinitionAnswer | null>;
  /** GET /open-apis/approval/v4/instances/:instance_id: a native instance by its code (or the uuid it was created with). */
  getInstance(instanceId: string): Promise<NativeInstanceData>;
  /** GET /open-apis/approval/v4/instances: a page of the codes of a definition's instances created in a time range. */
  listInstanceCodes(query: InstanceCodeQuery): Promise<InstanceCodePage>;
  /**
   * POST /open-apis/approval/v4/approvals/:approval_code/subscribe: Feishu sends the app the
   * events of this definition's instances. `already` when the app had subscribed it before.
   */
  subscribe(approvalCode: string): Promise<'subscribed' | 'already'>;
}

export function createFeishuApprovalApi(client: FeishuClient, origins: { legacy: string }): FeishuApprovalApi {
  const toAnswer = (answer: { data: CreateInstanceResponseData | undefined; logId: string | null }): CreateInstanceAnswer => ({
    instanceCode: answer.data?.instance_code ?? null,
    instanceLink: answer.data?.instance_link ?? null,
    logId: answer.logId,
  });
  return {
    async syncExternalInstance(payload, options) {
      const sent = new JsonText(JSON.stringify(payload));
      const answer = await client.post<ExternalInstanceResponseData>(EXTERNAL_INSTANCES_PATH, sent, options);
      return { echo: answer.data?.data, logId: answer.logId, sentJson: sent.text };
    },
    async createInstance(payload, { payloadJson, onUncertainOutcome, logger } = {}) {
      const body = payloadJson === undefined ? payload : new JsonText(payloadJson);
      return toAnswer(await client.post<CreateInstanceResponseData | undefined>(INSTANCES_PATH, body, { onUncertainOutcome, logger }));
    },
    async createInstanceLegacy(payload, { payloadJson, onUncertainOutcome, logger } = {}) {
      const body = payloadJson === undefined ? payload : new JsonText(payloadJson);
      return toAnswer(
        await client.post<CreateInstanceResponseData | undefined>(LEGACY_CREATE_PATH, body, { onUncertainOutcome, logger, origin: origins.legacy }),
      );
    },
    async getApprovalDefinition(approvalCode, locale) {
      try {
        const answer = await client.get<ApprovalDefinitionData | undefined>(
          approvalDefinitionPath(approvalCode),
          { locale },
          { endpoint: APPROVAL_DEFINITION_ENDPOINT },
        );
        if (!answer.data || typeof answer.data.form !== 'string') {
          throw new FeishuUnavailableError('Feishu answered code 0 without an approval definition', 200, answer.logId, false);
        }
        return { data: answer.data, logId: answer.logId };
      } catch (error) {
        if (error instanceof FeishuApiError && error.feishuCode === FeishuCode.APPROVAL_NOT_FOUND) return null;
        throw error;
      }
    },
    async getInstance(instanceId) {
      const path = `${INSTANCES_PATH}/${encodeURIComponent(instanceId)}`;
      const answer = await client.get<NativeInstanceData | undefined>(path, {}, { endpoint: RATE_KEYS.getInstance });
      if (!answer.data) throw new Error(`Feishu answered GET ${INSTANCES_PATH}/:instance_id without data`);
      return answer.data;
    },
    async listInstanceCodes({ approvalCode, from, to, pageToken, pageSize = 100 }) {
      const answer = await client.get<InstanceCodePageData | undefined>(
        INSTANCES_PATH,
        { approval_code: approvalCode, start_time: from, end_time: to, page_size: pageSize, page_token: pageToken },
        { endpoint: RATE_KEYS.listInstances },
      );
      const data = answer.data ?? {};
      return { codes: data.instance_code_list ?? [], nextPageToken: data.has_more && data.page_token ? data.page_token : null };
    },
    async subscribe(approvalCode) {
      const path = `${approvalDefinitionPath(approvalCode)}/subscribe`;
      try {
        await client.post(path, {}, { endpoint: RATE_KEYS.subscribe });
        return 'subscribed';
      } catch (error) {
        if (error instanceof FeishuApiError && error.feishuCode === FeishuCode.SUBSCRIPTION_EXISTS) return 'already';
        throw error;
      }
    },
  };
}
