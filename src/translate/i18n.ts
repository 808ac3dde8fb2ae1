import { LOCALES, type LocaleCode, type LocaleField } from '../locale.js';
import type { WireI18nResource } from '../feishu/wire.js';

/** A LocalizedTextInput as GraphQL hands it over: one optional string per locale. */
export type LocalizedTextInput = { readonly [F in LocaleField]?: string | null };

export const I18N_KEY_PREFIX = '@i18n@';

/**
 * Allocates `@i18n@` keys for the localized texts of one request and builds its
 * `i18n_resources`. A text identical to one seen before gets the same key; every text is
 * present in the default locale (taking another locale's value when the client gave none
 * there), so Feishu's "the default locale holds every key" rule always holds.
 */
export class I18nCollector {
  /**
   * The texts so far, by their default-locale value: a text is looked up by one string the input
   * already holds, and compared locale by locale with the few texts that share it. No string is
   * built to know a text by (a push has a dozen texts, most of them repeated).
   */
  private readonly byDefaultValue = new Map<string, CollectedText[]>();
  private readonly texts: CollectedText[] = [];
  private readonly defaultIndex: number;
  /** The locales (by LOCALES index, as bits) some text is in. */
  private localesUsed = 0;

  constructor(readonly defaultLocale: LocaleCode) {
    this.defaultIndex = LOCALES.findIndex((row) => row.code === defaultLocale);
    if (this.defaultIndex < 0) throw new Error(`unknown locale ${defaultLocale}`);
  }

  /** The key standing for this text in the payload. */
  key(text: LocalizedTextInput): string {
    // The text's locales as bits, and its value in the default locale: its own, else its first.
    let locales = 0;
    let first: string | undefined;
    for (let index = 0; index < LOCALE_COUNT; index += 1) {
      const value = text[LOCALES[index]!.field];
      if (typeof value !== 'string' || value === '') continue;
      locales |= 1 << index;
      first ??= value;
    }
    if (first === undefined) throw new Error('a localized text needs at least one locale');
    const defaultBit = 1 << this.defaultIndex;
    const defaultValue = locales & defaultBit ? (text[LOCALES[this.defaultIndex]!.field] as string) : first;
    locales |= defaultBit;

    const sharing = this.byDefaultValue.get(defaultValue);
    for (const candidate of sharing ?? []) if (this.isSame(candidate, text, locales)) return candidate.key;

    const values: (string | undefined)[] = new Array<string | undefined>(LOCALE_COUNT);
    for (let index = 0; index < LOCALE_COUNT; index += 1) {
      if (locales & (1 << index)) values[index] = index === this.defaultIndex ? defaultValue : (text[LOCALES[index]!.field] as string);
    }
    const collected: CollectedText = { key: `${I18N_KEY_PREFIX}${this.texts.length + 1}`, locales, values };
    this.texts.push(collected);
    this.localesUsed |= locales;
    if (sharing === undefined) this.byDefaultValue.set(defaultValue, [collected]);
    else sharing.push(collected);
    return collected.key;
  }

  /** The key for a text when given, else undefined (the field is left out of the payload). */
  optionalKey(text: LocalizedTextInput | null | undefined): string | undefined {
    return text ? this.key(text) : undefined;
  }

  /** Default locale first, then the others in table order; each with its texts in key order. */
  resources(): WireI18nResource[] {
    const resources: WireI18nResource[] = [{ locale: this.defaultLocale, texts: this.textsIn(this.defaultIndex), is_default: true }];
    for (let index = 0; index < LOCALE_COUNT; index += 1) {
      if (index === this.defaultIndex || !(this.localesUsed & (1 << index))) continue;
      resources.push({ locale: LOCALES[index]!.code, texts: this.textsIn(index), is_default: false });
    }
    return resources;
  }

  /** Whether a collected text is this text: the same locales, the same value in each. */
  private isSame(collected: CollectedText, text: LocalizedTextInput, locales: number): boolean {
    if (collected.locales !== locales) return false;
    for (let index = 0; index < LOCALE_COUNT; index += 1) {
      // The default locale's value was matched by the lookup.
      if (index === this.defaultIndex || !(locales & (1 << index))) continue;
      if (collected.values[index] !== text[LOCALES[index]!.field]) return false;
    }
    return true;
  }

  private textsIn(index: number): WireI18nResource['texts'] {
    const texts: WireI18nResource['texts'] = [];
    for (const text of this.texts) {
      const value = text.values[index];
      if (value !== undefined) texts.push({ key: text.key, value });
    }
    return texts;
  }
}

/**
 * A text Feishu takes as a plain string rather than an `@i18n@` key: its value in each locale, the
 * default locale first. Feishu gets the default locale's; where the input has none, the first
 * locale given (in LOCALES order) stands in for it, as I18nCollector fills a keyed text.
 */
export type PlainText = readonly (readonly [locale: LocaleCode, value: string])[];

export function plainText(text: LocalizedTextInput, defaultLocale: LocaleCode): PlainText {
  const others: [LocaleCode, string][] = [];
  let own: string | undefined;
  for (const row of LOCALES) {
    const value = text[row.field];
    if (typeof value !== 'string' || value === '') continue;
    if (row.code === defaultLocale) own = value;
    else others.push([row.code, value]);
  }
  const defaultValue = own ?? others[0]?.[1];
  if (defaultValue === undefined) throw new Error('a localized text needs at least one locale');
  return [[defaultLocale, defaultValue], ...others];
}

/** A text of the request: its key, its locales as bits, its value by LOCALES index. */
interface CollectedText {
  readonly key: string;
  readonly locales: number;
  readonly values: readonly (string | undefined)[];
}

const LOCALE_COUNT = LOCALES.length;
