import { describe, expect, it } from 'vitest';
import { onBar } from '../bench/lib/figures.js';

describe('a benchmark figure against its bar', () => {
  const atLeast = (bar: number) => (figure: number) => figure >= bar;

  it('has two decimals when they fall on the figure’s side of the bar', () => {
    expect(onBar(0.3123, atLeast(0.3))).toBe('0.31');
    expect(onBar(0.2873, atLeast(0.3))).toBe('0.29');
    expect(onBar(0.3, atLeast(0.3))).toBe('0.30');
  });

  it('does not round a figure that misses its bar onto it', () => {
    expect(onBar(0.2996, atLeast(0.3))).toBe('0.2996');
    expect(onBar(0.29996, atLeast(0.3))).toBe('0.29996');
    expect(onBar(1.004, (figure) => figure <= 1)).toBe('1.004');
  });

  it('does not round a figure that meets its bar off it', () => {
    expect(onBar(0.4996, (figure) => figure < 0.5)).toBe('0.4996');
  });

  it('says n/a for a figure that was not measured', () => {
    expect(onBar(Number.NaN, atLeast(0.3))).toBe('n/a');
  });
});
