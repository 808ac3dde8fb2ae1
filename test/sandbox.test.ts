import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { request } from 'undici';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FeishuSandbox, PATHS, SANDBOX_APP } from '../src/sandbox/sandbox.js';
import type { Clock } from '../src/util/clock.js';

const seedResponse = JSON.parse(readFileSync(new URL('./fixtures/seed-000-response.json', import.meta.url), 'utf8')) as {
  data: { data: Record<string, unknown> };
};

function manualClock(start = Date.parse('2026-11-21T00:00:00Z')): Clock & { advance(ms: number): void } {
  let now = start;
  return { now: () => now, sleep: async () => {}, random: () => 0.5, advance: (ms) => (now += ms) };
}

const task = (n: number, overrides: Record<string, unknown> = {}) => ({
  task_id: `t${n}`,
  user_id: 'u',
  links: { pc_link: 'https://x' },
  status: 'PENDING',
  create_time: '1556468012678',
  end_time: '0',
  update_time: '1556468012678',
  ...overrides,
});
const cc = (n: number, overrides: Record<string, unknown> = {}) => ({
  cc_id: `c${n}`,
  open_id: 'ou_1',
  links: { mobile_link: 'https://x' },
  create_time: '1556468012678',
  update_time: '1556468012678',
  ...overrides,
});

function wire(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    approval_code: 'A',
    status: 'PENDING',
    instance_id: 'I',
    links: { pc_link: 'https://x' },
    title: '@i18n@1',
    user_id: 'u',
    start_time: '1556468012678',
    end_time: 0,
    update_time: '1556468012678',
    i18n_resources: [
      { locale: 'zh-CN', is_default: true, texts: [{ key: '@i18n@1', value: '标题' }] },
      {
        locale: 'en-US',
        is_default: false,
        texts: [
          { key: '@i18n@1', value: 'Title' },
          { key: '@i18n@2', value: 'English only' },
        ],
      },
    ],
    ...overrides,
  };
}

