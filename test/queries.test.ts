import { type GraphQLObjectType, type GraphQLOutputType, getNamedType, isLeafType, isNonNullType, isObjectType } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schema } from '../src/schema/index.js';
import { type TestApp, startTestApp } from './support/app.js';
import { ENGINE } from './support/database.js';
import { type RanStatement, partialIndexes, plansOf } from './support/plans.js';
import { CREATE, type CreateResult, leaveInput } from './support/create-fixtures.js';
import { SYNC, type SyncResult, at, ccInput, syncInput, taskInput } from './support/fixtures.js';

/**
 * A mirror with several users, statuses and both update modes:
 * - alice (user id) started A1 (LEAVE, pending) and A2 (EXPENSE, approved), and one native instance;
 * - bob (open id ou_bob) started B1 (LEAVE), whose task for carol an UPDATE push approves;
 * - carol started C1 (TRIP, terminated).
 */
let app: TestApp;
const statements: string[] = [];
/** The statements run, with their values, for query plans. */
const ran: RanStatement[] = [];
let nativeCode = '';

async function sync(input: Record<string, unknown>) {
  const result = await app.gql<SyncResult>(SYNC, { input: syncInput(input) });
  expect(result.data.syncExternalInstance.__typename, result.text).toBe('SyncExternalInstancePayload');
}

beforeAll(async () => {
  // The periodic look for abandoned createInstance attempts (src/create-instance/recovery.ts) is no request's statement.
  const sweep = /^select .* where attempt_owner IS NOT NULL AND attempt_expires_at <= /i;
  app = await startTestApp({
    overrides: {
      onQuery: (text, params) => {
        if (sweep.test(text)) return;
        statements.push(text);
        ran.push({ text, params });
      },
    },
  });
  await sync({
    approvalCode: 'LEAVE',
    instanceId: 'A1',
    userId: 'alice',
    departmentId: 'dept-sales',
    title: { enUS: 'Quarterly budget review', zhCN: '季度预算评审' },
    form: [{ name: { zhCN: '目的地', enUS: 'Destination' }, value: { zhCN: '上海出差', enUS: 'Shanghai trip' } }],
    startTime: at(0),
    updateTime: at(10),
    taskList: [
      taskInput(1, { userId: null, openId: 'ou_bob', status: 'PENDING', updateTime: at(10) }),
      taskInput(2, { userId: 'carol', status: 'PENDING', updateTime: at(11) }),
    ],
    ccList: [ccInput(1, { openId: null, userId: 'carol', readStatus: 'UNREAD', updateTime: at(10) })],
  });
  await sync({
    approvalCode: 'EXPENSE',
    instanceId: 'A2',
    userId: 'alice',
    status: 'APPROVED',
    title: { enUS: 'Taxi receipts' },
    startTime: at(1),
    updateTime: at(20),
    endTime: at(20),
    taskList: [
      taskInput(1, { userId: 'carol', status: 'APPROVED', updateTime: at(20) }),
      taskInput(2, { userId: null, openId: 'ou_bob', status: 'REJECTED', updateTime: at(19) }),
    ],
    ccList: [ccInput(1, { openId: 'ou_bob', readStatus: 'READ', updateTime: at(20) })],
  });
  await sync({
    approvalCode: 'LEAVE',
    instanceId: 'B1',
    userId: null,
    openId: 'ou_bob',
    title: { zhCN: '病假' },
    startTime: at(2),
    updateTime: at(30),
    taskList: [taskInput(1, { userId: 'carol', status: 'PENDING', updateTime: at(30) })],
    ccList: [],
  });
  // carol approves B1's task: an UPDATE push with only the task newer.
  await sync({
    approvalCode: 'LEAVE',
    instanceId: 'B1',
    userId: null,
    openId: 'ou_bob',
    updateMode: 'UPDATE',
    title: { zhCN: '病假' },
    startTime: at(2),
    updateTime: at(30),
    taskList: [taskInput(1, { userId: 'carol', status: 'APPROVED', updateTime: at(31) })],
    ccList: [],
  });
  await sync({
    approvalCode: 'TRIP',
    instanceId: 'C1',
    userId: 'carol',
    status: 'TERMINATED',
    title: { enUS: 'Conference trip' },
    startTime: at(3),
    updateTime: at(40),
    endTime: at(40),
    taskList: [
      taskInput(1, { userId: 'alice', status: 'TRANSFERRED', updateTime: at(40) }),
      taskInput(2, { userId: null, openId: 'ou_bob', status: 'DONE', updateTime: at(41) }),
    ],
    ccList: [],
  });
  const created = await app.gql<CreateResult>(CREATE, { input: leaveInput({ userId: 'alice', openId: null, uuid: 'native-1' }) });
  nativeCode = created.data.createInstance.instance!.instanceCode!;
});

afterAll(async () => {
  await app.close();
});

