import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { approvalInstances } from '../src/mirror/tables.js';
import { DEMO_DEFINITIONS } from '../src/sandbox/definitions.js';
import { PATHS, SANDBOX_APP } from '../src/sandbox/sandbox.js';
import { type TestApp, startTestApp } from './support/app.js';
import { rowsOf } from './support/mirror.js';
import { CREATE, type CreateResult, EVERY_WIDGET, EXPENSE, FREE_PROCESS, INACTIVE, LEAD_NODE, LEAVE, leaveInput } from './support/create-fixtures.js';

let app: TestApp;
beforeEach(async () => {
  app = await startTestApp();
});
afterEach(async () => {
  await app.close();
});

const create = async (input: Record<string, unknown>, headers?: Record<string, string>) => {
  const result = await app.gql<CreateResult>(CREATE, { input }, headers);
  expect(result.errors, JSON.stringify(result.errors)).toBeUndefined();
  return result.data.createInstance;
};
const feishuCalls = () => app.sandbox.callCount(PATHS.instances);
const mirrorRows = () => rowsOf(app.runtime.mirror, approvalInstances);

describe('createInstance', () => {
  it('creates a leave request and returns the instance code', async () => {
    const result = await create(leaveInput({ uuid: 'leave-1', title: { zhCN: '年假', enUS: 'Annual leave' } }));
    expect(result).toMatchObject({
      __typename: 'CreateInstancePayload',
      replayed: false,
      instance: { uuid: 'leave-1', intentState: 'CREATED', api: 'V4', reconciled: false, title: '年假', titleEn: 'Annual leave', approvalCode: LEAVE },
    });
    const code = result.instance!.instanceCode!;
    expect(app.sandbox.instances.get(code)).toMatchObject({ approvalCode: LEAVE, uuid: 'leave-1', api: 'v4' });
    expect(await mirrorRows()).toMatchObject([{ uuid: 'leave-1', state: 'CREATED', instanceCode: code, attempts: 1 }]);
  });

  it('fills every widget kind of a definition', async () => {
    const t = '2026-12-01T09:00:00+08:00';
    const result = await create({
      approvalCode: EVERY_WIDGET,
      openId: 'ou_1',
      form: [
        { input: { id: 'title_line', localizedValue: { zhCN: '标题', enUS: 'Headline' } } },
        { textarea: { id: 'w_textarea', value: 'long text' } },
        { date: { id: 'w_date', value: t } },
        { radio: { id: 'w_radio', value: 'optionB' } },
        { radioV2: { id: 'w_radioV2', value: 'k2b8mkx0-h71x5gljn3i-2' } },
        { number: { id: 'w_number', value: 3 } },
        { amount: { id: 'w_amount', value: 99.5 } },
        { formula: { id: 'w_formula', value: 102.5 } },
        { contact: { id: 'w_contact', openIds: ['ou_2'] } },
        { connect: { id: 'w_connect', value: ['19EAC829-F1CB-527F-BE2A-1330422E60C0'] } },
        { attachment: { id: 'w_attachment', value: ['F1'] } },
        { attachmentV2: { id: 'w_attachmentV2', value: ['F2'] } },
        { image: { id: 'w_image', value: ['I1'] } },
        { imageV2: { id: 'w_imageV2', value: ['I2'] } },
        { checkbox: { id: 'w_checkbox', value: ['optionA', 'optionB'] } },
        { checkboxV2: { id: 'w_checkboxV2', value: ['k2b8mkx0-h71x5gljn3i-1'] } },
        { dateInterval: { id: 'w_dateInterval', value: { start: t, end: t, interval: 0 } } },
        { fieldList: { id: 'w_fieldList', value: [[{ input: { id: 'row_text', value: 'a' } }, { checkbox: { id: 'row_tags', value: ['jxpsebqp-1'] } }]] } },
        { department: { id: 'w_department', value: [{ openId: 'od-1' }] } },
        { telephone: { id: 'w_telephone', value: { countryCode: '+86', nationalNumber: '13122222222' } } },
        { shiftGroup: { id: 'w_shiftGroup', value: { shiftTime: t, returnTime: t, reason: 'swap' } } },
      ],
      nodeApproverOpenIdList: [{ key: LEAD_NODE, value: ['ou_3'] }],
    });
    expect(result.__typename, JSON.stringify(result)).toBe('CreateInstancePayload');
    const form = result.instance!.form as { id: string; value: unknown }[];
    expect(form[0]).toEqual({ id: 'title_line', type: 'input', value: 'Headline' });
    expect(form).toHaveLength(21);
  });

  it("reproduces seed 003's request example from an equivalent GraphQL input", async () => {
    const seed = JSON.parse(readFileSync(new URL('./fixtures/seed-003-request.json', import.meta.url), 'utf8')) as Record<string, unknown>;
    const nodes = (value: string) => [
      { key: LEAD_NODE, value: [value] },
      { key: 'manager_node_id', value: [value] },
    ];
    const result = await create({
      approvalCode: '4202AD96-9EC1-4284-9C48-B923CDC4F30B',
      userId: '59a92c4a',
      openId: 'ou_806a18fb5bdf525e38ba219733bdbd73',
      form: [
        { input: { id: '111', value: '11111' } },
        { dateInterval: { id: '222', value: { start: '2019-10-01T08:12:01+08:00', end: '2019-10-02T08:12:01+08:00', interval: 2.0 } } },
        { radioV2: { id: '333', value: '1' } },
        { number: { id: '444', value: 4 } },
        { textarea: { id: '555', value: 'fsafs' } },
      ],
      nodeApproverUserIdList: nodes('59a92c4a'),
      nodeApproverOpenIdList: nodes('ou_806a18fb5bdf525e38ba219733bdbd73'),
      nodeCcUserIdList: nodes('59a92c4a'),
      nodeCcOpenIdList: nodes('ou_806a18fb5bdf525e38ba219733bdbd73'),
    });
    expect(result.__typename, JSON.stringify(result)).toBe('CreateInstancePayload');
    const sent = app.sandbox.instances.get(result.instance!.instanceCode!)!.body;
    const { uuid, form, ...rest } = sent;
    expect(uuid).toBe(result.instance!.uuid); // the facade made one: the client gave none
    const { form: seedForm, ...seedRest } = seed;
    expect(rest).toEqual(seedRest);
    // Two documented differences: seed 004 types number values as numbers (the example quotes "4"),
    // and "required" is not a field of any widget (seed 004).
    const expectedForm = (JSON.parse(seedForm as string) as Record<string, unknown>[]).map(({ required: _r, ...widget }) =>
      widget.type === 'number' ? { ...widget, value: Number(widget.value) } : widget,
    );
    expect(JSON.parse(form as string)).toEqual(expectedForm);
  });
});

