import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { facadeContender } from '../bench/lib/contenders.js';
import { STATUS_PAGE_ROWS, measureReadsUnderWrites, statusPageReader } from '../bench/lib/mixed.js';
import { type TestApp, startTestApp } from './support/app.js';

// The benchmark's reads-under-writes phase: what it reads must be a full page of the facade's
// mirror, and its reads under the load must run while the load does (nothing here is timed).

describe('the status page reader', () => {
  let app: TestApp;
  let server: Server;
  let origin: string;
  beforeAll(async () => {
    app = await startTestApp();
    server = createServer(app.runtime.yoga);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    await app.close();
  });

  it('fails on a page that is not full, then reads the page the benchmark’s syncs fill', async () => {
    const reader = statusPageReader(origin);
    try {
      await expect(reader.read()).rejects.toThrow(/0 rows/);
      const syncs = facadeContender(origin, 'sync', 'mixed');
      for (let n = 0; n < STATUS_PAGE_ROWS; n += 1) expect(await syncs.send(n)).toBe(true);
      await syncs.close();
      await expect(reader.read()).resolves.toBeUndefined();
    } finally {
      await reader.close();
    }
  });
});

describe('reads under writes', () => {
  /** A fake load and a fake read: each read records whether the load's workers were running. */
  function recorder() {
    let loadRunning = 0;
    const seen: { round: number; during: boolean }[] = [];
    let round = -1;
    return {
      seen,
      read: async () => {
        seen.push({ round, during: loadRunning > 0 });
        await new Promise((resolve) => setTimeout(resolve, 1));
      },
      load: (r: number) => {
        round = r;
        return {
          send: async () => {
            loadRunning += 1;
            await new Promise((resolve) => setTimeout(resolve, 2));
            loadRunning -= 1;
            return true;
          },
          close: async () => {},
        };
      },
    };
  }

  it('reads alone, then during the load, in each round', async () => {
    const fake = recorder();
    const figures = await measureReadsUnderWrites({ read: fake.read, load: fake.load, concurrency: 4, rounds: 2, warmupMs: 20, readMs: 60 });
    expect(figures.rounds).toHaveLength(2);
    for (const round of figures.rounds) {
      expect(round.alone.reads).toBeGreaterThan(0);
      expect(round.underLoad.reads).toBeGreaterThan(0);
      expect(round.loadPerSecond).toBeGreaterThan(0);
    }
    // Round r's reads alone come before its load starts (round still r - 1), its reads under the load during it.
    for (const r of [0, 1]) {
      const before = fake.seen.filter((s) => s.round === r - 1 && !s.during).length;
      const during = fake.seen.filter((s) => s.round === r && s.during).length;
      expect(before).toBeGreaterThanOrEqual(figures.rounds[r]!.alone.reads);
      // (The last read may start as the load's workers stop.)
      expect(during).toBeGreaterThanOrEqual(figures.rounds[r]!.underLoad.reads - 1);
      expect(during).toBeGreaterThan(0);
    }
    expect(figures.alone.reads).toBe(figures.rounds[0]!.alone.reads + figures.rounds[1]!.alone.reads);
    expect(figures.slowdown).toBeGreaterThan(0);
    expect(figures.loadErrors).toBe(0);
  });

  it('fails when a read under the load fails, once the load is over', async () => {
    let loading = false;
    const read = async () => {
      if (loading) throw new Error('page read failed');
    };
    const load = () => ({
      send: async () => {
        loading = true;
        await new Promise((resolve) => setTimeout(resolve, 1));
        return true;
      },
      close: async () => {
        loading = false;
      },
    });
    await expect(measureReadsUnderWrites({ read, load, concurrency: 2, rounds: 1, warmupMs: 10, readMs: 30 })).rejects.toThrow('page read failed');
  });

  it('counts the load’s failed mutations', async () => {
    const failing = async () => {
      await new Promise((resolve) => setTimeout(resolve, 1));
      return false;
    };
    const load = () => ({ send: failing, close: async () => {} });
    const figures = await measureReadsUnderWrites({ read: async () => {}, load, concurrency: 2, rounds: 1, warmupMs: 5, readMs: 20 });
    expect(figures.loadErrors).toBeGreaterThan(0);
  });
});
