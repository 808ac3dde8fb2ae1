import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EXAMPLE_CENTER_QUERY, EXAMPLE_CREATE_MUTATION, EXAMPLE_LIST_QUERY, EXAMPLE_QUERY, EXAMPLE_SYNC_MUTATION } from '../src/examples.js';
import { PATHS, SANDBOX_APP } from '../src/sandbox/sandbox.js';
import { type TestApp, startTestApp } from './support/app.js';
import { READ, SYNC, type SyncResult, at, syncInput, taskInput } from './support/fixtures.js';

let app: TestApp;
beforeEach(async () => {
  app = await startTestApp();
});
afterEach(async () => {
  await app.close();
});

interface ReadResult {
  externalInstance: {
    instanceId: string;
    status: string;
    title: string | null;
    titleEn: string | null;
    titleZh: string | null;
    titleJa: string | null;
    defaultLocale: string;
    userName: string | null;
    extra: unknown;
    form: { name: string; value: string }[];
    taskList: {
      taskId: string;
      status: string;
      title: string | null;
      nodeName: string | null;
      actionConfigs: { actionType: string; actionName: string | null }[];
    }[];
    ccList: { ccId: string; readStatus: string | null; title: string | null }[];
  } | null;
}

describe('the README examples', () => {
  it('are quoted verbatim in the README and the API guide', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    expect(readme).toContain(EXAMPLE_SYNC_MUTATION);
    expect(readme).toContain(EXAMPLE_QUERY);
    expect(readme).toContain(EXAMPLE_CREATE_MUTATION);
    expect(readme).toContain(EXAMPLE_CENTER_QUERY);
    const guide = readFileSync(new URL('../docs/api.md', import.meta.url), 'utf8');
    expect(guide).toContain(EXAMPLE_LIST_QUERY);
    expect(guide).toContain(EXAMPLE_CENTER_QUERY);
  });

  it('list and approval-center queries find the synced example', async () => {
    await app.gql(EXAMPLE_SYNC_MUTATION);
    const listed = await app.gql<{ externalInstances: { totalCount: number; edges: { node: { instanceId: string } }[] } }>(EXAMPLE_LIST_QUERY, undefined, {
      'accept-language': 'en',
    });
    expect(listed.errors).toBeUndefined();
    expect(listed.data.externalInstances.edges.map((e) => e.node.instanceId)).toEqual(['leave-24492654']);
    type Center = { approvalCenter: { pendingTasks: { totalCount: number; edges: { node: { instance: { title: string } } }[] } } };
    const center = await app.gql<Center>(EXAMPLE_CENTER_QUERY, undefined, { 'accept-language': 'zh-CN' });
    expect(center.errors).toBeUndefined();
    expect(center.data.approvalCenter.pendingTasks.totalCount).toBe(1);
    expect(center.data.approvalCenter.pendingTasks.edges[0]?.node.instance.title).toBe('请假申请');
  });

  it('create a leave request against the demo definitions, and replay it by its uuid', async () => {
    type Created = { createInstance: { __typename: string; replayed: boolean; instance: { instanceCode: string; intentState: string; title: string } } };
    const first = await app.gql<Created>(EXAMPLE_CREATE_MUTATION);
    expect(first.errors).toBeUndefined();
    expect(first.data.createInstance).toMatchObject({
      __typename: 'CreateInstancePayload',
      replayed: false,
      instance: { intentState: 'CREATED', title: 'Annual leave' },
    });
    const again = await app.gql<Created>(EXAMPLE_CREATE_MUTATION);
    expect(again.data.createInstance).toMatchObject({ replayed: true, instance: { instanceCode: first.data.createInstance.instance.instanceCode } });
  });

  it('sync an instance and read it back in English or Chinese', async () => {
    const synced = await app.gql<{ syncExternalInstance: { __typename: string; applied: boolean; instance: { title: string } } }>(EXAMPLE_SYNC_MUTATION);
    expect(synced.errors).toBeUndefined();
    expect(synced.data.syncExternalInstance).toMatchObject({
      __typename: 'SyncExternalInstancePayload',
      applied: true,
      instance: { title: 'Leave request' },
    });
    const read = await app.gql<ReadResult>(EXAMPLE_QUERY, undefined, { 'accept-language': 'en-US,en;q=0.9' });
    expect(read.errors).toBeUndefined();
    expect(read.data.externalInstance).toEqual({
      instanceId: 'leave-24492654',
      status: 'PENDING',
      titleEn: 'Leave request',
      titleZh: '请假申请',
      userName: 'Zhang San',
      form: [{ name: 'Days', value: '3 days' }],
      extra: { business_key: 'LEAVE-2026-0042' },
      taskList: [{ taskId: 'task-1', status: 'PENDING', title: 'Manager approval', actionConfigs: [{ actionType: 'APPROVE' }, { actionType: 'REJECT' }] }],
      ccList: [{ ccId: 'cc-1', readStatus: 'UNREAD', title: 'Copy to HR' }],
    });
  });
});

