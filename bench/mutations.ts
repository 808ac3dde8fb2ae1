import { toExternalInstancePayload } from '../src/translate/external-instance.js';
import { ENGINE_TITLES, type EngineName } from './engines.js';
import { type Path, RawFeishu, keepAlivePool } from './feishu.js';
import { type Latencies, closedLoop, combined, inRounds, perRound } from './load.js';
import { SUCCESS, graphqlBody, syncInput } from './requests.js';
import { type Figure, type PhaseReport, fmt } from './results.js';
import { AUTHORIZATION } from './processes.js';

export interface LoadTiming {
  rounds: number;
  /** The first round's warm-up (the JIT, the pools' connections); later rounds get `warmupMs`. */
  firstWarmupMs: number;
  warmupMs: number;
  loadMs: number;
}

export const CONCURRENCY = 32;

/** Sends mutations of a path to a GraphQL server over HTTP; a call throws unless it went through. */
export function graphqlClient(origin: string, path: Path, run: string, connections = CONCURRENCY) {
  const pool = keepAlivePool(origin, connections);
  return {
    async send(n: number): Promise<void> {
      const response = await pool.request({
        path: '/graphql',
        method: 'POST',
        headers: { 'content-type': 'application/json', ...AUTHORIZATION },
        body: graphqlBody(path, n, run),
      });
      const text = await response.body.text();
      if (response.statusCode !== 200 || !text.includes(`"__typename":"${SUCCESS[path]}"`))
        throw new Error(`${origin} answered ${response.statusCode}: ${text.slice(0, 300)}`);
    },
    close: () => pool.close(),
  };
}

export interface Contender {
  name: string;
  /** A sender for one round's load; `run` names that load's instances. */
  open(run: string): Promise<{ send(n: number): Promise<void>; close(): Promise<void> }>;
}

/** Each contender's rounds under a closed loop at `concurrency`. */
export function measure(contenders: readonly Contender[], concurrency: number, timing: LoadTiming, log: (line: string) => void): Promise<Latencies[][]> {
  return inRounds(timing.rounds, contenders, async (contender, round) => {
    const client = await contender.open(`${contender.name}-${concurrency}-${round}`.replace(/\W+/g, '-'));
    const result = await closedLoop({
      concurrency,
      warmupMs: round === 0 ? timing.firstWarmupMs : timing.warmupMs,
      durationMs: timing.loadMs,
      send: (n) => client.send(n),
    });
    await client.close();
    log(
      `  round ${round + 1}: ${contender.name} ${fmt(result.perSecond)}/s, p50 ${fmt(result.p50, 2)} ms, errors ${result.errors}${result.firstError ? ` (${result.firstError})` : ''}`,
    );
    if (result.calls === 0) throw new Error(`${contender.name}: no call went through: ${result.firstError}`);
    return result;
  });
}

const row = (path: string, name: string, concurrency: number, rounds: readonly Latencies[]) => {
  const all = combined(rounds);
  return [
    path,
    name,
    String(concurrency),
    fmt(all.perSecond),
    rounds.map((r) => fmt(r.perSecond)).join(' / '),
    fmt(all.p50, 2),
    fmt(all.p99, 2),
    String(all.errors),
  ];
};
const HEAD = ['path', 'contender', 'concurrency', 'req/s', 'req/s by round', 'p50 ms', 'p99 ms', 'errors'];

/** A facade's server on one engine's mirror. */
export interface FacadeServer {
  engine: EngineName;
  origin: string;
}

const facadeName = (facade: FacadeServer) => `facade on ${ENGINE_TITLES[facade.engine]}`;

/** The bar of the facade's throughput over stock Yoga's (issue 32, SQLite); PostgreSQL's is reported. */
const THROUGHPUT_RATIO = { sqlite: 1.0, postgres: undefined } as const;

/**
 * Mutation throughput at concurrency 32: the facade's server on each engine's mirror against the
 * stock-Yoga reference server, each a process of its own in front of the same sandbox, for sync and create.
 */
