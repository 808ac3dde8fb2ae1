import { readFileSync } from 'node:fs';

interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[];
  /** Monotonic clock, µs (the clock `process.hrtime` reads). */
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** A span of the monotonic clock, in µs: only the samples taken in it are counted. */
export interface SampleWindow {
  fromUs: number;
  toUs: number;
}

export interface Frame {
  frame: string;
  share: number;
}

/** The functions that took the most CPU themselves (self time), from a V8 .cpuprofile, within `window` when given. */
export function topFrames(file: string, count = 8, window?: SampleWindow): { frames: Frame[]; idleShare: number; gcShare: number } {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node.callFrame]));
  const self = new Map<string, number>();
  let total = 0;
  let idle = 0;
  let gc = 0;
  let stamp = profile.startTime;
  profile.samples.forEach((id, index) => {
    const delta = profile.timeDeltas[index] ?? 0;
    stamp += delta;
    if (window && (stamp < window.fromUs || stamp > window.toUs)) return;
    const frame = byId.get(id);
    if (!frame) return;
    total += delta;
    if (frame.functionName === '(idle)') idle += delta;
    if (frame.functionName === '(garbage collector)') gc += delta;
    // Modules a worker imports through tsx carry a query (`?tsx-namespace=…`): left out of the name.
    const url = frame.url.replace(/\?tsx-namespace=[^?#]*$/, '');
    const where = url ? ` ${url.replace(/^.*node_modules\//, '').replace(/^file:\/\/.*\/(src|bench)\//, '$1/')}:${frame.lineNumber + 1}` : '';
    const name = `${frame.functionName || '(anonymous)'}${where}`;
    self.set(name, (self.get(name) ?? 0) + delta);
  });
  const busy = total - idle;
  const frames = [...self.entries()]
    .filter(([name]) => name !== '(idle)')
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([frame, time]) => ({ frame, share: busy > 0 ? time / busy : 0 }));
  return { frames, idleShare: total > 0 ? idle / total : 0, gcShare: busy > 0 ? gc / busy : 0 };
}

/** Whether a V8 .cpuprofile ran code from a file whose URL contains `fragment` (which thread it is). */
export function profileRuns(file: string, fragment: string): boolean {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  return profile.nodes.some((node) => node.callFrame.url.includes(fragment));
}