describe('createInstance input rules', () => {
  const refused = async (input: Record<string, unknown>, path: string) => {
    const result = await create(input);
    expect(result.__typename, JSON.stringify(result)).toBe('BadUserInputError');
    expect(result.issues?.map((issue) => issue.path)).toContain(path);
    expect(feishuCalls()).toBe(0);
  };
  const accepted = async (input: Record<string, unknown>) => {
    const result = await create(input);
    expect(result.__typename, JSON.stringify(result)).toBe('CreateInstancePayload');
  };

  it('userId or openId', async () => {
    await refused(leaveInput({ userId: null, openId: null }), 'input.userId');
    await accepted(leaveInput({ userId: null }));
  });

  it('uuid is 1 to 64 characters', async () => {
    await refused(leaveInput({ uuid: '' }), 'input.uuid');
    await refused(leaveInput({ uuid: 'x'.repeat(65) }), 'input.uuid');
    await accepted(leaveInput({ uuid: 'x'.repeat(64) }));
    await accepted(leaveInput({ uuid: 'y' }));
  });

  it('uuid length is counted in characters (code points), not UTF-16 units', async () => {
    const uuid = '😀'.repeat(64);
    await refused(leaveInput({ uuid: `${uuid}😀` }), 'input.uuid');
    await accepted(leaveInput({ uuid }));
    expect([...app.sandbox.instances.values()].map((instance) => instance.body.uuid)).toEqual([uuid]);
  });

  it('at most 20 nodes in each node cc list (seed 003: 最大长度 20), each node checked as well', async () => {
    const definition = {
      ...DEMO_DEFINITIONS[0]!,
      approvalCode: 'MANY-NODES',
      nodes: Array.from({ length: 21 }, (_, i) => ({ id: `node-${i}`, name: `Node ${i}` })),
    };
    const many = await startTestApp({ sandbox: { definitions: [definition] } });
    try {
      const nodes = (n: number) => Array.from({ length: n }, (_, i) => ({ key: `node-${i}`, value: [`cc-${i}`] }));
      const send = async (input: Record<string, unknown>) =>
        (await many.gql<CreateResult>(CREATE, { input: leaveInput({ approvalCode: 'MANY-NODES', nodeApproverUserIdList: null, ...input }) })).data
          .createInstance;
      for (const list of ['nodeCcUserIdList', 'nodeCcOpenIdList']) {
        const refused21 = await send({ [list]: nodes(21) });
        expect(refused21).toMatchObject({ __typename: 'BadUserInputError', issues: [{ path: `input.${list}`, message: 'at most 20 nodes' }] });
      }
      expect(many.sandbox.callCount(PATHS.instances)).toBe(0);
      expect(await send({ nodeCcUserIdList: nodes(20), nodeCcOpenIdList: nodes(20) })).toMatchObject({ __typename: 'CreateInstancePayload' });
      const [sent] = [...many.sandbox.instances.values()].map((instance) => instance.body);
      expect(sent?.node_cc_user_id_list).toEqual(nodes(20));
      expect(sent?.node_cc_open_id_list).toEqual(nodes(20));
    } finally {
      await many.close();
    }
  });

  it('at most 20 cc users per node', async () => {
    const users = (n: number) => Array.from({ length: n }, (_, i) => `u${i}`);
    await refused(leaveInput({ nodeCcUserIdList: [{ key: LEAD_NODE, value: users(21) }] }), 'input.nodeCcUserIdList[0].value');
    await refused(leaveInput({ nodeCcOpenIdList: [{ key: LEAD_NODE, value: users(21) }] }), 'input.nodeCcOpenIdList[0].value');
    await accepted(leaveInput({ nodeCcUserIdList: [{ key: LEAD_NODE, value: users(20) }] }));
  });

  it('node lists: keys unique, at least one user', async () => {
    await refused(
      leaveInput({
        nodeApproverUserIdList: [
          { key: LEAD_NODE, value: ['a'] },
          { key: LEAD_NODE, value: ['b'] },
        ],
      }),
      'input.nodeApproverUserIdList[1].key',
    );
    await refused(leaveInput({ nodeApproverOpenIdList: [{ key: LEAD_NODE, value: [] }] }), 'input.nodeApproverOpenIdList[0].value');
  });

  it('at most 10 auto-approval nodes', async () => {
    const nodes = (n: number) => Array.from({ length: n }, (_, i) => ({ nodeIdType: 'CUSTOM', nodeId: `n${i}` }));
    await refused(leaveInput({ nodeAutoApprovalList: nodes(11) }), 'input.nodeAutoApprovalList');
    await accepted(leaveInput({ nodeAutoApprovalList: nodes(10) }));
  });

  it('text widgets take exactly one of value and localizedValue', async () => {
    await refused(leaveInput({ form: [{ textarea: { id: 'reason' } }] }), 'input.form[0].textarea');
    await refused(leaveInput({ form: [{ textarea: { id: 'reason', value: 'a', localizedValue: { enUS: 'a' } } }] }), 'input.form[0].textarea');
    await refused(leaveInput({ form: [{ textarea: { id: 'reason', localizedValue: {} } }] }), 'input.form[0].textarea.localizedValue');
  });

  it('widget values: contact needs someone, a range ends after it starts, ids unique per level', async () => {
    await refused(leaveInput({ form: [{ contact: { id: 'handover' } }] }), 'input.form[0].contact.value');
    const range = (start: string, end: string) => ({ dateInterval: { id: 'period', value: { start, end, interval: 1 } } });
    await refused(leaveInput({ form: [range('2026-12-02T00:00:00Z', '2026-12-01T00:00:00Z')] }), 'input.form[0].dateInterval.value.end');
    await refused(leaveInput({ form: [{ input: { id: 'a', value: 'x' } }, { number: { id: 'a', value: 1 } }] }), 'input.form[1]');
    await refused(
      leaveInput({ form: [{ fieldList: { id: 'items', value: [[{ input: { id: 'c', value: 'x' } }, { input: { id: 'c', value: 'y' } }]] } }] }),
      'input.form[0].fieldList.value[0][1]',
    );
    await refused(leaveInput({ form: [{ input: { id: ' ', value: 'x' } }] }), 'input.form[0].input.id');
  });

  it('a @oneOf widget with zero or two members is rejected by GraphQL', async () => {
    for (const widget of [{}, { input: { id: 'a', value: 'x' }, textarea: { id: 'b', value: 'y' } }]) {
      const result = await app.gql(CREATE, { input: leaveInput({ form: [widget] }) });
      expect(result.errors?.[0]?.message).toMatch(/Exactly one key must be specified for OneOf type "FormWidgetInput"/);
    }
    expect(feishuCalls()).toBe(0);
  });
});

