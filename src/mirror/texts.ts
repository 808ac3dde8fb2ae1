import { hash } from 'node:crypto';
import type { WireI18nResource } from '../feishu/wire.js';
import type { PlainText } from '../translate/i18n.js';
import { innerMap } from '../util/maps.js';
import type { ExternalTextRow } from './tables.js';

/** One localized text as the mirror keeps it. */
export interface MirrorText {
  key: string;
  defaultLocale: string;
  /** locale → text; always holds the default locale. */
  values: Map<string, string>;
}

/** The key of a text of a mirrored external row: its instance and its text key. */
export const textCacheKey = (instancePk: number, textKey: string): string => `${instancePk}\u0000${textKey}`;

/** The instance and text key back from a textCacheKey. */
export function parseTextCacheKey(key: string): [number, string] {
  const split = key.indexOf('\u0000');
  return [Number(key.slice(0, split)), key.slice(split + 1)];
}

/** Gathers text rows (one per locale) into one MirrorText per (instance, key). */
export function collectTexts(rows: readonly ExternalTextRow[]): Map<string, MirrorText> {
  const texts = new Map<string, MirrorText>();
  for (const row of rows) {
    const key = textCacheKey(row.instancePk, row.textKey);
    let text = texts.get(key);
    if (!text) texts.set(key, (text = { key: row.textKey, defaultLocale: '', values: new Map() }));
    text.values.set(row.locale, row.value);
    if (row.isDefault) text.defaultLocale = row.locale;
  }
  return texts;
}

/**
 * A text from its rows as `[locale, value, is_default]` (read with a page, see MirrorLists);
 * null when there are none. The same MirrorText collectTexts makes of the same rows.
 */
export function textOfRows(key: string, rows: readonly (readonly [string, string, number | boolean])[]): MirrorText | null {
  if (rows.length === 0) return null;
  const text: MirrorText = { key, defaultLocale: '', values: new Map() };
  for (const [locale, value, isDefault] of rows) {
    text.values.set(locale, value);
    if (isDefault) text.defaultLocale = locale;
  }
  return text;
}

/**
 * A text key derived from the text itself: the same text always gets the same key. The mirror
 * stores these keys, so this is the one derivation there may be: the SHA-1 of the JSON text of
 * `[defaultLocale, [[locale, value], …]]`, the locales in code-unit order. The JSON is written
 * here piece by piece rather than from arrays made for it.
 */
function contentKey(defaultLocale: string, values: Map<string, string>): string {
  // Array.prototype.sort's default order compares strings by UTF-16 code units.
  const locales = [...values.keys()].sort();
  let json = `[${JSON.stringify(defaultLocale)},[`;
  for (let index = 0; index < locales.length; index += 1) {
    const locale = locales[index]!;
    json += `${index === 0 ? '' : ','}[${JSON.stringify(locale)},${JSON.stringify(values.get(locale))}]`;
  }
  return hash('sha1', `${json}]]`, 'base64url').slice(0, 22);
}

/**
 * Resolves the `@i18n@` keys of one payload into mirror texts. Payload keys are numbered per
 * request and mean different texts in different pushes; mirror keys are content-derived, so an
 * UPDATE push that writes only some rows never changes the texts of the rows it left alone.
 */
export class PayloadTexts {
  private readonly byPayloadKey = new Map<string, Map<string, string>>();
  private readonly collected = new Map<string, MirrorText>();
  /** The mirror key of each payload field value seen: a payload repeats its `@i18n@` keys. */
  private readonly refs = new Map<string, string>();
  readonly defaultLocale: string;

  constructor(resources: readonly WireI18nResource[]) {
    this.defaultLocale = resources.find((resource) => resource.is_default)?.locale ?? resources[0]?.locale ?? 'zh-CN';
    for (const resource of resources) {
      for (const text of resource.texts) {
        innerMap(this.byPayloadKey, text.key).set(resource.locale, text.value);
      }
    }
  }

  /**
   * The mirror key for a payload field: an `@i18n@` key's texts, or a plain string taken as
   * the default locale's text. Null when the field is absent.
   */
  ref(value: string | undefined | null): string | null {
    if (value === undefined || value === null) return null;
    const known = this.refs.get(value);
    if (known !== undefined) return known;
    const fromResources = this.byPayloadKey.get(value);
    const values = fromResources ? new Map(fromResources) : new Map([[this.defaultLocale, value]]);
    if (!values.has(this.defaultLocale)) values.set(this.defaultLocale, values.values().next().value ?? value);
    const key = this.collect(values);
    this.refs.set(value, key);
    return key;
  }

  /**
   * The mirror key for a field Feishu takes as plain text (task node_name, cc title): `value` is
   * the default locale's text, never looked up in the resources (it may look like a key);
   * `locales` holds every locale of it when the push was translated here. Null when absent.
   */
  plain(value: string | undefined, locales: PlainText | undefined): string | null {
    if (value === undefined) return null;
    const values = new Map<string, string>(locales ?? []);
    values.set(this.defaultLocale, value);
    return this.collect(values);
  }

  private collect(values: Map<string, string>): string {
    const key = contentKey(this.defaultLocale, values);
    if (!this.collected.has(key)) this.collected.set(key, { key, defaultLocale: this.defaultLocale, values });
    return key;
  }

  /** The texts behind these keys (each obtained from `ref` or `plain`). */
  texts(keys: Iterable<string>): MirrorText[] {
    const out: MirrorText[] = [];
    for (const key of new Set(keys)) {
      const text = this.collected.get(key);
      if (text) out.push(text);
    }
    return out;
  }
}
