import { describe, expect, it } from 'vitest';
import { formatUtc, parseCommonInstant, parseInstant, parseInstantByPattern } from '../src/util/datetime.js';

const DAY_MS = 86_400_000;
const iso = (epochMs: number) => new Date(epochMs).toISOString();

describe('formatUtc', () => {
  it('writes what Date#toISOString writes at the edges: leap days, century years, the last four-digit year', () => {
    const edges = [
      0,
      1,
      DAY_MS - 1,
      Date.parse('2000-02-29T12:34:56.789Z'),
      Date.parse('2000-03-01T00:00:00.000Z'),
      Date.parse('2100-02-28T23:59:59.999Z'),
      Date.parse('2100-03-01T00:00:00.000Z'),
      Date.parse('2400-02-29T00:00:00.000Z'),
      Date.parse('2026-12-31T23:59:59.999Z'),
      Date.parse('9999-12-31T23:59:59.999Z'),
    ];
    for (const epochMs of edges) expect(formatUtc(epochMs), String(epochMs)).toBe(iso(epochMs));
    expect(formatUtc(Date.parse('2019-10-01T08:12:01.5+08:00'))).toBe('2019-10-01T00:12:01.500Z');
  });

  it('writes what Date#toISOString writes for the first and last millisecond of every day from 1970 to 2500', () => {
    const last = Date.parse('2500-12-31T00:00:00Z') / DAY_MS;
    for (let day = 0; day <= last; day += 1) {
      for (const epochMs of [day * DAY_MS, day * DAY_MS + DAY_MS - 1]) {
        const written = formatUtc(epochMs);
        if (written !== iso(epochMs)) expect(written, String(epochMs)).toBe(iso(epochMs));
      }
    }
  });

  it('writes what Date#toISOString writes for spread instants up to year 9999', () => {
    let seed = 12_345;
    const next = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
    for (let n = 0; n < 200_000; n += 1) {
      const epochMs = Math.floor(next() * 253_402_300_800_000);
      const written = formatUtc(epochMs);
      if (written !== iso(epochMs)) expect(written, String(epochMs)).toBe(iso(epochMs));
    }
  });

  it('leaves instants before 1970, past year 9999 and fractional milliseconds to Date#toISOString', () => {
    for (const epochMs of [-1, -DAY_MS * 400, Date.parse('9999-12-31T23:59:59.999Z') + 1, 1.5]) expect(formatUtc(epochMs)).toBe(iso(epochMs));
    expect(() => formatUtc(Number.NaN)).toThrow(RangeError);
  });
});

