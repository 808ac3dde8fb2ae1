import { loadConfig } from '../src/config.js';
import { createLogger } from '../src/logger.js';
import { startRuntime } from '../src/runtime.js';
import { SANDBOX_APP } from '../src/sandbox/sandbox.js';
import { ENGINE_TITLES } from './engines.js';
import { type HandWrittenQueries, handWrittenPostgres, poolOf } from './hand-written-postgres.js';
import { handWrittenSqlite } from './hand-written-sqlite.js';
import { type Latencies, combined, inRounds, perRound, serial } from './load.js';
import { type ReadCase, readCases } from './read-cases.js';
import { type Figure, type PhaseReport, fmt } from './results.js';
import { SEEDING, type Seeded } from './seed.js';
import { AUTHORIZATION, BENCH_KEYS } from './processes.js';

export interface ReadTiming {
  /** Each contender's warm-up before the rounds, unmeasured. */
  warmupMs: number;
  rounds: number;
  roundMs: number;
}

type Read = () => Promise<unknown[]>;

/**
 * The facade's GraphQL app in this process on the mirror at `location` (wired by startRuntime as
 * the server wires it; reads never call Feishu), counting the SQL statements it runs.
 */
async function facadeReads(location: string) {
  let statements = 0;
  const config = loadConfig({
    DATABASE_URL: location,
    FEISHU_APP_ID: SANDBOX_APP.appId,
    FEISHU_APP_SECRET: SANDBOX_APP.appSecret,
    // Never called: a page read reads the mirror only.
    FEISHU_BASE_URL: 'http://127.0.0.1:9',
    LOG_LEVEL: 'silent',
    FACADE_API_KEYS: BENCH_KEYS,
  });
  const runtime = await startRuntime(config, createLogger('silent'), { onQuery: () => (statements += 1) });
  /** A read of a case's page of `first` rows, with the headers an HTTP client sends. */
  const reader = (c: ReadCase, first: number): Read => {
    const body = JSON.stringify({ query: c.query, variables: { ...c.variables, first } });
    const headers = { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)), ...AUTHORIZATION };
    return async () => {
      const response = await runtime.yoga.fetch('http://localhost/graphql', { method: 'POST', headers, body });
      const answer = (await response.json()) as { data?: unknown; errors?: unknown };
      if (answer.errors || !answer.data) throw new Error(`${c.name}: ${JSON.stringify(answer.errors)}`);
      return c.rows(answer.data);
    };
  };
  return {
    reader,
    /** The statements one read of a page of `first` rows runs. */
    async statements(c: ReadCase, first: number): Promise<number> {
      const read = reader(c, first);
      await read();
      const before = statements;
      await read();
      return statements - before;
    },
    mirror: runtime.mirror,
    close: () => runtime.close(),
  };
}

/** `${instanceId}/${taskId}` of each row, from a GraphQL page's nodes or the hand-written query's rows. */
function keysOf(rows: unknown[]): string[] {
  return rows.map((row) => {
    const r = ((row as { node?: unknown }).node ?? row) as { instanceId?: string; taskId?: string; instance?: { instanceId: string } };
    return `${r.instanceId ?? r.instance?.instanceId}/${r.taskId ?? ''}`;
  });
}

/** How fast a seeded mirror was written, and how large it is. */
function seedFigures(mirror: Seeded): Figure[] {
  const instances = mirror.instances.toLocaleString('en');
  const { engine } = mirror;
  const recorded = mirror.recorded < mirror.instances ? ` (the first ${mirror.recorded.toLocaleString('en')} recorded)` : '';
  const figures: Figure[] = [
    { label: `ingest while seeding ${instances} instances`, engine, value: mirror.pushesPerSecond, unit: ` pushes/s${recorded}`, digits: 0 },
    { label: `mirror size at ${instances} instances`, engine, value: mirror.bytesPerInstance, unit: ' bytes/instance', digits: 0 },
  ];
  if (mirror.recorded < mirror.instances) {
    const copies = mirror.instances - mirror.recorded;
    figures.push({ label: `bulk copies while seeding ${instances} instances`, engine, value: copies / mirror.copySeconds, unit: ' instances/s', digits: 0 });
  }
  if (engine === 'postgres')
    figures.push({ label: `VACUUM ANALYZE after seeding ${instances} instances`, engine, value: mirror.settleSeconds, unit: ' s', digits: 1 });
  return figures;
}

/** Each read warmed up, then all in alternating rounds: each read's rounds. */
async function measureAll(reads: readonly Read[], timing: ReadTiming): Promise<Latencies[][]> {
  for (const read of reads) await serial(timing.warmupMs, read);
  return inRounds(timing.rounds, reads, (read) => serial(timing.roundMs, read));
}

