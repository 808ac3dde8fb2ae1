/**
 * The 16 locales Feishu's approval i18n resources accept, in one table:
 * the GraphQL enum value, the LocalizedTextInput field name and Feishu's wire code.
 * The order is the fallback order used when a text lacks the default locale.
 */
export const LOCALES = [
  { name: 'ZH_CN', field: 'zhCN', code: 'zh-CN', label: 'Chinese (Simplified)' },
  { name: 'EN_US', field: 'enUS', code: 'en-US', label: 'English (US)' },
  { name: 'JA_JP', field: 'jaJP', code: 'ja-JP', label: 'Japanese' },
  { name: 'ZH_HK', field: 'zhHK', code: 'zh-HK', label: 'Chinese (Hong Kong)' },
  { name: 'ZH_TW', field: 'zhTW', code: 'zh-TW', label: 'Chinese (Taiwan)' },
  { name: 'DE_DE', field: 'deDE', code: 'de-DE', label: 'German' },
  { name: 'ES_ES', field: 'esES', code: 'es-ES', label: 'Spanish' },
  { name: 'FR_FR', field: 'frFR', code: 'fr-FR', label: 'French' },
  { name: 'ID_ID', field: 'idID', code: 'id-ID', label: 'Indonesian' },
  { name: 'IT_IT', field: 'itIT', code: 'it-IT', label: 'Italian' },
  { name: 'KO_KR', field: 'koKR', code: 'ko-KR', label: 'Korean' },
  { name: 'PT_BR', field: 'ptBR', code: 'pt-BR', label: 'Portuguese (Brazil)' },
  { name: 'TH_TH', field: 'thTH', code: 'th-TH', label: 'Thai' },
  { name: 'VI_VN', field: 'viVN', code: 'vi-VN', label: 'Vietnamese' },
  { name: 'MS_MY', field: 'msMY', code: 'ms-MY', label: 'Malay' },
  { name: 'RU_RU', field: 'ruRU', code: 'ru-RU', label: 'Russian' },
] as const;

type LocaleRow = (typeof LOCALES)[number];
/** Feishu's wire code, e.g. `zh-CN`. This is the form used everywhere inside the server. */
export type LocaleCode = LocaleRow['code'];
/** The GraphQL enum value, e.g. `ZH_CN`. */
export type LocaleName = LocaleRow['name'];
/** The LocalizedTextInput field, e.g. `zhCN`. */
export type LocaleField = LocaleRow['field'];

export const LOCALE_CODES: readonly LocaleCode[] = LOCALES.map((row) => row.code);

const byName = new Map<string, LocaleRow>(LOCALES.map((row) => [row.name, row]));
const byLowerCode = new Map<string, LocaleRow>(LOCALES.map((row) => [row.code.toLowerCase(), row]));

export function isLocaleCode(value: string): value is LocaleCode {
  return byLowerCode.get(value.toLowerCase())?.code === value;
}

export function localeCodeFromName(name: LocaleName): LocaleCode {
  const row = byName.get(name);
  if (!row) throw new Error(`unknown locale ${name}`);
  return row.code;
}

/** Accepts `ZH_CN`, `zh-CN` or `zh_cn`; undefined when it names none of the 16 locales. */
export function parseLocale(value: string): LocaleCode | undefined {
  const trimmed = value.trim();
  return (byName.get(trimmed.toUpperCase()) ?? byLowerCode.get(trimmed.toLowerCase().replace('_', '-')))?.code;
}

/** What a bare language or script tag means when no exact locale matches. */
const LANGUAGE_DEFAULTS: Record<string, LocaleCode> = {
  zh: 'zh-CN',
  'zh-hans': 'zh-CN',
  'zh-hant': 'zh-TW',
  'zh-mo': 'zh-HK',
  'zh-sg': 'zh-CN',
  en: 'en-US',
  ja: 'ja-JP',
  de: 'de-DE',
  es: 'es-ES',
  fr: 'fr-FR',
  id: 'id-ID',
  it: 'it-IT',
  ko: 'ko-KR',
  pt: 'pt-BR',
  th: 'th-TH',
  vi: 'vi-VN',
  ms: 'ms-MY',
  ru: 'ru-RU',
};

function matchTag(tag: string): LocaleCode | undefined {
  const lower = tag.toLowerCase();
  const exact = byLowerCode.get(lower);
  if (exact) return exact.code;
  const parts = lower.split('-');
  if (parts.length >= 2) {
    const script = LANGUAGE_DEFAULTS[`${parts[0]}-${parts[1]}`];
    if (script) return script;
  }
  return parts[0] ? LANGUAGE_DEFAULTS[parts[0]] : undefined;
}

/**
 * The 16 locales an `Accept-Language` header asks for, most wanted first (q-values honoured,
 * language-only tags mapped to their usual locale); empty when it names none of them.
 */
export function localesFromAcceptLanguage(header: string | null | undefined): LocaleCode[] {
  if (!header) return [];
  const ranges = header
    .split(',')
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().split(';');
      const qParam = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      const q = qParam ? Number(qParam.slice(2)) : 1;
      return { tag: tag.trim(), q: Number.isFinite(q) ? q : 0, index };
    })
    .filter((range) => range.tag !== '' && range.tag !== '*' && range.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  const out: LocaleCode[] = [];
  for (const range of ranges) {
    const match = matchTag(range.tag);
    if (match && !out.includes(match)) out.push(match);
  }
  return out;
}
