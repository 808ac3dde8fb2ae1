import type { FeishuClient } from './client.js';
import type { ExternalInstancePayload, ExternalInstanceResponseData } from './wire.js';

export const EXTERNAL_INSTANCES_PATH = '/open-apis/approval/v4/external_instances';

export interface SyncExternalInstanceAnswer {
  /** The instance as Feishu echoed it back. */
  echo: ExternalInstancePayload | undefined;
  logId: string | null;
}

/** Feishu's approval endpoints, as the GraphQL resolvers see them. */
export interface FeishuApprovalApi {
  syncExternalInstance(payload: ExternalInstancePayload): Promise<SyncExternalInstanceAnswer>;
}

export function createFeishuApprovalApi(client: FeishuClient): FeishuApprovalApi {
  return {
    async syncExternalInstance(payload) {
      const answer = await client.post<ExternalInstanceResponseData>(EXTERNAL_INSTANCES_PATH, payload);
      return { echo: answer.data?.data, logId: answer.logId };
    },
  };
}
