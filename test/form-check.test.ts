import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PATHS } from '../src/sandbox/sandbox.js';
import { type TestApp, startTestApp } from './support/app.js';
import { CREATE, type CreateResult, EXPENSE, LEAD_NODE, LEAVE, leaveInput } from './support/create-fixtures.js';
import { type PlainFeishu, startPlainFeishu } from './support/plain-feishu.js';

/**
 * createInstance's form is checked against the approval definition by the facade, before Feishu
 * is called: the same answers in sandbox mode and in real mode against a Feishu that checks
 * nothing (test/support/plain-feishu.ts), which serves the definitions below as Feishu writes them.
 */

const MANAGER_NODE = '46e6d96cfa756980907209209ec03b75';
const nodes = [
  { name: '直属上级（发起人自选）', need_approver: true, node_id: LEAD_NODE, node_type: 'AND', approver_chosen_multi: true },
  { name: '经理', need_approver: false, node_id: MANAGER_NODE, custom_node_id: 'manager_node_id', node_type: 'AND', approver_chosen_multi: true },
];
const PLAIN_DEFINITIONS: Record<string, Record<string, unknown>> = {
  [LEAVE]: {
    approval_name: '请假',
    status: 'ACTIVE',
    form: JSON.stringify([
      {
        id: 'leave_type',
        name: '请假类型',
        type: 'radioV2',
        required: true,
        option: [
          { value: 'annual', text: '年假' },
          { value: 'sick', text: '病假' },
          { value: 'personal', text: '事假' },
        ],
      },
      { id: 'period', name: '请假时间', type: 'dateInterval', required: true },
      { id: 'reason', name: '请假事由', type: 'textarea', required: true },
      { id: 'handover', name: '工作交接人', type: 'contact', required: false },
      { id: 'proof', name: '证明材料', type: 'attachmentV2', required: false },
    ]),
    node_list: nodes,
  },
  [EXPENSE]: {
    approval_name: 'Expense claim',
    status: 'ACTIVE',
    form: JSON.stringify([
      { id: '111', name: 'Purpose', type: 'input', required: false },
      { id: '222', name: 'Trip dates', type: 'dateInterval', required: true },
      { id: '333', name: 'Category', type: 'radioV2', required: false, option: ['1', '2', '3'].map((value) => ({ value, text: value })) },
      { id: '444', name: 'Receipts', type: 'number', required: false },
      { id: '555', name: 'Notes', type: 'textarea', required: false },
      {
        id: 'items',
        name: 'Items',
        type: 'fieldList',
        required: false,
        option: { input_type: 'LIST', print_type: 'LIST' },
        children: [
          { id: 'item_name', name: 'Item', type: 'input', required: true },
          { id: 'item_cost', name: 'Cost', type: 'amount', required: true },
        ],
      },
    ]),
    node_list: nodes,
  },
};

interface Mode {
  name: string;
  start(): Promise<{ app: TestApp; creates(): number; close(): Promise<void> }>;
}

const MODES: Mode[] = [
  {
    name: 'sandbox mode',
    async start() {
      const app = await startTestApp();
      return { app, creates: () => app.sandbox.callCount(PATHS.instances) + app.sandbox.callCount(PATHS.legacyCreate), close: () => app.close() };
    },
  },
  {
    name: 'real mode against a Feishu that checks no form',
    async start() {
      const plain: PlainFeishu = await startPlainFeishu(PLAIN_DEFINITIONS);
      const app = await startTestApp({ realMode: true, env: { FEISHU_BASE_URL: plain.origin, FEISHU_LEGACY_BASE_URL: plain.origin, FACADE_AUTH: 'off' } });
      return {
        app,
        creates: () => plain.creates(),
        async close() {
          await app.close();
          await plain.close();
        },
      };
    },
  },
];

const DATES = { start: '2026-12-01T09:00:00+08:00', end: '2026-12-03T18:00:00+08:00', interval: 3 };
const expenseInput = (items: unknown[][]) => ({
  approvalCode: EXPENSE,
  openId: 'ou_1',
  form: [{ dateInterval: { id: '222', value: DATES } }, { fieldList: { id: 'items', value: items } }],
  nodeApproverOpenIdList: [{ key: LEAD_NODE, value: ['ou_2'] }],
});

