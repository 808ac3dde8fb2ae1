/**
 * An RFC 3339 instant as the client wrote it: the moment, and the offset it was written in,
 * kept so that a date widget can be sent to Feishu in the client's own offset.
 */
export interface Instant {
  epochMs: number;
  /** `Z` or `±hh:mm`. */
  offset: string;
}

const code = (char: string) => char.charCodeAt(0);
const [ZERO, DASH, COLON, DOT, PLUS, UPPER_T, LOWER_T, UPPER_Z, LOWER_Z] = [...'0-:.+TtZz'].map(code) as [
  number,
  number,
  number,
  number,
  number,
  number,
  number,
  number,
  number,
];

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?([Zz]|[+-]\d{2}:\d{2})$/;

/** Parses an RFC 3339 date-time with a time zone; undefined when it is not one. */
export function parseInstant(text: string): Instant | undefined {
  return parseCommonInstant(text) ?? parseInstantByPattern(text);
}

/**
 * parseInstant by its regular expression: every RFC 3339 date-time (any fraction, years 0000 to
 * 0099 included). Exported, with parseCommonInstant, for the test that holds the
 * one to the other.
 */
export function parseInstantByPattern(text: string): Instant | undefined {
  const match = RFC3339.exec(text);
  if (!match) return undefined;
  const [, year, month, day, hour, minute, second, fraction = '', zone = 'Z'] = match;
  const y = Number(year);
  const mo = Number(month);
  const d = Number(day);
  const h = Number(hour);
  const mi = Number(minute);
  const s = Number(second);
  if (mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || s > 60) return undefined;
  if (d > daysInMonth(y, mo)) return undefined;
  let offsetMinutes = 0;
  const offset = zone.toUpperCase() === 'Z' ? 'Z' : zone;
  if (offset !== 'Z') {
    const sign = offset.startsWith('-') ? -1 : 1;
    const oh = Number(offset.slice(1, 3));
    const om = Number(offset.slice(4, 6));
    if (oh > 23 || om > 59) return undefined;
    offsetMinutes = sign * (oh * 60 + om);
  }
  const ms = fraction ? Math.floor(Number(`0${fraction}`) * 1000) : 0;
  const epochMs = utcEpochMs(y, mo, d, h, mi, Math.min(s, 59), ms) - offsetMinutes * 60_000;
  if (!Number.isFinite(epochMs)) return undefined;
  return { epochMs, offset };
}

/** The number written by the `count` digits at `at`; -1 when one of them is not a digit. */
function digitsAt(text: string, at: number, count: number): number {
  let value = 0;
  for (let index = at; index < at + count; index += 1) {
    const digit = text.charCodeAt(index) - ZERO;
    if (!(digit >= 0 && digit <= 9)) return -1;
    value = value * 10 + digit;
  }
  return value;
}

const isLeapYear = (year: number) => year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const daysInMonth = (year: number, month: number) => (month === 2 && isLeapYear(year) ? 29 : DAYS_IN_MONTH[month - 1]!);

/**
 * Date.UTC for a valid date, years 0 to 99 included: Date.UTC reads those as 1900 to 1999, where
 * setUTCFullYear takes the year as written.
 */
function utcEpochMs(year: number, month: number, day: number, hour: number, minute: number, second: number, ms: number): number {
  if (year >= 100) return Date.UTC(year, month - 1, day, hour, minute, second, ms);
  const date = new Date(Date.UTC(1970, 0, 1, hour, minute, second, ms));
  return date.setUTCFullYear(year, month - 1, day);
}

/**
 * parseInstant for the shapes clients send, read character by character: seconds, then
 * milliseconds or none, then `Z` or an offset, from year 100 on. A sync input holds a dozen
 * DateTimes, so the common shapes skip the regular expression. Undefined for anything else, valid
 * or not: parseInstantByPattern decides those. Where it answers, it answers as parseInstantByPattern.
 */
