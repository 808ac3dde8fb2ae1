import { z } from 'zod';
import { LOCALE_CODES } from '../locale.js';
import { characterCount } from '../util/characters.js';
import { formatPath } from '../util/path.js';

/**
 * Feishu's validation of POST /open-apis/approval/v4/external_instances, as seeds 000 and 001
 * describe it. The sandbox answers the first broken rule with 1390001 naming the field.
 */

const nonEmpty = z.string().min(1, 'is required');
const msTime = z.string().regex(/^\d{1,15}$/, 'must be a Unix millisecond timestamp string');
const endTime = z.union([msTime, z.literal(0)], { message: 'must be a Unix millisecond timestamp string, or 0 while unfinished' });
const jsonString = z.string().refine((value) => {
  if (value === '') return true;
  try {
    JSON.parse(value);
    return true;
  } catch {
    return false;
  }
}, 'must be a JSON string');

const links = z
  .object({ pc_link: z.string().optional(), mobile_link: z.string().optional() }, { message: 'is required' })
  .refine((value) => Boolean(value.pc_link) || Boolean(value.mobile_link), 'pc_link and mobile_link: at least one is required');

const whoRefinement = <T extends { user_id?: string | undefined; open_id?: string | undefined }>(value: T) => Boolean(value.user_id) || Boolean(value.open_id);
const WHO_MESSAGE = { message: 'user_id and open_id: at least one is required', path: ['user_id'] };

const actionConfig = z
  .object({
    action_type: nonEmpty,
    action_name: z.string().optional(),
    is_need_reason: z.boolean().optional(),
    is_reason_required: z.boolean().optional(),
    is_need_attachment: z.boolean().optional(),
  })
  .refine((value) => value.action_type === 'APPROVE' || value.action_type === 'REJECT' || Boolean(value.action_name), {
    message: 'action_name is required when action_type is neither APPROVE nor REJECT',
    path: ['action_name'],
  });

/** Seed 000 lists TRUSTEESHIP for the instance; the official SDK's wire types have it for tasks and cc entries too. */
const taskDisplay = z.enum(['BROWSER', 'SIDEBAR', 'NORMAL', 'TRUSTEESHIP']);

const task = z
  .object({
    task_id: nonEmpty,
    user_id: z.string().optional(),
    open_id: z.string().optional(),
    title: z.string().optional(),
    links,
    status: z.enum(['PENDING', 'APPROVED', 'REJECTED', 'TRANSFERRED', 'DONE']),
    extra: jsonString.optional(),
    create_time: msTime,
    end_time: endTime,
    update_time: msTime,
    action_context: z.string().optional(),
    action_configs: z.array(actionConfig).max(2, 'at most 2 action configs per task').optional(),
    display_method: taskDisplay.optional(),
    exclude_statistics: z.boolean().optional(),
    node_id: z.string().optional(),
    node_name: z.string().optional(),
    generate_type: z.enum(['EXTERNAL_CONSIGN', 'DEFAULT']).optional(),
  })
  .refine(whoRefinement, WHO_MESSAGE);

const cc = z
  .object({
    cc_id: nonEmpty,
    user_id: z.string().optional(),
    open_id: z.string().optional(),
    links,
    read_status: z.enum(['READ', 'UNREAD', '']).optional(),
    extra: jsonString.optional(),
    title: z.string().optional(),
    create_time: msTime,
    update_time: msTime,
    display_method: taskDisplay.optional(),
  })
  .refine(whoRefinement, WHO_MESSAGE);

const i18nResource = z.object({
  locale: z.enum(LOCALE_CODES as [string, ...string[]]),
  texts: z.array(z.object({ key: nonEmpty, value: z.string() })),
  is_default: z.boolean(),
});

