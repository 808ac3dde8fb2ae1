import type { GraphQLContext } from '../../context.js';
import type { LocaleCode } from '../../locale.js';
import type { ApprovalInstanceRow } from '../../mirror/tables.js';
import type { MirrorText } from '../../mirror/texts.js';
import { builder } from '../builder.js';
import { loadRows, parseRowId } from '../node-ids.js';
import { LOCALE_ARG_DESCRIPTION, LocaleEnum, LocalizedTextRef, pickText } from '../locale.js';
import { DateTimeScalar, JSONScalar } from '../scalars.js';
import { CreateApiEnum, IntentStateEnum } from './enums.js';

type Resources = { locale: string; is_default: boolean; texts: { key: string; value: string }[] }[];

/** The texts of a native instance, by payload key: its keys are stable, it is sent once. */
function textsOf(row: ApprovalInstanceRow): Map<string, MirrorText> {
  const texts = new Map<string, MirrorText>();
  if (!row.i18nResources) return texts;
  const resources = JSON.parse(row.i18nResources) as Resources;
  const defaultLocale = resources.find((resource) => resource.is_default)?.locale ?? row.defaultLocale;
  for (const resource of resources) {
    for (const { key, value } of resource.texts) {
      let text = texts.get(key);
      if (!text) texts.set(key, (text = { key, defaultLocale, values: new Map() }));
      text.values.set(resource.locale, value);
    }
  }
  return texts;
}

/** The form as sent, with `@i18n@` keys of text widgets replaced by their text. */
function localizeForm(widgets: unknown, texts: Map<string, MirrorText>, pick: (text: MirrorText) => string | null): unknown {
  if (!Array.isArray(widgets)) return widgets;
  return widgets.map((widget: { type?: string; value?: unknown }) => {
    if ((widget.type === 'input' || widget.type === 'textarea') && typeof widget.value === 'string') {
      const text = texts.get(widget.value);
      return text ? { ...widget, value: pick(text) } : widget;
    }
    if (widget.type === 'fieldList' && Array.isArray(widget.value)) {
      return { ...widget, value: widget.value.map((row: unknown) => localizeForm(row, texts, pick)) };
    }
    return widget;
  });
}

export const ApprovalInstanceRef = builder.objectRef<ApprovalInstanceRow>('ApprovalInstance');

builder.node(ApprovalInstanceRef, {
  id: { resolve: (row) => row.id, parse: parseRowId },
  loadManyWithoutCache: (ids, ctx) => loadRows(ctx.loaders.approvalInstance, ids),
  description: 'A native approval instance created through the facade, with where its creation stands.',
  fields: (t) => ({
    instanceCode: t.exposeString('instanceCode', {
      nullable: true,
      description:
        "Feishu's instance code. Null until created, and for an instance reconciled from Feishu's 60012 (Feishu confirmed the uuid was used but did not repeat the code).",
    }),
    instanceLink: t.exposeString('instanceLink', { nullable: true, description: 'A link to the instance, when Feishu returned one.' }),
    approvalCode: t.exposeString('approvalCode', { description: 'The approval definition.' }),
    uuid: t.exposeString('uuid', { description: 'The idempotency key the instance was created with.' }),
    userId: t.exposeString('userId', { nullable: true, description: "The initiator's user_id." }),
    openId: t.exposeString('openId', { nullable: true, description: "The initiator's open_id." }),
    departmentId: t.exposeString('departmentId', { nullable: true, description: "The initiator's department." }),
    title: t.string({
      nullable: true,
      description: "The instance's title, when one was given.",
      args: { locale: t.arg({ type: LocaleEnum, description: LOCALE_ARG_DESCRIPTION }) },
      resolve: (row, args, ctx: GraphQLContext) =>
        row.titleKey ? pickText(textsOf(row).get(row.titleKey), args.locale as LocaleCode | null | undefined, ctx) : null,
    }),
    titleLocalized: t.field({
      type: LocalizedTextRef,
      nullable: true,
      description: "The instance's title in every locale, when one was given.",
      resolve: (row) => (row.titleKey ? (textsOf(row).get(row.titleKey) ?? null) : null),
    }),
    form: t.field({
      type: JSONScalar,
      description: 'The widgets as sent to Feishu (id, type, value), localized text values in the asked locale.',
      args: { locale: t.arg({ type: LocaleEnum, description: LOCALE_ARG_DESCRIPTION }) },
      resolve: (row, args, ctx) => {
        const texts = textsOf(row);
        return localizeForm(JSON.parse(row.form) as unknown, texts, (text) => pickText(text, args.locale as LocaleCode | null | undefined, ctx));
      },
    }),
    defaultLocale: t.expose('defaultLocale', { type: LocaleEnum, description: 'The default locale of the texts.' }),
    intentState: t.expose('state', { type: IntentStateEnum, description: 'Where the creation stands.' }),
    attemptInFlight: t.boolean({
      description:
        'True while an attempt is being sent to Feishu, by this facade process or another one sharing the mirror, and its process is alive (its lease has not expired). A request with the same uuid and input meanwhile waits for its outcome rather than sending a second create.',
      resolve: (row, _args, ctx) => ctx.createInstances.attemptStatus(row).inFlight,
    }),
    outcomeUnknown: t.boolean({
      description:
        "True while PENDING when an attempt may have reached Feishu without its answer being known: it ended without one (a dropped connection, a timeout, a 5xx), or its process stopped mid-call (a crash: its lease expired). Feishu may have created the instance. The facade sends such an abandoned attempt again by itself (at start-up, and every few seconds while running); a retry with the same uuid settles it too: Feishu's 60012 then means this intent created the instance (`reconciled`). False once CREATED or FAILED.",
      resolve: (row, _args, ctx) => ctx.createInstances.attemptStatus(row).outcomeUnknown,
    }),
    api: t.expose('api', { type: CreateApiEnum, description: 'The API of the last attempt.' }),
    reconciled: t.exposeBoolean('reconciled', {
      description:
        "True when the creation was established from Feishu's 60012 on a later attempt of this intent (a client's retry, or the facade's own resend of an abandoned attempt), after an attempt whose answer was lost.",
    }),
    attempts: t.exposeInt('attempts', {
      description: 'How many attempts were begun: by requests with this uuid, and by the facade resending an abandoned one.',
    }),
    lastErrorCode: t.exposeString('lastErrorCode', { nullable: true, description: 'The code of the last error, while not created.' }),
    createdAt: t.expose('createdAt', { type: DateTimeScalar, description: 'When the intent was first recorded.' }),
    updatedAt: t.expose('updatedAt', { type: DateTimeScalar, description: 'When the intent last changed.' }),
  }),
});
