/** A closed-loop load generator: N workers, each sending one request after another. */

export interface LoadResult {
  requests: number;
  errors: number;
  seconds: number;
  rps: number;
  p50: number;
  p99: number;
  /** The first error seen, to tell what went wrong. */
  firstError: string | null;
}

export interface LoadOptions {
  concurrency: number;
  warmupMs: number;
  durationMs: number;
  /** One request; resolves true on success. Throwing or false counts as an error. */
  send: (sequence: number) => Promise<boolean>;
  /** Called when the warm-up is over and measuring starts (and again when it stops). */
  onMeasure?: (phase: 'start' | 'stop') => Promise<void>;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  let sequence = 0;
  let measuring = false;
  let stop = false;
  const latencies: number[] = [];
  let errors = 0;
  let firstError: string | null = null;

  const worker = async () => {
    while (!stop) {
      const n = sequence++;
      const started = process.hrtime.bigint();
      let ok = false;
      try {
        ok = await options.send(n);
      } catch (error) {
        if (firstError === null) firstError = error instanceof Error ? error.message : String(error);
      }
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      if (measuring) {
        if (ok) latencies.push(ms);
        else {
          errors += 1;
          if (firstError === null) firstError = `request ${n} failed`;
        }
      }
    }
  };

  const workers = Array.from({ length: options.concurrency }, worker);
  await new Promise((resolve) => setTimeout(resolve, options.warmupMs));
  await options.onMeasure?.('start');
  measuring = true;
  const started = process.hrtime.bigint();
  await new Promise((resolve) => setTimeout(resolve, options.durationMs));
  measuring = false;
  await options.onMeasure?.('stop');
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  stop = true;
  await Promise.all(workers);
  latencies.sort((a, b) => a - b);
  return {
    requests: latencies.length,
    errors,
    seconds,
    rps: latencies.length / seconds,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    firstError,
  };
}

/** The median of the values (the mean of the middle two for an even count). */
export const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

/** Runs `fn` repeatedly for a while in this process (no concurrency): per-call latency. */
export async function runSerial(durationMs: number, fn: () => Promise<unknown> | unknown): Promise<{ calls: number; perSecond: number; p50: number; p99: number }> {
  const latencies: number[] = [];
  const end = Date.now() + durationMs;
  while (Date.now() < end) {
    const started = process.hrtime.bigint();
    await fn();
    latencies.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  latencies.sort((a, b) => a - b);
  const total = latencies.reduce((sum, ms) => sum + ms, 0);
  return { calls: latencies.length, perSecond: (latencies.length / total) * 1000, p50: percentile(latencies, 50), p99: percentile(latencies, 99) };
}
