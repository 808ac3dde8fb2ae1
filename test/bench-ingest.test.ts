import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SPREAD_STRIDE, measureIngest, measureSpreadIngest, seedMirror, spreadOrder } from '../bench/lib/reads.js';
import { Mirror } from '../src/mirror/mirror.js';

describe('the benchmark’s ingest', () => {
  let folder: string;
  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), 'bench-ingest-'));
  });
  afterEach(() => rmSync(folder, { recursive: true, force: true }));

  it('spreads its pushes over the whole mirror: every instance once a cycle, none next to the one before', () => {
    for (const count of [10_000, 100_000]) {
      const order = spreadOrder(count);
      const picks = Array.from({ length: count }, (_, k) => order(k));
      expect(new Set(picks).size).toBe(count);
      expect(Math.min(...picks)).toBe(0);
      expect(Math.max(...picks)).toBe(count - 1);
      expect(picks.slice(1).every((pick, k) => Math.abs(pick - picks[k]!) > 1)).toBe(true);
      expect(order(count)).toBe(order(0));
    }
    expect(() => spreadOrder(SPREAD_STRIDE * 2)).toThrow(/does not divide/);
  });

  it('seeds every instance with its tasks and cc entries, in commits of 32, the last one short', async () => {
    const path = join(folder, 'seeded.sqlite');
    await seedMirror(path, 70).mirror.close();
    const mirror = Mirror.open({ path });
    try {
      const count = (table: string) => (mirror.sqlite.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
      expect(count('external_instances')).toBe(70);
      expect(count('external_tasks')).toBe(70 * 5);
      expect(count('external_cc_entries')).toBe(70 * 2);
      expect(mirror.sqlite.prepare("SELECT 1 FROM external_instances WHERE instance_id = 'seed-69'").get()).toBeDefined();
    } finally {
      await mirror.close();
    }
  });

  it('updates instances spread over a seeded mirror, each push applied, in groups and one by one', async () => {
    const path = join(folder, 'seeded.sqlite');
    await seedMirror(path, 300).mirror.close();
    const { grouped, single } = await measureSpreadIngest(path, 300, 150);
    expect(grouped.pushes).toBeGreaterThan(0);
    expect(grouped.pushes % 32).toBe(0);
    expect(single.pushes).toBeGreaterThan(0);
    expect(grouped.perSecond).toBeGreaterThan(0);

    // Every instance the pushes reached is at a newer version than the seed's.
    const mirror = Mirror.open({ path });
    try {
      const seededUpdateTime = (n: number) => Date.parse('2026-01-01T00:00:00Z') + n * 60_000;
      const rows = mirror.sqlite.prepare("SELECT instance_id AS id, update_time AS time FROM external_instances WHERE instance_id LIKE 'seed-%'").all() as { id: string; time: number }[];
      const updated = rows.filter((row) => row.time > seededUpdateTime(Number(row.id.slice('seed-'.length))));
      expect(updated.length).toBe(Math.min(300, grouped.pushes + single.pushes));
    } finally {
      await mirror.close();
    }
  });

  it('fails rather than count pushes that left their instance as it was', async () => {
    const path = join(folder, 'seeded.sqlite');
    await seedMirror(path, 100).mirror.close();
    await measureSpreadIngest(path, 100, 50);
    // A second measurement starts again at version 1, which the first already wrote: stale pushes.
    await expect(measureSpreadIngest(path, 100, 50)).rejects.toThrow(/did not update its instance \(STALE\)/);
  });

  it('updates a new mirror in order', async () => {
    const figure = await measureIngest(join(folder, 'new.sqlite'), 64, 100, 32);
    expect(figure.pushes).toBeGreaterThan(0);
    expect(figure.pushes % 32).toBe(0);
  });
});
