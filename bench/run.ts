/**
 * `npm run bench`: the facade's performance targets (issue 32), about 6 minutes on 2 cores.
 *   --quick        a small mirror and short loads, a minute or two
 *   --scale        adds the reads on a mirror ten times larger (1,000,000 instances)
 *   --only=a,b     runs these phases only (mutations, latency, reads, scale, during); RESULTS.md is then left as it is
 * Progress goes to stderr; a summary to stdout; the figures to bench/RESULTS.md.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { duringPhase } from './during.js';
import { latencyPhase, mutationsPhase } from './mutations.js';
import { type Child, startFacade, startReference, startSandbox } from './processes.js';
import { readsPhase, scalePhase } from './reads.js';
import { type PhaseReport, resultsMarkdown, summary } from './results.js';
import { type Seeded, seedMirror } from './seed.js';

const PHASES = ['mutations', 'latency', 'reads', 'scale', 'during'] as const;
type Phase = (typeof PHASES)[number];

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const scale = args.includes('--scale');
const only = args
  .find((arg) => arg.startsWith('--only='))
  ?.slice('--only='.length)
  .split(',');
const unknown = [
  ...args.filter((arg) => !['--quick', '--scale'].includes(arg) && !arg.startsWith('--only=')),
  ...(only ?? []).filter((name) => !PHASES.includes(name as Phase)),
];
if (unknown.length > 0) {
  process.stderr.write(`unknown: ${unknown.join(' ')} (flags: --quick, --scale, --only=${PHASES.join(',')})\n`);
  process.exit(2);
}
const runs = (phase: Phase) => (only ? only.includes(phase) : phase !== 'scale' || scale);

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

/** Where a new mirror named `name` lives: a SQLite file of the run's own (a database URL, once the mirror has other engines). */
const mirrorLocation = (name: string) => join(work, `${name}.sqlite`);

const seeded = new Map<number, Promise<Seeded>>();
/** The seeded mirror of `instances`, seeded once a run. */
function seededMirror(instances: number): Promise<Seeded> {
  let mirror = seeded.get(instances);
  if (!mirror) {
    log(`seeding a mirror of ${instances.toLocaleString('en')} instances`);
    mirror = seedMirror(mirrorLocation(`seeded-${instances}`), instances, (done) => log(`  ${done.toLocaleString('en')} instances`)).then((s) => {
      log(`  seeded in ${s.seconds.toFixed(1)} s (${s.pushesPerSecond.toFixed(0)} pushes/s, ${s.bytesPerInstance.toFixed(0)} bytes/instance)`);
      return s;
    });
    seeded.set(instances, mirror);
  }
  return mirror;
}

async function main(): Promise<PhaseReport[]> {
  const reports: PhaseReport[] = [];
  let sandbox: Child | undefined;
  const sandboxOrigin = async () => (sandbox ??= await startSandbox()).origin;
  try {
    if (runs('mutations') || runs('latency')) {
      const feishu = await sandboxOrigin();
      const facade = await startFacade(feishu, mirrorLocation('facade'));
      try {
        if (runs('mutations')) {
          const reference = await startReference(feishu);
          try {
            reports.push(await mutationsPhase({ facade: facade.origin, reference: reference.origin }, TIMING.mutations, log));
          } finally {
            await reference.stop();
          }
        }
        if (runs('latency')) reports.push(await latencyPhase({ facade: facade.origin, sandbox: feishu }, TIMING.latency, log));
      } finally {
        await facade.stop();
      }
    }
    if (runs('reads')) reports.push(await readsPhase(await seededMirror(TIMING.instances), TIMING.reads, log));
    if (runs('scale')) reports.push(await scalePhase(await seededMirror(TIMING.instances), await seededMirror(TIMING.instances * 10), TIMING.reads, log));
    // Last: its syncs add instances to the seeded mirror.
    if (runs('during')) {
      const mirror = await seededMirror(TIMING.instances);
      const facade = await startFacade(await sandboxOrigin(), mirror.location);
      try {
        log('reads during syncs');
        reports.push(await duringPhase(facade.origin, mirror.instances, TIMING.during, log));
      } finally {
        await facade.stop();
      }
    }
  } finally {
    await sandbox?.stop();
    rmSync(work, { recursive: true, force: true });
  }
  return reports;
}

const reports = await main();
const seconds = (Date.now() - startedAt.getTime()) / 1000;
process.stdout.write(`\n${summary(reports)}\n\n`);
if (only) {
  log(`done in ${seconds.toFixed(0)} s (--only: RESULTS.md not written)`);
} else {
  const mode = `${quick ? 'quick (`npm run bench -- --quick`)' : 'full (`npm run bench`)'}${scale ? ' with --scale' : ''}`;
  writeFileSync(new URL('RESULTS.md', import.meta.url), resultsMarkdown({ mode, seconds, startedAt, loadAtStart }, reports));
  log(`done in ${seconds.toFixed(0)} s; figures in bench/RESULTS.md`);
}