// The form itself is checked by the facade first (test/form-check.test.ts); these are what only Feishu refuses.
describe('the sandbox refuses as Feishu does', () => {
  it('when the definition cannot be read, the form goes to Feishu, which refuses it by the same rules', async () => {
    app.sandbox.faults.push({ path: `/open-apis/approval/v4/approvals/${LEAVE}`, code: 1390001, httpStatus: 400 });
    const result = await create(leaveInput({ form: [{ radioV2: { id: 'leave_type', value: 'sabbatical' } }, ...(leaveInput().form as unknown[]).slice(1)] }));
    expect(result).toMatchObject({ __typename: 'FeishuInvalidParameterError', feishuCode: 1390001 });
    expect(result.feishuMessage).toBe(
      'param is invalid: form[0].value: widget "leave_type", 请假类型, offers no option "sabbatical" (its options: "annual", "sick", "personal")',
    );
    expect(feishuCalls()).toBe(1);
    expect(app.logs.some((line) => line.includes('approval definition unreadable'))).toBe(true);
  });

  it.each([
    ['an inactive definition', { approvalCode: INACTIVE, form: [{ input: { id: 'item', value: 'x' } }] }, 'FeishuApprovalInactiveError', 1390015, /not active/],
    ['a free process', { approvalCode: FREE_PROCESS, form: [] }, 'FeishuFreeProcessUnsupportedError', 1390013, /free process/],
    ['an unknown node', { nodeCcUserIdList: [{ key: 'no-such-node', value: ['x'] }] }, 'FeishuInvalidParameterError', 1390001, /node_cc_user_id_list/],
  ])('refuses %s', async (_name, overrides, typename, feishuCode, message) => {
    const result = await create(leaveInput(overrides));
    expect(result).toMatchObject({ __typename: typename, feishuCode });
    expect(result.feishuMessage).toMatch(message);
    expect(await mirrorRows()).toMatchObject([{ state: 'FAILED', instanceCode: null }]);
    expect(app.sandbox.instances.size).toBe(0);
  });
});

