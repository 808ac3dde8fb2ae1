import { describe, expect, it } from 'vitest';
import { formatUtc } from '../src/util/datetime.js';

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