describe('sandbox: POST /open-apis/approval/v4/external_instances', () => {
  let sandbox: FeishuSandbox;
  let token: string;
  const post = (body: unknown) => sandbox.handle({ method: 'POST', path: PATHS.externalInstances, authorization: `Bearer ${token}`, body });
  const expectParamInvalid = (body: unknown, field: string) => {
    const answer = post(body);
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ code: 1390001 });
    expect((answer.body as { msg: string }).msg).toContain(`${field}:`);
  };
  const expectOk = (body: unknown) => {
    const answer = post(body);
    expect(answer.body, JSON.stringify(answer.body)).toMatchObject({ code: 0 });
  };

  beforeEach(() => {
    sandbox = new FeishuSandbox();
    token = (sandbox.tokens.issue({ app_id: SANDBOX_APP.appId, app_secret: SANDBOX_APP.appSecret }).body as { tenant_access_token: string })
      .tenant_access_token;
  });

  it("answers with the seed's response shape: data.data echoes the instance, as held (no text that nothing uses)", () => {
    const body = wire();
    const answer = post(body);
    expect(answer.status).toBe(200);
    const held = {
      ...body,
      i18n_resources: [
        { locale: 'zh-CN', is_default: true, texts: [{ key: '@i18n@1', value: '标题' }] },
        { locale: 'en-US', is_default: false, texts: [{ key: '@i18n@1', value: 'Title' }] },
      ],
    };
    expect(answer.body).toEqual({ code: 0, msg: 'success', data: { data: held } });
    expect(sandbox.heldExternalInstance('A', 'I')).toEqual(held);
    expect(Object.keys(seedResponse.data)).toEqual(['data']);
  });

  it('requires the documented fields', () => {
    for (const field of ['approval_code', 'status', 'instance_id', 'links', 'start_time', 'end_time', 'update_time', 'i18n_resources']) {
      expectParamInvalid(wire({ [field]: undefined }), field);
    }
  });

  it('checks enums', () => {
    expectParamInvalid(wire({ status: 'DONE' }), 'status');
    expectParamInvalid(wire({ display_method: 'POPUP' }), 'display_method');
    expectOk(wire({ display_method: 'TRUSTEESHIP' }));
    expectOk(wire({ task_list: [task(1, { display_method: 'TRUSTEESHIP' })], cc_list: [cc(1, { display_method: 'TRUSTEESHIP' })] }));
    expectParamInvalid(wire({ cc_list: [cc(1, { display_method: 'POPUP' })] }), 'cc_list[0].display_method');
    expectParamInvalid(wire({ update_mode: 'MERGE' }), 'update_mode');
    expectParamInvalid(wire({ task_list: [task(1, { status: 'CANCELED' })] }), 'task_list[0].status');
    expectParamInvalid(wire({ cc_list: [cc(1, { read_status: 'SEEN' })] }), 'cc_list[0].read_status');
    expectParamInvalid(wire({ trusteeship_cache_config: { form_policy: 'ALWAYS' } }), 'trusteeship_cache_config.form_policy');
    expectParamInvalid(wire({ i18n_resources: [{ locale: 'xx-XX', is_default: true, texts: [] }] }), 'i18n_resources[0].locale');
  });

  it('pc_link or mobile_link: at least one, at every level', () => {
    expectParamInvalid(wire({ links: {} }), 'links');
    expectOk(wire({ links: { mobile_link: 'https://x' } }));
    expectParamInvalid(wire({ task_list: [task(1, { links: {} })] }), 'task_list[0].links');
    expectOk(wire({ task_list: [task(1, { links: { mobile_link: 'm' } })] }));
    expectParamInvalid(wire({ cc_list: [cc(1), cc(2, { links: { pc_link: '' } })] }), 'cc_list[1].links');
    expectOk(wire({ cc_list: [cc(1, { links: { pc_link: 'p' } })] }));
  });

  it('user_id or open_id: at least one, at every level', () => {
    expectParamInvalid(wire({ user_id: undefined }), 'user_id');
    expectOk(wire({ user_id: undefined, open_id: 'ou_x' }));
    expectParamInvalid(wire({ task_list: [task(1, { user_id: '' })] }), 'task_list[0].user_id');
    expectOk(wire({ task_list: [task(1, { user_id: undefined, open_id: 'ou_x' })] }));
    expectParamInvalid(wire({ cc_list: [cc(1, { open_id: undefined })] }), 'cc_list[0].user_id');
    expectOk(wire({ cc_list: [cc(1, { open_id: undefined, user_id: 'u' })] }));
  });

  it('task_list at most 300, cc_list at most 200', () => {
    expectOk(wire({ task_list: Array.from({ length: 300 }, (_, i) => task(i)) }));
    expectParamInvalid(wire({ task_list: Array.from({ length: 301 }, (_, i) => task(i)) }), 'task_list');
    expectOk(wire({ cc_list: Array.from({ length: 200 }, (_, i) => cc(i)) }));
    expectParamInvalid(wire({ cc_list: Array.from({ length: 201 }, (_, i) => cc(i)) }), 'cc_list');
  });

  it('every @i18n@ key used is defined in the default locale', () => {
    expectParamInvalid(wire({ title: '@i18n@9' }), 'title');
    expectParamInvalid(wire({ title: '@i18n@2' }), 'title'); // only in en-US, not the default
    expectParamInvalid(wire({ task_list: [task(1, { title: '@i18n@7' })] }), 'task_list[0].title');
    expectParamInvalid(
      wire({ task_list: [task(1, { action_configs: [{ action_type: 'X', action_name: '@i18n@8' }] })] }),
      'task_list[0].action_configs[0].action_name',
    );
    expectParamInvalid(wire({ form: [{ name: '@i18n@1', value: '@i18n@5' }] }), 'form[0].value');
    expectOk(wire({ form: [{ name: '@i18n@1', value: 'plain text' }], cc_list: [cc(1, { title: '@i18n@1' })] }));
    // Task node_name and cc title are plain text (seed 001): a value that looks like a key is no key.
    expectOk(wire({ task_list: [task(1, { node_name: '@i18n@404' })], cc_list: [cc(1, { title: '@i18n@405' })] }));
  });

  it('exactly one default locale', () => {
    const resource = (locale: string, isDefault: boolean) => ({ locale, is_default: isDefault, texts: [{ key: '@i18n@1', value: 'x' }] });
    expectParamInvalid(wire({ i18n_resources: [resource('zh-CN', false)] }), 'i18n_resources');
    expectParamInvalid(wire({ i18n_resources: [resource('zh-CN', true), resource('en-US', true)] }), 'i18n_resources');
    expectOk(wire({ i18n_resources: [resource('zh-CN', false), resource('en-US', true)] }));
  });

  it('form texts at most 2048 characters, counted in code points', () => {
    const text = (value: string) => [{ locale: 'zh-CN', is_default: true, texts: [{ key: '@i18n@1', value }] }];
    expectOk(wire({ form: [{ name: '@i18n@1', value: '😀'.repeat(2048) }] }));
    expectOk(wire({ form: [{ name: '@i18n@1', value: '@i18n@1' }], i18n_resources: text('😀'.repeat(2048)) }));
    expectParamInvalid(wire({ form: [{ name: '@i18n@1', value: '😀'.repeat(2049) }] }), 'form[0].value');
  });

  it('a custom action type needs an action_name; times are millisecond strings', () => {
    expectParamInvalid(wire({ task_list: [task(1, { action_configs: [{ action_type: 'LATER' }] })] }), 'task_list[0].action_configs[0].action_name');
    expectOk(wire({ task_list: [task(1, { action_configs: [{ action_type: 'APPROVE' }] })] }));
    expectParamInvalid(wire({ start_time: '2019-04-28' }), 'start_time');
    expectParamInvalid(wire({ extra: '{not json' }), 'extra');
  });
});

