import { readFileSync, readdirSync } from 'node:fs';

/** Linux reports thread CPU times in clock ticks of 1/100 s (USER_HZ). */
const TICKS_PER_SECOND = 100;

/** CPU time so far of each thread of a process, in ticks; undefined where /proc is not there. */
export function threadTimes(pid: number): Map<number, number> | undefined {
  try {
    const times = new Map<number, number>();
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
      // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      times.set(Number(tid), Number(fields[11]) + Number(fields[12]));
    }
    return times;
  } catch {
    return undefined;
  }
}

/** A process's CPU over an interval, in % of one core: its main thread, and its other threads together. */
export interface ProcessCpu {
  main: number;
  others: number;
}

/** A process's CPU, all its threads together, in % of one core. */
export const cpuOf = (p: ProcessCpu): number => p.main + p.others;

/** What `pid` used between two threadTimes samples `seconds` apart (threads that ended meanwhile are not counted). */
export function cpuBetween(pid: number, before: Map<number, number>, after: Map<number, number>, seconds: number): ProcessCpu {
  let main = 0;
  let others = 0;
  for (const [tid, ticks] of after) {
    const used = ((ticks - (before.get(tid) ?? 0)) / TICKS_PER_SECOND / seconds) * 100;
    if (tid === pid) main += used;
    else others += used;
  }
  return { main, others };
}

/**
 * The CPU time a request cost the processes that served it, in milliseconds: their CPU (in % of
 * one core, main thread and others) over the requests a second they served meanwhile. NaN when
 * no request was served or no process was measured.
 */
export function cpuMsPerRequest(processes: readonly ProcessCpu[], requestsPerSecond: number): number {
  if (processes.length === 0 || !(requestsPerSecond > 0)) return Number.NaN;
  const cores = processes.reduce((sum, p) => sum + cpuOf(p), 0) / 100;
  return (cores / requestsPerSecond) * 1000;
}
