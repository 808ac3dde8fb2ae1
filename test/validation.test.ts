import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { type Instant, parseInstant } from '../src/util/datetime.js';
import { epochInstant, localizedText, rulesFor } from '../src/validate/rules.js';
import { PATHS } from '../src/sandbox/sandbox.js';
import { type TestApp, startTestApp } from './support/app.js';
import { SYNC, type SyncResult, ccInput, syncInput, taskInput } from './support/fixtures.js';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app.close();
});

let instanceCounter = 0;
/** Each case syncs a fresh instance id, so accepted cases do not interfere. */
async function sync(overrides: Record<string, unknown>) {
  instanceCounter += 1;
  const before = app.sandbox.callCount(PATHS.externalInstances);
  const result = await app.gql<SyncResult>(SYNC, { input: syncInput({ instanceId: `v-${instanceCounter}`, ...overrides }) });
  expect(result.errors).toBeUndefined();
  return { result: result.data.syncExternalInstance, feishuCalls: app.sandbox.callCount(PATHS.externalInstances) - before };
}

async function expectAccepted(overrides: Record<string, unknown>) {
  const { result, feishuCalls } = await sync(overrides);
  expect(result.__typename, JSON.stringify(result)).toBe('SyncExternalInstancePayload');
  expect(feishuCalls).toBe(1);
}

async function expectRefused(overrides: Record<string, unknown>, path: string) {
  const { result, feishuCalls } = await sync(overrides);
  expect(result.__typename, JSON.stringify(result)).toBe('BadUserInputError');
  expect(result.code).toBe('BAD_USER_INPUT');
  expect(result.issues?.map((issue) => issue.path)).toContain(path);
  expect(feishuCalls).toBe(0);
}

const many = <T>(n: number, make: (i: number) => T) => Array.from({ length: n }, (_, i) => make(i));

