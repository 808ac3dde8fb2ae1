import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { profileRuns, topFrames } from '../bench/lib/profile.js';

const folder = mkdtempSync(join(tmpdir(), 'bench-profile-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

/** A V8 .cpuprofile as `--cpu-prof` writes it: nodes, then samples (node ids) and their time deltas in µs. */
function writeProfile(name: string, nodes: [number, string, string][], samples: [number, number][]): string {
  const file = join(folder, name);
  const profile = {
    nodes: nodes.map(([id, functionName, url]) => ({ id, callFrame: { functionName, url, lineNumber: 9 } })),
    startTime: 1_000,
    samples: samples.map(([id]) => id),
    timeDeltas: samples.map(([, delta]) => delta),
  };
  writeFileSync(file, JSON.stringify(profile));
  return file;
}

// The writer thread imports its modules through tsx, which adds a query to their URLs.
const WRITER = writeProfile(
  'writer.cpuprofile',
  [
    [1, '(idle)', ''],
    [2, 'commit', 'file:///app/src/mirror/writer-thread-entry.ts?tsx-namespace=1234-abcd'],
    [3, 'insertTextRows', 'file:///app/src/mirror/write-external-instance.ts?tsx-namespace=1234-abcd'],
    [4, 'run', 'file:///app/node_modules/drizzle-orm/better-sqlite3/session.js'],
  ],
  [
    [1, 100], // at 1100
    [2, 100], // at 1200
    [3, 300], // at 1500
    [4, 100], // at 1600
    [1, 400], // at 2000
    [4, 500], // at 2500
  ],
);

const MAIN = writeProfile(
  'main.cpuprofile',
  [
    [1, '(idle)', ''],
    [2, '(garbage collector)', ''],
    [3, 'parseAnswer', 'file:///app/src/feishu/client.ts'],
  ],
  [
    [3, 300],
    [2, 100],
  ],
);

describe('the benchmark profile reader (bench/lib/profile.ts)', () => {
  it('names frames by file without the query tsx adds to a worker thread module', () => {
    const { frames } = topFrames(WRITER, 8);
    expect(frames.map((f) => f.frame)).toEqual([
      'run drizzle-orm/better-sqlite3/session.js:10',
      'insertTextRows src/mirror/write-external-instance.ts:10',
      'commit src/mirror/writer-thread-entry.ts:10',
    ]);
  });

  it('gives each frame its share of the busy time, and the idle share of the whole, within the window', () => {
    const whole = topFrames(WRITER, 8);
    expect(whole.idleShare).toBeCloseTo(500 / 1500);
    expect(whole.frames.map((f) => f.share)).toEqual([600 / 1000, 300 / 1000, 100 / 1000]);

    const window = topFrames(WRITER, 8, { fromUs: 1_150, toUs: 2_000 });
    expect(window.idleShare).toBeCloseTo(400 / 900);
    expect(window.frames.map((f) => [f.frame.split(' ')[0], f.share])).toEqual([
      ['insertTextRows', 300 / 500],
      ['commit', 100 / 500],
      ['run', 100 / 500],
    ]);
  });

  it('counts the garbage collector apart', () => {
    expect(topFrames(MAIN, 8).gcShare).toBeCloseTo(100 / 400);
  });

  it("tells the writer thread's profile by the code it ran", () => {
    expect(profileRuns(WRITER, 'writer-thread-entry')).toBe(true);
    expect(profileRuns(MAIN, 'writer-thread-entry')).toBe(false);
  });
});
