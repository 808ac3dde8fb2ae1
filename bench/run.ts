/**
 * `npm run bench` (about 8 minutes on 2 cores) or `npm run bench -- --quick` (under one).
 *
 * The sandbox runs standalone as the upstream; the facade runs as its own server process in real
 * mode against it. This process is the load generator, and hosts the two baselines (a raw undici
 * loop, the official Lark SDK), which send the same Feishu payloads to the same sandbox. A full run
 * also measures two reference servers where the facade stands (bench/lib/references.ts: a node
 * proxy without GraphQL, stock Yoga), each in a process of its own, to tell what any server in the
 * middle costs apart from the facade's work. Mirror
 * reads are measured in a child process of their own (bench/reads-child.ts), each query through
 * the facade's GraphQL app in that process; ingest in this process. Prints a table and rewrites
 * bench/RESULTS.md.
 */
import { execSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Contender, type Path, RAISED_LIMITS, facadeContender, facadeEnv, rawContender, sdkContender } from './lib/contenders.js';
import { onBar } from './lib/figures.js';
import { type LoadResult, median, runLoad, runSerial } from './lib/load.js';
import { type MixedFigures, STATUS_PAGE_ROWS, measureReadsUnderWrites, statusPageReader } from './lib/mixed.js';
import { type Child, memoryOf, startNode } from './lib/processes.js';
import { profileRuns, topFrames } from './lib/profile.js';
import { REFERENCE_NAMES, type ReferenceKind } from './lib/references.js';
import { GROUP_COMMIT_PUSHES, type IngestFigures, type ReadResult, type measureReads, measureIngest, measureSpreadIngest, SPREAD_STRIDE, seedMirror } from './lib/reads.js';
import { type ProcessCpu, cpuBetween, cpuMsPerRequest, cpuOf, threadTimes } from './lib/threads.js';

const quick = process.argv.includes('--quick');
/** `--only=sync,memory,create,mixed,profile,reads,ingest[,references]`: a subset, while working on one path (RESULTS.md is then not written). */
const only = process.argv.find((arg) => arg.startsWith('--only='))?.slice('--only='.length).split(',');
const PHASES = ['sync', 'memory', 'create', 'mixed', 'profile', 'reads', 'ingest', 'references'];
const unknownPhases = only?.filter((name) => !PHASES.includes(name)) ?? [];
if (unknownPhases.length > 0) throw new Error(`--only: no phase ${unknownPhases.join(', ')} (the phases: ${PHASES.join(', ')})`);
const phase = (name: string) => !only || only.includes(name);
/**
 * The reference servers join the mutation rounds in a full run, and with `--only=…,references`
 * (`--only=create,references`); not in a quick one, which they would make a fifth longer.
 */
const withReferences = only ? only.includes('references') : !quick;
/**
 * `--profile-out=FILE`: keeps the facade's main-thread CPU profile there (open it in Chrome DevTools),
 * and its writer thread's beside it (`.writer` inserted before a `.cpuprofile` extension, else appended).
 */
const profileOut = process.argv.find((arg) => arg.startsWith('--profile-out='))?.slice('--profile-out='.length);
/**
 * `--profile-path=create`: profiles the facade under the createInstance load instead of the sync's
 * (with `--only`, while working on that path; a full run's RESULTS.md names the sync's profile).
 */
const profilePath: Path = (() => {
  const given = process.argv.find((arg) => arg.startsWith('--profile-path='))?.slice('--profile-path='.length) ?? 'sync';
  if (given !== 'sync' && given !== 'create') throw new Error(`--profile-path: sync or create, not ${given}`);
  if (given !== 'sync' && !only) throw new Error('--profile-path=create goes with --only (RESULTS.md describes the sync profile)');
  return given;
})();
/**
 * The contenders of a path are measured in rounds (facade, raw, SDK, then again), and so are each
 * read query's GraphQL path and hand-written SQL (`readRounds`, after `readWarmupMs` of each): this
 * VM's speed drifts by tens of percent within minutes, and a ratio of two figures measured in the
 * same round is less exposed to it than one of figures measured minutes apart.
 */
const T = quick
  ? { rounds: 1, roundWarmupMs: 500, roundLoadMs: 1_500, warmupMs: 500, loadMs: 1_500, seed: 10_000, readMs: 600, readRounds: 2, readWarmupMs: 300, ingestMs: 1_000, ingestInstances: 1_000, memoryRounds: 2, profileMs: 1_500, mixedReadMs: 1_000, memoryIdleMs: 1_000 }
  : { rounds: 3, roundWarmupMs: 1_000, roundLoadMs: 4_000, warmupMs: 5_000, loadMs: 10_000, seed: 100_000, readMs: 4_000, readRounds: 4, readWarmupMs: 1_000, ingestMs: 8_000, ingestInstances: 2_000, memoryRounds: 3, profileMs: 8_000, mixedReadMs: 3_000, memoryIdleMs: 1_500 };
const CONCURRENCY = 32;

const work = mkdtempSync(join(tmpdir(), 'feishu-bench-'));
const startedAt = Date.now();
/** Progress on stderr, each line with the seconds since the run started. */
const log = (line: string) => process.stderr.write(`[${String(Math.round((Date.now() - startedAt) / 1000)).padStart(3)} s] ${line}\n`);

interface SandboxStats {
  connectionsAccepted: number;
  calls: Record<string, number>;
}

async function sandboxStats(origin: string): Promise<SandboxStats> {
  const response = await fetch(`${origin}/__sandbox/stats`);
  return (await response.json()) as SandboxStats;
}

