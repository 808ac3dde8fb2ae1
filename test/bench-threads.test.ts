import { describe, expect, it } from 'vitest';
import { cpuBetween, cpuMsPerRequest } from '../bench/lib/threads.js';

describe('the CPU a benchmark load used', () => {
  it('splits a process’s CPU into its main thread and its other threads, in % of a core', () => {
    const before = new Map([
      [100, 1_000],
      [101, 50],
    ]);
    // Over 2 s: the main thread (tid = pid) 150 ticks, a worker 40, a thread started meanwhile 10.
    const after = new Map([
      [100, 1_150],
      [101, 90],
      [102, 10],
    ]);
    expect(cpuBetween(100, before, after, 2)).toEqual({ main: 75, others: 25 });
  });

  it('gives the CPU time a request cost every process that served it', () => {
    // 120 % and 80 % of a core at 1000 requests a second: 2 cores for 1000 requests, 2 ms each.
    expect(cpuMsPerRequest([{ main: 100, others: 20 }, { main: 80, others: 0 }], 1000)).toBeCloseTo(2, 10);
    expect(cpuMsPerRequest([{ main: 50, others: 0 }], 2000)).toBeCloseTo(0.25, 10);
  });

  it('has no figure without requests or without processes', () => {
    expect(cpuMsPerRequest([{ main: 50, others: 0 }], 0)).toBeNaN();
    expect(cpuMsPerRequest([], 1000)).toBeNaN();
  });
});
