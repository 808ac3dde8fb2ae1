import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Mirror } from '../src/mirror/mirror.js';
import { SiblingReads } from '../src/mirror/sibling-reads.js';
import type { ExternalTaskRow } from '../src/mirror/tables.js';
import { toExternalInstancePayload } from '../src/translate/external-instance.js';
import type { SyncExternalInstanceInput } from '../src/translate/external-instance-input.js';

const time = (minutes: number) => ({ epochMs: Date.parse('2026-11-20T09:00:00Z') + minutes * 60_000, offset: 'Z' });

/** Instance n: two tasks for "dora"; instance 2 has no title, task t2 of instance 3 only a Chinese one. */
function push(n: number) {
  const input: SyncExternalInstanceInput = {
    approvalCode: 'SIB',
    instanceId: `S${n}`,
    status: 'PENDING',
    links: { pcLink: 'https://x' },
    ...(n === 2 ? {} : { title: { zhCN: `标题 ${n}`, enUS: `Title ${n}` } }),
    userId: 'u',
    startTime: time(0),
    updateTime: time(n),
    updateMode: 'REPLACE',
    taskList: ['t1', 't2'].map((taskId) => ({
      taskId,
      userId: 'dora',
      title: n === 3 && taskId === 't2' ? { zhCN: `任务 ${n}${taskId}` } : { zhCN: `任务 ${n}${taskId}`, enUS: `Task ${n}${taskId}` },
      links: { pcLink: 'https://x' },
      status: 'PENDING' as const,
      createTime: time(0),
      updateTime: time(n),
    })),
    ccList: [],
  };
  return toExternalInstancePayload(input, 'zh-CN');
}

describe('SiblingReads', () => {
  let mirror: Mirror;
  let statements: string[];
  let tasks: ExternalTaskRow[];

  beforeEach(() => {
    statements = [];
    mirror = Mirror.open({ path: ':memory:', onQuery: (query) => statements.push(query) });
    for (const n of [1, 2, 3]) mirror.writeExternalInstance(push(n), Date.now());
    const pks = [1, 2, 3].map((n) => mirror.external.instanceByKey('SIB', `S${n}`)!.id);
    tasks = mirror.external.tasksOf(pks);
    expect(tasks).toHaveLength(6);
    statements.length = 0;
  });

  afterEach(() => mirror.close());

  const taskTitle = [(row: ExternalTaskRow) => row.instancePk, (row: ExternalTaskRow) => row.titleText] as const;

  it('reads a text of every row read together in one statement, then answers from memory', () => {
    const siblings = new SiblingReads(mirror.external);
    siblings.group(tasks);
    const titles = tasks.map((row) => siblings.text(row, ...taskTitle));
    expect(statements).toHaveLength(1);
    expect(titles.map((text) => text?.values.get('en-US') ?? `(zh) ${text?.values.get(text.defaultLocale)}`)).toEqual([
      'Task 1t1',
      'Task 1t2',
      'Task 2t1',
      'Task 2t2',
      'Task 3t1',
      '(zh) 任务 3t2',
    ]);
    expect(titles.every((text) => text?.defaultLocale === 'zh-CN')).toBe(true);
  });

  it('leaves a row not read with others to the loaders, and answers null for an absent text key without a statement', () => {
    const siblings = new SiblingReads(mirror.external);
    expect(siblings.text(tasks[0]!, ...taskTitle)).toBeUndefined();
    expect(siblings.instance(tasks[0]!, (row) => row.instancePk)).toBeUndefined();
    siblings.group(tasks);
    expect(siblings.text(tasks[0]!, (row) => row.instancePk, () => null)).toBeNull();
    expect(statements).toEqual([]);
  });

  it("reads every sibling's instance once, and groups those instances for their own texts", () => {
    const siblings = new SiblingReads(mirror.external);
    siblings.group(tasks);
    const instances = tasks.map((row) => siblings.instance(row, (task) => task.instancePk));
    expect(statements).toHaveLength(1);
    expect(instances.map((row) => row?.instanceId)).toEqual(['S1', 'S1', 'S2', 'S2', 'S3', 'S3']);
    const titles = instances.map((row) => siblings.text(row!, (instance) => instance.id, (instance) => instance.titleText));
    expect(statements).toHaveLength(2);
    expect(titles.map((text) => text?.values.get('en-US') ?? null)).toEqual(['Title 1', 'Title 1', null, null, 'Title 3', 'Title 3']);
  });

  it('answers null for an instance that is gone, as for a text that is', () => {
    const siblings = new SiblingReads(mirror.external);
    const orphans = tasks.map((row) => ({ ...row, instancePk: row.instancePk + 1000 }));
    siblings.group(orphans);
    expect(siblings.instance(orphans[0]!, (row) => row.instancePk)).toBeNull();
    expect(siblings.text(orphans[1]!, ...taskTitle)).toBeNull();
    expect(statements).toHaveLength(2);
  });
});