describe('idempotency', () => {
  it('replays the same uuid and input: the same instance, one Feishu call', async () => {
    const first = await create(leaveInput({ uuid: 'replay-1' }));
    const again = await create(leaveInput({ uuid: 'REPLAY-1' }));
    expect(again).toMatchObject({ __typename: 'CreateInstancePayload', replayed: true, instance: { instanceCode: first.instance!.instanceCode } });
    expect(feishuCalls()).toBe(1);
    expect(app.sandbox.instances.size).toBe(1);
  });

  it('refuses the same uuid with a different input, locally', async () => {
    await create(leaveInput({ uuid: 'reuse-1' }));
    const other = await create(leaveInput({ uuid: 'reuse-1', departmentId: 'another' }));
    expect(other).toMatchObject({ __typename: 'IdempotencyKeyReusedError', code: 'IDEMPOTENCY_KEY_REUSED', uuid: 'reuse-1' });
    expect(feishuCalls()).toBe(1);
  });

  it("answers Feishu's x-tt-logid of the create, and null for a replay, where Feishu was not called", async () => {
    app.sandbox.faults.push({ path: PATHS.instances, headers: { 'x-tt-logid': 'log-create-1' } });
    const created = await create(leaveInput({ uuid: 'log-1' }));
    expect(created).toMatchObject({ __typename: 'CreateInstancePayload', replayed: false, logId: 'log-create-1', instance: { intentState: 'CREATED' } });
    const replayed = await create(leaveInput({ uuid: 'log-1' }));
    expect(replayed).toMatchObject({ __typename: 'CreateInstancePayload', replayed: true, logId: null });
    app.sandbox.faults.push({ path: PATHS.instances, delayMs: 100, headers: { 'x-tt-logid': 'log-create-2' } });
    const together = await Promise.all([create(leaveInput({ uuid: 'log-2' })), create(leaveInput({ uuid: 'log-2' }))]);
    expect(together.map((result) => [result.replayed, result.logId])).toEqual([
      [false, 'log-create-2'],
      [true, null],
    ]);
    expect(feishuCalls()).toBe(2);
  });

  it('a dropped connection after Feishu accepted, then our retry: exactly one instance', async () => {
    app.sandbox.faults.push({ path: PATHS.instances, drop: 'after' });
    app.sandbox.faults.push({ path: PATHS.instances, headers: { 'x-tt-logid': 'log-60012' } });
    const result = await create(leaveInput({ uuid: 'dropped-1' }));
    // The instance is known created from the retry's 60012: its log id is that answer's.
    expect(result).toMatchObject({ __typename: 'CreateInstancePayload', logId: 'log-60012', instance: { intentState: 'CREATED', reconciled: true } });
    expect(feishuCalls()).toBe(2);
    expect(app.sandbox.instances.size).toBe(1);
  });

  it('a dropped connection on every attempt, then the client retries: exactly one instance', async () => {
    app.sandbox.faults.push({ path: PATHS.instances, drop: 'after', times: 3 });
    const lost = await create(leaveInput({ uuid: 'dropped-2' }));
    expect(lost).toMatchObject({ __typename: 'FeishuUnavailableError', retryable: true });
    expect(await mirrorRows()).toMatchObject([{ state: 'PENDING', outcomeUnknown: true }]);
    const retried = await create(leaveInput({ uuid: 'dropped-2' }));
    expect(retried).toMatchObject({
      __typename: 'CreateInstancePayload',
      replayed: false,
      instance: { intentState: 'CREATED', reconciled: true, attempts: 2 },
    });
    expect(app.sandbox.instances.size).toBe(1);
    const [created] = [...app.sandbox.instances.values()];
    expect(created?.uuid).toBe('dropped-2');
  });

  it('a refusal after an attempt with an unknown outcome leaves the intent PENDING: the next retry finds the instance that attempt created', async () => {
    app.sandbox.faults.push({ path: PATHS.instances, drop: 'after', times: 3 });
    expect(await create(leaveInput({ uuid: 'refused-after-1' }))).toMatchObject({ __typename: 'FeishuUnavailableError' });
    app.sandbox.faults.push({ path: PATHS.instances, code: 1390015, msg: 'approval is not active' });
    expect(await create(leaveInput({ uuid: 'refused-after-1' }))).toMatchObject({ __typename: 'FeishuApprovalInactiveError' });
    expect(await mirrorRows()).toMatchObject([{ state: 'PENDING', outcomeUnknown: true, lastErrorCode: 'FEISHU_APPROVAL_INACTIVE' }]);
    // The uuid stays bound to its request: an earlier attempt may have created the instance.
    expect(await create(leaveInput({ uuid: 'refused-after-1', departmentId: 'another' }))).toMatchObject({ __typename: 'IdempotencyKeyReusedError' });
    expect(await create(leaveInput({ uuid: 'refused-after-1' }))).toMatchObject({
      __typename: 'CreateInstancePayload',
      instance: { intentState: 'CREATED', reconciled: true },
    });
    expect(app.sandbox.instances.size).toBe(1);
  });

  it('concurrent identical calls make one Feishu call', async () => {
    app.sandbox.faults.push({ path: PATHS.instances, delayMs: 200 });
    const results = await Promise.all(Array.from({ length: 5 }, () => create(leaveInput({ uuid: 'concurrent-1' }))));
    expect(new Set(results.map((r) => r.instance?.instanceCode)).size).toBe(1);
    expect(results.filter((r) => !r.replayed)).toHaveLength(1);
    expect(feishuCalls()).toBe(1);
    expect(app.sandbox.instances.size).toBe(1);
  });

  it('refuses a different input under a uuid whose first request is still under way', async () => {
    app.sandbox.faults.push({ path: PATHS.instances, delayMs: 200 });
    // Sent together: the second arrives before the first one's intent is committed.
    const [first, other] = await Promise.all([create(leaveInput({ uuid: 'racing-1' })), create(leaveInput({ uuid: 'racing-1', departmentId: 'another' }))]);
    expect(first).toMatchObject({ __typename: 'CreateInstancePayload', replayed: false });
    expect(other).toMatchObject({ __typename: 'IdempotencyKeyReusedError', code: 'IDEMPOTENCY_KEY_REUSED', uuid: 'racing-1' });
    expect(feishuCalls()).toBe(1);
  });

  it('makes a uuid when the client gives none, and reports it', async () => {
    const a = await create(leaveInput());
    const b = await create(leaveInput());
    expect(a.instance!.uuid).toMatch(/^[0-9A-F-]{36}$/);
    expect(b.instance!.uuid).not.toBe(a.instance!.uuid);
    expect(app.sandbox.instances.size).toBe(2);
  });

  it('a transient failure leaves the intent pending; the retry creates it once', async () => {
    app.sandbox.faults.push({ path: PATHS.instances, code: 1395001, times: 3 });
    const failed = await create(leaveInput({ uuid: 'transient-1' }));
    expect(failed).toMatchObject({ __typename: 'FeishuServiceError', retryable: true });
    expect(await mirrorRows()).toMatchObject([{ state: 'PENDING' }]);
    const retried = await create(leaveInput({ uuid: 'transient-1' }));
    expect(retried).toMatchObject({ __typename: 'CreateInstancePayload', instance: { intentState: 'CREATED' } });
    expect(app.sandbox.instances.size).toBe(1);
  });

  it('a uuid Feishu refused binds nothing: it may carry a corrected request', async () => {
    const refused = await create(leaveInput({ uuid: 'fix-1', nodeCcUserIdList: [{ key: 'no-such-node', value: ['x'] }] }));
    expect(refused.__typename).toBe('FeishuInvalidParameterError');
    const fixed = await create(leaveInput({ uuid: 'fix-1' }));
    expect(fixed).toMatchObject({ __typename: 'CreateInstancePayload', instance: { intentState: 'CREATED', reconciled: false } });
  });

  it("a uuid someone else already used is Feishu's 60012, as a typed error", async () => {
    const token = (app.sandbox.tokens.issue({ app_id: SANDBOX_APP.appId, app_secret: SANDBOX_APP.appSecret }).body as { tenant_access_token: string })
      .tenant_access_token;
    const elsewhere = app.sandbox.handle({
      method: 'POST',
      path: PATHS.instances,
      authorization: `Bearer ${token}`,
      body: {
        approval_code: EXPENSE,
        user_id: 'x',
        uuid: 'taken-1',
        form: JSON.stringify([{ id: '222', type: 'dateInterval', value: { start: '2026-01-01T00:00:00Z', end: '2026-01-02T00:00:00Z', interval: 1 } }]),
        node_approver_user_id_list: [{ key: LEAD_NODE, value: ['y'] }],
      },
    });
    expect(elsewhere.body).toMatchObject({ code: 0 });
    const result = await create(leaveInput({ uuid: 'taken-1' }));
    expect(result).toMatchObject({ __typename: 'FeishuUuidConflictError', code: 'FEISHU_UUID_CONFLICT', feishuCode: 60012 });
  });
});

