import { keepAlivePool } from './feishu.js';
import { type Latencies, combined, median, paced, serial } from './load.js';
import { ENGINE_TITLES } from './engines.js';
import { type FacadeServer, graphqlClient } from './mutations.js';
import { readCases } from './read-cases.js';
import { type Figure, type PhaseReport, fmt } from './results.js';
import { AUTHORIZATION } from './processes.js';

export interface DuringTiming {
  rounds: number;
  /** How long reads are measured, alone and during the syncs, each round. */
  readMs: number;
  /** The syncs' start before the reads during them are measured. */
  warmupMs: number;
  syncsPerSecond: number;
}

/** One engine's rounds: the reads alone, the reads during the syncs, and the syncs' rate and errors. */
async function roundsOn(facade: string, instances: number, timing: DuringTiming, log: (line: string) => void) {
  const page = readCases(instances).find((c) => c.name === 'statusPage')!;
  const pool = keepAlivePool(facade, 1);
  const body = JSON.stringify({ query: page.query, variables: { ...page.variables, first: 50 } });
  const read = async () => {
    const response = await pool.request({ path: '/graphql', method: 'POST', headers: { 'content-type': 'application/json', ...AUTHORIZATION }, body });
    const answer = (await response.body.json()) as { data?: unknown; errors?: unknown };
    if (response.statusCode !== 200 || answer.errors || !answer.data || page.rows(answer.data).length === 0)
      throw new Error(`the status page read failed: ${JSON.stringify(answer).slice(0, 300)}`);
  };
  const alone: Latencies[] = [];
  const during: Latencies[] = [];
  const syncRates: number[] = [];
  let syncErrors = 0;
  try {
    await serial(timing.warmupMs, read);
    for (let round = 0; round < timing.rounds; round += 1) {
      alone.push(await serial(timing.readMs, read));
      const syncs = graphqlClient(facade, 'sync', `during-${round}`, 8);
      const load = paced(timing.syncsPerSecond, (n) => syncs.send(n));
      await new Promise((resolve) => setTimeout(resolve, timing.warmupMs));
      during.push(await serial(timing.readMs, read));
      const synced = await load.stop();
      await syncs.close();
      syncRates.push(synced.calls / synced.seconds);
      syncErrors += synced.errors;
      log(
        `  round ${round + 1}: p50 alone ${fmt(alone[round]!.p50, 2)} ms, during ${fmt(during[round]!.p50, 2)} ms (${fmt(syncRates[round]!, 1)} syncs/s, errors ${synced.errors}${synced.firstError ? `: ${synced.firstError}` : ''})`,
      );
    }
  } finally {
    await pool.close();
  }
  return { page, alone, during, syncRates, syncErrors };
}

/**
 * The status page read one request at a time over HTTP from the facade's server on each engine,
 * alone and while syncs arrive at a steady rate (Feishu's ceiling for one app is 50 a second), in
 * alternating rounds. `instances`: the seeded mirror the servers read, which chooses the page's update-time range.
 */
export async function duringPhase(
  facades: readonly FacadeServer[],
  instances: number,
  timing: DuringTiming,
  log: (line: string) => void,
): Promise<PhaseReport> {
  const table = [['engine', 'status page read', 'reads', 'p50 ms', 'p99 ms', 'syncs/s', 'sync errors']];
  const figures: Figure[] = [];
  let title = '';
  for (const { engine, origin } of facades) {
    log(`reads during syncs (${ENGINE_TITLES[engine]})`);
    const { page, alone, during, syncRates, syncErrors } = await roundsOn(origin, instances, timing, log);
    title = page.title;
    const [a, d] = [combined(alone), combined(during)];
    table.push(
      [ENGINE_TITLES[engine], 'alone', a.calls.toLocaleString('en'), fmt(a.p50, 2), fmt(a.p99, 2), '', ''],
      [ENGINE_TITLES[engine], 'during syncs', d.calls.toLocaleString('en'), fmt(d.p50, 2), fmt(d.p99, 2), fmt(median(syncRates), 1), String(syncErrors)],
    );
    figures.push({
      label: `status page during ${timing.syncsPerSecond} syncs/s: p50 ÷ p50 alone`,
      engine,
      value: median(alone.map((x, round) => during[round]!.p50 / x.p50)),
      digits: 2,
      target: { op: '≤', bar: 1.5 },
    });
  }
  return {
    title: 'Reads during syncs',
    method:
      `The ${title} read one request at a time over HTTP from the facade's server on each engine, on the page reads' mirror (run last: its syncs add instances to it), alone and while syncs of new instances arrived at a paced ${timing.syncsPerSecond} a second (each sent on schedule, whether the one before had answered or not), in ${timing.rounds} rounds: ` +
      `${fmt(timing.readMs / 1000, 1)} s of reads alone, then the syncs and, ${fmt(timing.warmupMs / 1000, 1)} s after they started, ${fmt(timing.readMs / 1000, 1)} s of reads during them. p50 and p99 are the medians of the rounds; the slowdown the median of the rounds' p50 during ÷ p50 alone.`,
    table,
    figures,
  };
}
