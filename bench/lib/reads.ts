import type { ContextDeps } from '../../src/context.js';
import type { CreateInstanceService } from '../../src/create-instance/service.js';
import type { FeishuApprovalApi } from '../../src/feishu/approval-api.js';
import type { ExternalInstancePayload } from '../../src/feishu/wire.js';
import { silentLogger } from '../../src/logger.js';
import { Mirror } from '../../src/mirror/mirror.js';
import { toFtsQuery } from '../../src/mirror/search.js';
import { toExternalInstancePayload } from '../../src/translate/external-instance.js';
import type { SyncExternalInstanceInput } from '../../src/translate/external-instance-input.js';
import { systemClock } from '../../src/util/clock.js';
import { createYogaApp } from '../../src/yoga.js';
import { median, runSerial } from './load.js';

type Serial = Awaited<ReturnType<typeof runSerial>>;

const BASE = Date.parse('2026-01-01T00:00:00Z');
const STATUSES = ['PENDING', 'APPROVED', 'REJECTED', 'CANCELED'] as const;
const TASK_STATUSES = ['PENDING', 'APPROVED', 'REJECTED', 'DONE', 'TRANSFERRED'] as const;
const WORDS = ['budget', 'travel', 'laptop', 'training', 'office', 'hiring', 'contract', 'expense', 'leave', 'vendor'];
const PLACES = ['上海', '北京', '深圳', '杭州', '成都'];

/** Instance n of the seeded mirror: 5 tasks, 2 cc entries, texts in two locales, 1,000 users. */
export function seedPayload(n: number, version = 0, mode: 'REPLACE' | 'UPDATE' = 'REPLACE'): ExternalInstancePayload {
  const time = (offset: number) => ({ epochMs: BASE + n * 60_000 + offset, offset: 'Z' });
  const updated = time(version * 1000);
  const user = (k: number) => `user-${(n * 7 + k) % 1000}`;
  const word = WORDS[n % WORDS.length]!;
  const place = PLACES[n % PLACES.length]!;
  const input: SyncExternalInstanceInput = {
    approvalCode: `APPROVAL-${n % 20}`,
    instanceId: `seed-${n}`,
    status: STATUSES[n % STATUSES.length]!,
    links: { pcLink: `https://oa.example.com/${n}` },
    title: { zhCN: `${place}${word}申请 ${n}`, enUS: `${word} request ${n}` },
    userId: user(0),
    form: [{ name: { zhCN: '地点', enUS: 'Place' }, value: { zhCN: `${place}出差`, enUS: `Trip ${n}` } }],
    startTime: time(0),
    updateTime: updated,
    updateMode: mode,
    taskList: [1, 2, 3, 4, 5].map((k) => ({
      taskId: `t${k}`,
      userId: user(k),
      title: { zhCN: `审批 ${k}`, enUS: `Approval ${k}` },
      links: { pcLink: `https://oa.example.com/${n}/t${k}` },
      status: TASK_STATUSES[(n + k + version) % TASK_STATUSES.length]!,
      createTime: time(0),
      updateTime: updated,
    })),
    ccList: [1, 2].map((k) => ({
      ccId: `c${k}`,
      userId: user(10 + k),
      title: { zhCN: '抄送', enUS: 'Copy' },
      links: { pcLink: `https://oa.example.com/${n}/c${k}` },
      readStatus: k === 1 ? ('UNREAD' as const) : ('READ' as const),
      createTime: time(0),
      updateTime: updated,
    })),
  };
  return toExternalInstancePayload(input, 'zh-CN');
}

/** Pushes to a commit as the facade's group commit writes them under load: how the mirror is seeded, and the ingest's grouped figure. */
export const GROUP_COMMIT_PUSHES = 32;

/**
 * A mirror of `count` instances (seedPayload 0, 1, 2, …), `GROUP_COMMIT_PUSHES` to a commit: twice
 * as fast as a commit each, and the same reads (twenty-first round).
 */