/**
 * The processes whose CPU is sampled while a load is measured: the server between this process and
 * the sandbox (the facade or a reference server; none for the baselines), the sandbox, this one.
 */
type Watched = 'server' | 'sandbox' | 'load generator';
const WATCHED: readonly Watched[] = ['server', 'sandbox', 'load generator'];
/** The processes every load runs on: the sandbox (once started) and this one. */
const watched = new Map<Watched, number>([['load generator', process.pid]]);

interface Measured extends LoadResult {
  contender: string;
  path: Path;
  concurrency: number;
  /** Connections the sandbox accepted while measuring (after the warm-up): 0 means every socket was reused. */
  newConnections: number;
  feishuCalls: number;
  /** CPU of each watched process while measuring (none without /proc). */
  cpu: Partial<Record<Watched, ProcessCpu>>;
}

/** A contender's rounds: req/s and latencies are the medians of the rounds', counts the sums. */
interface Combined extends Measured {
  rounds: Measured[];
}

function combine(rounds: readonly Measured[]): Combined {
  const sum = (pick: (m: Measured) => number) => rounds.reduce((total, m) => total + pick(m), 0);
  return {
    ...rounds[0]!,
    rps: median(rounds.map((m) => m.rps)),
    p50: median(rounds.map((m) => m.p50)),
    p99: median(rounds.map((m) => m.p99)),
    requests: sum((m) => m.requests),
    errors: sum((m) => m.errors),
    seconds: sum((m) => m.seconds),
    newConnections: sum((m) => m.newConnections),
    feishuCalls: sum((m) => m.feishuCalls),
    firstError: rounds.find((m) => m.firstError)?.firstError ?? null,
    cpu: Object.fromEntries(
      WATCHED.filter((name) => rounds.every((m) => m.cpu[name]))
        .map((name) => [name, { main: median(rounds.map((m) => m.cpu[name]!.main)), others: median(rounds.map((m) => m.cpu[name]!.others)) }]),
    ),
    rounds: [...rounds],
  };
}

/** A contender of a path's rounds; `server`: the pid of the server it sends to, when it is not the sandbox. */
interface InRound {
  make: (round: number) => Contender;
  concurrency: number;
  server?: number;
}

/** Measures each contender once per round, in turn, and keeps every round's figures. */
async function inRounds(path: Path, contenders: readonly InRound[], sandbox: string): Promise<Measured[][]> {
  const rounds: Measured[][] = contenders.map(() => []);
  for (let round = 1; round <= T.rounds; round += 1) {
    if (T.rounds > 1) log(`  round ${round} of ${T.rounds}`);
    for (const [index, { make, concurrency, server }] of contenders.entries()) {
      const contender = make(round);
      // The first round warms the JIT and opens the pools' connections: it gets the longer warm-up.
      const warmupMs = round === 1 ? T.warmupMs : T.roundWarmupMs;
      rounds[index]!.push(await measure(contender, path, concurrency, sandbox, { server, time: { warmupMs, loadMs: T.roundLoadMs } }));
      await contender.close();
    }
  }
  return rounds;
}

/** `server`: the pid of the server the contender sends to, when it is not the sandbox (its CPU is sampled too). */
async function measure(
  contender: Contender,
  path: Path,
  concurrency: number,
  sandbox: string,
  { server, time = { warmupMs: T.warmupMs, loadMs: T.loadMs } }: { server?: number; time?: { warmupMs: number; loadMs: number } } = {},
): Promise<Measured> {
  await contender.warm();
  let before = await sandboxStats(sandbox);
  let after = before;
  const processes = new Map(watched);
  if (server !== undefined) processes.set('server', server);
  const sample = () => new Map([...processes].map(([name, pid]) => [name, threadTimes(pid)] as const));
  let cpuBefore = sample();
  let cpuAfter = cpuBefore;
  const result = await runLoad({
    concurrency,
    warmupMs: time.warmupMs,
    durationMs: time.loadMs,
    send: (n) => contender.send(n),
    onMeasure: async (moment) => {
      if (moment === 'start') {
        before = await sandboxStats(sandbox);
        cpuBefore = sample();
      } else {
        cpuAfter = sample();
        after = await sandboxStats(sandbox);
      }
    },
  });
  const calls = (stats: SandboxStats) => Object.entries(stats.calls).filter(([p]) => !p.includes('tenant_access_token')).reduce((sum, [, n]) => sum + n, 0);
  log(`  ${path} ${contender.name} c=${concurrency}: ${result.rps.toFixed(0)} req/s, p50 ${result.p50.toFixed(2)} ms, p99 ${result.p99.toFixed(2)} ms, errors ${result.errors}`);
  if (result.firstError) log(`    first error: ${result.firstError}`);
  const cpu = Object.fromEntries(
    [...processes].flatMap(([name, pid]) => {
      const [start, end] = [cpuBefore.get(name), cpuAfter.get(name)];
      return start && end ? [[name, cpuBetween(pid, start, end, result.seconds)]] : [];
    }),
  ) as Measured['cpu'];
  const shares = Object.entries(cpu).map(([name, p]) => `${name} ${p.main.toFixed(0)}${p.others >= 0.5 ? ` + ${p.others.toFixed(0)}` : ''}`);
  if (shares.length > 0) log(`    CPU % of a core (main thread + others): ${shares.join(', ')}`);
  return {
    ...result,
    contender: contender.name,
    path,
    concurrency,
    newConnections: after.connectionsAccepted - before.connectionsAccepted,
    feishuCalls: calls(after) - calls(before),
    cpu,
  };
}