describe("sandbox: what Feishu holds of an external instance (seed 001's REPLACE and UPDATE)", () => {
  let sandbox: FeishuSandbox;
  let token: string;
  beforeEach(() => {
    sandbox = new FeishuSandbox();
    token = (sandbox.tokens.issue({ app_id: SANDBOX_APP.appId, app_secret: SANDBOX_APP.appSecret }).body as { tenant_access_token: string })
      .tenant_access_token;
  });
  const post = (body: unknown) =>
    sandbox.handle({ method: 'POST', path: PATHS.externalInstances, authorization: `Bearer ${token}`, body }).body as {
      code: number;
      msg: string;
      data?: { data: Record<string, unknown> };
    };
  /** A push at `time` whose texts are `@i18n@1` (the title) and `@i18n@2` (each task's title), in zh-CN. */
  const push = (time: number, texts: [string, string], overrides: Record<string, unknown> = {}) =>
    wire({
      update_time: String(time),
      i18n_resources: [
        {
          locale: 'zh-CN',
          is_default: true,
          texts: [
            { key: '@i18n@1', value: texts[0] },
            { key: '@i18n@2', value: texts[1] },
          ],
        },
      ],
      ...overrides,
    });
  const at = (time: number, overrides: Record<string, unknown> = {}) => ({ update_time: String(time), title: '@i18n@2', ...overrides });
  const held = () =>
    sandbox.heldExternalInstance('A', 'I') as {
      status: string;
      update_time: string;
      task_list?: { task_id: string; status: string; title: string }[];
      cc_list?: { cc_id: string }[];
      i18n_resources: { texts: { key: string; value: string }[] }[];
    };
  const textOf = (key: string) => held().i18n_resources[0]!.texts.find((text) => text.key === key)?.value;

  it('REPLACE holds what the push lists: tasks and cc entries it no longer lists go, whatever their times', () => {
    expect(post(push(10, ['v1', '任务 v1'], { task_list: [task(1, at(10)), task(2, at(10))], cc_list: [cc(1), cc(2)] })).code).toBe(0);
    const answer = post(push(5, ['v0', '任务 v0'], { status: 'APPROVED', task_list: [task(2, at(5, { status: 'APPROVED' }))], cc_list: [cc(2)] }));
    expect(answer.data?.data).toEqual(held());
    expect(held()).toMatchObject({ status: 'APPROVED', update_time: '5', task_list: [{ task_id: 't2', status: 'APPROVED' }], cc_list: [{ cc_id: 'c2' }] });
    expect(post(push(6, ['v0', '任务 v0'])).code).toBe(0);
    expect(held()).not.toHaveProperty('task_list');
    expect(held()).not.toHaveProperty('cc_list');
  });

  it('UPDATE writes the instance, each task and each cc entry only when newer, and drops nothing; texts stay with what they belong to', () => {
    post(push(10, ['v1', '任务 v1'], { task_list: [task(1, at(10)), task(2, at(10))], cc_list: [cc(1, { update_time: '10', read_status: 'UNREAD' })] }));
    // The instance is stale, task 1 too; task 2 and the cc entry are newer; task 3 is new.
    const answer = post(
      push(9, ['v0', '任务 v2'], {
        update_mode: 'UPDATE',
        status: 'REJECTED',
        task_list: [task(1, at(9, { status: 'REJECTED' })), task(2, at(11, { status: 'APPROVED' })), task(3, at(1))],
        cc_list: [cc(1, { update_time: '11', read_status: 'READ' })],
      }),
    );
    expect(answer.code).toBe(0);
    expect(answer.data?.data).toEqual(held());
    const state = held();
    expect([state.status, state.update_time]).toEqual(['PENDING', '10']);
    expect(state.task_list?.map((t) => [t.task_id, t.status, textOf(t.title)])).toEqual([
      ['t1', 'PENDING', '任务 v1'],
      ['t2', 'APPROVED', '任务 v2'],
      ['t3', 'PENDING', '任务 v2'],
    ]);
    expect(state.cc_list).toEqual([cc(1, { update_time: '11', read_status: 'READ' })]);
    expect(textOf((state as unknown as { title: string }).title)).toBe('v1');
    // Every key the echo uses is its own, in its one default locale.
    expect(state.i18n_resources).toEqual([
      {
        locale: 'zh-CN',
        is_default: true,
        texts: [
          { key: '@i18n@1', value: 'v1' },
          { key: '@i18n@2', value: '任务 v1' },
          { key: '@i18n@3', value: '任务 v2' },
        ],
      },
    ]);
    // A newer instance is written, its stale tasks left as they are.
    post(push(12, ['v3', '任务 v3'], { update_mode: 'UPDATE', status: 'APPROVED', task_list: [task(2, at(11, { status: 'REJECTED' }))] }));
    expect(held()).toMatchObject({
      status: 'APPROVED',
      update_time: '12',
      task_list: [{ task_id: 't1' }, { task_id: 't2', status: 'APPROVED' }, { task_id: 't3' }],
    });
  });

  it('a refused push changes nothing it holds; at most 2 action configs per task', () => {
    post(push(10, ['v1', '任务 v1'], { task_list: [task(1, at(10))] }));
    const before = held();
    const actions = (n: number) => Array.from({ length: n }, () => ({ action_type: 'APPROVE' }));
    const refused = post(push(11, ['v2', '任务 v2'], { task_list: [task(1, at(11, { action_configs: actions(3) }))] }));
    expect(refused).toMatchObject({ code: 1390001, msg: 'param is invalid: task_list[0].action_configs: at most 2 action configs per task' });
    expect(held()).toEqual(before);
    expect(post(push(11, ['v2', '任务 v2'], { task_list: [task(1, at(11, { action_configs: actions(2) }))] })).code).toBe(0);
    expect(sandbox.heldExternalInstance('A', 'other')).toBeUndefined();
  });
});