export function seedMirror(path: string, count: number): { mirror: Mirror; seconds: number } {
  const mirror = Mirror.open({ path });
  const started = process.hrtime.bigint();
  for (let first = 0; first < count; first += GROUP_COMMIT_PUSHES) {
    const pushes = Array.from({ length: Math.min(GROUP_COMMIT_PUSHES, count - first) }, (_, i) => ({ payload: seedPayload(first + i), syncedAt: BASE }));
    for (const result of mirror.writeExternalInstances(pushes)) {
      if ('error' in result) throw new Error(`seeding failed: ${String(result.error)}`);
    }
  }
  return { mirror, seconds: Number(process.hrtime.bigint() - started) / 1e9 };
}

export interface ReadCase {
  name: string;
  graphql: { query: string; variables: Record<string, unknown> };
  /** The same rows, by hand-written prepared SQL, as plain objects. */
  raw: () => unknown[];
  /** Rows the GraphQL answer holds, to check both return the same thing. */
  countGraphqlRows: (data: unknown) => number;
}

/** The three read paths of the benchmark, each as GraphQL and as hand-written SQL. */
export function readCases(mirror: Mirror, count: number): ReadCase[] {
  const sqlite = mirror.sqlite;
  const user = 'user-42';
  const pendingSql = sqlite.prepare(`
    SELECT t.task_id AS taskId, t.status, t.update_time AS updateTime, tt.value AS title,
           i.instance_id AS instanceId, it.value AS instanceTitle
    FROM external_tasks t
    JOIN external_instances i ON i.id = t.instance_pk
    LEFT JOIN external_texts tt ON tt.instance_pk = t.instance_pk AND tt.text_key = t.title_text AND tt.locale = 'en-US'
    LEFT JOIN external_texts it ON it.instance_pk = i.id AND it.text_key = i.title_text AND it.locale = 'en-US'
    WHERE t.user_id = ? AND t.task_group = 'PENDING'
    ORDER BY t.update_time DESC, t.id DESC LIMIT 50`);
  const from = BASE + Math.floor(count * 0.25) * 60_000;
  const to = BASE + Math.floor(count * 0.75) * 60_000;
  const statusSql = sqlite.prepare(`
    SELECT i.instance_id AS instanceId, i.status, i.update_time AS updateTime, it.value AS title
    FROM external_instances i
    LEFT JOIN external_texts it ON it.instance_pk = i.id AND it.text_key = i.title_text AND it.locale = 'en-US'
    WHERE i.status IN ('PENDING') AND i.update_time >= ? AND i.update_time < ?
    ORDER BY i.update_time DESC, i.id DESC LIMIT 50`);
  const searchSql = sqlite.prepare(`
    SELECT i.instance_id AS instanceId, i.update_time AS updateTime, it.value AS title
    FROM external_instance_search s
    JOIN external_instances i ON i.id = s.rowid
    LEFT JOIN external_texts it ON it.instance_pk = i.id AND it.text_key = i.title_text AND it.locale = 'en-US'
    WHERE external_instance_search MATCH ?
    ORDER BY i.update_time DESC, i.id DESC LIMIT 50`);
  const searchQuery = toFtsQuery('上海 budget')!;
  const edges = (data: unknown, path: string[]) => {
    let node: unknown = data;
    for (const key of path) node = (node as Record<string, unknown>)[key];
    return (node as unknown[]).length;
  };
  return [
    {
      name: 'pendingTasks, first 50 of one user',
      graphql: {
        query: `query($user: String!) { approvalCenter(user: { userId: $user }) { pendingTasks(first: 50) { edges { node { taskId status updateTime title(locale: EN_US) instance { instanceId title(locale: EN_US) } } } } } }`,
        variables: { user },
      },
      raw: () => pendingSql.all(user),
      countGraphqlRows: (data) => edges(data, ['approvalCenter', 'pendingTasks', 'edges']),
    },
    {
      name: 'externalInstances by status and update time',
      graphql: {
        query: `query($from: DateTime!, $to: DateTime!) { externalInstances(first: 50, filter: { statuses: [PENDING], updateTime: { from: $from, to: $to } }) { edges { node { instanceId status updateTime title(locale: EN_US) } } } }`,
        variables: { from: new Date(from).toISOString(), to: new Date(to).toISOString() },
      },
      raw: () => statusSql.all(from, to),
      countGraphqlRows: (data) => edges(data, ['externalInstances', 'edges']),
    },
    {
      name: 'externalInstances search "上海 budget"',
      graphql: {
        query: `query { externalInstances(first: 50, filter: { search: "上海 budget" }) { edges { node { instanceId updateTime title(locale: EN_US) } } } }`,
        variables: {},
      },
      raw: () => searchSql.all(searchQuery),
      countGraphqlRows: (data) => edges(data, ['externalInstances', 'edges']),
    },
  ];
}