async function startFacade(sandbox: string, database: string, nodeArgs: string[] = []): Promise<{ child: Child; origin: string }> {
  const { child, match } = await startNode(
    'src/server.ts',
    { ...facadeEnv(sandbox, database), PORT: '0', LOG_LEVEL: 'warn', NODE_ENV: 'production' },
    /GraphiQL at (http:\/\/\S+)\/graphql/,
    nodeArgs,
  );
  return { child, origin: match[1]! };
}

const idle = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function main() {
  const started = Date.now();
  log(`benchmark (${quick ? 'quick' : 'full'}${only ? `, only ${only.join(', ')}` : ''}), working in ${work}`);
  const { child: sandboxChild, match } = await startNode('src/sandbox/standalone.ts', { SANDBOX_PORT: '0' }, /listening on (http:\/\/\S+)/);
  const sandbox = match[1]!;
  watched.set('sandbox', sandboxChild.process.pid!);
  let facade: { child: Child; origin: string } | undefined;
  const referenceServers = new Map<ReferenceKind, Child>();
  const loads: Combined[] = [];
  const memory: { round: number; rssMiB: number; peakMiB: number }[] = [];
  const heap: { round: number; requests: number; heapMiB: number; rssMiB: number }[] = [];
  let mixed: MixedFigures | null = null;
  let profile: ReturnType<typeof topFrames> | null = null;
  /** The mirror's writer thread under the same load (a push's SQLite work runs there). */
  let writerProfile: ReturnType<typeof topFrames> | null = null;
  const run = (name: string) => `${name}-${Date.now()}`;
  try {
    facade = await startFacade(sandbox, join(work, 'facade.sqlite'));
    const origin = facade.origin;
    const facadePid = facade.child.process.pid;
    const referenceOrigins = new Map<ReferenceKind, string>();
    /** The reference servers' contenders, at the concurrency of the facade's main figures. */
    const referenceContenders = (path: Path): InRound[] =>
      [...referenceOrigins].map(([kind, referenceOrigin]) => ({
        make: (r: number) => facadeContender(referenceOrigin, path, run(`${kind}-${path}-${r}`), REFERENCE_NAMES[kind]),
        concurrency: CONCURRENCY,
        server: referenceServers.get(kind)?.process.pid,
      }));
    if (withReferences) {
      for (const kind of ['stock-yoga', 'node-proxy', 'facade-without-yoga'] as const) {
        // The facade without Yoga writes a mirror of its own, on a fresh file as the facade's.
        const mirror: Record<string, string> = kind === 'facade-without-yoga' ? { DATABASE_URL: join(work, 'facade-without-yoga.sqlite') } : {};
        const started = await startNode('bench/reference-server.ts', { REFERENCE: kind, SANDBOX: sandbox, NODE_ENV: 'production', ...mirror }, /at (http:\/\/\S+)\/graphql/);
        referenceServers.set(kind, started.child);
        referenceOrigins.set(kind, started.match[1]!);
      }
    }
    if (phase('sync')) {
      log('mutation path: syncExternalInstance');
      const rounds = await inRounds(
        'sync',
        [
          { make: (r) => facadeContender(origin, 'sync', run(`f32-${r}`)), concurrency: CONCURRENCY, server: facadePid },
          { make: (r) => rawContender(sandbox, 'sync', run(`r32-${r}`)), concurrency: CONCURRENCY },
          { make: (r) => sdkContender(sandbox, 'sync', run(`s32-${r}`)), concurrency: CONCURRENCY },
          { make: (r) => facadeContender(origin, 'sync', run(`f1-${r}`)), concurrency: 1, server: facadePid },
          { make: (r) => rawContender(sandbox, 'sync', run(`r1-${r}`)), concurrency: 1 },
          { make: (r) => sdkContender(sandbox, 'sync', run(`s1-${r}`)), concurrency: 1 },
          ...referenceContenders('sync'),
        ],
        sandbox,
      );
      loads.push(...rounds.map(combine));
    }
    if (phase('memory')) {
      log('memory: repeated mutation load on the facade');
      for (let round = 1; round <= T.memoryRounds; round += 1) {
        const contender = facadeContender(origin, 'sync', run(`mem${round}`));
        await measure(contender, 'sync', CONCURRENCY, sandbox, { server: facadePid });
        await contender.close();
        await idle(T.memoryIdleMs);
        memory.push({ round, ...memoryOf(facadePid!) });
        log(`  after round ${round}: rss ${memory.at(-1)!.rssMiB.toFixed(1)} MiB, peak ${memory.at(-1)!.peakMiB.toFixed(1)} MiB`);
      }
    }
    if (phase('create')) {
      log('createInstance path (client-side rate limiter raised for the run)');
      const rounds = await inRounds(
        'create',
        [
          { make: (r) => facadeContender(origin, 'create', run(`fc-${r}`)), concurrency: CONCURRENCY, server: facadePid },
          { make: (r) => rawContender(sandbox, 'create', run(`rc-${r}`)), concurrency: CONCURRENCY },
          { make: (r) => sdkContender(sandbox, 'create', run(`sc-${r}`)), concurrency: CONCURRENCY },
          ...referenceContenders('create'),
        ],
        sandbox,
      );
      loads.push(...rounds.map(combine));
    }
    if (phase('mixed')) {
      log(`reads while the mirror is written: the status page at concurrency 1, alone and during the sync load at concurrency ${CONCURRENCY}`);
      const reader = statusPageReader(origin);
      try {
        // Fills the mirror with at least a page of instances (with --only=mixed it starts empty), then warms the read.
        const filler = facadeContender(origin, 'sync', run('mixfill'));
        await runLoad({ concurrency: CONCURRENCY, warmupMs: 0, durationMs: T.roundWarmupMs, send: (n) => filler.send(n) });
        await filler.close();
        await runSerial(T.roundWarmupMs, reader.read);
        mixed = await measureReadsUnderWrites({
          read: reader.read,
          load: (r) => facadeContender(origin, 'sync', run(`mix-${r}`)),
          concurrency: CONCURRENCY,
          rounds: T.rounds,
          warmupMs: T.roundWarmupMs,
          readMs: T.mixedReadMs,
        });
      } finally {
        await reader.close();
      }
      for (const [r, round] of mixed.rounds.entries()) {
        log(`  round ${r + 1}: p50 ${round.alone.p50.toFixed(2)} ms alone, ${round.underLoad.p50.toFixed(2)} ms during ${round.loadPerSecond.toFixed(0)} syncs/s (p99 ${round.alone.p99.toFixed(2)}, ${round.underLoad.p99.toFixed(2)})`);
      }
      if (mixed.loadErrors > 0) throw new Error(`the sync load under the reads had ${mixed.loadErrors} errors`);
    }
    await facade.child.stop();
    for (const child of referenceServers.values()) await child.stop();
    if (phase('memory')) {
      log('memory: the facade heap after GC, across rounds of mutation load (in a child with --expose-gc)');
      const { child } = await startNode(
        'bench/heap-check.ts',
        { ...facadeEnv(sandbox, join(work, 'heap.sqlite')), LOG_LEVEL: 'warn', NODE_ENV: 'production', ROUNDS: String(T.memoryRounds + 1), ROUND_MS: String(T.loadMs / 2) },
        /ready/,
        ['--expose-gc'],
      );
      await child.exited;
      for (const line of child.output().split('\n')) {
        if (line.startsWith('{')) heap.push(JSON.parse(line) as (typeof heap)[number]);
      }
      for (const h of heap) log(`  round ${h.round}: heap ${h.heapMiB.toFixed(1)} MiB after ${h.requests} requests`);
    }
    if (phase('profile')) {
      log(`profile: the facade under ${profilePath} load, with --cpu-prof`);
      const profileDir = join(work, 'profile');
      facade = await startFacade(sandbox, join(work, 'profiled.sqlite'), ['--cpu-prof', `--cpu-prof-dir=${profileDir}`]);
      const profiled = facadeContender(facade.origin, profilePath, run('prof'));
      await profiled.warm();
      await runLoad({ concurrency: CONCURRENCY, warmupMs: 0, durationMs: T.warmupMs, send: (n) => profiled.send(n) });
      // Only the samples taken under the measured load count: V8 stamps them with the monotonic
      // clock process.hrtime reads, so start-up (module loading) and the warm-up stay out.
      const fromUs = Number(process.hrtime.bigint() / 1000n);
      await runLoad({ concurrency: CONCURRENCY, warmupMs: 0, durationMs: T.profileMs, send: (n) => profiled.send(1_000_000 + n) });
      const toUs = Number(process.hrtime.bigint() / 1000n);
      await profiled.close();
      await facade.child.stop();
      // One profile per thread (the WAL checkpointer and the mirror's writer are workers):
      // CPU.<date>.<time>.<pid>.<thread>.<n>; thread 0 is the main one, the writer is told by its code.
      const files = readdirSync(profileDir).filter((name) => name.endsWith('.cpuprofile'));
      const file = files.find((name) => /\.\d+\.0\.\d+\.cpuprofile$/.test(name));
      const writerFile = files.find((name) => name !== file && profileRuns(join(profileDir, name), 'writer-thread-entry'));
      if (file) profile = topFrames(join(profileDir, file), 8, { fromUs, toUs });
      if (writerFile) writerProfile = topFrames(join(profileDir, writerFile), 5, { fromUs, toUs });
      if (file && profileOut) copyFileSync(join(profileDir, file), profileOut);
      if (writerFile && profileOut) copyFileSync(join(profileDir, writerFile), profileOut.replace(/(\.cpuprofile)?$/, '.writer$1'));
      if (profile && only) for (const f of profile.frames) log(`  ${(f.share * 100).toFixed(1)} % ${f.frame}`);
      if (writerProfile && only) {
        log(`  writer thread: busy ${((1 - writerProfile.idleShare) * 100).toFixed(0)} % of the time; of that:`);
        for (const f of writerProfile.frames) log(`    ${(f.share * 100).toFixed(1)} % ${f.frame}`);
      }
    }
  } finally {
    await facade?.child.stop();
    for (const child of referenceServers.values()) await child.stop();
    await sandboxChild.stop();
  }

  let reads: Awaited<ReturnType<typeof measureReads>> = { results: [], seedSeconds: 0 };
  if (phase('reads')) {
    log(`mirror reads: seeding ${T.seed.toLocaleString('en')} instances`);
    const { child } = await startNode(
      'bench/reads-child.ts',
      { READS_PATH: join(work, 'reads.sqlite'), READS_SEED: String(T.seed), READS_MS: String(T.readMs), READS_ROUNDS: String(T.readRounds), READS_WARMUP_MS: String(T.readWarmupMs), NODE_ENV: process.env.NODE_ENV ?? '' },
      /^\{.*\}$/m,
    );
    if ((await child.exited) !== 0) throw new Error(`the reads child failed: ${child.output()}`);
    reads = JSON.parse(child.output().trim().split('\n').at(-1)!) as typeof reads;
    for (const r of reads.results) log(`  ${r.name}: GraphQL ${r.graphqlPerSecond.toFixed(0)}/s, SQL ${r.rawPerSecond.toFixed(0)}/s, ratio ${r.ratio.toFixed(2)} (by round ${r.ratiosByRound.map((x) => x.toFixed(2)).join(' / ')}), ${r.statements} statements`);
  }
  const noFigure = { perSecond: Number.NaN, pushes: 0 };
  /** Into a new mirror updated in order, and into the reads' seeded mirror, spread over it. */
  const ingest: { inOrder: IngestFigures; spread: IngestFigures } = { inOrder: { grouped: noFigure, single: noFigure }, spread: { grouped: noFigure, single: noFigure } };
  if (phase('ingest')) {
    log(`ingest: UPDATE pushes into a new mirror of ${T.ingestInstances.toLocaleString('en')} instances, in order`);
    ingest.inOrder.single = await measureIngest(join(work, 'ingest-1.sqlite'), T.ingestInstances, T.ingestMs / 2, 1);
    ingest.inOrder.grouped = await measureIngest(join(work, 'ingest-32.sqlite'), T.ingestInstances, T.ingestMs / 2, GROUP_COMMIT_PUSHES);
    log(`  ${ingest.inOrder.single.perSecond.toFixed(0)} syncs/s one commit each, ${ingest.inOrder.grouped.perSecond.toFixed(0)} syncs/s ${GROUP_COMMIT_PUSHES} to a commit`);
    // The reads' mirror, which they leave as seeded; seeded here when they did not run.
    const seeded = join(work, 'reads.sqlite');
    if (!existsSync(seeded)) {
      log(`  seeding ${T.seed.toLocaleString('en')} instances`);
      await seedMirror(seeded, T.seed).mirror.close();
    }
    log(`ingest: UPDATE pushes into the mirror of ${T.seed.toLocaleString('en')} instances, spread over it`);
    ingest.spread = await measureSpreadIngest(seeded, T.seed, T.ingestMs / 2);
    log(`  ${ingest.spread.single.perSecond.toFixed(0)} syncs/s one commit each, ${ingest.spread.grouped.perSecond.toFixed(0)} syncs/s ${GROUP_COMMIT_PUSHES} to a commit`);
  }
  rmSync(work, { recursive: true, force: true });
  if (only) return;
  const report = renderReport(loads, memory, heap, mixed, reads.results, reads.seedSeconds, ingest, profile, writerProfile, (Date.now() - started) / 1000);
  process.stdout.write(`${report}\n`);
  writeFileSync(new URL('./RESULTS.md', import.meta.url), `${report}\n`);
}