describe('parseInstant', () => {
  const pad = (n: number, width: number) => String(n).padStart(width, '0');

  it('reads the shapes clients send character by character, answering as the regular expression does', () => {
    let seed = 4_242;
    const next = (below: number) => Math.floor(((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31) * below);
    const zones = ['Z', 'z', '+08:00', '-05:30', '+00:00', '-00:00', '+23:59'];
    let common = 0;
    for (let n = 0; n < 100_000; n += 1) {
      const year = n % 7 === 0 ? 100 + next(400) : 1900 + next(300);
      const text =
        `${pad(year, 4)}-${pad(1 + next(12), 2)}-${pad(1 + next(31), 2)}${n % 11 === 0 ? 't' : 'T'}` +
        `${pad(next(24), 2)}:${pad(next(60), 2)}:${pad(next(61), 2)}${n % 2 === 0 ? `.${pad(next(1000), 3)}` : ''}${zones[next(zones.length)]}`;
      const expected = parseInstantByPattern(text);
      const fast = parseCommonInstant(text);
      if (expected) common += 1;
      // Every valid one of these shapes is read by the fast path, and read the same.
      if (!isEqual(fast, expected)) expect(fast, text).toEqual(expected);
      if (!isEqual(parseInstant(text), expected)) expect(parseInstant(text), text).toEqual(expected);
    }
    expect(common).toBeGreaterThan(90_000);
    for (let ms = 0; ms < 1000; ms += 1) {
      const text = `2026-11-20T09:00:00.${pad(ms, 3)}+08:00`;
      expect(parseCommonInstant(text), text).toEqual(parseInstantByPattern(text));
    }
  });

  it('leaves the other shapes, and what is not a date-time, to the regular expression', () => {
    const texts = [
      '2026-11-20T09:00:00.1Z',
      '2026-11-20T09:00:00.123456789+08:00',
      '2026-11-20T09:00:00.1234Z',
      '0050-02-29T00:00:00Z',
      '0099-12-31T23:59:60.999-01:00',
      '2026-02-29T00:00:00Z',
      '2024-02-29T00:00:00Z',
      '2100-02-29T00:00:00Z',
      '2000-02-29T00:00:00Z',
      '2026-11-20T09:00:60Z',
      '2026-11-20T09:00:61Z',
      '2026-11-20T24:00:00Z',
      '2026-13-01T00:00:00Z',
      '2026-00-01T00:00:00Z',
      '2026-11-00T00:00:00Z',
      '2026-11-20 09:00:00Z',
      '2026-11-20T09:00:00',
      '2026-11-20T09:00:00+0800',
      '2026-11-20T09:00:00+24:00',
      '2026-11-20T09:00:00+08:60',
      '2026-11-20T09:00:00.00x+08:00',
      '2026-11-20T09:00:00,000Z',
      '２０２６-11-20T09:00:00Z',
      '+2026-11-20T09:00:00Z',
      '',
    ];
    for (const text of texts) {
      const fast = parseCommonInstant(text);
      if (fast) expect(fast, text).toEqual(parseInstantByPattern(text));
      expect(parseInstant(text), text).toEqual(parseInstantByPattern(text));
    }
    expect(parseCommonInstant('2026-11-20T09:00:00.1Z')).toBeUndefined();
    expect(parseInstant('2026-11-20T09:00:00.1Z')).toEqual({ epochMs: Date.parse('2026-11-20T09:00:00.100Z'), offset: 'Z' });
    expect(parseInstant('2024-02-29T23:59:60+08:00')).toEqual({ epochMs: Date.parse('2024-02-29T15:59:59Z'), offset: '+08:00' });
    expect(parseInstant('2026-02-29T00:00:00Z')).toBeUndefined();
  });

  it('reads years 0000 to 0099 as written, not as 1900 to 1999, leap days by their own year', () => {
    const cases: [text: string, iso: string, offset: string][] = [
      ['0000-01-01T00:00:00Z', '0000-01-01T00:00:00Z', 'Z'],
      ['0050-06-15T12:30:45.5+08:00', '0050-06-15T04:30:45.500Z', '+08:00'],
      ['0099-12-31T23:59:59.999-01:00', '0100-01-01T00:59:59.999Z', '-01:00'],
      ['0004-02-29T00:00:00Z', '0004-02-29T00:00:00Z', 'Z'],
      ['0000-02-29T23:00:00Z', '0000-02-29T23:00:00Z', 'Z'],
    ];
    for (const [text, iso, offset] of cases) expect(parseInstant(text), text).toEqual({ epochMs: Date.parse(iso), offset });
    expect(parseInstant('0050-01-01T00:00:00Z')!.epochMs).toBe(Date.parse('0050-01-01T00:00:00Z'));
    expect(new Date(parseInstant('0050-01-01T00:00:00Z')!.epochMs).getUTCFullYear()).toBe(50);
    // Leap days by the year written: 0 (1 BC) and 4 had one (Date.UTC's 1900 and 1904 would say
    // no and yes); 50 and 100 had none.
    expect(parseInstant('0050-02-29T00:00:00Z')).toBeUndefined();
    expect(parseInstant('0100-02-29T00:00:00Z')).toBeUndefined();
  });
});

function isEqual(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
