import type { GraphQLContext } from '../context.js';
import { LOCALES, type LocaleCode } from '../locale.js';
import { textCacheKey } from '../mirror/texts.js';
import type { MirrorText } from '../mirror/texts.js';
import type { LocalizedTextInput } from '../translate/i18n.js';
import { builder } from './builder.js';

const LOCALE_ARG_DESCRIPTION_SHORT = "The locale; a locale the text lacks falls back to its default locale. Without it, the request's Accept-Language.";

export const LOCALE_ARG_DESCRIPTION =
  "The locale to return; a locale the text lacks falls back to the instance's default locale. Without it, the first locale of the request's Accept-Language that the text has, else the default locale.";

export const LocaleEnum = builder.enumType('Locale', {
  description: 'The 16 locales Feishu approval texts can carry. Feishu writes them `zh-CN`, `en-US`, ...',
  values: Object.fromEntries(LOCALES.map((row) => [row.name, { value: row.code, description: `${row.label} (\`${row.code}\`)` }])) as {
    [K in (typeof LOCALES)[number]['name']]: { value: LocaleCode; description: string };
  },
});

export const LocalizedTextInputRef = builder.inputRef<LocalizedTextInput>('LocalizedTextInput').implement({
  description:
    "A text in one or more locales; at least one must be set. The facade turns it into an `@i18n@` key and `i18n_resources` entries. If the default locale is missing, it takes the text of the first locale given (in the order of these fields), so Feishu always finds every key in the default locale. A task's nodeName and a cc entry's title are plain text to Feishu (seed 001): Feishu gets the default locale's text as it is, with no key; the mirror keeps every locale of them all the same.",
  fields: (t) =>
    Object.fromEntries(LOCALES.map((row) => [row.field, t.string({ required: false, description: `The text in ${row.label} (\`${row.code}\`).` })])) as never,
});

/**
 * The text in the asked locale; without one, in the first Accept-Language locale the text has;
 * else in the text's default locale (Feishu's own fallback).
 */
export function pickText(text: MirrorText | undefined, asked: LocaleCode | null | undefined, ctx: GraphQLContext): string | null {
  if (!text) return null;
  for (const locale of asked ? [asked] : ctx.requestLocales) {
    const value = text.values.get(locale);
    if (value !== undefined) return value;
  }
  return text.values.get(text.defaultLocale) ?? text.values.values().next().value ?? null;
}

/** The text behind a text key of a mirrored external row, through the per-request texts loader. */
export async function loadText(ctx: GraphQLContext, instancePk: number, textKey: string | null): Promise<MirrorText | null> {
  if (!textKey) return null;
  return ctx.loaders.externalText.load(textCacheKey(instancePk, textKey));
}

/** Resolves a text key of a mirrored row in the asked locale (see pickText). */
export async function resolveText(
  ctx: GraphQLContext,
  instancePk: number,
  textKey: string | null,
  asked: LocaleCode | null | undefined,
): Promise<string | null> {
  return pickText((await loadText(ctx, instancePk, textKey)) ?? undefined, asked, ctx);
}

const TranslationRef = builder.objectRef<{ locale: LocaleCode; text: string }>('Translation').implement({
  description: 'A text in one locale.',
  fields: (t) => ({
    locale: t.expose('locale', { type: LocaleEnum, description: 'The locale.' }),
    text: t.exposeString('text', { description: 'The text.' }),
  }),
});

export const LocalizedTextRef = builder.objectRef<MirrorText>('LocalizedText').implement({
  description: 'A text in every locale it was pushed in, for clients that render several at once.',
  fields: (t) => ({
    defaultLocale: t.field({
      type: LocaleEnum,
      description: 'The locale that holds every text (`is_default`): the fallback.',
      resolve: (text) => text.defaultLocale as LocaleCode,
    }),
    text: t.string({
      description: 'The text in one locale.',
      args: { locale: t.arg({ type: LocaleEnum, description: LOCALE_ARG_DESCRIPTION_SHORT }) },
      resolve: (text, args, ctx) => pickText(text, args.locale as LocaleCode | null | undefined, ctx) ?? '',
    }),
    translations: t.field({
      type: [TranslationRef],
      description: 'The text in each locale it has, default locale first.',
      resolve: (text) =>
        LOCALES.map((row) => row.code)
          .filter((code) => text.values.has(code))
          .sort((a, b) => (a === text.defaultLocale ? -1 : b === text.defaultLocale ? 1 : 0))
          .map((locale) => ({ locale, text: text.values.get(locale)! })),
    }),
  }),
});
