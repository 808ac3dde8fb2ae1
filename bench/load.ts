/** Load shapes: a closed loop of N workers, one call after another, and a paced open loop. */

export interface Latencies {
  /** Successful calls measured. */
  calls: number;
  errors: number;
  /** The first error seen, to tell what went wrong. */
  firstError: string | null;
  perSecond: number;
  p50: number;
  p99: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const now = () => performance.now();

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** The median of the values (the mean of the middle two for an even count). */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** The latencies and errors of the calls measured. */
class Recorder {
  private readonly ms: number[] = [];
  errors = 0;
  firstError: string | null = null;

  add(ms: number, error: unknown): void {
    if (error === undefined) this.ms.push(ms);
    else {
      this.errors += 1;
      this.firstError ??= error instanceof Error ? error.message : String(error);
    }
  }

  /** `seconds`: the wall time measured (throughput), or undefined for the time the calls took. */
  result(seconds?: number): Latencies {
    const sorted = this.ms.sort((a, b) => a - b);
    const busy = sorted.reduce((sum, ms) => sum + ms, 0) / 1000;
    return {
      calls: sorted.length,
      errors: this.errors,
      firstError: this.firstError,
      perSecond: sorted.length / (seconds ?? busy),
      p50: percentile(sorted, 50),
      p99: percentile(sorted, 99),
    };
  }
}

/** Times one call; the error it threw, if any. */
async function timed(call: () => Promise<unknown>): Promise<{ ms: number; error: unknown }> {
  const started = now();
  try {
    await call();
    return { ms: now() - started, error: undefined };
  } catch (error) {
    return { ms: now() - started, error: error ?? 'failed' };
  }
}

/**
 * `concurrency` workers send `send(n)` one after another (n counts up across them) for
 * `warmupMs`, unmeasured, then for `durationMs`, measured: the calls that end in that time, over it.
 */
export async function closedLoop(options: {
  concurrency: number;
  warmupMs: number;
  durationMs: number;
  send: (n: number) => Promise<unknown>;
}): Promise<Latencies> {
  let sequence = 0;
  let recorder: Recorder | null = null;
  let stop = false;
  const worker = async () => {
    while (!stop) {
      const { ms, error } = await timed(() => options.send(sequence++));
      recorder?.add(ms, error);
    }
  };
  const workers = Array.from({ length: options.concurrency }, worker);
  await sleep(options.warmupMs);
  const measured = new Recorder();
  recorder = measured;
  const started = now();
  await sleep(options.durationMs);
  recorder = null;
  const seconds = (now() - started) / 1000;
  stop = true;
  await Promise.all(workers);
  return measured.result(seconds);
}

/** One call after another for `durationMs`: latencies, and calls/s by the time the calls took. A call that throws ends it. */
export async function serial(durationMs: number, call: () => Promise<unknown>): Promise<Latencies> {
  const recorder = new Recorder();
  const end = now() + durationMs;
  while (now() < end) {
    const { ms, error } = await timed(call);
    if (error !== undefined) throw error;
    recorder.add(ms, undefined);
  }
  return recorder.result();
}

/**
 * Calls `send(n)` `perSecond` times a second on a fixed schedule, whether the calls before have
 * answered or not, until `stop()`: which resolves with their latencies once all have answered.
 */
export function paced(perSecond: number, send: (n: number) => Promise<unknown>): { stop(): Promise<Latencies & { seconds: number }> } {
  const recorder = new Recorder();
  const inFlight = new Set<Promise<void>>();
  const started = now();
  let sent = 0;
  let stopped = false;
  const tick = () => {
    if (stopped) return;
    const n = sent++;
    const call = timed(() => send(n)).then(({ ms, error }) => recorder.add(ms, error));
    inFlight.add(call);
    void call.finally(() => inFlight.delete(call));
    setTimeout(tick, Math.max(0, started + (sent * 1000) / perSecond - now()));
  };
  tick();
  return {
    async stop() {
      stopped = true;
      const seconds = (now() - started) / 1000;
      await Promise.all(inFlight);
      return { ...recorder.result(seconds), seconds };
    },
  };
}

/**
 * Measures each contender in turn, round after round (this VM's speed drifts by tens of percent
 * within minutes: a ratio of figures taken in the same round is less exposed to it). The first
 * round runs the contenders in order, the next in reverse, and so on.
 */
export async function inRounds<T>(
  rounds: number,
  contenders: readonly T[],
  measure: (contender: T, round: number) => Promise<Latencies>,
): Promise<Latencies[][]> {
  const results: Latencies[][] = contenders.map(() => []);
  for (let round = 0; round < rounds; round += 1) {
    const order = contenders.map((_, index) => index);
    if (round % 2 === 1) order.reverse();
    for (const index of order) results[index]![round] = await measure(contenders[index]!, round);
  }
  return results;
}

/** The median over rounds of `figure` of two contenders' results of the same round. */
export function perRound(a: readonly Latencies[], b: readonly Latencies[], figure: (x: Latencies, y: Latencies) => number): number {
  return median(a.map((x, round) => figure(x, b[round]!)));
}

/** A contender's rounds, summed (calls, errors) or their median (rates, latencies). */
export function combined(rounds: readonly Latencies[]): Latencies {
  return {
    calls: rounds.reduce((sum, r) => sum + r.calls, 0),
    errors: rounds.reduce((sum, r) => sum + r.errors, 0),
    firstError: rounds.find((r) => r.firstError)?.firstError ?? null,
    perSecond: median(rounds.map((r) => r.perSecond)),
    p50: median(rounds.map((r) => r.p50)),
    p99: median(rounds.map((r) => r.p99)),
  };
}
