import { LOCALE_CODES } from '../locale.js';
import type { CheckedExternalInstance } from './external-instance-rules.js';

/**
 * What Feishu holds of each external instance after the pushes it accepted (seed 001):
 * - REPLACE (the default): the push is the whole truth; tasks and cc entries it does not list go;
 * - UPDATE: the instance, each task and each cc entry is written only when its update_time is
 *   newer (larger) than the one held; nothing goes.
 * Texts are held resolved (a push's `@i18n@` keys mean nothing to the next push), and keyed again
 * when the state is shown, as the answer's `data.data` shows it.
 */

/** A text a push gave through an `@i18n@` key: its value per locale, and the push's default locale. */
interface HeldText {
  readonly defaultLocale: string;
  readonly values: ReadonlyMap<string, string>;
}

/** A field that may hold a key: the text it stood for, or a plain string that was no key. */
type Text = string | HeldText;

type CheckedTask = NonNullable<CheckedExternalInstance['task_list']>[number];
type CheckedCc = NonNullable<CheckedExternalInstance['cc_list']>[number];
type CheckedAction = NonNullable<CheckedTask['action_configs']>[number];

type WithTexts<T, K extends keyof T> = Omit<T, K> & { [F in K]?: Text };
type HeldAction = WithTexts<CheckedAction, 'action_name'>;
type HeldTask = WithTexts<Omit<CheckedTask, 'action_configs'>, 'title'> & { action_configs?: HeldAction[] };
type HeldFields = WithTexts<Omit<CheckedExternalInstance, 'form' | 'task_list' | 'cc_list' | 'i18n_resources'>, 'title' | 'user_name' | 'department_name'> & {
  form?: { name: Text; value: Text }[];
};

interface HeldInstance {
  /** The instance's own fields, as its last push that was not stale gave them. */
  fields: HeldFields;
  /** That push's default locale: the echo's. */
  defaultLocale: string;
  tasks: Map<string, HeldTask>;
  ccEntries: Map<string, CheckedCc>;
}

/** The wire shape of what is held, with `@i18n@` keys and `i18n_resources` of its own. */
export type HeldExternalInstance = Record<string, unknown>;

const KEY_PREFIX = '@i18n@';

export class HeldExternalInstances {
  private readonly held = new Map<string, HeldInstance>();

  /** Applies a push Feishu accepted by its rules; answers what is now held. */
  apply(push: CheckedExternalInstance): HeldExternalInstance {
    const resolve = resolver(push);
    const { task_list: tasks = [], cc_list: ccEntries = [], i18n_resources: _resources, form, title, user_name, department_name, ...rest } = push;
    const fields: HeldFields = {
      ...rest,
      ...given({ title: resolve(title), user_name: resolve(user_name), department_name: resolve(department_name) }),
      ...(form ? { form: form.map((entry) => ({ name: resolve(entry.name)!, value: resolve(entry.value)! })) } : {}),
    };
    const pushedTasks = tasks.map((task) => heldTask(task, resolve));
    const key = `${push.approval_code}/${push.instance_id}`;
    const current = this.held.get(key);
    if (!current || push.update_mode !== 'UPDATE') {
      const instance: HeldInstance = {
        fields,
        defaultLocale: resolve.defaultLocale,
        tasks: new Map(pushedTasks.map((task) => [task.task_id, task])),
        ccEntries: new Map(ccEntries.map((cc) => [cc.cc_id, cc])),
      };
      this.held.set(key, instance);
      return echo(instance);
    }
    if (isNewer(fields, current.fields)) {
      current.fields = fields;
      current.defaultLocale = resolve.defaultLocale;
    }
    mergeNewer(current.tasks, pushedTasks, (task) => task.task_id);
    mergeNewer(current.ccEntries, ccEntries, (cc) => cc.cc_id);
    return echo(current);
  }

  /** What is held of an instance, as an answer shows it; undefined when no push of it was accepted. */
  get(approvalCode: string, instanceId: string): HeldExternalInstance | undefined {
    const instance = this.held.get(`${approvalCode}/${instanceId}`);
    return instance && echo(instance);
  }
}

const isNewer = (pushed: { update_time: string }, held: { update_time: string }) => Number(pushed.update_time) > Number(held.update_time);

/** UPDATE: a pushed row is written when new or newer than the one held; none goes. */
function mergeNewer<T extends { update_time: string }>(held: Map<string, T>, pushed: readonly T[], idOf: (row: T) => string): void {
  for (const row of pushed) {
    const current = held.get(idOf(row));
    if (!current || isNewer(row, current)) held.set(idOf(row), row);
  }
}