export const externalInstanceRules = z
  .object({
    approval_code: nonEmpty,
    status: z.enum(['PENDING', 'APPROVED', 'REJECTED', 'CANCELED', 'DELETED', 'HIDDEN', 'TERMINATED']),
    extra: jsonString.optional(),
    instance_id: nonEmpty,
    links,
    title: z.string().optional(),
    form: z.array(z.object({ name: z.string(), value: z.string() })).optional(),
    user_id: z.string().optional(),
    user_name: z.string().optional(),
    open_id: z.string().optional(),
    department_id: z.string().optional(),
    department_name: z.string().optional(),
    start_time: msTime,
    end_time: endTime,
    update_time: msTime,
    display_method: z.enum(['BROWSER', 'SIDEBAR', 'NORMAL', 'TRUSTEESHIP']).optional(),
    update_mode: z.enum(['REPLACE', 'UPDATE']).optional(),
    task_list: z.array(task).max(300, 'at most 300 tasks').optional(),
    cc_list: z.array(cc).max(200, 'at most 200 cc entries').optional(),
    i18n_resources: z.array(i18nResource, { message: 'is required' }).min(1, 'is required'),
    trusteeship_url_token: z.string().optional(),
    trusteeship_user_id_type: z.literal('user_id').optional(),
    trusteeship_urls: z
      .object({
        form_detail_url: z.string().optional(),
        action_definition_url: z.string().optional(),
        approval_node_url: z.string().optional(),
        action_callback_url: z.string().optional(),
        pull_business_data_url: z.string().optional(),
      })
      .optional(),
    trusteeship_cache_config: z
      .object({
        form_policy: z.enum(['DISABLE', 'IMMUTABLE', 'BY_NODE', 'BY_USER']).optional(),
        form_vary_with_locale: z.boolean().optional(),
        form_version: z.string().optional(),
      })
      .optional(),
    resource_region: z.string().optional(),
  })
  .refine(whoRefinement, WHO_MESSAGE);

export type CheckedExternalInstance = z.infer<typeof externalInstanceRules>;

/**
 * The fields whose value may be an `@i18n@` key, and so must be defined in the default locale.
 * Task `node_name` and cc `title` are plain text (seed 001 gives them no key rule): a value that
 * looks like a key is taken as it is.
 */
function* i18nUses(instance: CheckedExternalInstance): Generator<[string, string | undefined]> {
  yield ['title', instance.title];
  yield ['user_name', instance.user_name];
  yield ['department_name', instance.department_name];
  for (const [i, entry] of (instance.form ?? []).entries()) {
    yield [`form[${i}].name`, entry.name];
    yield [`form[${i}].value`, entry.value];
  }
  for (const [i, t] of (instance.task_list ?? []).entries()) {
    yield [`task_list[${i}].title`, t.title];
    for (const [j, action] of (t.action_configs ?? []).entries()) yield [`task_list[${i}].action_configs[${j}].action_name`, action.action_name];
  }
}

export const FORM_TEXT_MAX = 2048;

/** The first broken rule as `[field, problem]`, or null when Feishu would accept the instance. */
export function checkExternalInstance(body: unknown): { field: string; problem: string } | { instance: CheckedExternalInstance } {
  const parsed = externalInstanceRules.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return { field: formatPath(issue.path) || 'body', problem: issue.message };
  }
  const instance = parsed.data;
  const defaults = instance.i18n_resources.filter((resource) => resource.is_default);
  if (defaults.length !== 1) {
    return { field: 'i18n_resources', problem: `exactly one resource must have is_default true, found ${defaults.length}` };
  }
  const seen = new Set<string>();
  for (const [i, resource] of instance.i18n_resources.entries()) {
    if (seen.has(resource.locale)) return { field: `i18n_resources[${i}].locale`, problem: `${resource.locale} appears twice` };
    seen.add(resource.locale);
  }
  const defaultTexts = new Map(defaults[0]!.texts.map((text) => [text.key, text.value]));
  for (const [field, value] of i18nUses(instance)) {
    if (value?.startsWith('@i18n@') && !defaultTexts.has(value)) {
      return { field, problem: `i18n key ${value} is not defined in the default locale ${defaults[0]!.locale}` };
    }
  }
  for (const [i, entry] of (instance.form ?? []).entries()) {
    for (const part of ['name', 'value'] as const) {
      const text = defaultTexts.get(entry[part]) ?? entry[part];
      if (characterCount(text) > FORM_TEXT_MAX) return { field: `form[${i}].${part}`, problem: `longer than ${FORM_TEXT_MAX} characters` };
    }
  }
  for (const [listName, list, idKey] of [
    ['task_list', instance.task_list ?? [], 'task_id'],
    ['cc_list', instance.cc_list ?? [], 'cc_id'],
  ] as const) {
    const ids = new Set<string>();
    for (const [i, item] of list.entries()) {
      const id = (item as unknown as Record<string, string>)[idKey]!;
      if (ids.has(id)) return { field: `${listName}[${i}].${idKey}`, problem: `${id} appears twice` };
      ids.add(id);
    }
  }
  return { instance };
}
