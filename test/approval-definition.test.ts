import { afterEach, describe, expect, it } from 'vitest';
import { approvalDefinitions } from '../src/mirror/tables.js';
import { DEMO_DEFINITIONS, type DemoDefinition } from '../src/sandbox/definitions.js';
import { type Clock, systemClock } from '../src/util/clock.js';
import { type TestApp, type TestAppOptions, startTestApp } from './support/app.js';
import { EXPENSE, LEAD_NODE, LEAVE } from './support/create-fixtures.js';
import { rowsOf } from './support/mirror.js';

const DEFINITION = `query Definition($code: String!) {
  approvalDefinition(approvalCode: $code) {
    approvalCode status stale fetchedAt
    name nameEn: name(locale: EN_US) nameJa: name(locale: JA_JP)
    nameLocalized { defaultLocale translations { locale text } }
    form {
      id customId type feishuType required name nameEn: name(locale: EN_US)
      options { value text textEn: text(locale: EN_US) textJa: text(locale: JA_JP) }
      children { id type feishuType required name options { value } children { id } }
    }
    nodes { nodeId customNodeId name nameJa: name(locale: JA_JP) needApprover approverChosenMulti nodeType }
  }
}`;

interface Definition {
  approvalCode: string;
  status: string;
  stale: boolean;
  fetchedAt: string;
  name: string;
  nameEn: string;
  nameJa: string;
  nameLocalized: { defaultLocale: string; translations: { locale: string; text: string }[] };
  form: {
    id: string;
    type: string | null;
    feishuType: string;
    required: boolean;
    name: string;
    nameEn: string;
    options: { value: string; text: string; textEn: string; textJa: string }[] | null;
    children: { id: string; type: string; required: boolean; name: string }[] | null;
  }[];
  nodes: { nodeId: string; customNodeId: string | null; name: string; nameJa: string; needApprover: boolean }[];
}

/** A clock the test moves: a definition's age passes without waiting. */
function movableClock(): Clock & { advance(ms: number): void } {
  let offset = 0;
  return { ...systemClock, now: () => Date.now() + offset, advance: (ms) => (offset += ms) };
}

const definitionPath = (code: string) => `/open-apis/approval/v4/approvals/${code}`;

let app: TestApp | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

async function start(options: TestAppOptions = {}): Promise<TestApp> {
  app = await startTestApp(options);
  return app;
}

async function read(code: string, headers?: Record<string, string>) {
  const result = await app!.gql<{ approvalDefinition: Definition | null }>(DEFINITION, { code }, headers);
  return result;
}

async function definition(code: string, headers?: Record<string, string>): Promise<Definition | null> {
  const result = await read(code, headers);
  expect(result.errors, JSON.stringify(result.errors)).toBeUndefined();
  return result.data.approvalDefinition;
}