export interface ReadResult {
  name: string;
  graphqlPerSecond: number;
  rawPerSecond: number;
  /** The median of ratiosByRound. */
  ratio: number;
  ratiosByRound: number[];
  graphqlP50: number;
  rawP50: number;
  statements: number;
  rows: number;
}

/**
 * Each case through the full GraphQL path (yoga.fetch, in-process) and as raw SQL. Both are warmed
 * up first (`warmupMs` each, unmeasured: V8 optimizes the GraphQL path's code over its first
 * thousands of requests), then measured in `rounds` alternating periods of `durationMs / rounds`
 * each, GraphQL then SQL: this VM's speed drifts over seconds, and a ratio of two long periods
 * measured one after the other moves with it. req/s and p50 are the medians of the rounds', the
 * ratio the median of the rounds' ratios (as the mutation paths are measured, bench/run.ts).
 */
export async function measureReads(path: string, count: number, durationMs: number, rounds = 1, warmupMs = 0): Promise<{ results: ReadResult[]; seedSeconds: number }> {
  const seeded = seedMirror(path, count);
  await seeded.mirror.close();
  let statements = 0;
  const mirror = Mirror.open({ path, onQuery: () => (statements += 1) });
  const unusedFeishu = new Proxy({}, { get: () => () => Promise.reject(new Error('reads only')) }) as FeishuApprovalApi;
  const deps: ContextDeps = {
    mirror,
    feishu: unusedFeishu,
    createInstances: unusedFeishu as unknown as CreateInstanceService,
    defaultLocale: 'zh-CN',
    clock: systemClock,
  };
  const yoga = createYogaApp({ ...deps, logger: silentLogger });
  const results: ReadResult[] = [];
  for (const item of readCases(mirror, count)) {
    const requestBody = JSON.stringify(item.graphql);
    const ask = async () => {
      // With the Content-Length an HTTP client sends (the facade checks its body limit by it).
      const response = await yoga.fetch('http://yoga/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(requestBody)) },
        body: requestBody,
      });
      const body = (await response.json()) as { data: unknown; errors?: unknown };
      if (body.errors) throw new Error(`${item.name}: ${JSON.stringify(body.errors)}`);
      return body.data;
    };
    const first = await ask();
    const rows = item.countGraphqlRows(first);
    if (rows !== item.raw().length) throw new Error(`${item.name}: GraphQL returned ${rows} rows, SQL ${item.raw().length}`);
    statements = 0;
    await ask();
    const perRequest = statements;
    if (warmupMs > 0) {
      await runSerial(warmupMs, ask);
      await runSerial(warmupMs, item.raw);
    }
    const measured: { graphql: Serial; raw: Serial }[] = [];
    for (let round = 0; round < rounds; round += 1) {
      const graphql = await runSerial(durationMs / rounds, ask);
      const raw = await runSerial(durationMs / rounds, item.raw);
      measured.push({ graphql, raw });
    }
    const medianOf = (pick: (round: { graphql: Serial; raw: Serial }) => number) => median(measured.map(pick));
    const ratiosByRound = measured.map((round) => round.graphql.perSecond / round.raw.perSecond);
    results.push({
      name: item.name,
      graphqlPerSecond: medianOf((round) => round.graphql.perSecond),
      rawPerSecond: medianOf((round) => round.raw.perSecond),
      ratio: median(ratiosByRound),
      graphqlP50: medianOf((round) => round.graphql.p50),
      rawP50: medianOf((round) => round.raw.p50),
      ratiosByRound,
      statements: perRequest,
      rows,
    });
  }
  await mirror.close();
  return { results, seedSeconds: seeded.seconds };
}

