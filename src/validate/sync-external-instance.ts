import { z } from 'zod';
import type { SyncExternalInstanceInput } from '../translate/external-instance-input.js';
import { epochInstant, jsonObject, links, localizedText, nonEmptyString, requireUserOrOpenId, rulesFor, uniqueField } from './rules.js';

/** Limits from seeds 000 and 001. */
export const LIMITS = {
  tasks: 300,
  ccEntries: 200,
  /** Feishu shows form texts up to 2048 characters. */
  formText: 2048,
  /** "Each task can configure two operations." */
  actionConfigs: 2,
} as const;

const optionalText = localizedText().nullish();
const optionalExtra = jsonObject.nullish();

const actionConfig = z
  .looseObject({
    actionType: nonEmptyString,
    actionName: optionalText,
  })
  .superRefine((config, ctx) => {
    if (config.actionType !== 'APPROVE' && config.actionType !== 'REJECT' && !config.actionName) {
      ctx.addIssue({ code: 'custom', path: ['actionName'], message: 'is required when actionType is neither APPROVE nor REJECT' });
    }
  });

const task = z
  .looseObject({
    taskId: nonEmptyString,
    userId: z.string().nullish(),
    openId: z.string().nullish(),
    title: optionalText,
    links,
    extra: optionalExtra,
    createTime: epochInstant,
    endTime: epochInstant.nullish(),
    updateTime: epochInstant,
    actionConfigs: z.array(actionConfig).max(LIMITS.actionConfigs, `at most ${LIMITS.actionConfigs} action configs per task`).nullish(),
    nodeName: optionalText,
  })
  .superRefine(requireUserOrOpenId);

const cc = z
  .looseObject({
    ccId: nonEmptyString,
    userId: z.string().nullish(),
    openId: z.string().nullish(),
    links,
    extra: optionalExtra,
    title: optionalText,
    createTime: epochInstant,
    updateTime: epochInstant,
  })
  .superRefine(requireUserOrOpenId);

const formEntry = z.looseObject({
  name: localizedText(LIMITS.formText),
  value: localizedText(LIMITS.formText),
});

/**
 * What Feishu requires of an external instance beyond GraphQL's types (seeds 000 and 001):
 * at least one link and one user id at each level, list limits, localized texts with at least
 * one locale, `extra` as an object.
 */
export const syncExternalInstanceInputSchema = rulesFor<SyncExternalInstanceInput>(
  z
    .looseObject({
      approvalCode: nonEmptyString,
      instanceId: nonEmptyString,
      extra: optionalExtra,
      links,
      title: optionalText,
      form: z.array(formEntry).nullish(),
      userId: z.string().nullish(),
      openId: z.string().nullish(),
      userName: optionalText,
      departmentName: optionalText,
      startTime: epochInstant,
      endTime: epochInstant.nullish(),
      updateTime: epochInstant,
      taskList: z.array(task).max(LIMITS.tasks, `at most ${LIMITS.tasks} tasks`).superRefine(uniqueField('taskId')).nullish(),
      ccList: z.array(cc).max(LIMITS.ccEntries, `at most ${LIMITS.ccEntries} cc entries`).superRefine(uniqueField('ccId')).nullish(),
      trusteeshipUserIdType: z.literal('user_id', { message: 'Feishu supports only "user_id"' }).nullish(),
    })
    .superRefine(requireUserOrOpenId),
);