export function parseCommonInstant(text: string): Instant | undefined {
  const length = text.length;
  const withMs = length === 24 || length === 29;
  if (!(withMs || length === 20 || length === 25)) return undefined;
  const year = digitsAt(text, 0, 4);
  const month = digitsAt(text, 5, 2);
  const day = digitsAt(text, 8, 2);
  const hour = digitsAt(text, 11, 2);
  const minute = digitsAt(text, 14, 2);
  const second = digitsAt(text, 17, 2);
  const t = text.charCodeAt(10);
  if (
    year < 100 ||
    month < 1 ||
    month > 12 ||
    day < 1 ||
    hour < 0 ||
    hour > 23 ||
    minute < 0 ||
    minute > 59 ||
    second < 0 ||
    second > 60 ||
    text.charCodeAt(4) !== DASH ||
    text.charCodeAt(7) !== DASH ||
    (t !== UPPER_T && t !== LOWER_T) ||
    text.charCodeAt(13) !== COLON ||
    text.charCodeAt(16) !== COLON
  ) {
    return undefined;
  }
  if (day > daysInMonth(year, month)) return undefined;
  let ms = 0;
  if (withMs) {
    ms = text.charCodeAt(19) === DOT ? digitsAt(text, 20, 3) : -1;
    if (ms < 0) return undefined;
  }
  const zoneAt = withMs ? 23 : 19;
  let offset = 'Z';
  let offsetMinutes = 0;
  if (length - zoneAt === 1) {
    const z = text.charCodeAt(zoneAt);
    if (z !== UPPER_Z && z !== LOWER_Z) return undefined;
  } else {
    const sign = text.charCodeAt(zoneAt);
    const offsetHours = digitsAt(text, zoneAt + 1, 2);
    const offsetMinutesPart = digitsAt(text, zoneAt + 4, 2);
    if (
      (sign !== PLUS && sign !== DASH) ||
      text.charCodeAt(zoneAt + 3) !== COLON ||
      offsetHours < 0 ||
      offsetHours > 23 ||
      offsetMinutesPart < 0 ||
      offsetMinutesPart > 59
    ) {
      return undefined;
    }
    offset = text.slice(zoneAt);
    offsetMinutes = (sign === DASH ? -1 : 1) * (offsetHours * 60 + offsetMinutesPart);
  }
  return { epochMs: Date.UTC(year, month - 1, day, hour, minute, Math.min(second, 59), ms) - offsetMinutes * 60_000, offset };
}

function offsetMinutesOf(offset: string): number {
  if (offset === 'Z') return 0;
  const sign = offset.startsWith('-') ? -1 : 1;
  return sign * (Number(offset.slice(1, 3)) * 60 + Number(offset.slice(4, 6)));
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** RFC 3339 in the instant's own offset, second precision: `2019-10-01T08:12:01+08:00`. */
export function formatInOwnOffset(instant: Instant): string {
  const local = new Date(instant.epochMs + offsetMinutesOf(instant.offset) * 60_000);
  const ms = local.getUTCMilliseconds();
  return (
    `${pad(local.getUTCFullYear(), 4)}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())}` +
    `T${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:${pad(local.getUTCSeconds())}` +
    `${ms ? `.${pad(ms, 3)}` : ''}${instant.offset}`
  );
}

/** The character codes of the tens and the units digit of 0 to 99. */
const TENS = Array.from({ length: 100 }, (_, n) => ZERO + Math.floor(n / 10));
const UNITS = Array.from({ length: 100 }, (_, n) => ZERO + (n % 10));
/** 9999-12-31T23:59:59.999Z: the last instant with a four-digit year. */
const LAST_FOUR_DIGIT_YEAR_MS = 253402300799999;
const DAY_MS = 86_400_000;

/**
 * RFC 3339 in UTC with milliseconds, as DateTime fields are returned: what `Date#toISOString`
 * gives, computed without a Date and made as one flat string from its character codes, since a
 * page formats one or two per row (a template literal would make a chain of intermediate strings).
 * Instants before 1970 or past year 9999, and non-integers, go through toISOString.
 */
export function formatUtc(epochMs: number): string {
  if (!(epochMs >= 0 && epochMs <= LAST_FOUR_DIGIT_YEAR_MS) || !Number.isInteger(epochMs)) return new Date(epochMs).toISOString();
  const days = Math.floor(epochMs / DAY_MS);
  let rest = epochMs - days * DAY_MS;
  // The civil date of a day count since 1970-01-01 (Howard Hinnant's days_from_civil, inverted):
  // eras of 400 years, years starting on March 1st so that the leap day ends the year.
  const shifted = days + 719_468;
  const era = Math.floor(shifted / 146_097);
  const dayOfEra = shifted - era * 146_097;
  const yearOfEra = Math.floor((dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36_524) - Math.floor(dayOfEra / 146_096)) / 365);
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const monthFromMarch = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * monthFromMarch + 2) / 5) + 1;
  const month = monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  const hours = Math.floor(rest / 3_600_000);
  rest -= hours * 3_600_000;
  const minutes = Math.floor(rest / 60_000);
  rest -= minutes * 60_000;
  const seconds = Math.floor(rest / 1000);
  const ms = rest - seconds * 1000;
  const century = Math.floor(year / 100);
  const yearOfCentury = year % 100;
  const tensOfMs = Math.floor(ms / 10);
  return String.fromCharCode(
    TENS[century]!,
    UNITS[century]!,
    TENS[yearOfCentury]!,
    UNITS[yearOfCentury]!,
    DASH,
    TENS[month]!,
    UNITS[month]!,
    DASH,
    TENS[day]!,
    UNITS[day]!,
    UPPER_T,
    TENS[hours]!,
    UNITS[hours]!,
    COLON,
    TENS[minutes]!,
    UNITS[minutes]!,
    COLON,
    TENS[seconds]!,
    UNITS[seconds]!,
    DOT,
    TENS[tensOfMs]!,
    UNITS[tensOfMs]!,
    ZERO + (ms % 10),
    UPPER_Z,
  );
}
