import { LOCALES, type LocaleCode, type LocaleField } from '../locale.js';
import type { WireI18nResource } from '../feishu/wire.js';

/** A LocalizedTextInput as GraphQL hands it over: one optional string per locale. */
export type LocalizedTextInput = { readonly [F in LocaleField]?: string | null };

export const I18N_KEY_PREFIX = '@i18n@';

/** The locales a text is written in, in table order, empty strings dropped. */
export function presentLocales(text: LocalizedTextInput): [LocaleCode, string][] {
  const out: [LocaleCode, string][] = [];
  for (const row of LOCALES) {
    const value = text[row.field];
    if (typeof value === 'string' && value !== '') out.push([row.code, value]);
  }
  return out;
}

/**
 * Allocates `@i18n@` keys for the localized texts of one request and builds its
 * `i18n_resources`. A text identical to one seen before gets the same key; every text is
 * present in the default locale (taking another locale's value when the client gave none
 * there), so Feishu's "the default locale holds every key" rule always holds.
 */
export class I18nCollector {
  private readonly keyByContent = new Map<string, string>();
  private readonly texts: { key: string; values: Map<LocaleCode, string> }[] = [];

  constructor(readonly defaultLocale: LocaleCode) {}

  /** The key standing for this text in the payload. */
  key(text: LocalizedTextInput): string {
    const present = presentLocales(text);
    if (present.length === 0) throw new Error('a localized text needs at least one locale');
    const values = new Map(present);
    if (!values.has(this.defaultLocale)) values.set(this.defaultLocale, present[0]![1]);
    const content = JSON.stringify(LOCALES.filter((row) => values.has(row.code)).map((row) => [row.code, values.get(row.code)]));
    let key = this.keyByContent.get(content);
    if (key === undefined) {
      key = `${I18N_KEY_PREFIX}${this.texts.length + 1}`;
      this.keyByContent.set(content, key);
      this.texts.push({ key, values });
    }
    return key;
  }

  /** The key for a text when given, else undefined (the field is left out of the payload). */
  optionalKey(text: LocalizedTextInput | null | undefined): string | undefined {
    return text ? this.key(text) : undefined;
  }

  /** Default locale first, then the others in table order; each with its texts in key order. */
  resources(): WireI18nResource[] {
    const locales = LOCALES.map((row) => row.code).filter(
      (code) => code === this.defaultLocale || this.texts.some((text) => text.values.has(code)),
    );
    locales.sort((a, b) => (a === this.defaultLocale ? -1 : b === this.defaultLocale ? 1 : 0));
    return locales.map((locale) => ({
      locale,
      texts: this.texts.flatMap((text) => {
        const value = text.values.get(locale);
        return value === undefined ? [] : [{ key: text.key, value }];
      }),
      is_default: locale === this.defaultLocale,
    }));
  }
}