describe('sandbox: tenant tokens', () => {
  it('issues expiring tokens and checks the bearer on every call', () => {
    const clock = manualClock();
    const sandbox = new FeishuSandbox({ clock, tokenTtlSeconds: 7200 });
    const issue = (body: unknown) => sandbox.handle({ method: 'POST', path: PATHS.tenantToken, authorization: undefined, body });
    expect(issue({ app_id: SANDBOX_APP.appId, app_secret: 'wrong' }).body).toMatchObject({ code: 10014 });
    expect(issue({ app_id: 'cli_unknown', app_secret: 'x' }).body).toMatchObject({ code: 10003 });
    const first = issue({ app_id: SANDBOX_APP.appId, app_secret: SANDBOX_APP.appSecret }).body as { tenant_access_token: string; expire: number };
    expect(first.expire).toBe(7200);
    const call = (authorization: string | undefined) =>
      sandbox.handle({ method: 'POST', path: PATHS.externalInstances, authorization, body: wire() }).body as { code: number };
    expect(call(undefined).code).toBe(99991661);
    expect(call('Bearer garbage').code).toBe(99991671);
    expect(call('Bearer t-unknown').code).toBe(99991663);
    expect(call(`Bearer ${first.tenant_access_token}`).code).toBe(0);

    // With over 30 minutes left Feishu hands out the same token; with less, a new one.
    clock.advance(60 * 60_000);
    const again = issue({ app_id: SANDBOX_APP.appId, app_secret: SANDBOX_APP.appSecret }).body as { tenant_access_token: string; expire: number };
    expect(again.tenant_access_token).toBe(first.tenant_access_token);
    expect(again.expire).toBe(3600);
    clock.advance(40 * 60_000);
    const fresh = issue({ app_id: SANDBOX_APP.appId, app_secret: SANDBOX_APP.appSecret }).body as { tenant_access_token: string };
    expect(fresh.tenant_access_token).not.toBe(first.tenant_access_token);
    expect(call(`Bearer ${first.tenant_access_token}`).code).toBe(0);
    clock.advance(21 * 60_000);
    expect(call(`Bearer ${first.tenant_access_token}`).code).toBe(99991663);
    expect(call(`Bearer ${fresh.tenant_access_token}`).code).toBe(0);
  });
});