describe('approvalDefinition', () => {
  it('reads the name, status, widgets and nodes, each name in every configured locale (one GET per locale)', async () => {
    const { sandbox } = await start();
    const leave = await definition(LEAVE);
    expect(sandbox.callCount(definitionPath(LEAVE))).toBe(3);
    expect(leave).toMatchObject({ approvalCode: LEAVE, status: 'ACTIVE', stale: false, name: '请假', nameEn: 'Leave request', nameJa: '休暇申請' });
    expect(leave!.nameLocalized).toEqual({
      defaultLocale: 'ZH_CN',
      translations: [
        { locale: 'ZH_CN', text: '请假' },
        { locale: 'EN_US', text: 'Leave request' },
        { locale: 'JA_JP', text: '休暇申請' },
      ],
    });
    expect(leave!.form.map((widget) => [widget.id, widget.type, widget.required, widget.name, widget.nameEn])).toEqual([
      ['leave_type', 'radioV2', true, '请假类型', 'Leave type'],
      ['period', 'dateInterval', true, '请假时间', 'Period'],
      ['reason', 'textarea', true, '请假事由', 'Reason'],
      ['handover', 'contact', false, '工作交接人', 'Handover to'],
      ['proof', 'attachmentV2', false, '证明材料', 'Proof'],
    ]);
    expect(leave!.form[0]!.options).toEqual([
      { value: 'annual', text: '年假', textEn: 'Annual leave', textJa: '年次休暇' },
      { value: 'sick', text: '病假', textEn: 'Sick leave', textJa: '病気休暇' },
      { value: 'personal', text: '事假', textEn: 'Personal leave', textJa: '私用休暇' },
    ]);
    expect(leave!.form[1]!.options).toBeNull();
    expect(leave!.nodes).toEqual([
      expect.objectContaining({
        nodeId: LEAD_NODE,
        customNodeId: null,
        name: '直属上级（发起人自选）',
        nameJa: 'チームリーダー（申請者が選択）',
        needApprover: true,
      }),
      expect.objectContaining({ nodeId: '46e6d96cfa756980907209209ec03b75', customNodeId: 'manager_node_id', name: '经理', needApprover: false }),
    ]);
  });

  it("a fieldList's columns are its children; the request's Accept-Language picks the names", async () => {
    await start();
    const expense = await definition(EXPENSE, { 'accept-language': 'ja-JP' });
    const items = expense!.form.find((widget) => widget.id === 'items')!;
    expect(items).toMatchObject({ type: 'fieldList', feishuType: 'fieldList', required: false, options: null });
    expect(items.children).toEqual([
      { id: 'item_name', type: 'input', feishuType: 'input', required: true, name: 'Item', options: null, children: null },
      { id: 'item_cost', type: 'amount', feishuType: 'amount', required: true, name: 'Cost', options: null, children: null },
    ]);
    const leave = await definition(LEAVE, { 'accept-language': 'ja-JP,en;q=0.5' });
    expect(leave!.name).toBe('休暇申請');
  });

  it('is kept in the mirror and read again from Feishu once older than FEISHU_DEFINITION_MAX_AGE_MS', async () => {
    const clock = movableClock();
    const definitions = structuredClone(DEMO_DEFINITIONS) as DemoDefinition[];
    const { sandbox, runtime } = await start({ sandbox: { definitions }, env: { FEISHU_DEFINITION_MAX_AGE_MS: '60000' }, overrides: { clock } });
    const first = await definition(LEAVE);
    expect(sandbox.callCount(definitionPath(LEAVE))).toBe(3);
    const [row] = await rowsOf(runtime.mirror, approvalDefinitions);
    expect(row).toMatchObject({ approvalCode: LEAVE, status: 'ACTIVE', defaultLocale: 'zh-CN' });
    expect(JSON.parse(row!.name)).toEqual({ 'zh-CN': '请假', 'en-US': 'Leave request', 'ja-JP': '休暇申請' });

    definitions[0]!.names = { 'zh-CN': '请假（新）' };
    clock.advance(59_000);
    expect(await definition(LEAVE)).toMatchObject({ name: '请假', fetchedAt: first!.fetchedAt });
    expect(sandbox.callCount(definitionPath(LEAVE))).toBe(3);

    clock.advance(1_000);
    const again = await definition(LEAVE);
    expect(again).toMatchObject({ name: '请假（新）', stale: false });
    expect(Date.parse(again!.fetchedAt)).toBeGreaterThan(Date.parse(first!.fetchedAt));
    expect(sandbox.callCount(definitionPath(LEAVE))).toBe(6);
  });

  it('with FEISHU_DEFINITION_MAX_AGE_MS=0 every read calls Feishu; FEISHU_DEFINITION_LOCALES says which locales', async () => {
    const { sandbox } = await start({ env: { FEISHU_DEFINITION_MAX_AGE_MS: '0', FEISHU_DEFINITION_LOCALES: 'EN_US', DEFAULT_LOCALE: 'ZH_CN' } });
    const leave = await definition(LEAVE);
    // The default locale is always read: it is every name's fallback.
    expect(sandbox.callCount(definitionPath(LEAVE))).toBe(2);
    expect(leave).toMatchObject({ name: '请假', nameEn: 'Leave request', nameJa: '请假' });
    await definition(LEAVE);
    expect(sandbox.callCount(definitionPath(LEAVE))).toBe(4);
  });

  it('is null for a code Feishu does not know, and that answer is kept as long as a found one', async () => {
    const { sandbox } = await start();
    expect(await definition('NOPE')).toBeNull();
    expect(await definition('NOPE')).toBeNull();
    expect(sandbox.callCount(definitionPath('NOPE'))).toBe(1);
  });

  it("answers the stored copy, marked stale, when Feishu cannot be read again; without one, Feishu's error", async () => {
    const clock = movableClock();
    const { sandbox } = await start({ env: { FEISHU_DEFINITION_MAX_AGE_MS: '1000' }, overrides: { clock } });
    sandbox.faults.push({ path: definitionPath(EXPENSE), code: 1390001, httpStatus: 400, headers: { 'x-tt-logid': 'log-def-1' } });
    const failed = await read(EXPENSE);
    expect(failed.data.approvalDefinition).toBeNull();
    expect(failed.errors?.[0]?.extensions).toMatchObject({ code: 'FEISHU_INVALID_PARAMETER', feishuCode: 1390001, retryable: false, logId: 'log-def-1' });

    const first = await definition(LEAVE);
    clock.advance(1_000);
    sandbox.faults.push({ path: definitionPath(LEAVE), code: 1390001, httpStatus: 400 });
    expect(await definition(LEAVE)).toMatchObject({ name: '请假', stale: true, fetchedAt: first!.fetchedAt });
    expect(await definition(LEAVE)).toMatchObject({ name: '请假', stale: false });
  });

  it('refuses what cannot be an approval code without calling Feishu: it would be another URL', async () => {
    const { sandbox } = await start();
    for (const code of [' ', '..', 'a/b', 'A'.repeat(129)]) {
      const result = await read(code);
      expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'approvalCode' });
    }
    expect(sandbox.calls.filter((call) => call.path.startsWith('/open-apis/approval/v4/approvals'))).toEqual([]);
  });
});