export async function mutationsPhase(
  servers: { facades: readonly FacadeServer[]; reference: string },
  timing: LoadTiming,
  log: (line: string) => void,
): Promise<PhaseReport> {
  const table = [HEAD];
  const figures: Figure[] = [];
  for (const path of ['sync', 'create'] as const) {
    log(`mutations: ${path}`);
    const client = (origin: string) => async (run: string) => graphqlClient(origin, path, run);
    const results = await measure(
      [
        ...servers.facades.map((facade) => ({ name: facadeName(facade), open: client(facade.origin) })),
        { name: 'stock Yoga', open: client(servers.reference) },
      ],
      CONCURRENCY,
      timing,
      log,
    );
    const reference = results.at(-1)!;
    servers.facades.forEach((facade, index) => {
      table.push(row(path, facadeName(facade), CONCURRENCY, results[index]!));
      const bar = THROUGHPUT_RATIO[facade.engine];
      figures.push({
        label: `${path}: throughput at concurrency ${CONCURRENCY}, facade ÷ stock Yoga`,
        engine: facade.engine,
        value: perRound(results[index]!, reference, (x, y) => x.perSecond / y.perSecond),
        digits: 2,
        target: bar === undefined ? undefined : { op: '≥', bar },
        listed: true,
      });
    });
    table.push(row(path, 'stock Yoga', CONCURRENCY, reference));
  }
  return {
    title: 'Mutations',
    method:
      `The facade's server on each engine (src/server.ts, NODE_ENV=production, real mode against the standalone sandbox, a fresh mirror: a SQLite file, a PostgreSQL database with the default pool of 10; client-side rate limits raised) against the stock-Yoga reference server (bench/reference-server.ts: graphql-yoga with its defaults on schema.graphql, resolvers that translate with src/translate and send with undici; no validation, no mirror), each a process of its own. ` +
      `A closed loop of ${CONCURRENCY} workers from this process, syncs of new instances (3 tasks, 2 cc entries, two locales) and creates with a uuid each; ${timing.rounds} rounds of ${fmt(timing.loadMs / 1000, 1)} s per contender after a warm-up (${fmt(timing.firstWarmupMs / 1000, 1)} s in the first round, ${fmt(timing.warmupMs / 1000, 1)} s after), the contenders' order reversed every other round. ` +
      'req/s and latencies are the medians of the rounds; a ratio is the median of the ratios of the same round.',
    table,
    figures,
  };
}

/** The bar of the latency the facade adds (issue 32 for SQLite, issue 34 for PostgreSQL). */
const ADDED_LATENCY_MS = { sqlite: 1.5, postgres: 2.5 } as const;

/**
 * Latency the facade adds at concurrency 1: syncs through the facade's server on each engine,
 * against a raw undici loop posting the facade's Feishu payload for the same input straight to the sandbox.
 */
export async function latencyPhase(
  servers: { facades: readonly FacadeServer[]; sandbox: string },
  timing: LoadTiming,
  log: (line: string) => void,
): Promise<PhaseReport> {
  log('latency: sync at concurrency 1');
  const results = await measure(
    [
      ...servers.facades.map((facade) => ({ name: facadeName(facade), open: async (run: string) => graphqlClient(facade.origin, 'sync', run, 1) })),
      {
        name: 'raw undici',
        async open(run: string) {
          const feishu = await RawFeishu.connect(servers.sandbox, 1);
          return {
            send: async (n: number) => void (await feishu.send('sync', toExternalInstancePayload(syncInput(n, run), 'zh-CN'))),
            close: () => feishu.close(),
          };
        },
      },
    ],
    1,
    timing,
    log,
  );
  const raw = results.at(-1)!;
  return {
    title: 'Latency at concurrency 1',
    method:
      "One sync at a time through the facade's server on each engine, against a raw undici loop (a keep-alive connection, the sandbox app's tenant token) posting the Feishu payload the facade makes of the same input straight to the sandbox. " +
      `${timing.rounds} rounds of ${fmt(timing.loadMs / 1000, 1)} s each, as the mutations; the added latency is the median over rounds of the facade's p50 minus the raw loop's p50 of the same round.`,
    table: [HEAD, ...servers.facades.map((facade, index) => row('sync', facadeName(facade), 1, results[index]!)), row('sync', 'raw undici', 1, raw)],
    figures: servers.facades.map((facade, index) => ({
      label: 'sync: latency the facade adds at concurrency 1 (p50 facade − p50 raw)',
      engine: facade.engine,
      value: perRound(results[index]!, raw, (x, y) => x.p50 - y.p50),
      unit: ' ms',
      digits: 2,
      target: { op: '≤', bar: ADDED_LATENCY_MS[facade.engine] },
    })),
  };
}