describe.each(MODES)('the form check, $name', (mode) => {
  let running: Awaited<ReturnType<Mode['start']>>;
  beforeEach(async () => {
    running = await mode.start();
  });
  afterEach(async () => {
    await running.close();
  });

  const create = async (input: Record<string, unknown>) => {
    const result = await running.app.gql<CreateResult>(CREATE, { input });
    expect(result.errors, JSON.stringify(result.errors)).toBeUndefined();
    return result.data.createInstance;
  };
  /** The issues of a refusal the facade answered alone: Feishu was asked for no instance. */
  const refusal = async (input: Record<string, unknown>) => {
    const result = await create(input);
    expect(result, JSON.stringify(result)).toMatchObject({ __typename: 'BadUserInputError', code: 'BAD_USER_INPUT' });
    expect(result.path).toBe(result.issues![0]!.path);
    expect(running.creates()).toBe(0);
    return result.issues;
  };

  it('takes a form the definition takes (v4 and v2)', async () => {
    expect((await create(leaveInput())).__typename).toBe('CreateInstancePayload');
    expect((await create(leaveInput({ api: 'V2' }))).__typename).toBe('CreateInstancePayload');
    const row = [{ input: { id: 'item_name', value: 'Taxi' } }, { amount: { id: 'item_cost', value: 12.5 } }];
    expect((await create(expenseInput([row, row]))).__typename).toBe('CreateInstancePayload');
    expect(running.creates()).toBe(3);
  });

  it('an unknown widget id', async () => {
    const form = [...(leaveInput().form as unknown[]), { input: { id: 'nope', value: 'x' } }];
    expect(await refusal(leaveInput({ form }))).toEqual([{ path: 'input.form[3].input.id', message: `widget "nope" is not in approval definition ${LEAVE}` }]);
  });

  it('a widget of the wrong type', async () => {
    const form = [
      { radioV2: { id: 'leave_type', value: 'annual' } },
      { dateInterval: { id: 'period', value: DATES } },
      { input: { id: 'reason', value: 'x' } },
    ];
    expect(await refusal(leaveInput({ form }))).toEqual([
      { path: 'input.form[2].input', message: 'widget "reason", 请假事由, is of type textarea, not input' },
    ]);
  });

  it('an option the widget does not offer', async () => {
    const form = [{ radioV2: { id: 'leave_type', value: 'sabbatical' } }, ...(leaveInput().form as unknown[]).slice(1)];
    expect(await refusal(leaveInput({ form }))).toEqual([
      {
        path: 'input.form[0].radioV2.value',
        message: 'widget "leave_type", 请假类型, offers no option "sabbatical" (its options: "annual", "sick", "personal")',
      },
    ]);
  });

  it('a missing required widget', async () => {
    const form = (leaveInput().form as unknown[]).slice(0, 2);
    expect(await refusal(leaveInput({ form }))).toEqual([{ path: 'input.form', message: 'widget "reason", 请假事由, is required' }]);
  });

  it('no approvers for a node whose approvers the initiator chooses', async () => {
    const message = `node "${LEAD_NODE}", 直属上级（发起人自选）, needs approvers chosen by the initiator, listed under its node id`;
    expect(await refusal(leaveInput({ nodeApproverUserIdList: null }))).toEqual([{ path: 'input.nodeApproverUserIdList', message }]);
    // Approvers of another node do not count.
    const others = { nodeApproverOpenIdList: [{ key: 'manager_node_id', value: ['ou_9'] }], nodeApproverUserIdList: null };
    expect(await refusal(leaveInput(others))).toEqual([{ path: 'input.nodeApproverOpenIdList', message }]);
  });

  it("a fieldList row's columns: unknown, of the wrong type, missing", async () => {
    const issues = await refusal(
      expenseInput([
        [{ input: { id: 'item_name', value: 'Taxi' } }, { amount: { id: 'item_cost', value: 3 } }],
        [{ input: { id: 'item_name', value: 'Hotel' } }, { number: { id: 'item_cost', value: 80 } }],
        [{ input: { id: 'item_name', value: 'Meal' } }, { input: { id: 'tip', value: '2' } }],
      ]),
    );
    expect(issues).toEqual([
      { path: 'input.form[1].fieldList.value[1][1].number', message: 'widget "item_cost", Cost, is of type amount, not number' },
      { path: 'input.form[1].fieldList.value[2][1].input.id', message: 'widget "tip" is not a column of fieldList "items"' },
      { path: 'input.form[1].fieldList.value[2]', message: 'widget "item_cost", Cost, is required' },
    ]);
  });

  it('every issue at once, on the legacy v2 path too', async () => {
    const form = [{ radioV2: { id: 'leave_type', value: 'sabbatical' } }, { textarea: { id: 'reason', value: 'x' } }];
    expect(await refusal(leaveInput({ api: 'V2', form, nodeApproverUserIdList: null }))).toEqual([
      {
        path: 'input.form[0].radioV2.value',
        message: 'widget "leave_type", 请假类型, offers no option "sabbatical" (its options: "annual", "sick", "personal")',
      },
      { path: 'input.form', message: 'widget "period", 请假时间, is required' },
      {
        path: 'input.nodeApproverUserIdList',
        message: `node "${LEAD_NODE}", 直属上级（发起人自选）, needs approvers chosen by the initiator, listed under its node id`,
      },
    ]);
  });

  it('an approval code Feishu does not know', async () => {
    expect(await refusal(leaveInput({ approvalCode: 'NOPE' }))).toEqual([{ path: 'input.approvalCode', message: 'Feishu has no approval definition "NOPE"' }]);
  });

  it('an approval code of another shape, before any call', async () => {
    const message = 'is not an approval code: 1 to 128 letters, digits, "-" or "_"';
    expect(await refusal(leaveInput({ approvalCode: '../instances' }))).toEqual([{ path: 'input.approvalCode', message }]);
  });
});
