import { keepAlivePool } from './contenders.js';
import { median, runLoad, runSerial } from './load.js';

/**
 * Reads while the mirror is written: a page read at concurrency 1, alone and during a mutation
 * load, in alternating rounds. The facade writes its mirror on a thread of its own so that a read
 * does not wait behind the writes; the mutation phases, all writes, cannot show what that buys,
 * and this phase does (OPTIMIZATIONS.md, twentieth round: every write on the main thread made
 * such reads two to four times slower).
 */

/** The status page: the 50 newest PENDING instances (every instance the benchmark syncs is PENDING, so it is full after 50 syncs). */
export const STATUS_PAGE_QUERY =
  'query { externalInstances(first: 50, filter: { statuses: [PENDING] }) { edges { node { instanceId status updateTime title(locale: EN_US) } } } }';
export const STATUS_PAGE_ROWS = 50;

/** A page read of the facade over HTTP on a keep-alive connection of its own; it throws unless the page holds its 50 rows. */
export function statusPageReader(origin: string): { read: () => Promise<void>; close: () => Promise<void> } {
  const pool = keepAlivePool(origin);
  const body = JSON.stringify({ query: STATUS_PAGE_QUERY });
  return {
    async read() {
      const response = await pool.request({ path: '/graphql', method: 'POST', headers: { 'content-type': 'application/json' }, body });
      const answer = (await response.body.json()) as { data?: { externalInstances?: { edges: unknown[] } }; errors?: unknown };
      const rows = answer.data?.externalInstances?.edges.length;
      if (response.statusCode !== 200 || answer.errors || rows !== STATUS_PAGE_ROWS) {
        throw new Error(`the status page read failed (HTTP ${response.statusCode}, ${rows ?? 'no'} rows): ${JSON.stringify(answer).slice(0, 300)}`);
      }
    },
    close: () => pool.close(),
  };
}

export interface ReadLatency {
  reads: number;
  p50: number;
  p99: number;
}

export interface MixedRound {
  alone: ReadLatency;
  underLoad: ReadLatency;
  /** The mutation load's throughput while the reads under it were measured. */
  loadPerSecond: number;
  loadErrors: number;
}

export interface MixedFigures {
  /** Medians of the rounds'. */
  alone: ReadLatency;
  underLoad: ReadLatency;
  /** The median over rounds of p50 under the load ÷ p50 alone, each pair measured in the same round. */
  slowdown: number;
  loadPerSecond: number;
  loadErrors: number;
  rounds: MixedRound[];
}

export interface MixedOptions {
  /** One page read; throws when the read fails. */
  read: () => Promise<void>;
  /** The mutation load of a round (a contender of its own, so that each round syncs new instances). */
  load: (round: number) => { send: (sequence: number) => Promise<boolean>; close: () => Promise<void> };
  concurrency: number;
  rounds: number;
  /** The load's warm-up before the reads under it start, each round. */
  warmupMs: number;
  /** How long reads are measured, alone and under the load, each round. */
  readMs: number;
}

const latency = (serial: { calls: number; p50: number; p99: number }): ReadLatency => ({ reads: serial.calls, p50: serial.p50, p99: serial.p99 });

/**
 * Each round: `readMs` of reads one after the other with nothing else running, then the mutation
 * load at `concurrency` and, once its warm-up is over, `readMs` of reads while it runs (the load is
 * measured over the same time). Reads alone come first in a round, so that each is measured on the
 * mirror as the previous round's load left it.
 */
export async function measureReadsUnderWrites(options: MixedOptions): Promise<MixedFigures> {
  const rounds: MixedRound[] = [];
  for (let round = 0; round < options.rounds; round += 1) {
    const alone = await runSerial(options.readMs, options.read);
    const mutations = options.load(round);
    let underLoad: ReturnType<typeof runSerial> | undefined;
    const load = await runLoad({
      concurrency: options.concurrency,
      warmupMs: options.warmupMs,
      durationMs: options.readMs,
      send: mutations.send,
      onMeasure: async (moment) => {
        if (moment !== 'start') return;
        underLoad = runSerial(options.readMs, options.read);
        // A failed read is thrown where it is awaited, below, once the load is over.
        underLoad.catch(() => {});
      },
    }).finally(() => mutations.close());
    if (!underLoad) throw new Error('the load ended before its measured part began');
    rounds.push({ alone: latency(alone), underLoad: latency(await underLoad), loadPerSecond: load.rps, loadErrors: load.errors });
  }
  const medianOf = (pick: (round: MixedRound) => number) => median(rounds.map(pick));
  const readsOf = (pick: (round: MixedRound) => ReadLatency): ReadLatency => ({
    reads: rounds.reduce((sum, round) => sum + pick(round).reads, 0),
    p50: medianOf((round) => pick(round).p50),
    p99: medianOf((round) => pick(round).p99),
  });
  return {
    alone: readsOf((round) => round.alone),
    underLoad: readsOf((round) => round.underLoad),
    slowdown: medianOf((round) => round.underLoad.p50 / round.alone.p50),
    loadPerSecond: medianOf((round) => round.loadPerSecond),
    loadErrors: rounds.reduce((sum, round) => sum + round.loadErrors, 0),
    rounds,
  };
}
