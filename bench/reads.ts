import { loadConfig } from '../src/config.js';
import { createLogger } from '../src/logger.js';
import { startRuntime } from '../src/runtime.js';
import { SANDBOX_APP } from '../src/sandbox/sandbox.js';
import { handWrittenSqlite } from './hand-written-sqlite.js';
import { type Latencies, combined, inRounds, perRound, serial } from './load.js';
import { type ReadCase, readCases } from './read-cases.js';
import { type Figure, type PhaseReport, fmt } from './results.js';
import type { Seeded } from './seed.js';
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
  return [
    { label: `ingest while seeding ${instances} instances`, value: mirror.pushesPerSecond, unit: ' pushes/s', digits: 0 },
    { label: `mirror size at ${instances} instances`, value: mirror.bytesPerInstance, unit: ' bytes/instance', digits: 0 },
  ];
}

async function measureTwo(a: Read, b: Read, timing: ReadTiming): Promise<[Latencies[], Latencies[]]> {
  await serial(timing.warmupMs, a);
  await serial(timing.warmupMs, b);
  const [first, second] = await inRounds(timing.rounds, [a, b], (read) => serial(timing.roundMs, read));
  return [first!, second!];
}

const roundsNote = (timing: ReadTiming) =>
  `One read at a time; each contender warmed up for ${fmt(timing.warmupMs / 1000, 1)} s, then ${timing.rounds} alternating rounds of ${fmt(timing.roundMs / 1000, 1)} s each: reads/s (by the time the reads took) and p50 are the medians of the rounds, a ratio the median of the ratios of the same round.`;

/** Each read case through the facade's GraphQL app against the hand-written query on the same mirror. */
export async function readsPhase(mirror: Seeded, timing: ReadTiming, log: (line: string) => void): Promise<PhaseReport> {
  const facade = await facadeReads(mirror.location);
  const sql = handWrittenSqlite(mirror.location);
  const table = [
    ['read', 'rows', 'GraphQL reads/s', 'SQL reads/s', 'ratio', 'ratio by round', 'GraphQL p50 ms', 'SQL p50 ms', 'statements (first 5 / first 50)'],
  ];
  const figures: Figure[] = [];
  try {
    for (const c of readCases(mirror.instances)) {
      log(`reads: ${c.name}`);
      const graphql = facade.reader(c, 50);
      const handWritten: Read = async () => sql.queries[c.name]({ ...c.variables, first: 50 });
      const [fromGraphql, fromSql] = [keysOf(await graphql()), keysOf(await handWritten())];
      if (fromGraphql.join() !== fromSql.join())
        throw new Error(`${c.name}: GraphQL and SQL return different rows (${fromGraphql.length} and ${fromSql.length})`);
      const statements = [await facade.statements(c, 5), await facade.statements(c, 50)] as const;
      const [g, s] = await measureTwo(graphql, handWritten, timing);
      const ratio = perRound(g, s, (x, y) => x.perSecond / y.perSecond);
      const [gAll, sAll] = [combined(g), combined(s)];
      log(`  ratio ${fmt(ratio, 2)}, GraphQL p50 ${fmt(gAll.p50, 3)} ms, SQL p50 ${fmt(sAll.p50, 3)} ms`);
      table.push([
        c.title,
        String(fromGraphql.length),
        fmt(gAll.perSecond),
        fmt(sAll.perSecond),
        fmt(ratio, 2),
        g.map((x, i) => fmt(x.perSecond / s[i]!.perSecond, 2)).join(' / '),
        fmt(gAll.p50, 3),
        fmt(sAll.p50, 3),
        statements.join(' / '),
      ]);
      const target = c.name === 'search' ? undefined : ({ op: '≥', bar: 0.3 } as const);
      figures.push({ label: `read ${c.name}: GraphQL ÷ hand-written SQL (reads/s)`, value: ratio, digits: 2, target });
      if (c.name !== 'search') {
        figures.push({
          label: `read ${c.name}: SQL statements a page of 50 (target: those of a page of 5)`,
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
  return {
    title: 'Page reads',
    method:
      `A mirror of ${mirror.instances.toLocaleString('en')} external instances (bench/seed.ts: 5 tasks and 2 cc entries each, texts in two locales, 1,000 users), seeded through Mirror.recordSync. ` +
      "GraphQL is the facade's app in this process (yoga.fetch with the headers an HTTP client sends, Content-Length included: parse, validate, execute, serialize); SQL is one hand-written prepared better-sqlite3 query returning the same rows (bench/hand-written-sqlite.ts), on a connection of its own. " +
      `${roundsNote(timing)} Statements are counted with Mirror.open's onQuery. Ingest is the rate of pushes recorded while seeding (64 at a time, their translation included); the size is the mirror file over its instances once its WAL is folded in.`,
    table,
    figures,
  };
}

/** The same reads on a mirror ten times larger, in rounds alternating with the smaller one; ingest and size of both. */
export async function scalePhase(small: Seeded, large: Seeded, timing: ReadTiming, log: (line: string) => void): Promise<PhaseReport> {
  const [smallReads, largeReads] = [await facadeReads(small.location), await facadeReads(large.location)];
  const sizes = (s: Seeded) => s.instances.toLocaleString('en');
  const table = [['read', `p50 ms at ${sizes(small)}`, `p50 ms at ${sizes(large)}`, 'ratio', 'ratio by round']];
  const figures: Figure[] = [];
  try {
    // The large mirror's variables: its update-time range and its pages.
    for (const c of readCases(large.instances)) {
      log(`scale: ${c.name}`);
      const smallCase = readCases(small.instances).find((s) => s.name === c.name)!;
      const [atSmall, atLarge] = await measureTwo(smallReads.reader(smallCase, 50), largeReads.reader(c, 50), timing);
      const ratio = perRound(atLarge, atSmall, (x, y) => x.p50 / y.p50);
      log(`  p50 ${fmt(combined(atSmall).p50, 3)} → ${fmt(combined(atLarge).p50, 3)} ms (×${fmt(ratio, 2)})`);
      table.push([
        c.title,
        fmt(combined(atSmall).p50, 3),
        fmt(combined(atLarge).p50, 3),
        fmt(ratio, 2),
        atLarge.map((x, i) => fmt(x.p50 / atSmall[i]!.p50, 2)).join(' / '),
      ]);
      const target = c.name === 'search' ? undefined : ({ op: '≤', bar: 2 } as const);
      figures.push({ label: `scale: read ${c.name} p50 at ${sizes(large)} ÷ at ${sizes(small)}`, value: ratio, digits: 2, target });
    }
  } finally {
    await smallReads.close();
    await largeReads.close();
  }
  figures.push(...seedFigures(large));
  return {
    title: 'Scale',
    method: `The page reads on a mirror of ${sizes(large)} instances against the same on ${sizes(small)}, both seeded as above (each case's update-time range the middle half of its mirror), through the facade's app in this process. ${roundsNote(timing)} Ingest and size as above (those of ${sizes(small)} under Page reads).`,
    table,
    figures,
  };
}
