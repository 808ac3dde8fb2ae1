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
      { locale: 'en-US', is_default: false, texts: [{ key: '@i18n@1', value: 'Title' }, { key: '@i18n@2', value: 'English only' }] },
    ],
    ...overrides,
  };
}

describe('sandbox: POST /open-apis/approval/v4/external_instances', () => {
  let sandbox: FeishuSandbox;
  let token: string;
  const post = (body: unknown) =>
    sandbox.handle({ method: 'POST', path: PATHS.externalInstances, authorization: `Bearer ${token}`, body });
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

  it('answers with the seed\'s response shape: data.data echoes the instance', () => {
    const body = wire();
    const answer = post(body);
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ code: 0, msg: 'success', data: { data: body } });
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
    expectParamInvalid(wire({ task_list: [task(1, { action_configs: [{ action_type: 'X', action_name: '@i18n@8' }] })] }), 'task_list[0].action_configs[0].action_name');
    expectParamInvalid(wire({ form: [{ name: '@i18n@1', value: '@i18n@5' }] }), 'form[0].value');
    expectOk(wire({ form: [{ name: '@i18n@1', value: 'plain text' }], cc_list: [cc(1, { title: '@i18n@1' })] }));
  });

  it('exactly one default locale', () => {
    const resource = (locale: string, isDefault: boolean) => ({ locale, is_default: isDefault, texts: [{ key: '@i18n@1', value: 'x' }] });
    expectParamInvalid(wire({ i18n_resources: [resource('zh-CN', false)] }), 'i18n_resources');
    expectParamInvalid(wire({ i18n_resources: [resource('zh-CN', true), resource('en-US', true)] }), 'i18n_resources');
    expectOk(wire({ i18n_resources: [resource('zh-CN', false), resource('en-US', true)] }));
  });

  it('a custom action type needs an action_name; times are millisecond strings', () => {
    expectParamInvalid(wire({ task_list: [task(1, { action_configs: [{ action_type: 'LATER' }] })] }), 'task_list[0].action_configs[0].action_name');
    expectOk(wire({ task_list: [task(1, { action_configs: [{ action_type: 'APPROVE' }] })] }));
    expectParamInvalid(wire({ start_time: '2019-04-28' }), 'start_time');
    expectParamInvalid(wire({ extra: '{not json' }), 'extra');
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
