import type { CreateIntent } from '../../src/mirror/intents.js';

/** createInstance inputs as GraphQL variables, against the sandbox's demo definitions. */

export const LEAVE = '7C468A54-8745-2245-9675-08B7C63E7A85';
export const EXPENSE = '4202AD96-9EC1-4284-9C48-B923CDC4F30B';
export const EVERY_WIDGET = '5B8E4A3C-1F2D-4E6A-9B7C-0A1B2C3D4E5F';
export const INACTIVE = 'E1B3F7A2-6C4D-4B8E-A1F0-9D2C3B4A5E6F';
export const FREE_PROCESS = 'F4C2D9B8-3A1E-4F5D-8C7B-6E5D4C3B2A1F';
export const LEAD_NODE = '46e6d96cfa756980907209209ec03b64';

export function leaveInput(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    approvalCode: LEAVE,
    userId: 'f7cb567e',
    openId: 'ou_123456',
    form: [
      { radioV2: { id: 'leave_type', value: 'annual' } },
      { dateInterval: { id: 'period', value: { start: '2026-12-01T09:00:00+08:00', end: '2026-12-03T18:00:00+08:00', interval: 3 } } },
      { textarea: { id: 'reason', value: 'Family trip' } },
    ],
    nodeApproverUserIdList: [{ key: LEAD_NODE, value: ['lead-1'] }],
    ...overrides,
  };
}

export const CREATE = `mutation Create($input: CreateInstanceInput!) {
  createInstance(input: $input) {
    __typename
    ... on Error { code message }
    ... on BadUserInputError { path issues { path message } }
    ... on FeishuError { feishuCode feishuMessage httpStatus logId retryable }
    ... on RateLimitedError { retryAfter }
    ... on FeishuUnavailableError { retryable }
    ... on IdempotencyKeyReusedError { uuid }
    ... on IdempotencyKeyInUseError { uuid }
    ... on CreateInstancePayload {
      replayed
      logId
      instance { id instanceCode uuid intentState api reconciled attempts approvalCode title titleEn: title(locale: EN_US) form(locale: EN_US) }
    }
  }
}`;

export interface CreateResult {
  createInstance: {
    __typename: string;
    code?: string;
    message?: string;
    path?: string;
    issues?: { path: string; message: string }[];
    feishuCode?: number;
    feishuMessage?: string;
    retryable?: boolean;
    retryAfter?: number;
    uuid?: string;
    replayed?: boolean;
    logId?: string | null;
    instance?: {
      id: string;
      instanceCode: string | null;
      uuid: string;
      intentState: string;
      api: string;
      reconciled: boolean;
      attempts: number;
      approvalCode: string;
      title: string | null;
      titleEn: string | null;
      form: unknown;
    };
  };
}

/** A creation intent as the service records it, for tests of the mirror's store. */
export function intentFixture(uuid: string, overrides: Partial<CreateIntent> = {}): CreateIntent {
  return {
    uuid,
    requestHash: 'h',
    api: 'v4',
    approvalCode: 'A',
    userId: 'u',
    openId: null,
    departmentId: null,
    form: '[]',
    titleKey: null,
    i18nResources: null,
    defaultLocale: 'zh-CN',
    payload: '{}',
    ...overrides,
  };
}