type Edge<T> = { cursor: string; node: T };
type Conn<T> = {
  totalCount: number;
  edges: Edge<T>[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
};

const CENTER = `query Center($user: UserRefInput!, $readStatus: CcReadStatus) {
  approvalCenter(user: $user) {
    initiated { totalCount edges { node { __typename ... on ExternalInstance { instanceId } ... on ApprovalInstance { uuid } } } }
    pendingTasks { totalCount edges { node { ... on ExternalTask { taskId status instance { instanceId } } } } }
    doneTasks { totalCount edges { node { ... on ExternalTask { taskId status instance { instanceId } } } } }
    ccToMe(readStatus: $readStatus) { totalCount edges { node { ... on ExternalCcEntry { ccId readStatus instance { instanceId } } } } }
  }
}`;

interface CenterResult {
  approvalCenter: {
    initiated: Conn<{ __typename: string; instanceId?: string; uuid?: string }>;
    pendingTasks: Conn<{ taskId: string; status: string; instance: { instanceId: string } }>;
    doneTasks: Conn<{ taskId: string; status: string; instance: { instanceId: string } }>;
    ccToMe: Conn<{ ccId: string; readStatus: string | null; instance: { instanceId: string } }>;
  };
}

async function center(user: Record<string, string>, readStatus?: string) {
  const result = await app.gql<CenterResult>(CENTER, { user, readStatus });
  expect(result.errors, result.text).toBeUndefined();
  return result.data.approvalCenter;
}

const tasksOf = (conn: Conn<{ taskId: string; status: string; instance: { instanceId: string } }>) =>
  conn.edges.map((e) => `${e.node.instance.instanceId}/${e.node.taskId}:${e.node.status}`);

describe('approval-center views', () => {
  it("carol: pending and done tasks, newest first; B1's task left pending for done with the UPDATE push", async () => {
    const carol = await center({ userId: 'carol' });
    expect(tasksOf(carol.pendingTasks)).toEqual(['A1/task-2:PENDING']);
    expect(tasksOf(carol.doneTasks)).toEqual(['B1/task-1:APPROVED', 'A2/task-1:APPROVED']);
    expect([carol.pendingTasks.totalCount, carol.doneTasks.totalCount]).toEqual([1, 2]);
    expect(carol.ccToMe.edges.map((e) => `${e.node.instance.instanceId}/${e.node.ccId}:${e.node.readStatus}`)).toEqual(['A1/cc-1:UNREAD']);
    expect(carol.initiated.edges.map((e) => e.node.instanceId)).toEqual(['C1']);
  });

  it('bob, by open id: REJECTED and TRANSFERRED count as done; a DONE task passed without him and is on neither list, only on its instance', async () => {
    const bob = await center({ openId: 'ou_bob' });
    expect(tasksOf(bob.pendingTasks)).toEqual(['A1/task-1:PENDING']);
    expect(tasksOf(bob.doneTasks)).toEqual(['A2/task-2:REJECTED']);
    expect([bob.pendingTasks.totalCount, bob.doneTasks.totalCount]).toEqual([1, 1]);
    const c1 = await app.gql<{ externalInstance: { taskList: { taskId: string; status: string; openId: string | null }[] } }>(
      `{ externalInstance(approvalCode: "TRIP", instanceId: "C1") { taskList { taskId status openId } } }`,
    );
    expect(c1.data.externalInstance.taskList).toContainEqual({ taskId: 'task-2', status: 'DONE', openId: 'ou_bob' });
    expect(bob.initiated.edges.map((e) => e.node.instanceId)).toEqual(['B1']);
    expect((await center({ openId: 'ou_bob' }, 'READ')).ccToMe.edges.map((e) => e.node.instance.instanceId)).toEqual(['A2']);
    expect((await center({ openId: 'ou_bob' }, 'UNREAD')).ccToMe.totalCount).toBe(0);
    const alice = await center({ userId: 'alice' });
    expect(tasksOf(alice.doneTasks)).toEqual(['C1/task-1:TRANSFERRED']);
  });

  it('alice initiated two external instances and one native one, merged newest first', async () => {
    const alice = await center({ userId: 'alice' });
    expect(alice.initiated.totalCount).toBe(3);
    expect(alice.initiated.edges.map((e) => e.node.__typename)).toEqual(['ApprovalInstance', 'ExternalInstance', 'ExternalInstance']);
    expect(alice.initiated.edges.map((e) => e.node.instanceId ?? e.node.uuid)).toEqual(['native-1', 'A2', 'A1']);
  });
});

const LIST = `query List($filter: ExternalInstanceFilter, $orderBy: ExternalInstanceOrder, $first: Int, $after: String, $last: Int, $before: String) {
  externalInstances(filter: $filter, orderBy: $orderBy, first: $first, after: $after, last: $last, before: $before) {
    totalCount
    edges { cursor node { instanceId } }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
  }
}`;

async function list(variables: Record<string, unknown>) {
  const result = await app.gql<{ externalInstances: Conn<{ instanceId: string }> }>(LIST, variables);
  expect(result.errors, result.text).toBeUndefined();
  return result.data.externalInstances;
}
const ids = (conn: Conn<{ instanceId: string }>) => conn.edges.map((e) => e.node.instanceId);

describe('externalInstances filters and orders', () => {
  it.each([
    [{}, ['C1', 'B1', 'A2', 'A1']],
    [{ approvalCodes: ['LEAVE'] }, ['B1', 'A1']],
    [{ approvalCodes: ['LEAVE', 'TRIP'] }, ['C1', 'B1', 'A1']],
    [{ statuses: ['APPROVED', 'TERMINATED'] }, ['C1', 'A2']],
    [{ initiator: { userId: 'alice' } }, ['A2', 'A1']],
    [{ initiator: { openId: 'ou_bob' } }, ['B1']],
    [{ departmentId: 'dept-sales' }, ['A1']],
    [{ startTime: { from: at(1), to: at(3) } }, ['B1', 'A2']],
    [{ updateTime: { from: at(20) } }, ['C1', 'B1', 'A2']],
    [{ endTime: { to: at(30) } }, ['A2']],
    [{ approvalCodes: ['LEAVE'], initiator: { userId: 'alice' } }, ['A1']],
  ])('filter %o', async (filter, expected) => {
    const conn = await list({ filter });
    expect(ids(conn)).toEqual(expected);
    expect(conn.totalCount).toBe(expected.length);
  });

  it.each([
    [{ field: 'START_TIME', direction: 'ASC' }, ['A1', 'A2', 'B1', 'C1']],
    [{ field: 'START_TIME', direction: 'DESC' }, ['C1', 'B1', 'A2', 'A1']],
    [{ field: 'UPDATE_TIME', direction: 'ASC' }, ['A1', 'A2', 'B1', 'C1']],
  ])('order %o', async (orderBy, expected) => {
    expect(ids(await list({ orderBy }))).toEqual(expected);
  });
});

describe('search', () => {
  it('finds an instance by a word of its English title, as a prefix too', async () => {
    expect(ids(await list({ filter: { search: 'budget' } }))).toEqual(['A1']);
    expect(ids(await list({ filter: { search: 'BUDG review' } }))).toEqual(['A1']);
    expect(ids(await list({ filter: { search: 'budget taxi' } }))).toEqual([]);
  });

  it('finds an instance by a Chinese form value, in any locale', async () => {
    expect(ids(await list({ filter: { search: '上海' } }))).toEqual(['A1']);
    expect(ids(await list({ filter: { search: '预算' } }))).toEqual(['A1']);
    expect(ids(await list({ filter: { search: '病' } }))).toEqual(['B1']);
    expect(ids(await list({ filter: { search: '海上' } }))).toEqual([]);
  });

  it('escapes FTS syntax in user input', async () => {
    for (const search of ['budget OR *', '"budget', 'title:budget', 'NEAR(budget review)', 'budget)', '^budget', 'budget AND NOT']) {
      const result = await app.gql<{ externalInstances: Conn<{ instanceId: string }> }>(LIST, { filter: { search } });
      expect(result.errors, `${search}: ${result.text}`).toBeUndefined();
    }
    expect(ids(await list({ filter: { search: 'budget OR taxi' } }))).toEqual([]);
    expect(ids(await list({ filter: { search: 'title:budget' } }))).toEqual([]);
  });

  it('combines with the other filters, and follows later pushes', async () => {
    expect(ids(await list({ filter: { search: 'trip', statuses: ['TERMINATED'] } }))).toEqual(['C1']);
    await sync({ approvalCode: 'TRIP', instanceId: 'S1', userId: 'dave', title: { enUS: 'Budget offsite' }, updateTime: at(1), taskList: [], ccList: [] });
    expect(ids(await list({ filter: { search: 'budget' } })).sort()).toEqual(['A1', 'S1']);
    await sync({ approvalCode: 'TRIP', instanceId: 'S1', userId: 'dave', title: { enUS: 'Offsite' }, updateTime: at(2), taskList: [], ccList: [] });
    expect(ids(await list({ filter: { search: 'budget' } }))).toEqual(['A1']);
  });
});

describe('lookups and localized output', () => {
  const NODE = `query Node($id: ID!) { node(id: $id) { id __typename } }`;

  it('node(id:) fetches every mirrored kind by its global ID, and nodes(ids:) in order', async () => {
    const found = await app.gql<{ externalInstance: { id: string; taskList: { id: string }[]; ccList: { id: string }[] } }>(
      `{ externalInstance(approvalCode: "LEAVE", instanceId: "A1") { id taskList { id } ccList { id } } }`,
    );
    const native = await app.gql<{ approvalInstance: { id: string; uuid: string } }>(
      `query($code: String!) { approvalInstance(instanceCode: $code) { id uuid } }`,
      {
        code: nativeCode,
      },
    );
    expect(native.data.approvalInstance.uuid).toBe('native-1');
    const instance = found.data.externalInstance;
    const wanted = [instance.id, instance.taskList[0]!.id, instance.ccList[0]!.id, native.data.approvalInstance.id];
    const typenames: string[] = [];
    for (const id of wanted) {
      const result = await app.gql<{ node: { id: string; __typename: string } }>(NODE, { id });
      expect(result.data.node.id).toBe(id);
      typenames.push(result.data.node.__typename);
    }
    expect(typenames).toEqual(['ExternalInstance', 'ExternalTask', 'ExternalCcEntry', 'ApprovalInstance']);
    const many = await app.gql<{ nodes: ({ id: string } | null)[] }>(`query($ids: [ID!]!) { nodes(ids: $ids) { id } }`, {
      ids: [...wanted].reverse(),
    });
    expect(many.data.nodes.map((n) => n?.id)).toEqual([...wanted].reverse());
    // The same nodes asked for twice in one request: each field gets them (one load).
    const twice = await app.gql<{ nodes: ({ id: string } | null)[]; again: { id: string }[]; node: { id: string; __typename: string } }>(
      `query($ids: [ID!]!, $one: ID!) { nodes(ids: $ids) { id } again: nodes(ids: $ids) { id } node(id: $one) { id __typename } }`,
      { ids: wanted, one: wanted[0] },
    );
    expect(twice.errors, twice.text).toBeUndefined();
    expect(twice.data.again.map((n) => n.id)).toEqual(wanted);
    expect(twice.data.node).toEqual({ id: wanted[0], __typename: 'ExternalInstance' });
    const byUuid = await app.gql<{ approvalInstanceByUuid: { instanceCode: string } }>(`{ approvalInstanceByUuid(uuid: "NATIVE-1") { instanceCode } }`);
    expect(byUuid.data.approvalInstanceByUuid.instanceCode).toBe(nativeCode);
  });

  it('resolves every localized field in the asked locale, else Accept-Language, else the default; LocalizedText has them all', async () => {
    const query = `{ externalInstance(approvalCode: "LEAVE", instanceId: "A1") {
      title zh: title(locale: ZH_CN) ja: title(locale: JA_JP)
      titleLocalized { defaultLocale text(locale: EN_US) translations { locale text } }
      form { name value valueLocalized { translations { locale text } } }
      taskList { title }
      ccList { title }
    } }`;
    const plain = await app.gql<{ externalInstance: Record<string, unknown> }>(query);
    expect(plain.data.externalInstance).toMatchObject({
      title: '季度预算评审',
      zh: '季度预算评审',
      ja: '季度预算评审',
      titleLocalized: {
        defaultLocale: 'ZH_CN',
        text: 'Quarterly budget review',
        translations: [
          { locale: 'ZH_CN', text: '季度预算评审' },
          { locale: 'EN_US', text: 'Quarterly budget review' },
        ],
      },
      form: [{ name: '目的地', value: '上海出差' }],
      taskList: [{ title: '审批 1' }, { title: '审批 2' }],
      ccList: [{ title: '抄送 1' }],
    });
    const english = await app.gql<{ externalInstance: Record<string, unknown> }>(query, undefined, { 'accept-language': 'en-GB,en;q=0.9' });
    expect(english.data.externalInstance).toMatchObject({
      title: 'Quarterly budget review',
      zh: '季度预算评审',
      form: [{ name: 'Destination', value: 'Shanghai trip' }],
      taskList: [{ title: 'Approval 1' }, { title: 'Approval 2' }],
      ccList: [{ title: 'Copy 1' }],
    });
  });
});

describe('paging', () => {
  it('walks a connection forwards and backwards, every row once, while new instances are synced between pages', async () => {
    for (let i = 0; i < 23; i += 1) {
      await sync({
        approvalCode: 'PAGE',
        instanceId: `P${String(i).padStart(2, '0')}`,
        userId: 'pager',
        updateTime: at(100 + (i % 7)),
        taskList: [],
        ccList: [],
      });
    }
    const original = ids(await list({ filter: { approvalCodes: ['PAGE'] }, first: 100 }));
    expect(original).toHaveLength(23);

    for (const orderBy of [
      { field: 'UPDATE_TIME', direction: 'DESC' },
      { field: 'UPDATE_TIME', direction: 'ASC' },
      { field: 'START_TIME', direction: 'DESC' },
    ]) {
      const seen: string[] = [];
      let after: string | null = null;
      let extra = 0;
      for (;;) {
        const page: Conn<{ instanceId: string }> = await list({ filter: { approvalCodes: ['PAGE'] }, orderBy, first: 4, after });
        seen.push(...ids(page));
        expect(page.pageInfo.hasPreviousPage).toBe(after !== null);
        // A sync lands between two page calls: newer than everything, and with a tie on update time.
        await sync({
          approvalCode: 'PAGE',
          instanceId: `NEW-${orderBy.direction}-${orderBy.field}-${extra++}`,
          userId: 'pager',
          updateTime: at(200),
          taskList: [],
          ccList: [],
        });
        if (!page.pageInfo.hasNextPage) break;
        after = page.pageInfo.endCursor;
      }
      const originalSeen = seen.filter((id) => id.startsWith('P'));
      expect(new Set(seen).size).toBe(seen.length);
      expect(originalSeen.sort()).toEqual([...original].sort());
    }

    const backward: string[] = [];
    let before: string | null = null;
    for (;;) {
      const page: Conn<{ instanceId: string }> = await list({ filter: { approvalCodes: ['PAGE'], initiator: { userId: 'pager' } }, last: 5, before });
      backward.unshift(...ids(page));
      if (!page.pageInfo.hasPreviousPage) break;
      before = page.pageInfo.startCursor;
    }
    const forwardAll = ids(await list({ filter: { approvalCodes: ['PAGE'], initiator: { userId: 'pager' } }, first: 100 }));
    expect(backward).toEqual(forwardAll);
  });

  it('pages the merged initiated list and the task lists by cursor', async () => {
    for (let i = 0; i < 4; i += 1) {
      await app.gql(CREATE, { input: leaveInput({ userId: 'alice', openId: null, uuid: `native-page-${i}` }) });
    }
    const PAGE = `query($after: String) { approvalCenter(user: { userId: "alice" }) { initiated(first: 2, after: $after) { edges { node { __typename ... on ExternalInstance { instanceId } ... on ApprovalInstance { uuid } } } pageInfo { hasNextPage endCursor } } } }`;
    type Page = { approvalCenter: { initiated: Conn<{ instanceId?: string; uuid?: string }> } };
    const all: string[] = [];
    let after: string | null = null;
    for (;;) {
      const result: { data: Page } = await app.gql<Page>(PAGE, { after });
      const conn = result.data.approvalCenter.initiated;
      all.push(...conn.edges.map((e) => e.node.instanceId ?? e.node.uuid ?? '?'));
      if (!conn.pageInfo.hasNextPage) break;
      after = conn.pageInfo.endCursor;
    }
    expect(all).toEqual(['native-page-3', 'native-page-2', 'native-page-1', 'native-page-0', 'native-1', 'A2', 'A1']);
  });
});

describe('cost', () => {
  const PAGE_WITH_CHILDREN = `query($first: Int) {
    externalInstances(first: $first, filter: { approvalCodes: ["COST"] }) {
      edges { node { instanceId title taskList { taskId title } ccList { ccId title } } }
    }
  }`;

  it('a page with tasks, cc entries and titles costs the same few statements, whatever its size', async () => {
    for (let i = 0; i < 60; i += 1) {
      await sync({
        approvalCode: 'COST',
        instanceId: `K${i}`,
        title: { zhCN: `标题 ${i}`, enUS: `Title ${i}` },
        taskList: [taskInput(1), taskInput(2), taskInput(3)],
        ccList: [ccInput(1), ccInput(2)],
      });
    }
    const counts: number[] = [];
    for (const first of [5, 50]) {
      statements.length = 0;
      const result = await app.gql<{ externalInstances: Conn<{ taskList: unknown[]; ccList: unknown[] }> }>(PAGE_WITH_CHILDREN, { first });
      expect(result.data.externalInstances.edges).toHaveLength(first);
      expect(result.data.externalInstances.edges.every((e) => e.node.taskList.length === 3 && e.node.ccList.length === 2)).toBe(true);
      counts.push(statements.length);
    }
    expect(counts[0]).toBe(counts[1]);
    // The page with the instances' titles, the tasks, the cc entries, and the texts of the tasks
    // and cc entries: one statement on SQLite, whose reads answer in the same turn, so that their
    // titles are loaded in the same batch; on PostgreSQL the tasks and the cc entries come back
    // on two connections, each answer in a turn of its own, and their titles may come in two.
    if (ENGINE === 'sqlite') expect(counts[1]).toBe(4);
    else expect(counts[1]).toBeOneOf([4, 5]);
  });

  it('a page of pending tasks with their titles and instances costs the same few statements at any size, each row with its own texts', async () => {
    for (let i = 0; i < 30; i += 1) {
      await sync({
        approvalCode: 'DORA',
        instanceId: `D${i}`,
        userId: 'initiator',
        // Every fifth instance has no title; every seventh has a task titled in Chinese only.
        title: i % 5 === 0 ? undefined : { zhCN: `申请 ${i}`, enUS: `Request ${i}` },
        startTime: at(0),
        updateTime: at(100 + i),
        taskList: [1, 2].map((k) =>
          taskInput(k, {
            userId: 'dora',
            updateTime: at(100 + i),
            title: k === 2 && i % 7 === 0 ? { zhCN: `任务 ${i}-${k}` } : { zhCN: `任务 ${i}-${k}`, enUS: `Task ${i}-${k}` },
          }),
        ),
        ccList: [],
      });
    }
    const query = `query($first: Int) { approvalCenter(user: { userId: "dora" }) { pendingTasks(first: $first) { edges { node { ... on ExternalTask {
      taskId title(locale: EN_US) instance { instanceId title(locale: EN_US) } } } } } } }`;
    type Node = { taskId: string; title: string; instance: { instanceId: string; title: string | null } };
    const expected: string[] = [];
    for (let i = 29; i >= 0; i -= 1) {
      for (const k of [2, 1]) {
        const title = k === 2 && i % 7 === 0 ? `任务 ${i}-${k}` : `Task ${i}-${k}`;
        expected.push(`task-${k} ${title} D${i} ${i % 5 === 0 ? null : `Request ${i}`}`);
      }
    }
    const counts: number[] = [];
    for (const first of [1, 5, 50]) {
      statements.length = 0;
      const result = await app.gql<{ approvalCenter: { pendingTasks: { edges: { node: Node }[] } } }>(query, { first });
      expect(result.errors, result.text).toBeUndefined();
      const rows = result.data.approvalCenter.pendingTasks.edges.map(
        ({ node }) => `${node.taskId} ${node.title} ${node.instance.instanceId} ${node.instance.title}`,
      );
      expect(rows).toEqual(expected.slice(0, first));
      counts.push(statements.length);
    }
    // The page with the tasks' titles, their instances and the instances' titles.
    expect(counts).toEqual([1, 1, 1]);
  });

  it('answers each field of each node type on a page as node(id:) answers it', async () => {
    const rich = (n: number) => ({ zhCN: `富 ${n}`, enUS: `Rich ${n}` });
    await sync({
      approvalCode: 'RICH',
      instanceId: 'R1',
      userId: 'rich-initiator',
      userName: rich(1),
      departmentId: 'dept-rich',
      departmentName: rich(2),
      endTime: at(30),
      displayMethod: 'BROWSER',
      updateMode: 'UPDATE',
      extra: { a: 1 },
      resourceRegion: 'cn',
      trusteeshipUrlToken: 'token',
      trusteeshipUserIdType: 'user_id',
      trusteeshipUrls: {
        formDetailUrl: 'https://r/f',
        actionDefinitionUrl: 'https://r/a',
        approvalNodeUrl: 'https://r/n',
        actionCallbackUrl: 'https://r/c',
        pullBusinessDataUrl: 'https://r/p',
      },
      trusteeshipCacheConfig: { formPolicy: 'DISABLE', formVaryWithLocale: true, formVersion: '2' },
      taskList: [
        taskInput(1, {
          userId: 'rich-approver',
          openId: 'ou_rich',
          extra: { b: 2 },
          endTime: at(20),
          actionContext: 'ctx',
          actionConfigs: [{ actionType: 'APPROVE', actionName: rich(3), isNeedReason: true, isReasonRequired: false, isNeedAttachment: true }],
          displayMethod: 'SIDEBAR',
          excludeStatistics: true,
          nodeId: 'node-1',
          nodeName: rich(4),
          generateType: 'EXTERNAL_CONSIGN',
          links: { pcLink: 'https://r/t', mobileLink: 'https://m.r/t' },
        }),
      ],
      ccList: [
        ccInput(1, {
          openId: null,
          userId: 'rich-cc',
          extra: { c: 3 },
          displayMethod: 'NORMAL',
          readStatus: 'READ',
          links: { pcLink: 'https://r/c1', mobileLink: 'https://m.r/c1' },
        }),
      ],
    });
    const selectionOf = (type: GraphQLOutputType, depth: number): string => {
      const named = getNamedType(type);
      if (isLeafType(named)) return '';
      if (depth > 1 || !isObjectType(named)) return ' { __typename }';
      const fields = Object.values(named.getFields()).filter((field) => field.args.every((arg) => !isNonNullType(arg.type)));
      return ` { ${fields.map((field) => `${field.name}${selectionOf(field.type, depth + 1)}`).join(' ')} }`;
    };
    // Each page: its node type, its query, its nodes.
    const pages: [string, (fields: string) => string, (data: unknown) => unknown[]][] = [
      [
        'ExternalInstance',
        (fields) => `{ page: externalInstances(first: 5, filter: { approvalCodes: ["RICH"] }) { edges { node { ${fields} } } } }`,
        (data) => (data as { page: Conn<unknown> }).page.edges.map((edge) => edge.node),
      ],
      [
        'ExternalTask',
        (fields) =>
          `{ c: approvalCenter(user: { userId: "rich-approver" }) { page: pendingTasks(first: 5) { edges { node { ... on ExternalTask { ${fields} } } } } } }`,
        (data) => (data as { c: { page: Conn<unknown> } }).c.page.edges.map((edge) => edge.node),
      ],
      [
        'ExternalCcEntry',
        (fields) => `{ c: approvalCenter(user: { userId: "rich-cc" }) { page: ccToMe(first: 5) { edges { node { ... on ExternalCcEntry { ${fields} } } } } } }`,
        (data) => (data as { c: { page: Conn<unknown> } }).c.page.edges.map((edge) => edge.node),
      ],
      // The instances of a page of tasks and of cc entries.
      ...(['pendingTasks', 'ccToMe'] as const).map((list): [string, (fields: string) => string, (data: unknown) => unknown[]] => [
        'ExternalInstance',
        (fields) =>
          `{ c: approvalCenter(user: { userId: "${list === 'ccToMe' ? 'rich-cc' : 'rich-approver'}" }) { page: ${list}(first: 5) { edges { node { ... on ${list === 'ccToMe' ? 'ExternalCcEntry' : 'ExternalTask'} { instance { ${fields} } } } } } } }`,
        (data) => (data as { c: { page: Conn<{ instance: unknown }> } }).c.page.edges.map((edge) => edge.node.instance),
      ]),
    ];
    for (const [typeName, page, nodesOf] of pages) {
      const type = schema.getType(typeName) as GraphQLObjectType;
      const ids = nodesOf((await app.gql(page('id'))).data).map((node) => (node as { id: string }).id);
      expect(ids, typeName).toHaveLength(1);
      for (const field of Object.values(type.getFields())) {
        const selection = `${field.name}${selectionOf(field.type, 1)}`;
        const paged = await app.gql(page(selection));
        const whole = await app.gql(`query($ids: [ID!]!) { nodes(ids: $ids) { ... on ${typeName} { ${selection} } } }`, { ids });
        expect(paged.errors, paged.text).toBeUndefined();
        expect(nodesOf(paged.data), `${typeName}.${field.name}`).toEqual((whole.data as { nodes: unknown[] }).nodes);
      }
    }
  });

  it('answers the instances of tasks and cc entries whole, however they are reached', async () => {
    await sync({
      approvalCode: 'KEEP',
      instanceId: 'K1',
      userId: 'keeper',
      extra: { kept: true },
      taskList: [taskInput(1, { userId: 'keep-approver' }), taskInput(2, { userId: 'keep-approver' })],
      ccList: [ccInput(1, { openId: null, userId: 'keep-approver' })],
    });
    // The page reads each task's instance id only; the instance's tasks' instance, its extra and
    // status (the sibling reads' cache of instances by id), and the cc entries' instances (a page
    // of their own) must not get those partial rows.
    const result = await app.gql<{
      c: {
        pendingTasks: Conn<{ instance: { instanceId: string; taskList: { instance: { extra: unknown; status: string } }[] } }>;
        ccToMe: Conn<{ instance: { status: string } }>;
      };
    }>(`{ c: approvalCenter(user: { userId: "keep-approver" }) {
      pendingTasks(first: 5) { edges { node { ... on ExternalTask { instance { instanceId taskList { instance { extra status } } } } } } }
      ccToMe(first: 5) { edges { node { ... on ExternalCcEntry { instance { status } } } } } } }`);
    expect(result.errors, result.text).toBeUndefined();
    const tasks = result.data.c.pendingTasks.edges.map((edge) => edge.node.instance);
    expect(tasks).toHaveLength(2);
    for (const instance of tasks) {
      expect(instance.instanceId).toBe('K1');
      expect(instance.taskList.map((task) => task.instance)).toEqual([
        { extra: { kept: true }, status: 'PENDING' },
        { extra: { kept: true }, status: 'PENDING' },
      ]);
    }
    expect(result.data.c.ccToMe.edges.map((edge) => edge.node.instance)).toEqual([{ status: 'PENDING' }]);
  });

  it('answers a localized field asked for in a locale (a literal, a variable, a default, null) on a page as when read one by one', async () => {
    // dora's pending tasks (see above): every fifth instance has no title, every seventh has a
    // task titled in Chinese only; the default locale is zh-CN, nothing is in Japanese.
    const node = (fields: string) => `id en: title(locale: EN_US) ja: title(locale: $loc) ${fields}
      instance { id en: title(locale: EN_US) v: title(locale: $loc) userName(locale: JA_JP) departmentName(locale: $loc) }`;
    const none = (fields: string) => `${fields.includes('$none') ? ', $none: Locale' : ''}${fields.includes('$preset') ? ', $preset: Locale = EN_US' : ''}`;
    const page = (fields: string) => `query($loc: Locale${none(fields)}) { approvalCenter(user: { userId: "dora" }) {
      pendingTasks(first: 50) { edges { node { ... on ExternalTask { ${node(fields)} } } } } } }`;
    const oneByOne = (fields: string) => `query($loc: Locale${none(fields)}, $ids: [ID!]!) { nodes(ids: $ids) { ... on ExternalTask { ${node(fields)} } } }`;
    type Row = { id: string; en: string | null; ja: string | null; instance: Record<string, unknown> };
    const headers = { 'accept-language': 'en-GB,en;q=0.9' };
    for (const fields of [
      '',
      'a: title',
      'titleLocalized { defaultLocale }',
      'nodeName(locale: ZH_CN)',
      'p: title(locale: $preset)',
      'n: title(locale: $none)',
    ]) {
      const variables = { loc: 'JA_JP', ...(none(fields) ? { none: null } : {}) };
      const read = await app.gql<{ approvalCenter: { pendingTasks: Conn<Row> } }>(page(fields), variables, headers);
      expect(read.errors, read.text).toBeUndefined();
      const rows = read.data.approvalCenter.pendingTasks.edges.map((edge) => edge.node);
      expect(rows).toHaveLength(50);
      const ids = rows.map((row) => row.id);
      const alone = await app.gql<{ nodes: Row[] }>(oneByOne(fields), { ...variables, ids }, headers);
      expect(alone.errors, alone.text).toBeUndefined();
      expect(rows, fields).toEqual(alone.data.nodes);
    }
    const rows = (
      await app.gql<{ approvalCenter: { pendingTasks: Conn<Row> } }>(page('a: title'), { loc: 'JA_JP' }, headers)
    ).data.approvalCenter.pendingTasks.edges.map((edge) => edge.node);
    // The asked locale, else the default locale (zh-CN); no title at all is null.
    expect(rows.slice(0, 2).map(({ en, ja, instance }) => [en, ja, instance.en, instance.v])).toEqual([
      ['Task 29-2', '任务 29-2', 'Request 29', '申请 29'],
      ['Task 29-1', '任务 29-1', 'Request 29', '申请 29'],
    ]);
    // Task 28-2 has no English title: its default locale's.
    expect(rows.filter((row) => row.en === '任务 28-2' && row.ja === '任务 28-2')).toHaveLength(1);
    expect(rows.find((row) => row.en === 'Task 25-1')?.instance).toMatchObject({ en: null, v: null });
  });

  it('no view query scans a whole table', async () => {
    const views: [string, Record<string, unknown>?][] = [
      [LIST, { filter: { approvalCodes: ['LEAVE'] } }],
      [LIST, { filter: { statuses: ['PENDING'] }, orderBy: { field: 'START_TIME', direction: 'ASC' } }],
      [LIST, { filter: { initiator: { userId: 'alice' } } }],
      [LIST, { filter: { initiator: { openId: 'ou_bob' } } }],
      [LIST, { filter: { departmentId: 'dept-sales' } }],
      [LIST, { filter: { startTime: { from: at(0) } }, orderBy: { field: 'START_TIME', direction: 'DESC' } }],
      [LIST, { filter: { updateTime: { from: at(0), to: at(100) } } }],
      [LIST, { filter: { endTime: { from: at(0) } } }],
      [LIST, { filter: { search: 'budget' } }],
      [LIST, {}],
      [LIST, { orderBy: { field: 'START_TIME', direction: 'ASC' } }],
      [`{ approvalInstances(filter: { approvalCodes: ["x"] }) { totalCount edges { node { uuid } } } }`],
      [`{ approvalInstances(filter: { initiator: { userId: "alice" } }) { totalCount edges { node { uuid } } } }`],
      [`{ approvalInstances(filter: { initiator: { openId: "ou" } }) { totalCount edges { node { uuid } } } }`],
      [`{ approvalInstances(filter: { intentStates: [CREATED] }) { totalCount edges { node { uuid } } } }`],
      [`{ approvalInstances(filter: { createdAt: { from: "2020-01-01T00:00:00Z" } }) { totalCount edges { node { uuid } } } }`],
      [`{ approvalInstances { totalCount edges { node { uuid } } } }`],
      [CENTER, { user: { userId: 'carol' } }],
      [CENTER, { user: { openId: 'ou_bob' }, readStatus: 'READ' }],
      [CENTER, { user: { openId: 'ou_bob' } }],
      [CENTER, { user: { userId: 'carol' }, readStatus: 'UNREAD' }],
    ];
    const seen: RanStatement[] = [];
    for (const [query, variables] of views) {
      ran.length = 0;
      const result = await app.gql(query, variables);
      expect(result.errors, result.text).toBeUndefined();
      expect(ran.length).toBeGreaterThan(0);
      seen.push(...ran.splice(0));
    }
    const mirror = app.runtime.mirror;
    const plans = await plansOf(mirror, seen);
    expect(plans.fullScans).toEqual([]);
    // The indexes on optional columns are partial (no entry for NULL): each is still the one used
    // by the filter on its column, not a walk of another index in sort order.
    const partial = await partialIndexes(mirror);
    expect(partial).toEqual([
      'approval_cc_entries_open_update',
      'approval_cc_entries_user_update',
      'approval_instances_attempt_expires',
      'approval_instances_open_created',
      'approval_instances_open_state_updated',
      'approval_instances_unsettled',
      'approval_instances_user_created',
      'approval_instances_user_state_updated',
      'approval_tasks_open_group_update',
      'approval_tasks_user_group_update',
      'external_cc_entries_open_read_update',
      'external_cc_entries_open_update',
      'external_cc_entries_user_read_update',
      'external_cc_entries_user_update',
      'external_instances_department_update',
      'external_instances_end',
      'external_instances_open_update',
      'external_instances_user_update',
      'external_tasks_open_group_update',
      'external_tasks_user_group_update',
      'feishu_events_waiting',
    ]);
    // These serve no view: the look for abandoned attempts, the refresh and the events waiting for their instance read them.
    const background = ['approval_instances_attempt_expires', 'approval_instances_unsettled', 'feishu_events_waiting'];
    expect(partial.filter((name) => !background.includes(name) && !plans.indexesSearched.has(name))).toEqual([]);
  });
});

describe('bad arguments: a typed BAD_USER_INPUT naming the argument', () => {
  it.each([
    [{ first: 101 }, 'first'],
    [{ first: -1 }, 'first'],
    [{ last: 101 }, 'last'],
    [{ first: 2, last: 2 }, 'last'],
    [{ after: 'not-a-cursor' }, 'after'],
    [{ before: 'WyJ4Il0' }, 'before'],
    [{ last: 2, after: 'x' }, 'after'],
    [{ filter: { approvalCodes: [] } }, 'filter.approvalCodes'],
    [{ filter: { updateTime: { from: '2026-01-02T00:00:00Z', to: '2026-01-01T00:00:00Z' } } }, 'filter.updateTime.to'],
    [{ filter: { search: 'x'.repeat(201) } }, 'filter.search'],
    [{ filter: { search: '𠀀'.repeat(201) } }, 'filter.search'],
    [{ filter: { search: '*** ()' } }, 'filter.search'],
  ])('%o', async (variables, argument) => {
    const result = await app.gql(LIST, variables);
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument });
    expect(result.status).toBe(200);
  });

  it('a search of 200 characters is taken, counted in code points (each of these is two UTF-16 units)', async () => {
    const result = await app.gql<{ externalInstances: Conn<{ instanceId: string }> }>(LIST, { filter: { search: '𠀀'.repeat(200) } });
    expect(result.errors, result.text).toBeUndefined();
    expect(ids(result.data.externalInstances)).toEqual([]);
  });

  it('a cursor of another connection or order', async () => {
    const cursor = (await list({ first: 1 })).pageInfo.endCursor;
    const result = await app.gql(LIST, { after: cursor, orderBy: { field: 'START_TIME', direction: 'DESC' } });
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'after' });
  });

  it('an unknown locale, a user given twice, a malformed global ID', async () => {
    const locale = await app.gql(`query($l: Locale) { externalInstances { edges { node { title(locale: $l) } } } }`, { l: 'xx-XX' });
    expect(locale.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
    expect(locale.errors?.[0]?.message).toContain('$l');
    const both = await app.gql(CENTER, { user: { userId: 'a', openId: 'b' } });
    expect(both.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
    const id = await app.gql(`{ node(id: "@@@") { id } }`);
    expect(id.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
    const numeric = await app.gql(`query($id: ID!) { node(id: $id) { id } }`, { id: Buffer.from('ExternalInstance:abc').toString('base64') });
    expect(numeric.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', argument: 'id' } });
  });
});