function commit(): string {
  try {
    const sha = execSync('git rev-parse --short HEAD', { encoding: 'utf8' }).trim();
    const dirty = execSync('git status --porcelain --untracked-files=no', { encoding: 'utf8' }).trim() !== '';
    return dirty ? `${sha} (with uncommitted changes)` : sha;
  } catch {
    return 'unknown';
  }
}

const fmt = (n: number, digits = 0) => (Number.isFinite(n) ? n.toFixed(digits) : 'n/a');
const mark = (ok: boolean) => (ok ? 'met' : '**not met**');
const atLeast = (bar: number) => (figure: number) => figure >= bar;

/** A row of the targets table: the figure shown on its side of the bar (see onBar), the target, the verdict. */
const targetRow = (figure: string, value: number, unit: string, target: string, meets: (figure: number) => boolean) =>
  `| ${figure} | ${onBar(value, meets)}${unit} | ${target} | ${mark(meets(value))} |`;

function renderReport(
  loads: Combined[],
  memory: { round: number; rssMiB: number; peakMiB: number }[],
  heap: { round: number; requests: number; heapMiB: number; rssMiB: number }[],
  mixed: MixedFigures | null,
  reads: ReadResult[],
  seedSeconds: number,
  ingest: { inOrder: IngestFigures; spread: IngestFigures },
  profile: ReturnType<typeof topFrames> | null,
  writerProfile: ReturnType<typeof topFrames> | null,
  seconds: number,
): string {
  const find = (path: Path, contender: string, concurrency: number) => loads.find((l) => l.path === path && l.contender === contender && l.concurrency === concurrency)!;
  const lines: string[] = [];
  const cpu = cpus();
  lines.push('# Benchmark results', '');
  lines.push(`- date: ${new Date().toISOString()}`);
  lines.push(`- mode: ${quick ? 'quick (`npm run bench -- --quick`)' : 'full (`npm run bench`)'}, ${fmt(seconds)} s`);
  lines.push(`- machine: ${cpu.length} CPUs (${cpu[0]?.model.trim() ?? 'unknown'}), Node ${process.version}`);
  lines.push(`- commit: ${commit()}`);
  lines.push(
    `- setup: sandbox standalone on loopback (one process) as the upstream; the facade as its own server process in real mode against it, mirror on a fresh SQLite file; load from this process at concurrency ${CONCURRENCY} (and 1). The facade runs with NODE_ENV=production, as a deployment would, and its client-side rate limits raised for the run (${Object.keys(RAISED_LIMITS).join(', ')}).`,
  );
  lines.push('');
  lines.push('## Mutations', '');
  lines.push(
    T.rounds > 1
      ? `Each path's contenders were measured in turn, ${T.rounds} rounds of ${fmt(T.roundLoadMs / 1000, 1)} s each after a warm-up (${fmt(T.warmupMs / 1000, 1)} s in the first round, ${fmt(T.roundWarmupMs / 1000, 1)} s after): req/s and latencies are the medians of the rounds, and each ratio below is the median of the ratios of figures measured in the same round.`
      : `One round of ${fmt(T.roundLoadMs / 1000, 1)} s per contender after a ${fmt(T.roundWarmupMs / 1000, 1)} s warm-up.`,
    '',
  );
  lines.push('| path | contender | concurrency | req/s | req/s by round | p50 ms | p99 ms | errors | sandbox connections opened while measured / requests |');
  lines.push('| --- | --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const l of loads) {
    lines.push(
      `| ${l.path} | ${l.contender} | ${l.concurrency} | ${fmt(l.rps)} | ${l.rounds.map((m) => fmt(m.rps)).join(' / ')} | ${fmt(l.p50, 2)} | ${fmt(l.p99, 2)} | ${l.errors} | ${l.newConnections} / ${l.feishuCalls} |`,
    );
  }
  lines.push('');
  /** The median over rounds of a figure of two contenders measured in the same round. */
  const perRound = (a: Combined, b: Combined, figure: (x: Measured, y: Measured) => number) => median(a.rounds.map((x, round) => figure(x, b.rounds[round]!)));
  const ratio = (path: Path, other: string) => perRound(find(path, 'facade', CONCURRENCY), find(path, other, CONCURRENCY), (x, y) => x.rps / y.rps);
  const added = perRound(find('sync', 'facade', 1), find('sync', 'raw undici', 1), (x, y) => x.p50 - y.p50);
  // The first round warms caches and the JIT; growth is judged from the second round on.
  const settled = heap.slice(1);
  const heapGrowth = settled.length > 1 ? settled.at(-1)!.heapMiB - settled[0]!.heapMiB : Number.NaN;
  lines.push('## Ratios and targets', '');
  lines.push('| figure | value | target | |');
  lines.push('| --- | --- | --- | --- |');
  for (const path of ['sync', 'create'] as const) {
    lines.push(targetRow(`${path}: facade ÷ raw undici (throughput)`, ratio(path, 'raw undici'), '', '≥ 0.5', atLeast(0.5)));
    lines.push(targetRow(`${path}: facade ÷ official SDK (throughput)`, ratio(path, 'official SDK'), '', '≥ 1.0', atLeast(1.0)));
  }
  lines.push(targetRow('sync, concurrency 1: latency the facade adds (p50 facade − p50 raw)', added, ' ms', '≤ 1 ms', (figure) => figure <= 1));
  for (const r of reads) {
    lines.push(targetRow(`read "${r.name}": GraphQL ÷ hand-written SQL`, r.ratio, '', '≥ 0.3', atLeast(0.3)));
  }
  lines.push(
    `| facade heap growth after GC, rounds 2 to ${heap.length} of mutation load | ${fmt(heapGrowth, 1)} MiB over ${settled.length > 1 ? (settled.at(-1)!.requests - settled[0]!.requests).toLocaleString('en') : 0} requests | none (< 2 MiB) | ${mark(heapGrowth < 2)} |`,
  );
  lines.push('');
  const referenceLoads = loads.filter((l) => Object.values(REFERENCE_NAMES).includes(l.contender));
  if (referenceLoads.length > 0) {
    const against = (l: Combined, other: string) => perRound(l, find(l.path, other, CONCURRENCY), (x, y) => x.rps / y.rps);
    lines.push('## What a server in the middle costs', '');
    lines.push(
      `Three reference servers were measured in the same rounds, where the facade stands (a process of their own between this one and the sandbox, at concurrency ${CONCURRENCY}), each sending the sandbox the payload the facade sends for the same request ([references.ts](lib/references.ts)). The **node proxy** has no GraphQL: node:http, the body's JSON parsed, the facade's translation, undici, a JSON answer. **Stock Yoga** is graphql-yoga with its defaults (graphql-js parses, validates and executes) on the facade's schema as printed, with two resolvers that translate and send. Neither checks Feishu's rules nor writes a mirror: they are floors, not products. The node proxy's ratio to the raw loop is the most a server in the middle gets here; stock Yoga's to the SDK, what a GraphQL server on the stack gets before doing any of the facade's work. The **facade without Yoga** does all of the facade's work (its schema and resolvers, the argument validation, the compiled execution, the Feishu client, the mirror on a fresh file of its own) served by node:http instead of Yoga: documents parsed and validated once, the result as JSON, none of Yoga's HTTP layer and hooks (nor its error masking and body limit). Its ratio against the facade's is what Yoga costs the facade.`,
      '',
    );
    lines.push('| path | contender | req/s | ÷ raw undici | ÷ official SDK |', '| --- | --- | --- | --- | --- |');
    for (const path of ['sync', 'create'] as const) {
      for (const l of [find(path, 'facade', CONCURRENCY), ...referenceLoads.filter((r) => r.path === path)]) {
        if (!l) continue;
        lines.push(`| ${path} | ${l.contender} | ${fmt(l.rps)} | ${fmt(against(l, 'raw undici'), 2)} | ${fmt(against(l, 'official SDK'), 2)} |`);
      }
    }
    lines.push('');
  }
  lines.push('## Mirror reads', '');
  lines.push(
    `Mirror of ${T.seed.toLocaleString('en')} external instances (5 tasks and 2 cc entries each, texts in two locales, 1,000 users), seeded in ${fmt(seedSeconds, 1)} s. Measured in a process of their own (\`bench/reads-child.ts\`), started after the mutation phases. GraphQL is the full in-process path (yoga.fetch with the headers an HTTP client sends, Content-Length included: parse, validate, execute, serialize); SQL is one hand-written prepared better-sqlite3 query returning the same rows as plain objects. One request at a time. Each query's GraphQL path and SQL were warmed up (${fmt(T.readWarmupMs / 1000, 1)} s each, not measured), then measured in ${T.readRounds} rounds of ${fmt(T.readMs / T.readRounds / 1000, 1)} s each, GraphQL then SQL: req/s and p50 are the medians of the rounds, the ratio the median of the ratios measured in the same round.`,
    '',
  );
  lines.push('| query | rows | GraphQL req/s | SQL req/s | ratio | ratio by round | GraphQL p50 ms | SQL p50 ms | SQL statements per GraphQL request |');
  lines.push('| --- | --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const r of reads) {
    lines.push(`| ${r.name} | ${r.rows} | ${fmt(r.graphqlPerSecond)} | ${fmt(r.rawPerSecond)} | ${fmt(r.ratio, 2)} | ${r.ratiosByRound.map((x) => fmt(x, 2)).join(' / ')} | ${fmt(r.graphqlP50, 2)} | ${fmt(r.rawP50, 3)} | ${r.statements} |`);
  }
  lines.push('');
  if (mixed) {
    lines.push('## Reads while the mirror is written', '');
    lines.push(
      `The facade writes its mirror on a thread of its own so that a read does not wait behind the writes; the mutation figures above, all writes, cannot show what that buys. Here the status page (the ${STATUS_PAGE_ROWS} newest PENDING instances, one statement, through the facade server over HTTP) was read one request at a time from this process, alone and while the sync load at concurrency ${CONCURRENCY} ran, in ${mixed.rounds.length} ${mixed.rounds.length > 1 ? 'alternating rounds' : 'round'} of ${fmt(T.mixedReadMs / 1000, 1)} s each (after the first ${fmt(T.roundWarmupMs / 1000, 1)} s of each load), on the mirror the mutation phases filled: p50 and p99 are the medians of the rounds.`,
      '',
      '| page read | reads | p50 ms | p99 ms | sync load req/s |',
      '| --- | --- | --- | --- | --- |',
      `| alone | ${mixed.alone.reads.toLocaleString('en')} | ${fmt(mixed.alone.p50, 2)} | ${fmt(mixed.alone.p99, 2)} | |`,
      `| during the sync load | ${mixed.underLoad.reads.toLocaleString('en')} | ${fmt(mixed.underLoad.p50, 2)} | ${fmt(mixed.underLoad.p99, 2)} | ${fmt(mixed.loadPerSecond)} |`,
      '',
      `p50 during the load ÷ p50 alone: **${fmt(mixed.slowdown, 1)}×** (by round: ${mixed.rounds.map((round) => fmt(round.underLoad.p50 / round.alone.p50, 1)).join(' / ')}). No target. With every write on the main thread instead, this phase measured a p50 of 6.2–6.8 ms during the load, against 1.1–2.6 ms with the writer thread (OPTIMIZATIONS.md, twenty-first round): a change that raises the mutation figures at this one's expense shows here.`,
      '',
    );
  }
  lines.push('## Ingest', '');
  lines.push(
    `UPDATE pushes of mirrored instances (newer statuses and times, the texts unchanged: versioning checks included, and every push checked to have updated its instance; the search row is rewritten only by a push that changes a text, so not by these), mirror write time only, with ${GROUP_COMMIT_PUSHES} pushes to a commit as the facade's group commit does under load, and with a commit each:`,
    '',
    `| mirror | instances updated | ${GROUP_COMMIT_PUSHES} to a commit | a commit each |`,
    '| --- | --- | --- | --- |',
    `| the reads' mirror of ${T.seed.toLocaleString('en')} instances | spread over it (each push ${SPREAD_STRIDE.toLocaleString('en')} instances from the one before) | **${fmt(ingest.spread.grouped.perSecond)} syncs/s** (${ingest.spread.grouped.pushes.toLocaleString('en')} pushes) | ${fmt(ingest.spread.single.perSecond)} syncs/s (${ingest.spread.single.pushes.toLocaleString('en')} pushes) |`,
    `| a new mirror of ${T.ingestInstances.toLocaleString('en')} instances | in order | ${fmt(ingest.inOrder.grouped.perSecond)} syncs/s (${ingest.inOrder.grouped.pushes.toLocaleString('en')} pushes) | ${fmt(ingest.inOrder.single.perSecond)} syncs/s (${ingest.inOrder.single.pushes.toLocaleString('en')} pushes) |`,
    '',
    "The first row is what to expect of a mirror in use: a push rewrites its instance's rows and moves its entries in the indexes ordered by update time, pages that lie together in a small mirror updated in order and apart in a large one (see OPTIMIZATIONS.md, twentieth round).",
    '',
  );
  lines.push('## Memory', '');
  lines.push(`The facade server process, after each round of the sync load at concurrency ${CONCURRENCY} (and ${fmt(T.memoryIdleMs / 1000, 1)} s idle):`, '');
  lines.push('| after round | facade RSS MiB | facade peak RSS MiB |', '| --- | --- | --- |');
  for (const m of memory) lines.push(`| ${m.round} | ${fmt(m.rssMiB, 1)} | ${fmt(m.peakMiB, 1)} |`);
  lines.push('', 'RSS moves with the allocator; the heap in use after a full GC tells a leak. The same app in a child process with `--expose-gc`, same load:', '');
  lines.push('| after round | requests so far | heap in use after GC MiB | RSS MiB |', '| --- | --- | --- | --- |');
  for (const h of heap) lines.push(`| ${h.round} | ${h.requests.toLocaleString('en')} | ${fmt(h.heapMiB, 1)} | ${fmt(h.rssMiB, 1)} |`);
  lines.push('');
  lines.push('## What limits the facade', '');
  if (profile) {
    const top = profile.frames.slice(0, 5).map((f) => `${f.frame} (${fmt(f.share * 100, 1)} %)`);
    lines.push(
      `CPU profile of the facade under the sync load at concurrency ${CONCURRENCY} (\`node --cpu-prof\`): idle ${fmt(profile.idleShare * 100, 0)} % of the time; of the busy time, GC ${fmt(profile.gcShare * 100, 1)} %, and the top self-time frames are ${top.join(', ')}.`,
      '',
    );
    lines.push('| self time | frame |', '| --- | --- |');
    for (const f of profile.frames) lines.push(`| ${fmt(f.share * 100, 1)} % | \`${f.frame}\` |`);
    if (writerProfile) {
      const writerTop = writerProfile.frames.map((f) => `${f.frame} (${fmt(f.share * 100, 1)} %)`);
      lines.push(
        '',
        `The mirror's writer thread, in the same profile (a push's SQLite work): busy ${fmt((1 - writerProfile.idleShare) * 100, 0)} % of the time; of that, its top self-time frames are ${writerTop.join(', ')}.`,
      );
    }
  } else {
    lines.push('No CPU profile was written.');
  }
  lines.push(...cpuTable(loads, cpu.length));
  lines.push('', 'What was changed to improve these figures, with figures before and after, and why the targets marked "not met" still are: [OPTIMIZATIONS.md](OPTIMIZATIONS.md).');
  return lines.join('\n');
}

