import { builder } from '../builder.js';

export const BotNotificationEnum = builder.enumType('BotNotification', {
  description: "A bot notification of Feishu's that createInstance can switch off (`cancel_bot_notification`, sent as a bitmask).",
  values: {
    APPROVED: { value: 'APPROVED', description: 'The "instance approved" notification (bit 1).' },
    REJECTED: { value: 'REJECTED', description: 'The "instance rejected" notification (bit 2).' },
    CANCELED: { value: 'CANCELED', description: 'The "instance canceled" notification (bit 4).' },
  } as const,
});

export const TitleDisplayMethodEnum = builder.enumType('TitleDisplayMethod', {
  description: 'How the detail page shows the titles when both the definition and the instance have one (`title_display_method`).',
  values: {
    DEFINITION_AND_INSTANCE: { value: 'DEFINITION_AND_INSTANCE', description: "Both, separated by a bar (Feishu's 0, the default)." },
    INSTANCE_ONLY: { value: 'INSTANCE_ONLY', description: "Only the instance's title (Feishu's 1)." },
  } as const,
});

export const NodeIdTypeEnum = builder.enumType('NodeIdType', {
  description: 'What kind of node id `nodeId` is (`node_id_type`).',
  values: {
    CUSTOM: { value: 'CUSTOM', description: 'A custom node id.' },
    NON_CUSTOM: { value: 'NON_CUSTOM', description: "Feishu's own node id." },
  } as const,
});

export const CreateApiEnum = builder.enumType('CreateApi', {
  description: 'Which Feishu API creates the instance.',
  values: {
    V4: { value: 'v4', description: 'POST /open-apis/approval/v4/instances: every option, localized texts.' },
    V2: {
      value: 'v2',
      description:
        'The legacy POST /approval/openapi/v2/instance/create on FEISHU_LEGACY_BASE_URL: no title, no localized texts, none of the v4-only options; openId required.',
    },
  } as const,
});

export const IntentStateEnum = builder.enumType('IntentState', {
  description: 'Where the creation of a native instance stands.',
  values: {
    PENDING: {
      value: 'PENDING',
      description:
        'Not settled. Either an attempt is being sent (`attemptInFlight`), or the last one ended without Feishu creating the instance for certain: with `outcomeUnknown`, Feishu may have created it (an answer lost, a crash mid-call); without, it did not (a passing error: a rate limit, 1395001 before acting). Retry with the same uuid and input: it answers the one instance, never a second one.',
    },
    CREATED: { value: 'CREATED', description: 'Feishu created the instance.' },
    FAILED: {
      value: 'FAILED',
      description:
        'Feishu refused it for good, and no attempt of it has an unknown outcome: nothing was created. The uuid may be used again. (A refusal after an attempt whose outcome is unknown leaves the intent PENDING.)',
    },
  } as const,
});