describe('sandbox over HTTP', () => {
  let sandbox: FeishuSandbox;
  let origin: string;
  beforeEach(async () => {
    sandbox = new FeishuSandbox();
    origin = await sandbox.listen(0);
  });
  afterEach(async () => {
    await sandbox.close();
  });

  it('serves the token endpoint and scripted faults, with an x-tt-logid on every answer', async () => {
    const tokenResponse = await request(`${origin}${PATHS.tenantToken}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ app_id: SANDBOX_APP.appId, app_secret: SANDBOX_APP.appSecret }),
    });
    const { tenant_access_token: token } = (await tokenResponse.body.json()) as { tenant_access_token: string };
    expect(tokenResponse.headers['x-tt-logid']).toMatch(/^sandbox-/);

    sandbox.faults.push({ code: 1395001, httpStatus: 400, times: 2 });
    const send = async () => {
      const response = await request(`${origin}${PATHS.externalInstances}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify(wire()),
      });
      return { status: response.statusCode, body: (await response.body.json()) as { code: number } };
    };
    expect(await send()).toMatchObject({ status: 400, body: { code: 1395001 } });
    expect(await send()).toMatchObject({ status: 400, body: { code: 1395001 } });
    expect(await send()).toMatchObject({ status: 200, body: { code: 0 } });
    expect(sandbox.callCount(PATHS.externalInstances)).toBe(3);
    expect(sandbox.externalInstances.has('A/I')).toBe(true);

    // The counters load tests read (keep-alive: fewer connections than calls).
    const stats = (await (await request(`${origin}/__sandbox/stats`)).body.json()) as { connectionsAccepted: number };
    expect(stats).toMatchObject({ calls: { [PATHS.tenantToken]: 1, [PATHS.externalInstances]: 3 }, externalInstances: 1, instances: 0 });
    expect(stats.connectionsAccepted).toBeGreaterThanOrEqual(1);
    expect(stats.connectionsAccepted).toBeLessThan(5);
  });
});