/** The bars of a page read against the hand-written query, by engine (issue 32 for SQLite, issue 34 for PostgreSQL). */
const READ_RATIO = { sqlite: 0.3, postgres: 0.5 } as const;

/** The hand-written queries a facade's page is measured against: on SQLite, on a connection of their own; on PostgreSQL, through the facade's pool. */
function handWritten(
  mirror: Seeded,
  facade: Awaited<ReturnType<typeof facadeReads>>,
): { plain: HandWrittenQueries; prepared?: HandWrittenQueries; close(): void } {
  if (mirror.engine === 'postgres') {
    const pool = poolOf(facade.mirror);
    return { plain: handWrittenPostgres(pool, false), prepared: handWrittenPostgres(pool, true), close: () => undefined };
  }
  const sqlite = handWrittenSqlite(mirror.location);
  const plain = Object.fromEntries(Object.entries(sqlite.queries).map(([name, query]) => [name, async (v: Record<string, unknown>) => query(v)]));
  return { plain: plain as HandWrittenQueries, close: () => sqlite.close() };
}

const roundsNote = (timing: ReadTiming) =>
  `One read at a time; each contender warmed up for ${fmt(timing.warmupMs / 1000, 1)} s, then ${timing.rounds} alternating rounds of ${fmt(timing.roundMs / 1000, 1)} s each: reads/s (by the time the reads took) and p50 are the medians of the rounds, a ratio the median of the ratios of the same round.`;

/** Each read case through the facade's GraphQL app against the hand-written query on the same mirror, on each engine's mirror. */
export async function readsPhase(mirrors: readonly Seeded[], timing: ReadTiming, log: (line: string) => void): Promise<PhaseReport> {
  const table = [
    [
      'engine',
      'read',
      'rows',
      'GraphQL reads/s',
      'SQL reads/s',
      'ratio',
      'ratio by round',
      'GraphQL p50 ms',
      'SQL p50 ms',
      'SQL prepared p50 ms',
      'statements (first 5 / first 50)',
    ],
  ];
  const figures: Figure[] = [];
  for (const mirror of mirrors) {
    const { engine } = mirror;
    const facade = await facadeReads(mirror.location);
    const sql = handWritten(mirror, facade);
    try {
      for (const c of readCases(mirror.instances)) {
        log(`reads (${ENGINE_TITLES[engine]}): ${c.name}`);
        const graphql = facade.reader(c, 50);
        const plain: Read = () => sql.plain[c.name]({ ...c.variables, first: 50 });
        const prepared: Read | undefined = sql.prepared && (() => sql.prepared![c.name]({ ...c.variables, first: 50 }));
        const [fromGraphql, fromSql] = [keysOf(await graphql()), keysOf(await plain())];
        if (fromGraphql.join() !== fromSql.join())
          throw new Error(`${c.name}: GraphQL and SQL return different rows (${fromGraphql.length} and ${fromSql.length})`);
        if (prepared && keysOf(await prepared()).join() !== fromSql.join()) throw new Error(`${c.name}: the prepared SQL returns different rows`);
        const statements = [await facade.statements(c, 5), await facade.statements(c, 50)] as const;
        const [g, s, p] = await measureAll(prepared ? [graphql, plain, prepared] : [graphql, plain], timing);
        const ratio = perRound(g!, s!, (x, y) => x.perSecond / y.perSecond);
        const [gAll, sAll] = [combined(g!), combined(s!)];
        log(
          `  ratio ${fmt(ratio, 2)}, GraphQL p50 ${fmt(gAll.p50, 3)} ms, SQL p50 ${fmt(sAll.p50, 3)} ms${p ? `, prepared ${fmt(combined(p).p50, 3)} ms` : ''}`,
        );
        table.push([
          ENGINE_TITLES[engine],
          c.title,
          String(fromGraphql.length),
          fmt(gAll.perSecond),
          fmt(sAll.perSecond),
          fmt(ratio, 2),
          g!.map((x, i) => fmt(x.perSecond / s![i]!.perSecond, 2)).join(' / '),
          fmt(gAll.p50, 3),
          fmt(sAll.p50, 3),
          p ? fmt(combined(p).p50, 3) : '',
          statements.join(' / '),
        ]);
        const target = c.name === 'search' ? undefined : ({ op: '≥', bar: READ_RATIO[engine] } as const);
        figures.push({ label: `read ${c.name}: GraphQL ÷ hand-written SQL (reads/s)`, engine, value: ratio, digits: 2, target });
        if (c.name !== 'search') {
          figures.push({
            label: `read ${c.name}: SQL statements a page of 50 (target: those of a page of 5)`,
            engine,
            value: statements[1],
            digits: 0,
            target: { op: '=', bar: statements[0] },
          });
        }
      }
    } finally {
      sql.close();
      await facade.close();
    }
    figures.push(...seedFigures(mirror));
  }
  const instances = mirrors[0]?.instances.toLocaleString('en');
  return {
    title: 'Page reads',
    method:
      `On each engine, a mirror of ${instances} external instances (bench/seed.ts: 5 tasks and 2 cc entries each, texts in two locales, 1,000 users), seeded through Mirror.recordSync. ` +
      "GraphQL is the facade's app in this process (yoga.fetch with the headers an HTTP client sends, Content-Length included: parse, validate, execute, serialize). " +
      "SQL is one hand-written query returning the same rows: on SQLite a prepared better-sqlite3 statement on a connection of its own (bench/hand-written-sqlite.ts); on PostgreSQL a node-postgres query through the facade's own pool (DATABASE_POOL_SIZE, 10), sent unnamed as the facade sends its statements, and beside it as a named prepared statement (bench/hand-written-postgres.ts). " +
      `${roundsNote(timing)} Statements are counted with Mirror.open's onQuery. ` +
      `Ingest is the rate of pushes recorded while seeding, their translation included: on SQLite 64 asked at once (one commit), on PostgreSQL ${SEEDING.postgres.inFlight} in flight on a pool of ${SEEDING.postgres.poolSize} (a transaction each). ` +
      `PostgreSQL records the first ${SEEDING.postgres.recorded.toLocaleString('en')} instances only and copies the rest from them in bulk (bench/seed-postgres.ts: INSERT … SELECT per table, 10,000 instances a transaction; the rows those of recordSync). ` +
      "The size: SQLite's file once its WAL is folded in; PostgreSQL's tables with their indexes and TOAST (pg_total_relation_size) after VACUUM ANALYZE; over the instances.",
    table,
    figures,
  };
}

