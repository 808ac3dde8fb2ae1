import { Mirror } from '../src/mirror/mirror.js';
import type { AcceptedPush } from '../src/mirror/sync-writes.js';
import { type ExternalInstancePush, toExternalInstancePush } from '../src/translate/external-instance.js';
import type { SyncExternalInstanceInput } from '../src/translate/external-instance-input.js';
import type { EngineName, MirrorHost } from './engines.js';
import { FIRST_COPIED, copyInstances } from './seed-postgres.js';

/**
 * The mirror the read phases read: instance n of `count` has 5 tasks, 2 cc entries, texts in two
 * locales (Chinese and English), one of 1,000 users as initiator and approvers, a status and
 * update time that cycle. Seeded through the mirror's own write path (Mirror.recordSync), as
 * the facade records the pushes Feishu accepted; on PostgreSQL, the first 10,000 only, and the
 * rest copied from them in bulk (seed-postgres.ts), the same rows at a small part of the cost.
 */

/** The first instance's update time; instance n is n minutes later. */
export const SEED_BASE = Date.parse('2026-01-01T00:00:00Z');
const STATUSES = ['PENDING', 'APPROVED', 'REJECTED', 'CANCELED'] as const;
const TASK_STATUSES = ['PENDING', 'APPROVED', 'REJECTED', 'DONE', 'TRANSFERRED'] as const;
const WORDS = ['budget', 'travel', 'laptop', 'training', 'office', 'hiring', 'contract', 'expense', 'leave', 'vendor'];
const PLACES = ['上海', '北京', '深圳', '杭州', '成都'];

/** Instance n of the seeded mirror, as the push the facade would make of it. */
export function seedPush(n: number): ExternalInstancePush {
  const time = { epochMs: SEED_BASE + n * 60_000, offset: 'Z' };
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
    startTime: time,
    updateTime: time,
    taskList: [1, 2, 3, 4, 5].map((k) => ({
      taskId: `t${k}`,
      userId: user(k),
      title: { zhCN: `审批 ${k}`, enUS: `Approval ${k}` },
      links: { pcLink: `https://oa.example.com/${n}/t${k}` },
      status: TASK_STATUSES[(n + k) % TASK_STATUSES.length]!,
      createTime: time,
      updateTime: time,
    })),
    ccList: [1, 2].map((k) => ({
      ccId: `c${k}`,
      userId: user(10 + k),
      title: { zhCN: '抄送', enUS: 'Copy' },
      links: { pcLink: `https://oa.example.com/${n}/c${k}` },
      readStatus: k === 1 ? ('UNREAD' as const) : ('READ' as const),
      createTime: time,
      updateTime: time,
    })),
  };
  return toExternalInstancePush(input, 'zh-CN');
}

export interface Seeded {
  engine: EngineName;
  location: string;
  instances: number;
  /** The instances Mirror.recordSync wrote (the rest copied in bulk: seed-postgres.ts). */
  recorded: number;
  /** The time the recorded ones took. */
  seconds: number;
  /** Pushes recorded a second while seeding (their translation included). */
  pushesPerSecond: number;
  /** The time the bulk copies took. */
  copySeconds: number;
  /** The seeding's upkeep afterwards (PostgreSQL's VACUUM ANALYZE), not in the rate. */
  settleSeconds: number;
  /** The mirror's size (a SQLite file with its WAL folded in; PostgreSQL's tables and indexes), over its instances. */
  bytesPerInstance: number;
}

/**
 * How pushes are recorded at once. SQLite: 64 asked in one turn, which the engine gives one
 * commit. PostgreSQL: each push a transaction on a pooled connection of its own, `inFlight`
 * under way at any time (a new one as soon as one ends); the first `recorded` instances only,
 * the rest copied from them in bulk (seed-postgres.ts).
 */
export const SEEDING = {
  sqlite: { batch: 64 },
  postgres: { poolSize: 8, inFlight: 16, recorded: 10_000 },
} as const;

const pushOf = (n: number): AcceptedPush => {
  const { payload, plainTexts } = seedPush(n);
  return { payload, payloadJson: JSON.stringify(payload), plainTexts };
};

async function record(mirror: Mirror, n: number): Promise<void> {
  const outcome = await mirror.recordSync(pushOf(n), SEED_BASE);
  if (outcome.instance !== 'INSERTED') throw new Error(`seeding: instance ${n} was ${outcome.instance}, not INSERTED`);
}

/** Instances 0 to count − 1, in batches asked in one turn each. */
async function inBatches(mirror: Mirror, count: number, batch: number, onProgress: (done: number) => void): Promise<void> {
  for (let first = 0; first < count; first += batch) {
    await Promise.all(Array.from({ length: Math.min(batch, count - first) }, (_, i) => record(mirror, first + i)));
    onProgress(Math.min(count, first + batch));
  }
}

/** Instances 0 to count − 1, `inFlight` at any time. */
async function inWindow(mirror: Mirror, count: number, inFlight: number, onProgress: (done: number) => void): Promise<void> {
  let next = 0;
  let done = 0;
  const worker = async () => {
    while (next < count) {
      await record(mirror, next++);
      onProgress(++done);
    }
  };
  await Promise.all(Array.from({ length: inFlight }, worker));
}

const PROGRESS_EVERY = 64_000;

/** Seeds a new mirror `name` on `host` with instances 0 to count − 1, closes it and settles it (PostgreSQL: VACUUM ANALYZE). */
export async function seedMirror(host: MirrorHost, name: string, count: number, onProgress?: (done: number) => void): Promise<Seeded> {
  const location = await host.create(name);
  const mirror = await Mirror.open(host.engine === 'postgres' ? { url: location, poolSize: SEEDING.postgres.poolSize } : { path: location });
  let reported = 0;
  const progress = (done: number) => {
    if (onProgress && done - reported >= PROGRESS_EVERY) onProgress((reported = done));
  };
  const recorded = host.engine === 'postgres' ? Math.min(count, Math.max(SEEDING.postgres.recorded, FIRST_COPIED)) : count;
  const started = performance.now();
  try {
    if (host.engine === 'postgres') await inWindow(mirror, recorded, SEEDING.postgres.inFlight, progress);
    else await inBatches(mirror, recorded, SEEDING.sqlite.batch, progress);
  } finally {
    await mirror.close();
  }
  const seconds = (performance.now() - started) / 1000;
  const copying = performance.now();
  if (recorded < count) await copyInstances(location, recorded, count, progress);
  const copySeconds = (performance.now() - copying) / 1000;
  const settling = performance.now();
  await host.settle(location);
  const settleSeconds = (performance.now() - settling) / 1000;
  return {
    engine: host.engine,
    location,
    instances: count,
    recorded,
    seconds,
    pushesPerSecond: recorded / seconds,
    copySeconds,
    settleSeconds,
    bytesPerInstance: (await host.bytes(location)) / count,
  };
}