describe('localized output', () => {
  it('follows the locale argument, then Accept-Language, then the default locale', async () => {
    await app.gql(SYNC, {
      input: syncInput({
        title: { zhCN: '标题', enUS: 'Title' },
        userName: { enUS: 'Ann' },
        taskList: [taskInput(1, { nodeName: { jaJP: 'ノード' }, actionConfigs: [{ actionType: 'LATER', actionName: { zhCN: '稍后', enUS: 'Later' } }] })],
      }),
    });
    const vars = { approvalCode: 'APPROVAL-1', instanceId: 'inst-1' };
    const none = await app.gql<ReadResult>(READ, vars);
    expect(none.data.externalInstance).toMatchObject({ title: '标题', titleEn: 'Title', titleZh: '标题', titleJa: '标题', defaultLocale: 'ZH_CN' });
    // userName exists only in English; the facade filled the default locale with it.
    expect(none.data.externalInstance?.userName).toBe('Ann');
    expect(none.data.externalInstance?.taskList[0]).toMatchObject({ nodeName: 'ノード', actionConfigs: [{ actionType: 'LATER', actionName: '稍后' }] });

    const english = await app.gql<ReadResult>(READ, vars, { 'accept-language': 'fr-CH, en;q=0.8' });
    expect(english.data.externalInstance).toMatchObject({ title: 'Title', titleZh: '标题' });
    expect(english.data.externalInstance?.taskList[0]?.actionConfigs[0]?.actionName).toBe('Later');
    const unknown = await app.gql<ReadResult>(READ, vars, { 'accept-language': 'xx' });
    expect(unknown.data.externalInstance?.title).toBe('标题');
  });

  it("uses the input's default locale for the fallback", async () => {
    await app.gql(SYNC, { input: syncInput({ defaultLocale: 'EN_US', title: { zhCN: '标题', enUS: 'Title' } }) });
    const read = await app.gql<ReadResult>(READ, { approvalCode: 'APPROVAL-1', instanceId: 'inst-1' });
    expect(read.data.externalInstance).toMatchObject({ title: 'Title', titleJa: 'Title', defaultLocale: 'EN_US' });
  });
});