describe('idempotency on a file mirror', () => {
  let folder: string;
  let fileApp: TestApp;
  beforeEach(async () => {
    folder = mkdtempSync(join(tmpdir(), 'create-file-'));
    fileApp = await startTestApp({ env: { DATABASE_URL: join(folder, 'app.sqlite') } });
  });
  afterEach(async () => {
    await fileApp.close();
    rmSync(folder, { recursive: true, force: true });
  });
  const createOnFile = async (input: Record<string, unknown>) => (await fileApp.gql<CreateResult>(CREATE, { input })).data.createInstance;

  it('replays the same request by its uuid (any case), refuses another one, and calls Feishu once', async () => {
    const created = await createOnFile(leaveInput({ uuid: 'file-1' }));
    expect(created).toMatchObject({ __typename: 'CreateInstancePayload', replayed: false, instance: { intentState: 'CREATED' } });
    expect(await createOnFile(leaveInput({ uuid: 'FILE-1' }))).toMatchObject({ replayed: true, instance: { instanceCode: created.instance!.instanceCode } });
    expect(await createOnFile(leaveInput({ uuid: 'file-1', departmentId: 'another' }))).toMatchObject({ __typename: 'IdempotencyKeyReusedError' });
    expect(fileApp.sandbox.callCount(PATHS.instances)).toBe(1);
  });
});

