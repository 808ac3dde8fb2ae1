/**
 * An RFC 3339 instant as the client wrote it: the moment, and the offset it was written in,
 * kept so that a date widget can be sent to Feishu in the client's own offset.
 */
export interface Instant {
  epochMs: number;
  /** `Z` or `±hh:mm`. */
  offset: string;
}

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?([Zz]|[+-]\d{2}:\d{2})$/;

/** Parses an RFC 3339 date-time with a time zone; undefined when it is not one. */
export function parseInstant(text: string): Instant | undefined {
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
  const daysInMonth = new Date(Date.UTC(y, mo, 0)).getUTCDate();
  if (d > daysInMonth) return undefined;
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
  const epochMs = Date.UTC(y, mo - 1, d, h, mi, Math.min(s, 59), ms) - offsetMinutes * 60_000;
  if (!Number.isFinite(epochMs)) return undefined;
  return { epochMs, offset };
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

/** RFC 3339 in UTC with milliseconds, as DateTime fields are returned. */
export function formatUtc(epochMs: number): string {
  return new Date(epochMs).toISOString();
}