/** The bar of the large mirror's p50 over the small one's (issue 32, SQLite); PostgreSQL's ratio is reported. */
const SCALE_RATIO = { sqlite: 2, postgres: undefined } as const;

/** The same reads on a mirror ten times larger, in rounds alternating with the smaller one, on each engine; ingest and size of both. */
export async function scalePhase(pairs: readonly { small: Seeded; large: Seeded }[], timing: ReadTiming, log: (line: string) => void): Promise<PhaseReport> {
  const sizes = (s: Seeded) => s.instances.toLocaleString('en');
  const [first] = pairs;
  const [small, large] = first ? [sizes(first.small), sizes(first.large)] : ['', ''];
  const table = [['engine', 'read', `p50 ms at ${small}`, `p50 ms at ${large}`, 'ratio', 'ratio by round']];
  const figures: Figure[] = [];
  for (const pair of pairs) {
    const { engine } = pair.large;
    const [smallReads, largeReads] = [await facadeReads(pair.small.location), await facadeReads(pair.large.location)];
    try {
      // The large mirror's variables: its update-time range and its pages.
      for (const c of readCases(pair.large.instances)) {
        log(`scale (${ENGINE_TITLES[engine]}): ${c.name}`);
        const smallCase = readCases(pair.small.instances).find((s) => s.name === c.name)!;
        const [atSmall, atLarge] = await measureAll([smallReads.reader(smallCase, 50), largeReads.reader(c, 50)], timing);
        const ratio = perRound(atLarge!, atSmall!, (x, y) => x.p50 / y.p50);
        log(`  p50 ${fmt(combined(atSmall!).p50, 3)} → ${fmt(combined(atLarge!).p50, 3)} ms (×${fmt(ratio, 2)})`);
        table.push([
          ENGINE_TITLES[engine],
          c.title,
          fmt(combined(atSmall!).p50, 3),
          fmt(combined(atLarge!).p50, 3),
          fmt(ratio, 2),
          atLarge!.map((x, i) => fmt(x.p50 / atSmall![i]!.p50, 2)).join(' / '),
        ]);
        const bar = c.name === 'search' ? undefined : SCALE_RATIO[engine];
        figures.push({
          label: `scale: read ${c.name} p50 at ${large} ÷ at ${small}`,
          engine,
          value: ratio,
          digits: 2,
          target: bar === undefined ? undefined : { op: '≤', bar },
          listed: c.name !== 'search',
        });
      }
    } finally {
      await smallReads.close();
      await largeReads.close();
    }
    figures.push(...seedFigures(pair.large));
  }
  return {
    title: 'Scale',
    method: `The page reads on a mirror of ${large} instances against the same on ${small}, on each engine, both seeded as above (each case's update-time range the middle half of its mirror), through the facade's app in this process. ${roundsNote(timing)} Ingest and size as above (those of ${small} under Page reads).`,
    table,
    figures,
  };
}