describe('the legacy v2 API', () => {
  it('sends the v2 shape to the legacy path when asked per request', async () => {
    const result = await create(leaveInput({ uuid: 'v2-1', api: 'V2' }));
    expect(result).toMatchObject({ __typename: 'CreateInstancePayload', instance: { api: 'V2', intentState: 'CREATED' } });
    expect(app.sandbox.callCount(PATHS.legacyCreate)).toBe(1);
    expect(feishuCalls()).toBe(0);
    const sent = app.sandbox.instances.get(result.instance!.instanceCode!)!;
    expect(sent.api).toBe('v2');
    expect(sent.body).toMatchObject({ open_id: 'ou_123456', node_approver_user_id_list: { [LEAD_NODE]: ['lead-1'] }, uuid: 'v2-1' });
    expect(sent.body).not.toHaveProperty('i18n_resources');
  });

  it('refuses what v2 cannot carry, naming each field', async () => {
    const result = await create(
      leaveInput({
        api: 'V2',
        openId: null,
        title: { enUS: 'x' },
        forbidRevoke: true,
        form: [{ textarea: { id: 'reason', localizedValue: { enUS: 'x' } } }],
      }),
    );
    expect(result.__typename).toBe('BadUserInputError');
    expect(result.issues?.map((issue) => issue.path)).toEqual(['input.openId', 'input.title', 'input.forbidRevoke', 'input.form[0].textarea.localizedValue']);
    expect(app.sandbox.callCount(PATHS.legacyCreate)).toBe(0);
  });

  it('is the default with FEISHU_CREATE_API=v2, and api: V4 overrides it', async () => {
    await app.close();
    app = await startTestApp({ env: { FEISHU_CREATE_API: 'v2' } });
    const v2 = await create(leaveInput());
    expect(v2.instance?.api).toBe('V2');
    const v4 = await create(leaveInput({ api: 'V4' }));
    expect(v4.instance?.api).toBe('V4');
    expect([app.sandbox.callCount(PATHS.legacyCreate), feishuCalls()]).toEqual([1, 1]);
  });
});

