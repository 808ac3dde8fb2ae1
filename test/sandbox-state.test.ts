import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCALES } from '../src/locale.js';
import { type TestApp, startTestApp } from './support/app.js';
import { SYNC, type SyncResult, at, ccInput, syncInput, taskInput } from './support/fixtures.js';

/**
 * The mirror follows Feishu's REPLACE and UPDATE rules; the sandbox emulates them on its side. After
 * each push of a mixed sequence, stale pushes included, both hold the same instance.
 */

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app.close();
});

type Texts = Record<string, string>;
interface State {
  status: string;
  updateTime: number;
  title: Texts | null;
  tasks: {
    taskId: string;
    status: string;
    updateTime: number;
    title: Texts | null;
    nodeName: string | null;
    actions: { type: string; name: Texts | null }[];
  }[];
  ccEntries: { ccId: string; readStatus: string | null; updateTime: number; title: string | null }[];
}

const byId =
  <T>(id: (row: T) => string) =>
  (a: T, b: T) =>
    id(a) < id(b) ? -1 : id(a) > id(b) ? 1 : 0;

interface WireHeld {
  status: string;
  update_time: string;
  title?: string;
  task_list?: {
    task_id: string;
    status: string;
    update_time: string;
    title?: string;
    node_name?: string;
    action_configs?: { action_type: string; action_name?: string }[];
  }[];
  cc_list?: { cc_id: string; read_status?: string; update_time: string; title?: string }[];
  i18n_resources: { locale: string; texts: { key: string; value: string }[] }[];
}

/** What the sandbox holds: its `@i18n@` keys resolved through its own resources. */
function sandboxState(held: WireHeld): State {
  const text = (key: string | undefined): Texts | null => {
    if (key === undefined) return null;
    const values = held.i18n_resources.flatMap((resource) => resource.texts.filter((t) => t.key === key).map((t) => [resource.locale, t.value] as const));
    return values.length > 0 ? Object.fromEntries(values) : { 'zh-CN': key };
  };
  return {
    status: held.status,
    updateTime: Number(held.update_time),
    title: text(held.title),
    tasks: (held.task_list ?? [])
      .map((task) => ({
        taskId: task.task_id,
        status: task.status,
        updateTime: Number(task.update_time),
        title: text(task.title),
        nodeName: task.node_name ?? null,
        actions: (task.action_configs ?? []).map((action) => ({ type: action.action_type, name: text(action.action_name) })),
      }))
      .sort(byId((task) => task.taskId)),
    ccEntries: (held.cc_list ?? [])
      .map((cc) => ({ ccId: cc.cc_id, readStatus: cc.read_status ?? null, updateTime: Number(cc.update_time), title: cc.title ?? null }))
      .sort(byId((cc) => cc.ccId)),
  };
}

type Localized = { translations: { locale: string; text: string }[] } | null;
const MIRROR_READ = `query($approvalCode: String!, $instanceId: String!) {
  externalInstance(approvalCode: $approvalCode, instanceId: $instanceId) {
    status updateTime titleLocalized { translations { locale text } }
    taskList {
      taskId status updateTime titleLocalized { translations { locale text } } nodeName(locale: ZH_CN)
      actionConfigs { actionType actionNameLocalized { translations { locale text } } }
    }
    ccList { ccId readStatus updateTime title(locale: ZH_CN) }
  }
}`;
interface MirrorRead {
  externalInstance: {
    status: string;
    updateTime: string;
    titleLocalized: Localized;
    taskList: {
      taskId: string;
      status: string;
      updateTime: string;
      titleLocalized: Localized;
      nodeName: string | null;
      actionConfigs: { actionType: string; actionNameLocalized: Localized }[];
    }[];
    ccList: { ccId: string; readStatus: string | null; updateTime: string; title: string | null }[];
  };
}

const codeOf = new Map<string, string>(LOCALES.map((row) => [row.name, row.code]));

/** What the mirror holds, read through GraphQL. */
async function mirrorState(): Promise<State> {
  const read = await app.gql<MirrorRead>(MIRROR_READ, { approvalCode: 'APPROVAL-1', instanceId: 'held' });
  expect(read.errors, read.text).toBeUndefined();
  const instance = read.data.externalInstance;
  const texts = (localized: Localized): Texts | null =>
    localized && Object.fromEntries(localized.translations.map((translation) => [codeOf.get(translation.locale)!, translation.text]));
  return {
    status: instance.status,
    updateTime: Date.parse(instance.updateTime),
    title: texts(instance.titleLocalized),
    tasks: instance.taskList
      .map((task) => ({
        taskId: task.taskId,
        status: task.status,
        updateTime: Date.parse(task.updateTime),
        title: texts(task.titleLocalized),
        nodeName: task.nodeName,
        actions: task.actionConfigs.map((action) => ({ type: action.actionType, name: texts(action.actionNameLocalized) })),
      }))
      .sort(byId((task) => task.taskId)),
    ccEntries: instance.ccList
      .map((cc) => ({ ccId: cc.ccId, readStatus: cc.readStatus, updateTime: Date.parse(cc.updateTime), title: cc.title }))
      .sort(byId((cc) => cc.ccId)),
  };
}