describe('npm run sandbox', () => {
  it('runs standalone on a port that curl or the official SDK can reach', async () => {
    const root = fileURLToPath(new URL('..', import.meta.url));
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/sandbox/standalone.ts'], {
      cwd: root,
      env: { ...process.env, SANDBOX_PORT: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      const origin = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (chunk: Buffer) => {
          out += chunk.toString();
          const match = /listening on (http:\/\/\S+)/.exec(out);
          if (match?.[1]) resolve(match[1]);
        });
        child.once('exit', (code) => reject(new Error(`sandbox exited with ${code}`)));
      });
      const response = await request(`${origin}${PATHS.tenantToken}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ app_id: SANDBOX_APP.appId, app_secret: SANDBOX_APP.appSecret }),
      });
      expect(await response.body.json()).toMatchObject({ code: 0, expire: 7200 });
    } finally {
      child.kill('SIGTERM');
    }
  });
});

describe('sandbox: instance creation, v4 and the legacy v2 path', () => {
  let sandbox: FeishuSandbox;
  let token: string;
  const LEAVE = '7C468A54-8745-2245-9675-08B7C63E7A85';
  const LEAD_NODE = '46e6d96cfa756980907209209ec03b64';
  const form = JSON.stringify([
    { id: 'leave_type', type: 'radioV2', value: 'sick' },
    { id: 'period', type: 'dateInterval', value: { start: '2026-12-01T09:00:00+08:00', end: '2026-12-02T09:00:00+08:00', interval: 1 } },
    { id: 'reason', type: 'textarea', value: '@i18n@1' },
  ]);
  const i18n = [{ locale: 'zh-CN', is_default: true, texts: [{ key: '@i18n@1', value: '发烧' }] }];
  const v4 = (overrides: Record<string, unknown> = {}) =>
    sandbox.handle({
      method: 'POST',
      path: PATHS.instances,
      authorization: `Bearer ${token}`,
      body: { approval_code: LEAVE, user_id: 'u', form, i18n_resources: i18n, node_approver_user_id_list: [{ key: LEAD_NODE, value: ['u2'] }], ...overrides },
    }).body as { code: number; msg: string; data?: { instance_code: string } };
  const v2 = (overrides: Record<string, unknown> = {}) =>
    sandbox.handle({
      method: 'POST',
      path: PATHS.legacyCreate,
      authorization: `Bearer ${token}`,
      body: {
        approval_code: LEAVE,
        open_id: 'ou_1',
        form: form.replace('@i18n@1', 'fever'),
        node_approver_open_id_list: { [LEAD_NODE]: ['ou_2'] },
        ...overrides,
      },
    }).body as { code: number; msg: string; data?: { instance_code: string } };

  beforeEach(() => {
    sandbox = new FeishuSandbox();
    token = (sandbox.tokens.issue({ app_id: SANDBOX_APP.appId, app_secret: SANDBOX_APP.appSecret }).body as { tenant_access_token: string })
      .tenant_access_token;
  });

  it('v4: returns an instance code; checks i18n keys, the bitmask, the display method, auto-approval nodes and uuids', () => {
    const created = v4({ uuid: 'u-1' });
    expect(created.code).toBe(0);
    expect(created.data?.instance_code).toMatch(/^[0-9A-F-]{36}$/);
    expect(v4({ uuid: 'U-1' })).toMatchObject({ code: 60012 });
    expect(v4({ i18n_resources: undefined }).msg).toContain('控件=reason');
    expect(v4({ title: '@i18n@9' }).msg).toContain('title');
    expect(v4({ cancel_bot_notification: '8' }).msg).toContain('cancel_bot_notification');
    expect(v4({ cancel_bot_notification: '7' }).code).toBe(0);
    expect(v4({ title_display_method: 2 }).msg).toContain('title_display_method');
    const nodes = (n: number) => Array.from({ length: n }, (_, i) => ({ node_id_type: 'CUSTOM', node_id: `n${i}` }));
    expect(v4({ node_auto_approval_list: nodes(11) }).msg).toContain('node_auto_approval_list');
    expect(v4({ node_auto_approval_list: nodes(10) }).code).toBe(0);
    expect(v4({ node_cc_user_id_list: [{ key: 'manager_node_id', value: Array.from({ length: 21 }, (_, i) => `u${i}`) }] }).msg).toContain('at most 20');
    const ccNodes = (n: number) => Array.from({ length: n }, () => ({ key: 'manager_node_id', value: ['u1'] }));
    expect(v4({ node_cc_open_id_list: ccNodes(21) }).msg).toBe('param is invalid: node_cc_open_id_list: at most 20 nodes');
    expect(v4({ node_cc_user_id_list: ccNodes(20) }).code).toBe(0);
    expect(v4({ user_id: undefined }).msg).toContain('user_id');
    expect(v4({ uuid: '😀'.repeat(64) }).code).toBe(0);
    expect(v4({ uuid: '😀'.repeat(65) }).msg).toContain('uuid');
  });

  it('v2: requires open_id, takes node lists as maps, has no i18n', () => {
    expect(v2()).toMatchObject({ code: 0 });
    expect(v2({ open_id: undefined }).msg).toContain('open_id');
    expect(v2({ node_approver_open_id_list: undefined, node_approver_user_id_list: { [LEAD_NODE]: ['u1'] } }).code).toBe(0);
    expect(v2({ node_approver_user_id_list: [{ key: 'x', value: ['u1'] }] }).msg).toContain('map');
    expect(v2({ form: form }).msg).toContain('控件=reason'); // an @i18n@ key means nothing to v2
    expect([...sandbox.instances.values()].map((instance) => instance.api)).toEqual(['v2', 'v2']);
  });
});