/** The given text fields only (an absent field stays absent). */
function given<K extends string>(fields: Record<K, Text | undefined>): Partial<Record<K, Text>> {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)) as Partial<Record<K, Text>>;
}

function heldTask(task: CheckedTask, resolve: Resolver): HeldTask {
  const { title, action_configs: actions, ...rest } = task;
  return {
    ...rest,
    ...given({ title: resolve(title) }),
    ...(actions ? { action_configs: actions.map(({ action_name, ...action }) => ({ ...action, ...given({ action_name: resolve(action_name) }) })) } : {}),
  };
}

type Resolver = ((value: string | undefined) => Text | undefined) & { defaultLocale: string };

/** Resolves a push's field values: an `@i18n@` key to its text in every locale, anything else as it is. */
function resolver(push: CheckedExternalInstance): Resolver {
  const defaultLocale = push.i18n_resources.find((resource) => resource.is_default)!.locale;
  const byKey = new Map<string, Map<string, string>>();
  for (const resource of push.i18n_resources) {
    for (const text of resource.texts) {
      let values = byKey.get(text.key);
      if (!values) byKey.set(text.key, (values = new Map()));
      values.set(resource.locale, text.value);
    }
  }
  const resolve = (value: string | undefined): Text | undefined => {
    const values = value?.startsWith(KEY_PREFIX) ? byKey.get(value) : undefined;
    return values ? { defaultLocale, values } : value;
  };
  return Object.assign(resolve, { defaultLocale });
}

/**
 * The held instance in the wire shape: texts get keys again (`@i18n@1`, ... in field order, one
 * per distinct text), in `i18n_resources` whose default locale holds every key (a text held from
 * a push with another default locale fills it with its own default's value).
 */
function echo(instance: HeldInstance): HeldExternalInstance {
  const keys = new EchoKeys(instance.defaultLocale);
  const { form, title, user_name, department_name, ...rest } = instance.fields;
  const wire: HeldExternalInstance = {
    ...rest,
    ...keyed({ title }, keys),
    ...(form ? { form: form.map((entry) => ({ name: keys.of(entry.name), value: keys.of(entry.value) })) } : {}),
    ...keyed({ user_name, department_name }, keys),
  };
  if (instance.tasks.size > 0) {
    wire.task_list = [...instance.tasks.values()].map(({ title: taskTitle, action_configs: actions, ...task }) => ({
      ...task,
      ...keyed({ title: taskTitle }, keys),
      ...(actions ? { action_configs: actions.map(({ action_name, ...action }) => ({ ...action, ...keyed({ action_name }, keys) })) } : {}),
    }));
  }
  if (instance.ccEntries.size > 0) wire.cc_list = [...instance.ccEntries.values()];
  wire.i18n_resources = keys.resources();
  return wire;
}

function keyed<K extends string>(fields: Partial<Record<K, Text>>, keys: EchoKeys): Partial<Record<K, string>> {
  return Object.fromEntries(
    Object.entries<Text | undefined>(fields).flatMap(([name, value]) => (value === undefined ? [] : [[name, keys.of(value)]])),
  ) as Partial<Record<K, string>>;
}

/** Keys of the texts of one echo, and its `i18n_resources`. */
class EchoKeys {
  private readonly keyByContent = new Map<string, string>();
  private readonly texts: { key: string; values: Map<string, string> }[] = [];

  constructor(private readonly defaultLocale: string) {}

  of(text: Text): string {
    if (typeof text === 'string') return text;
    const values = new Map(text.values);
    if (!values.has(this.defaultLocale)) values.set(this.defaultLocale, text.values.get(text.defaultLocale)!);
    const content = JSON.stringify([...values].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    let key = this.keyByContent.get(content);
    if (key === undefined) {
      key = `${KEY_PREFIX}${this.texts.length + 1}`;
      this.keyByContent.set(content, key);
      this.texts.push({ key, values });
    }
    return key;
  }

  /** The default locale first, then the others that some text has, in the 16 locales' order. */
  resources(): { locale: string; texts: { key: string; value: string }[]; is_default: boolean }[] {
    const locales = [
      this.defaultLocale,
      ...LOCALE_CODES.filter((locale) => locale !== this.defaultLocale && this.texts.some((text) => text.values.has(locale))),
    ];
    return locales.map((locale) => ({
      locale,
      texts: this.texts.flatMap((text) => (text.values.has(locale) ? [{ key: text.key, value: text.values.get(locale)! }] : [])),
      is_default: locale === this.defaultLocale,
    }));
  }
}