describe('syncExternalInstance through yoga.fetch', () => {
  it('reports an UPDATE push that was stale as not applied', async () => {
    await app.gql(SYNC, { input: syncInput({ updateTime: at(5) }) });
    const stale = await app.gql<SyncResult>(SYNC, { input: syncInput({ updateMode: 'UPDATE', status: 'APPROVED', updateTime: at(1) }) });
    expect(stale.data.syncExternalInstance).toMatchObject({
      __typename: 'SyncExternalInstancePayload',
      applied: false,
      outcome: { instance: 'STALE', tasks: { stale: 1 }, ccEntries: { stale: 1 } },
      instance: { status: 'PENDING', updateTime: at(5) },
    });
    const newer = await app.gql<SyncResult>(SYNC, {
      input: syncInput({
        updateMode: 'UPDATE',
        status: 'APPROVED',
        updateTime: at(9),
        endTime: at(9),
        taskList: [taskInput(1, { status: 'APPROVED', updateTime: at(9) })],
      }),
    });
    expect(newer.data.syncExternalInstance).toMatchObject({
      applied: true,
      outcome: { instance: 'UPDATED', tasks: { updated: 1 } },
      instance: { status: 'APPROVED' },
    });
  });

  it('returns a Feishu refusal as a typed error with feishuCode and logId', async () => {
    app.sandbox.faults.push({ path: PATHS.externalInstances, code: 1390014, msg: 'Do not synchronize the same approval instance for a short period of time!' });
    const result = await app.gql<SyncResult>(SYNC, { input: syncInput() });
    expect(result.data.syncExternalInstance).toMatchObject({
      __typename: 'FeishuSyncTooFrequentError',
      code: 'FEISHU_SYNC_TOO_FREQUENT',
      feishuCode: 1390014,
      feishuMessage: 'Do not synchronize the same approval instance for a short period of time!',
      httpStatus: 400,
      retryable: true,
    });
    expect(result.data.syncExternalInstance.logId).toMatch(/^sandbox-/);
    expect(app.sandbox.callCount(PATHS.externalInstances)).toBe(1);
  });

  it('answers a real sandbox 1390001 with the field Feishu named', async () => {
    // GraphQL cannot produce this payload; a scripted body stands in for a rule only Feishu knows.
    app.sandbox.faults.push({
      path: PATHS.externalInstances,
      code: 1390001,
      msg: 'param is invalid: task_list[0].links: pc_link and mobile_link: at least one is required',
    });
    const result = await app.gql<SyncResult>(SYNC, { input: syncInput() });
    expect(result.data.syncExternalInstance).toMatchObject({
      __typename: 'FeishuInvalidParameterError',
      code: 'FEISHU_INVALID_PARAMETER',
      feishuCode: 1390001,
    });
    expect(result.data.syncExternalInstance.message).toContain('task_list[0].links');
  });

  it('survives Feishu being down: a retryable error, the server still answering', async () => {
    await app.sandbox.close();
    const result = await app.gql<SyncResult>(SYNC, { input: syncInput() });
    expect(result.data.syncExternalInstance).toMatchObject({ __typename: 'FeishuUnavailableError', code: 'FEISHU_UNAVAILABLE', retryable: true });
    const health = await app.runtime.yoga.fetch('http://yoga/healthz');
    expect(health.status).toBe(200);
    const read = await app.gql<ReadResult>(READ, { approvalCode: 'APPROVAL-1', instanceId: 'inst-1' });
    expect(read.data.externalInstance).toBeNull();
  });

  it('never puts the app secret or a tenant token in a response or a log line', async () => {
    const responses: string[] = [];
    responses.push((await app.gql(SYNC, { input: syncInput() })).text);
    app.sandbox.faults.push({ path: PATHS.externalInstances, code: 99991663, times: 2 });
    responses.push((await app.gql(SYNC, { input: syncInput() })).text);
    app.sandbox.faults.push({ path: PATHS.externalInstances, code: 1390001 });
    responses.push((await app.gql(SYNC, { input: syncInput() })).text);
    app.sandbox.faults.push({ path: PATHS.externalInstances, drop: 'before', times: 3 });
    responses.push((await app.gql(SYNC, { input: syncInput() })).text);
    responses.push((await app.gql(READ, { approvalCode: 'APPROVAL-1', instanceId: 'inst-1' })).text);
    const secrets = [SANDBOX_APP.appSecret, ...app.sandbox.tokens.issuedTokens()];
    const everything = [...responses, ...app.logs].join('\n');
    expect(responses.join('\n')).toContain('FeishuAuthError');
    for (const secret of secrets) expect(everything).not.toContain(secret);
  });

  it('masks unexpected failures', async () => {
    await app.runtime.mirror.close();
    const result = await app.gql(READ, { approvalCode: 'APPROVAL-1', instanceId: 'inst-1' });
    expect(result.errors?.[0]?.message).toBe('Unexpected error.');
    expect(result.text).not.toMatch(/sqlite|database/i);
  });

  it('serves a health check', async () => {
    const response = await app.runtime.yoga.fetch('http://yoga/healthz');
    expect(response.status).toBe(200);
  });
});