/**
 * The CPU each load used, process by process, and what a request cost them all: the lines of the
 * report's CPU table and of the sentence after it, none when no CPU was sampled (no /proc).
 */
function cpuTable(loads: readonly Combined[], cores: number): string[] {
  const measured = loads.filter((l) => l.cpu['sandbox'] && l.cpu['load generator']);
  if (measured.length === 0) return [];
  const pct = (p: ProcessCpu | undefined, part: 'main' | 'others' | 'all' = 'all') =>
    p === undefined ? '' : `${fmt(part === 'all' ? cpuOf(p) : p[part])} %`;
  /** The median over rounds of each round's CPU a request, all processes or the server alone. */
  const perRequest = (l: Combined, only?: Watched) =>
    median(l.rounds.map((m) => cpuMsPerRequest(only ? (m.cpu[only] ? [m.cpu[only]] : []) : Object.values(m.cpu), m.rps)));
  const lines = [
    '',
    `CPU used while each load was measured, in % of one core (${cores} cores: ${cores * 100} % in all), the median of the rounds, and the CPU time a request cost the processes it went through (their CPU over the requests a second, the median of the rounds'). The server is the process between the load generator and the sandbox: the facade or a reference server; the raw loop and the SDK have none, the load generator is their client. The server's other threads are the facade's mirror writer and WAL checkpointer and V8's helper threads; the load generator is this process.`,
    '',
    '| path | contender | concurrency | req/s | server main thread | server other threads | sandbox | load generator | all | CPU a request, all | CPU a request, the server |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const l of measured) {
    const { server, sandbox, 'load generator': generator } = l.cpu;
    const all = [server, sandbox, generator].reduce((sum, p) => sum + (p ? cpuOf(p) : 0), 0);
    lines.push(
      `| ${l.path} | ${l.contender} | ${l.concurrency} | ${fmt(l.rps)} | ${pct(server, 'main')} | ${pct(server, 'others')} | ${pct(sandbox)} | ${pct(generator)} | ${fmt(all)} % | ${fmt(perRequest(l), 2)} ms | ${server ? `${fmt(perRequest(l, 'server'), 2)} ms` : ''} |`,
    );
  }
  const at = (path: Path, contender: string) => measured.find((l) => l.path === path && l.contender === contender && l.concurrency === CONCURRENCY);
  const sentences = (['sync', 'create'] as const).flatMap((path) => {
    const [facade, raw] = [at(path, 'facade'), at(path, 'raw undici')];
    if (!facade || !raw) return [];
    const [through, rawCost] = [perRequest(facade), perRequest(raw)];
    return [`a ${path} cost ${fmt(through, 2)} ms of CPU through the facade (${fmt(perRequest(facade, 'server'), 2)} ms of it in the facade's process) and ${fmt(rawCost, 2)} ms through the raw loop, ${fmt(through / rawCost, 1)} times as much`];
  });
  if (sentences.length > 0) {
    lines.push(
      '',
      `At concurrency ${CONCURRENCY}, ${sentences.join('; ')}. On the same cores as busy as the raw loop kept them, half its throughput allows twice its CPU a request, sandbox and load generator included.`,
    );
  }
  return lines;
}

await main();
