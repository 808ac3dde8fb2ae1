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
    // A text is known by one string: the code, length and value of each locale it is in, the
    // default locale included. Its Map of values is built only when the text is new (a push has a
    // dozen texts, most of them repeated).
    let first: string | undefined;
    let hasDefault = false;
    for (const row of LOCALES) {
      const value = text[row.field];
      if (typeof value !== 'string' || value === '') continue;
      first ??= value;
      if (row.code === this.defaultLocale) hasDefault = true;
    }
    if (first === undefined) throw new Error('a localized text needs at least one locale');
    let content = '';
    for (const row of LOCALES) {
      const given = text[row.field];
      const value = typeof given === 'string' && given !== '' ? given : !hasDefault && row.code === this.defaultLocale ? first : undefined;
      if (value !== undefined) content += `${row.code}${value.length}:${value}`;
    }
    let key = this.keyByContent.get(content);
    if (key === undefined) {
      key = `${I18N_KEY_PREFIX}${this.texts.length + 1}`;
      this.keyByContent.set(content, key);
      const values = new Map(presentLocales(text));
      if (!hasDefault) values.set(this.defaultLocale, first);
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
    const resources: WireI18nResource[] = [{ locale: this.defaultLocale, texts: this.textsIn(this.defaultLocale), is_default: true }];
    for (const row of LOCALES) {
      if (row.code === this.defaultLocale) continue;
      const texts = this.textsIn(row.code);
      if (texts.length > 0) resources.push({ locale: row.code, texts, is_default: false });
    }
    return resources;
  }

  private textsIn(locale: LocaleCode): WireI18nResource['texts'] {
    const texts: WireI18nResource['texts'] = [];
    for (const text of this.texts) {
      const value = text.values.get(locale);
      if (value !== undefined) texts.push({ key: text.key, value });
    }
    return texts;
  }
}