describe('syncExternalInstance input rules (checked before anything is sent)', () => {
  beforeEach(() => {
    app.sandbox.faults.clear();
  });

  it('links: pcLink or mobileLink, at the instance, task and cc levels', async () => {
    await expectRefused({ links: {} }, 'input.links');
    await expectRefused({ links: { pcLink: '', mobileLink: null } }, 'input.links');
    await expectAccepted({ links: { pcLink: 'https://x' } });
    await expectAccepted({ links: { mobileLink: 'https://x' } });
    await expectRefused({ taskList: [taskInput(1), taskInput(2), taskInput(3, { links: {} })] }, 'input.taskList[2].links');
    await expectAccepted({ taskList: [taskInput(1, { links: { mobileLink: 'https://x' } })] });
    await expectRefused({ ccList: [ccInput(1, { links: {} })] }, 'input.ccList[0].links');
    await expectAccepted({ ccList: [ccInput(1, { links: { pcLink: 'https://x' } })] });
  });

  it('userId or openId, at the instance, task and cc levels', async () => {
    await expectRefused({ userId: null, openId: null }, 'input.userId');
    await expectAccepted({ userId: null, openId: 'ou_1' });
    await expectAccepted({ userId: 'u_1', openId: null });
    await expectRefused({ taskList: [taskInput(1, { userId: null, openId: null })] }, 'input.taskList[0].userId');
    await expectAccepted({ taskList: [taskInput(1, { userId: null, openId: 'ou_2' })] });
    await expectRefused({ ccList: [ccInput(1, { userId: null, openId: null })] }, 'input.ccList[0].userId');
    await expectAccepted({ ccList: [ccInput(1, { openId: null, userId: 'u_3' })] });
  });

  it('taskList holds at most 300 tasks', async () => {
    await expectAccepted({ taskList: many(300, (i) => taskInput(i)) });
    await expectRefused({ taskList: many(301, (i) => taskInput(i)) }, 'input.taskList');
  });

  it('ccList holds at most 200 cc entries', async () => {
    await expectAccepted({ ccList: many(200, (i) => ccInput(i)) });
    await expectRefused({ ccList: many(201, (i) => ccInput(i)) }, 'input.ccList');
  });

  it('a localized text needs at least one locale', async () => {
    await expectRefused({ title: {} }, 'input.title');
    await expectRefused({ title: { zhCN: '', enUS: null } }, 'input.title');
    await expectAccepted({ title: { ruRU: 'Отпуск' } });
    await expectRefused({ taskList: [taskInput(1, { nodeName: {} })] }, 'input.taskList[0].nodeName');
    await expectRefused({ ccList: [ccInput(1, { title: {} })] }, 'input.ccList[0].title');
  });

  it('form texts are at most 2048 characters', async () => {
    await expectAccepted({ form: [{ name: { zhCN: 'n' }, value: { zhCN: 'x'.repeat(2048) } }] });
    await expectRefused({ form: [{ name: { zhCN: 'n' }, value: { zhCN: 'x'.repeat(2049) } }] }, 'input.form[0].value.zhCN');
    await expectRefused({ form: [{ name: { enUS: 'n'.repeat(2049) }, value: { zhCN: 'v' } }] }, 'input.form[0].name.enUS');
  });

  it('counts characters as Feishu does, in code points: an emoji or a CJK extension character is one, though two UTF-16 units', async () => {
    const emojis = '😀'.repeat(1024) + '𠀀'.repeat(1024);
    await expectAccepted({ form: [{ name: { zhCN: 'n' }, value: { zhCN: emojis } }] });
    const sent = app.sandbox.externalInstances.get(`APPROVAL-1/v-${instanceCounter}`) as { i18n_resources: { texts: { value: string }[] }[] };
    expect(sent.i18n_resources[0]!.texts.map((text) => text.value)).toContain(emojis);
    const { result } = await sync({ form: [{ name: { zhCN: 'n' }, value: { zhCN: `${emojis}😀` } }] });
    expect(result.issues).toEqual([{ path: 'input.form[0].value.zhCN', message: 'must be at most 2048 characters, got 2049' }]);
  });

  it('a task has at most two action configs, and a custom action needs a name', async () => {
    const approve = { actionType: 'APPROVE' };
    await expectAccepted({ taskList: [taskInput(1, { actionConfigs: [approve, { actionType: 'REJECT' }] })] });
    await expectRefused({ taskList: [taskInput(1, { actionConfigs: [approve, approve, approve] })] }, 'input.taskList[0].actionConfigs');
    await expectRefused({ taskList: [taskInput(1, { actionConfigs: [{ actionType: 'LATER' }] })] }, 'input.taskList[0].actionConfigs[0].actionName');
    await expectAccepted({ taskList: [taskInput(1, { actionConfigs: [{ actionType: 'LATER', actionName: { enUS: 'Later' } }] })] });
  });

  it('task and cc ids are unique within the instance', async () => {
    await expectRefused({ taskList: [taskInput(1), taskInput(1)] }, 'input.taskList[1].taskId');
    await expectRefused({ ccList: [ccInput(7), ccInput(8), ccInput(7)] }, 'input.ccList[2].ccId');
  });

  it('extra is a JSON object', async () => {
    await expectRefused({ extra: [1, 2] }, 'input.extra');
    await expectRefused({ extra: 'text' }, 'input.extra');
    await expectRefused({ taskList: [taskInput(1, { extra: 3 })] }, 'input.taskList[0].extra');
    await expectAccepted({ extra: {} });
  });

  it('ids are not blank, times not before 1970, trusteeshipUserIdType only user_id', async () => {
    await expectRefused({ approvalCode: ' ' }, 'input.approvalCode');
    await expectRefused({ instanceId: '' }, 'input.instanceId');
    await expectRefused({ taskList: [taskInput(1, { taskId: '' })] }, 'input.taskList[0].taskId');
    await expectRefused({ startTime: '1969-12-31T23:59:59Z' }, 'input.startTime');
    await expectAccepted({ startTime: '1970-01-01T00:00:00Z' });
    await expectRefused({ trusteeshipUserIdType: 'open_id' }, 'input.trusteeshipUserIdType');
    await expectAccepted({ trusteeshipUserIdType: 'user_id' });
  });

  it('reports every broken rule, the first as path and message', async () => {
    const { result } = await sync({ links: {}, userId: null, taskList: [taskInput(1, { links: {} })] });
    expect(result.path).toBe('input.links');
    expect(result.message).toContain('input.links');
    expect(result.issues?.map((issue) => issue.path)).toEqual(expect.arrayContaining(['input.links', 'input.userId', 'input.taskList[0].links']));
  });

  it('a malformed DateTime is refused by GraphQL itself, naming the value', async () => {
    const result = await app.gql(SYNC, { input: syncInput({ startTime: '2026-11-20 09:00' }) });
    expect(result.errors?.[0]?.message).toMatch(/startTime|DateTime/);
    const noZone = await app.gql(SYNC, { input: syncInput({ startTime: '2026-11-20T09:00:00' }) });
    expect(noZone.errors?.[0]?.message).toMatch(/DateTime/);
  });
});

describe('rulesFor', () => {
  const rules = rulesFor<{ title: Record<string, unknown>; startTime: Instant }>(z.looseObject({ title: localizedText(), startTime: epochInstant }));

  it('passes the value as it was given, not a copy (resolvers get the coerced input itself)', () => {
    const value = { title: { zhCN: '请假' }, startTime: parseInstant('2026-11-20T09:00:00Z')!, other: 1 };
    const checked = rules.parse(value);
    expect(checked).toBe(value);
    expect(checked.startTime).toBe(value.startTime);
  });

  it('reports the issues of the rules with their paths and messages', () => {
    const result = rules.safeParse({ title: {}, startTime: { epochMs: -1, offset: 'Z' } });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => [issue.path.join('.'), issue.message])).toEqual([
      ['title', 'needs a text in at least one locale (zhCN, enUS, ...)'],
      ['startTime', 'must not be before 1970-01-01T00:00:00Z'],
    ]);
  });
});
