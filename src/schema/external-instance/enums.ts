import { builder } from '../builder.js';

/** An enum whose GraphQL names are Feishu's wire values. */
function feishuEnum<const V extends string>(name: string, description: string, values: Record<V, string>) {
  return builder.enumType(name, {
    description,
    values: Object.fromEntries(Object.entries(values).map(([value, text]) => [value, { value, description: text as string }])) as {
      [K in V]: { value: K; description: string };
    },
  });
}

export const ExternalInstanceStatusEnum = feishuEnum('ExternalInstanceStatus', 'The status of a third-party approval instance.', {
  PENDING: 'Under approval.',
  APPROVED: 'Finished: approved.',
  REJECTED: 'Finished: rejected.',
  CANCELED: 'Withdrawn by the initiator.',
  DELETED: 'Deleted.',
  HIDDEN: 'Status hidden (not shown).',
  TERMINATED: 'Terminated.',
});

export const ExternalTaskStatusEnum = feishuEnum('ExternalTaskStatus', 'The status of an approval task.', {
  PENDING: 'Waiting for the approver.',
  APPROVED: 'Approved.',
  REJECTED: 'Rejected.',
  TRANSFERRED: 'Transferred to someone else.',
  DONE: "Passed without the approver acting. The approver does not see it (cc them if they should): it is on neither of their approval center's task lists, only on the instance's taskList.",
});

export const DisplayMethodEnum = feishuEnum('DisplayMethod', 'How the approval center opens an instance.', {
  BROWSER: "In the system's default browser.",
  SIDEBAR: 'In a side drawer inside Feishu.',
  NORMAL: 'In a page embedded in Feishu.',
  TRUSTEESHIP: 'Hosted in the Feishu approval center (trusteeship).',
});

export const TaskDisplayMethodEnum = feishuEnum('TaskDisplayMethod', 'How the approval center opens a task or a cc entry.', {
  BROWSER: "In the system's default browser.",
  SIDEBAR: 'In a side drawer inside Feishu.',
  NORMAL: 'In a page embedded in Feishu.',
  TRUSTEESHIP: "Hosted in the Feishu approval center (trusteeship), as an instance can be (from the official SDK's wire types).",
});

export const UpdateModeEnum = feishuEnum('UpdateMode', 'How a push merges with what Feishu (and the mirror) already hold.', {
  REPLACE: 'The push is the whole truth: tasks and cc entries it does not list are deleted. The default.',
  UPDATE: 'Only adds and updates: the instance, each task and each cc entry is written only if its updateTime is newer.',
});

export const CcReadStatusEnum = feishuEnum('CcReadStatus', "A cc recipient's read status; absent when the system does not track it.", {
  READ: 'Read.',
  UNREAD: 'Not read yet.',
});

export const TaskGenerateTypeEnum = feishuEnum('TaskGenerateType', 'How a task came to be (from the official SDK).', {
  EXTERNAL_CONSIGN: 'Added by the third-party system as a consigned task.',
  DEFAULT: 'A regular task.',
});

export const TrusteeshipFormPolicyEnum = feishuEnum('TrusteeshipFormPolicy', 'How Feishu pre-caches a hosted form.', {
  DISABLE: 'No caching.',
  IMMUTABLE: 'The form never changes.',
  BY_NODE: 'Cached per approval node.',
  BY_USER: 'Cached per user.',
});

export const MirrorWriteEnum = feishuEnum('MirrorWrite', 'What a push did to a mirrored object.', {
  INSERTED: 'It was new and was written.',
  UPDATED: 'It existed and was overwritten.',
  STALE: 'An UPDATE push whose updateTime was not newer: the mirrored object was left untouched.',
});