/** Syncs a second into the mirror, by the time its writes took, and how many pushes that was. */
export interface IngestFigure {
  perSecond: number;
  pushes: number;
}

/** An ingest with 32 pushes to a commit, as the facade's group commit does under load, and with a commit each. */
export interface IngestFigures {
  grouped: IngestFigure;
  single: IngestFigure;
}

/** A prime: the step between the instances a spread ingest updates one after the other. */
export const SPREAD_STRIDE = 7919;

/** The instance of `count` that push k updates, in the order they were seeded: 0, 1, 2, … */
const inOrder = (count: number) => (k: number) => k % count;

/**
 * The instance of `count` that push k updates, each far from the one before (k × 7919 mod count):
 * every instance once a cycle, as a mirror in use is updated in no particular order.
 */
export function spreadOrder(count: number): (k: number) => number {
  if (count % SPREAD_STRIDE === 0) throw new Error(`a spread ingest needs a count that ${SPREAD_STRIDE} does not divide`);
  return (k) => (k * SPREAD_STRIDE) % count;
}

/**
 * UPDATE pushes of the first `count` instances of a mirror seeded with seedPayload: push k
 * updates instance order(k) to version 1 + ⌊k ÷ count⌋ (statuses and times; the texts stay, so
 * the search row is not rewritten), versioning checks included. `batch` pushes share a commit, as
 * the facade's group commit does under load (1: a transaction each). Only the mirror writes are
 * timed. Every push must update its instance: a stale one writes nothing, and would flatter the
 * figure. Pushes are numbered from `firstPush`, so that a second measurement on the same mirror
 * goes on from where the first stopped.
 */
function timeUpdatePushes(mirror: Mirror, count: number, order: (k: number) => number, durationMs: number, batch: number, firstPush = 0): IngestFigure {
  if (count < batch) throw new Error(`an ingest of ${count} instances cannot put ${batch} of them in one commit`);
  let pushes = 0;
  let writing = 0n;
  const end = Date.now() + durationMs;
  while (Date.now() < end) {
    const group = Array.from({ length: batch }, (_, i) => {
      const k = firstPush + pushes + i;
      const version = 1 + Math.floor(k / count);
      return { payload: seedPayload(order(k), version, 'UPDATE'), syncedAt: BASE + version };
    });
    const started = process.hrtime.bigint();
    const results = mirror.writeExternalInstances(group);
    writing += process.hrtime.bigint() - started;
    for (const result of results) {
      if ('error' in result) throw new Error(`an ingest push failed: ${String(result.error)}`);
      if (result.value.instance !== 'UPDATED') throw new Error(`an ingest push did not update its instance (${result.value.instance})`);
    }
    pushes += group.length;
  }
  return { perSecond: pushes / (Number(writing) / 1e9), pushes };
}

/** Ingest into a new mirror of `count` instances (seeded first, not timed), updated in order. */
export async function measureIngest(path: string, count: number, durationMs: number, batch: number): Promise<IngestFigure> {
  const { mirror } = seedMirror(path, count);
  try {
    return timeUpdatePushes(mirror, count, inOrder(count), durationMs, batch);
  } finally {
    await mirror.close();
  }
}

/**
 * Ingest into the mirror at `path`, seeded with `count` instances by seedMirror and not updated
 * since, its instances updated in spread order: `durationMs` with 32 pushes to a commit, then as
 * long with a commit each, going on from where the first stopped.
 */
export async function measureSpreadIngest(path: string, count: number, durationMs: number): Promise<IngestFigures> {
  const mirror = Mirror.open({ path });
  try {
    const order = spreadOrder(count);
    const grouped = timeUpdatePushes(mirror, count, order, durationMs, GROUP_COMMIT_PUSHES);
    const single = timeUpdatePushes(mirror, count, order, durationMs, 1, grouped.pushes);
    return { grouped, single };
  } finally {
    await mirror.close();
  }
}