describe('rate limits', () => {
  it('a call over the client-side limit fails with RATE_LIMITED and retryAfter, without calling Feishu', async () => {
    await app.close();
    app = await startTestApp({ env: { FEISHU_RATE_CREATE_PER_MINUTE: '2', FEISHU_RATE_MAX_WAIT_MS: '0' } });
    expect((await create(leaveInput())).__typename).toBe('CreateInstancePayload');
    expect((await create(leaveInput())).__typename).toBe('CreateInstancePayload');
    const third = await create(leaveInput({ uuid: 'limited-1' }));
    expect(third).toMatchObject({ __typename: 'RateLimitedError', code: 'RATE_LIMITED' });
    expect(third.retryAfter).toBeGreaterThan(0);
    expect(third.retryAfter).toBeLessThanOrEqual(60);
    expect(feishuCalls()).toBe(2);
    expect((await mirrorRows()).find((row) => row.uuid === 'limited-1')).toMatchObject({ state: 'PENDING', outcomeUnknown: false });
  });

  it("Feishu's own 429 is honoured: retried after its reset", async () => {
    app.sandbox.faults.push({ path: PATHS.instances, code: 99991400, httpStatus: 429, headers: { 'x-ogw-ratelimit-reset': '0' } });
    const result = await create(leaveInput({ uuid: 'feishu-429' }));
    expect(result.__typename).toBe('CreateInstancePayload');
    expect(feishuCalls()).toBe(2);
    expect(result.instance?.reconciled).toBe(false);
  });
});