const task = (n: number, minute: number, version: string, overrides: Record<string, unknown> = {}) =>
  taskInput(n, { updateTime: at(minute), title: { zhCN: `审批 ${n} ${version}`, enUS: `Approval ${n} ${version}` }, ...overrides });
const cc = (n: number, minute: number, overrides: Record<string, unknown> = {}) => ccInput(n, { updateTime: at(minute), ...overrides });

/** [what the push is, its input]: REPLACE and UPDATE, newer and stale, each task and cc entry with its own time. */
const PUSHES: [string, Record<string, unknown>][] = [
  [
    'REPLACE: the first push',
    {
      updateTime: at(10),
      title: { zhCN: '申请 v1', enUS: 'Request v1' },
      taskList: [
        task(1, 10, 'v1', { actionConfigs: [{ actionType: 'APPROVE' }, { actionType: 'LATER', actionName: { zhCN: '稍后', enUS: 'Later' } }] }),
        task(2, 10, 'v1', { nodeId: 'n2', nodeName: { zhCN: '主管', enUS: 'Manager' } }),
      ],
      ccList: [cc(1, 10), cc(2, 10, { title: { zhCN: '抄送二', enUS: 'Copy two' } })],
    },
  ],
  [
    'UPDATE, newer: the instance, task 1 and cc 1 written, task 3 new, task 2 and cc 2 kept',
    {
      updateMode: 'UPDATE',
      updateTime: at(20),
      title: { zhCN: '申请 v2', enUS: 'Request v2' },
      taskList: [task(1, 20, 'v2', { status: 'APPROVED', endTime: at(20) }), task(3, 20, 'v2')],
      ccList: [cc(1, 20, { readStatus: 'READ' })],
    },
  ],
  [
    'UPDATE, the instance stale: only task 2, newer than its own, written',
    {
      updateMode: 'UPDATE',
      status: 'APPROVED',
      updateTime: at(15),
      title: { zhCN: '申请 旧', enUS: 'Request stale' },
      taskList: [task(1, 12, 'stale', { status: 'REJECTED' }), task(2, 15, 'v3', { status: 'REJECTED', nodeName: { zhCN: '经理', enUS: 'Head' } })],
      ccList: [cc(2, 5, { readStatus: 'READ' })],
    },
  ],
  [
    'REPLACE, newer: task 2 and cc 2 go',
    {
      updateTime: at(30),
      title: { zhCN: '申请 v4', enUS: 'Request v4' },
      taskList: [task(1, 30, 'v4', { status: 'APPROVED' }), task(3, 30, 'v4', { status: 'DONE' })],
      ccList: [cc(1, 30, { readStatus: 'READ', title: { zhCN: '抄送一', enUS: 'Copy one' } })],
    },
  ],
  [
    'UPDATE, stale throughout: nothing changes',
    {
      updateMode: 'UPDATE',
      status: 'REJECTED',
      updateTime: at(25),
      title: { zhCN: '申请 旧', enUS: 'Request stale' },
      taskList: [task(1, 25, 'stale', { status: 'REJECTED' }), task(3, 25, 'stale')],
      ccList: [cc(1, 25, { readStatus: 'UNREAD' })],
    },
  ],
  [
    'UPDATE, newer, with a new task and cc entry',
    {
      updateMode: 'UPDATE',
      status: 'APPROVED',
      updateTime: at(40),
      endTime: at(40),
      title: { zhCN: '申请 v5' },
      taskList: [task(4, 40, 'v5', { actionConfigs: [{ actionType: 'REJECT' }, { actionType: 'ASK', actionName: { enUS: 'Ask' } }] })],
      ccList: [cc(3, 40)],
    },
  ],
  [
    'REPLACE with an older time: REPLACE takes it whole all the same',
    {
      updateTime: at(35),
      title: { zhCN: '申请 v6', enUS: 'Request v6' },
      taskList: [task(4, 35, 'v6')],
      ccList: [],
    },
  ],
];

describe('the mirror and the sandbox hold the same instance after each push', () => {
  it.each(PUSHES.map(([what], index) => [index + 1, what] as const))('push %i: %s', async (index) => {
    const [, overrides] = PUSHES[index - 1]!;
    const synced = await app.gql<SyncResult>(SYNC, { input: syncInput({ instanceId: 'held', ...overrides }) });
    expect(synced.data.syncExternalInstance.__typename, synced.text).toBe('SyncExternalInstancePayload');
    const held = app.sandbox.heldExternalInstance('APPROVAL-1', 'held') as unknown as WireHeld;
    expect(await mirrorState()).toEqual(sandboxState(held));
  });

  it('and that state is what the pushes left: the instance of push 7, its task 4 only', async () => {
    const state = await mirrorState();
    expect(state).toMatchObject({ status: 'PENDING', updateTime: Date.parse(at(35)), title: { 'zh-CN': '申请 v6', 'en-US': 'Request v6' } });
    expect(state.tasks.map((t) => [t.taskId, t.title?.['en-US']])).toEqual([['task-4', 'Approval 4 v6']]);
    expect(state.ccEntries).toEqual([]);
  });
});
