import { statSync } from 'node:fs';
import { Mirror } from '../src/mirror/mirror.js';
import { type ExternalInstancePush, toExternalInstancePush } from '../src/translate/external-instance.js';
import type { SyncExternalInstanceInput } from '../src/translate/external-instance-input.js';

/**
 * The mirror the read phases read: instance n of `count` has 5 tasks, 2 cc entries, texts in two
 * locales (Chinese and English), one of 1,000 users as initiator and approvers, a status and
 * update time that cycle. Seeded through the mirror's own write path (Mirror.recordSync), as
 * the facade records the pushes Feishu accepted.
 *
 * A mirror is named by its location: a SQLite file path today; a database URL once the mirror
 * has other engines (mirrorBytes is the one place that reads it as a file).
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
  location: string;
  instances: number;
  seconds: number;
  /** Pushes recorded a second while seeding (their translation included). */
  pushesPerSecond: number;
  /** The mirror's size once folded into one file, over its instances. */
  bytesPerInstance: number;
}

/** Pushes recorded at once: the engine gives the transactions asked for in one turn one commit. */
const IN_FLIGHT = 64;

/** Seeds a new mirror at `location` with instances 0 to count − 1, and closes it (folding the WAL in). */
export async function seedMirror(location: string, count: number, onProgress?: (done: number) => void): Promise<Seeded> {
  const mirror = await Mirror.open({ path: location });
  const started = performance.now();
  for (let first = 0; first < count; first += IN_FLIGHT) {
    const pushes = Array.from({ length: Math.min(IN_FLIGHT, count - first) }, (_, i) => {
      const { payload, plainTexts } = seedPush(first + i);
      return mirror.recordSync({ payload, payloadJson: JSON.stringify(payload), plainTexts }, SEED_BASE);
    });
    for (const outcome of await Promise.all(pushes)) {
      if (outcome.instance !== 'INSERTED') throw new Error(`seeding: an instance was ${outcome.instance}, not INSERTED`);
    }
    if (onProgress && (first / IN_FLIGHT) % 1000 === 999) onProgress(first + IN_FLIGHT);
  }
  const seconds = (performance.now() - started) / 1000;
  await mirror.close();
  return { location, instances: count, seconds, pushesPerSecond: count / seconds, bytesPerInstance: mirrorBytes(location) / count };
}

/** The bytes a mirror takes (a SQLite file and its WAL, if any). */
export function mirrorBytes(location: string): number {
  const size = (path: string) => {
    try {
      return statSync(path).size;
    } catch {
      return 0;
    }
  };
  return size(location) + size(`${location}-wal`);
}
