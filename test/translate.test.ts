import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ExternalInstancePayload } from '../src/feishu/wire.js';
import { toExternalInstancePayload, toExternalInstancePush } from '../src/translate/external-instance.js';
import type { SyncExternalInstanceInput } from '../src/translate/external-instance-input.js';
import { I18nCollector } from '../src/translate/i18n.js';
import { compact } from '../src/util/compact.js';
import { parseInstant } from '../src/util/datetime.js';
import { type TestApp, startTestApp } from './support/app.js';
import { SYNC, type SyncResult, ccInput, syncInput, taskInput } from './support/fixtures.js';

const seedRequest = JSON.parse(readFileSync(new URL('./fixtures/seed-000-request.json', import.meta.url), 'utf8')) as ExternalInstancePayload;

/** The seed defines only @i18n@1; these are the texts our equivalent input gives its other keys. */
const SEED_TEXTS: Record<string, string> = {
  '@i18n@1': 'people',
  '@i18n@2': 'Leave days',
  '@i18n@3': '3',
  '@i18n@4': 'Manager approval',
  '@i18n@5': 'Approve',
  '@i18n@9': 'Zhang San',
  '@i18n@10': 'Human resources',
};

/** Replaces every `@i18n@` key by its default-locale text, and drops i18n_resources. */
function resolveKeys(payload: ExternalInstancePayload, texts: Record<string, string>): unknown {
  const walk = (value: unknown): unknown => {
    if (typeof value === 'string') return value.startsWith('@i18n@') ? (texts[value] ?? `<undefined ${value}>`) : value;
    if (Array.isArray(value)) return value.map(walk);
    if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, walk(v)]));
    return value;
  };
  const { i18n_resources: _ignored, ...rest } = payload;
  return walk(rest);
}

function defaultTexts(payload: ExternalInstancePayload): Record<string, string> {
  const resource = payload.i18n_resources.find((r) => r.is_default);
  return Object.fromEntries((resource?.texts ?? []).map((t) => [t.key, t.value]));
}

const SEED_LINKS = {
  pcLink: 'https://applink.feishu.cn/client/mini_program/open?mode=appCenter&appId=cli_9c90fc38e07a9101&path=pc/pages/detail?id=1234',
  mobileLink: 'https://applink.feishu.cn/client/mini_program/open?appId=cli_9c90fc38e07a9101&path=pages/detail?id=1234',
};
const SEED_TIME = '2019-04-28T16:13:32.678Z';

/** Seed 000's request example, written as GraphQL variables. */
const seedEquivalentInput = {
  approvalCode: '81D31358-93AF-92D6-7425-01A5D67C4E71',
  status: 'PENDING',
  extra: { xxx: 'xxx', business_key: 'xxx' },
  instanceId: '24492654',
  links: SEED_LINKS,
  title: { zhCN: 'people' },
  form: [{ name: { zhCN: 'Leave days' }, value: { zhCN: '3' } }],
  userId: 'a987sf9s',
  userName: { zhCN: 'Zhang San' },
  openId: 'ou_be73cbc0ee35eb6ca54e9e7cc14998c1',
  departmentId: 'od-8ec33278bc2',
  departmentName: { zhCN: 'Human resources' },
  startTime: SEED_TIME,
  endTime: SEED_TIME,
  updateTime: SEED_TIME,
  displayMethod: 'BROWSER',
  updateMode: 'UPDATE',
  taskList: [
    {
      taskId: '112534',
      userId: 'a987sf9s',
      openId: 'ou_be73cbc0ee35eb6ca54e9e7cc14998c1',
      title: { zhCN: 'Manager approval' },
      links: SEED_LINKS,
      status: 'PENDING',
      extra: { xxx: 'xxx', complete_reason: 'approved' },
      createTime: SEED_TIME,
      endTime: SEED_TIME,
      updateTime: SEED_TIME,
      actionContext: '123456',
      actionConfigs: [{ actionType: 'APPROVE', actionName: { zhCN: 'Approve' }, isNeedReason: false, isReasonRequired: false, isNeedAttachment: false }],
      displayMethod: 'BROWSER',
      excludeStatistics: false,
      nodeId: 'node',
      nodeName: { zhCN: 'i18n@name' },
    },
  ],
  ccList: [
    {
      ccId: '123456',
      userId: '12345',
      openId: 'ou_be73cbc0ee35eb6ca54e9e7cc14998c1',
      links: SEED_LINKS,
      readStatus: 'READ',
      extra: { xxx: 'xxx' },
      title: { zhCN: 'xxx' },
      createTime: SEED_TIME,
      updateTime: SEED_TIME,
      displayMethod: 'BROWSER',
    },
  ],
  trusteeshipUrlToken: '788981c886b1c28ac29d1e68efd60683d6d90dfce80938ee9453e2a5f3e9e306',
  trusteeshipUserIdType: 'user_id',
  trusteeshipUrls: {
    formDetailUrl: 'https://#{your_domain}/api/form_detail',
    actionDefinitionUrl: 'https://#{your_domain}/api/action_definition',
    approvalNodeUrl: 'https://#{your_domain}/api/approval_node',
    actionCallbackUrl: 'https://#{your_domain}/api/action_callback',
    pullBusinessDataUrl: 'https://#{your_domain}/api/pull_business_data',
  },
  trusteeshipCacheConfig: { formPolicy: 'DISABLE', formVaryWithLocale: false, formVersion: '1' },
};

describe('seed 000 request example', () => {
  let app: TestApp;
  beforeEach(async () => {
    app = await startTestApp();
  });
  afterEach(async () => {
    await app.close();
  });

  it('an equivalent GraphQL input sends that payload to Feishu (after resolving @i18n@ keys)', async () => {
    const result = await app.gql<SyncResult>(SYNC, { input: seedEquivalentInput });
    expect(result.data.syncExternalInstance.__typename).toBe('SyncExternalInstancePayload');
    const sent = app.sandbox.externalInstances.get('81D31358-93AF-92D6-7425-01A5D67C4E71/24492654') as unknown as ExternalInstancePayload;
    expect(resolveKeys(sent, defaultTexts(sent))).toEqual(resolveKeys(seedRequest, SEED_TEXTS));
    // One default locale, holding every key the payload uses, each once.
    expect(sent.i18n_resources).toHaveLength(1);
    expect(sent.i18n_resources[0]).toMatchObject({ locale: 'zh-CN', is_default: true });
    const keys = sent.i18n_resources[0]!.texts.map((t) => t.key);
    expect(new Set(keys).size).toBe(keys.length);
    expect(new Set(sent.i18n_resources[0]!.texts.map((t) => t.value))).toEqual(
      new Set(['people', 'Leave days', '3', 'Zhang San', 'Human resources', 'Manager approval', 'Approve']),
    );
    // Task node_name and cc title are plain text, as the seed sends them.
    expect([sent.task_list?.[0]?.node_name, sent.cc_list?.[0]?.title]).toEqual(['i18n@name', 'xxx']);
    // extra goes as compact escaped JSON text, exactly as the seed writes it.
    expect(sent.extra).toBe(seedRequest.extra);
    expect(sent.task_list?.[0]?.extra).toBe(seedRequest.task_list?.[0]?.extra);
  });
});

describe('task node_name and cc title: plain text, every locale kept by the mirror', () => {
  let app: TestApp;
  beforeEach(async () => {
    app = await startTestApp();
  });
  afterEach(async () => {
    await app.close();
  });

  const time = '2026-11-20T09:00:00+08:00';
  const links = { pcLink: 'https://oa.example.com/x' };
  const input = (nodeName: Record<string, string>, ccTitle: Record<string, string>) => ({
    approvalCode: 'PLAIN',
    instanceId: 'P1',
    status: 'PENDING',
    title: { zhCN: '请假申请', enUS: 'Leave request' },
    links,
    userId: 'u1',
    startTime: time,
    updateTime: time,
    taskList: [
      {
        taskId: 't1',
        userId: 'u2',
        title: { zhCN: '审批', enUS: 'Approval' },
        links,
        status: 'PENDING',
        createTime: time,
        updateTime: time,
        nodeId: 'n1',
        nodeName,
      },
    ],
    ccList: [{ ccId: 'c1', userId: 'u3', title: ccTitle, links, readStatus: 'UNREAD', createTime: time, updateTime: time }],
  });
  const READ_PLAIN = `query {
    externalInstance(approvalCode: "PLAIN", instanceId: "P1") {
      title
      taskList { nodeName zh: nodeName(locale: ZH_CN) en: nodeName(locale: EN_US) ja: nodeName(locale: JA_JP) nodeNameLocalized { defaultLocale translations { locale text } } }
      ccList { title zh: title(locale: ZH_CN) en: title(locale: EN_US) titleLocalized { defaultLocale translations { locale text } } }
    }
  }`;
  type PlainRead = {
    externalInstance: {
      title: string;
      taskList: {
        nodeName: string;
        zh: string;
        en: string;
        ja: string;
        nodeNameLocalized: { defaultLocale: string; translations: { locale: string; text: string }[] };
      }[];
      ccList: { title: string; zh: string; en: string; titleLocalized: { defaultLocale: string; translations: { locale: string; text: string }[] } }[];
    };
  };

  it("sends Feishu the default locale's text as a literal, with no i18n_resources entry, and reads every locale back", async () => {
    const result = await app.gql<SyncResult>(SYNC, { input: input({ zhCN: '直属上级', enUS: 'Manager' }, { zhCN: '抄送人事', enUS: 'Copy to HR' }) });
    expect(result.data.syncExternalInstance.__typename, result.text).toBe('SyncExternalInstancePayload');
    const sent = app.sandbox.externalInstances.get('PLAIN/P1') as unknown as ExternalInstancePayload;
    expect(sent.task_list?.[0]?.node_name).toBe('直属上级');
    expect(sent.cc_list?.[0]?.title).toBe('抄送人事');
    expect(sent.i18n_resources).toEqual([
      {
        locale: 'zh-CN',
        is_default: true,
        texts: [
          { key: '@i18n@1', value: '请假申请' },
          { key: '@i18n@2', value: '审批' },
        ],
      },
      {
        locale: 'en-US',
        is_default: false,
        texts: [
          { key: '@i18n@1', value: 'Leave request' },
          { key: '@i18n@2', value: 'Approval' },
        ],
      },
    ]);
    const read = await app.gql<PlainRead>(READ_PLAIN, undefined, { 'accept-language': 'en' });
    expect(read.errors, read.text).toBeUndefined();
    expect(read.data.externalInstance.taskList).toEqual([
      {
        nodeName: 'Manager',
        zh: '直属上级',
        en: 'Manager',
        ja: '直属上级',
        nodeNameLocalized: {
          defaultLocale: 'ZH_CN',
          translations: [
            { locale: 'ZH_CN', text: '直属上级' },
            { locale: 'EN_US', text: 'Manager' },
          ],
        },
      },
    ]);
    expect(read.data.externalInstance.ccList).toEqual([
      {
        title: 'Copy to HR',
        zh: '抄送人事',
        en: 'Copy to HR',
        titleLocalized: {
          defaultLocale: 'ZH_CN',
          translations: [
            { locale: 'ZH_CN', text: '抄送人事' },
            { locale: 'EN_US', text: 'Copy to HR' },
          ],
        },
      },
    ]);
  });

  it('sends a text missing in the default locale in its first locale, and an @i18n@-looking text as it is, never as a key', async () => {
    const result = await app.gql<SyncResult>(SYNC, { input: input({ jaJP: '@i18n@1' }, { enUS: '@i18n@2', jaJP: 'コピー' }) });
    expect(result.data.syncExternalInstance.__typename, result.text).toBe('SyncExternalInstancePayload');
    const sent = app.sandbox.externalInstances.get('PLAIN/P1') as unknown as ExternalInstancePayload;
    expect([sent.task_list?.[0]?.node_name, sent.cc_list?.[0]?.title]).toEqual(['@i18n@1', '@i18n@2']);
    expect(sent.i18n_resources.flatMap((resource) => resource.texts.map((text) => text.value))).not.toContain('@i18n@1');
    const read = await app.gql<PlainRead>(READ_PLAIN);
    expect(read.errors, read.text).toBeUndefined();
    // Not the instance title and task title that @i18n@1 and @i18n@2 stand for in this payload.
    expect(read.data.externalInstance.title).toBe('请假申请');
    expect(read.data.externalInstance.taskList[0]).toMatchObject({ nodeName: '@i18n@1', zh: '@i18n@1', ja: '@i18n@1' });
    expect(read.data.externalInstance.ccList[0]).toMatchObject({
      title: '@i18n@2',
      titleLocalized: {
        defaultLocale: 'ZH_CN',
        translations: [
          { locale: 'ZH_CN', text: '@i18n@2' },
          { locale: 'EN_US', text: '@i18n@2' },
          { locale: 'JA_JP', text: 'コピー' },
        ],
      },
    });
  });
});

describe('displayMethod TRUSTEESHIP', () => {
  let app: TestApp;
  beforeEach(async () => {
    app = await startTestApp();
  });
  afterEach(async () => {
    await app.close();
  });

  it('is taken on tasks and cc entries as on the instance, sent as given and read back', async () => {
    const input = syncInput({
      displayMethod: 'TRUSTEESHIP',
      taskList: [taskInput(1, { displayMethod: 'TRUSTEESHIP' })],
      ccList: [ccInput(1, { displayMethod: 'TRUSTEESHIP' })],
    });
    const result = await app.gql<SyncResult>(SYNC, { input });
    expect(result.data.syncExternalInstance.__typename, result.text).toBe('SyncExternalInstancePayload');
    const sent = app.sandbox.externalInstances.get('APPROVAL-1/inst-1') as unknown as ExternalInstancePayload;
    expect([sent.display_method, sent.task_list?.[0]?.display_method, sent.cc_list?.[0]?.display_method]).toEqual([
      'TRUSTEESHIP',
      'TRUSTEESHIP',
      'TRUSTEESHIP',
    ]);
    const read = await app.gql<{ externalInstance: { displayMethod: string; taskList: { displayMethod: string }[]; ccList: { displayMethod: string }[] } }>(
      `{ externalInstance(approvalCode: "APPROVAL-1", instanceId: "inst-1") { displayMethod taskList { displayMethod } ccList { displayMethod } } }`,
    );
    expect(read.data.externalInstance).toEqual({
      displayMethod: 'TRUSTEESHIP',
      taskList: [{ displayMethod: 'TRUSTEESHIP' }],
      ccList: [{ displayMethod: 'TRUSTEESHIP' }],
    });
  });
});

function instant(text: string) {
  const parsed = parseInstant(text);
  if (!parsed) throw new Error(`bad instant ${text}`);
  return parsed;
}

function minimalInput(overrides: Partial<SyncExternalInstanceInput> = {}): SyncExternalInstanceInput {
  return {
    approvalCode: 'A',
    instanceId: 'I',
    status: 'PENDING',
    links: { pcLink: 'https://x' },
    userId: 'u',
    startTime: instant('2026-01-01T00:00:00+08:00'),
    updateTime: instant('2026-01-01T00:00:01.5+08:00'),
    ...overrides,
  };
}

describe('toExternalInstancePayload', () => {
  it('sends times as millisecond strings and an open end time as 0', () => {
    const payload = toExternalInstancePayload(minimalInput(), 'zh-CN');
    expect(payload.start_time).toBe(String(Date.parse('2025-12-31T16:00:00Z')));
    expect(payload.update_time).toBe(String(Date.parse('2025-12-31T16:00:01.500Z')));
    expect(payload.end_time).toBe('0');
    const finished = toExternalInstancePayload(minimalInput({ endTime: instant('2026-01-02T00:00:00Z') }), 'zh-CN');
    expect(finished.end_time).toBe(String(Date.parse('2026-01-02T00:00:00Z')));
  });

  it('leaves out what was not given, defaults update_mode to REPLACE and always sends i18n_resources', () => {
    const payload = toExternalInstancePayload(minimalInput(), 'zh-CN');
    expect(payload).toEqual({
      approval_code: 'A',
      status: 'PENDING',
      instance_id: 'I',
      links: { pc_link: 'https://x' },
      user_id: 'u',
      start_time: payload.start_time,
      end_time: '0',
      update_time: payload.update_time,
      update_mode: 'REPLACE',
      i18n_resources: [{ locale: 'zh-CN', texts: [], is_default: true }],
    });
  });

  it('allocates one key per distinct text and reuses it', () => {
    const same = { zhCN: '同意', enUS: 'Approve' };
    const payload = toExternalInstancePayload(
      minimalInput({
        title: { zhCN: '标题' },
        taskList: [1, 2, 3].map((n) => ({
          taskId: `t${n}`,
          userId: 'u',
          title: same,
          links: { pcLink: 'x' },
          status: 'PENDING' as const,
          createTime: instant('2026-01-01T00:00:00Z'),
          updateTime: instant('2026-01-01T00:00:00Z'),
          actionConfigs: [{ actionType: 'LATER', actionName: { ...same } }],
        })),
      }),
      'zh-CN',
    );
    expect(payload.title).toBe('@i18n@1');
    const taskKeys = payload.task_list!.map((task) => task.title);
    expect(taskKeys).toEqual(['@i18n@2', '@i18n@2', '@i18n@2']);
    expect(payload.task_list!.map((task) => task.action_configs![0]!.action_name)).toEqual(['@i18n@2', '@i18n@2', '@i18n@2']);
    expect(payload.i18n_resources).toEqual([
      {
        locale: 'zh-CN',
        is_default: true,
        texts: [
          { key: '@i18n@1', value: '标题' },
          { key: '@i18n@2', value: '同意' },
        ],
      },
      { locale: 'en-US', is_default: false, texts: [{ key: '@i18n@2', value: 'Approve' }] },
    ]);
  });

  it("marks the input's default locale, and fills a text missing there from another locale", () => {
    const payload = toExternalInstancePayload(
      minimalInput({ defaultLocale: 'en-US', title: { zhCN: '仅中文' }, userName: { enUS: 'Ann', jaJP: 'アン' } }),
      'zh-CN',
    );
    expect(payload.i18n_resources).toEqual([
      {
        locale: 'en-US',
        is_default: true,
        texts: [
          { key: '@i18n@1', value: '仅中文' },
          { key: '@i18n@2', value: 'Ann' },
        ],
      },
      { locale: 'zh-CN', is_default: false, texts: [{ key: '@i18n@1', value: '仅中文' }] },
      { locale: 'ja-JP', is_default: false, texts: [{ key: '@i18n@2', value: 'アン' }] },
    ]);
  });

  it('uses the server default locale when the input names none', () => {
    const payload = toExternalInstancePayload(minimalInput({ title: { deDE: 'Urlaub' } }), 'en-US');
    expect(payload.i18n_resources[0]).toEqual({ locale: 'en-US', is_default: true, texts: [{ key: '@i18n@1', value: 'Urlaub' }] });
    expect(payload.i18n_resources.filter((resource) => resource.is_default)).toHaveLength(1);
  });

  it('sends task node_name and cc title as plain text, and returns all their locales beside the payload', () => {
    const time = instant('2026-01-01T00:00:00Z');
    const { payload, plainTexts } = toExternalInstancePush(
      minimalInput({
        defaultLocale: 'en-US',
        taskList: [
          {
            taskId: 't1',
            userId: 'u',
            links: { pcLink: 'x' },
            status: 'PENDING',
            createTime: time,
            updateTime: time,
            nodeName: { zhCN: '节点', enUS: 'Node' },
          },
        ],
        ccList: [{ ccId: 'c1', userId: 'u', links: { pcLink: 'x' }, createTime: time, updateTime: time, title: { zhCN: '抄送', jaJP: 'コピー' } }],
      }),
      'zh-CN',
    );
    expect([payload.task_list?.[0]?.node_name, payload.cc_list?.[0]?.title]).toEqual(['Node', '抄送']);
    expect(payload.i18n_resources).toEqual([{ locale: 'en-US', texts: [], is_default: true }]);
    expect(plainTexts).toEqual({
      nodeNames: new Map([
        [
          't1',
          [
            ['en-US', 'Node'],
            ['zh-CN', '节点'],
          ],
        ],
      ]),
      ccTitles: new Map([
        [
          'c1',
          [
            ['en-US', '抄送'],
            ['zh-CN', '抄送'],
            ['ja-JP', 'コピー'],
          ],
        ],
      ]),
    });
  });

  it('sends extra compact', () => {
    const payload = toExternalInstancePayload(minimalInput({ extra: { business_key: 'B-1', nested: { a: [1, 2] } } }), 'zh-CN');
    expect(payload.extra).toBe('{"business_key":"B-1","nested":{"a":[1,2]}}');
  });
});

describe('I18nCollector', () => {
  it('treats empty strings as absent and refuses a text with no locale', () => {
    const collector = new I18nCollector('zh-CN');
    expect(collector.key({ zhCN: '', enUS: 'Hi' })).toBe(collector.key({ enUS: 'Hi' }));
    expect(() => collector.key({ zhCN: '' })).toThrow();
  });

  it('gives two texts one key exactly when they say the same in every locale, the default filled in', () => {
    const collector = new I18nCollector('zh-CN');
    const title = collector.key({ zhCN: '请假', enUS: 'Leave' });
    expect(collector.key({ enUS: 'Leave', zhCN: '请假', jaJP: '' })).toBe(title);
    // The same default-locale value, but not the same text.
    const others = [
      collector.key({ zhCN: '请假', enUS: 'Time off' }),
      collector.key({ zhCN: '请假' }),
      collector.key({ zhCN: '请假', enUS: 'Leave', jaJP: '休暇' }),
      collector.key({ zhCN: '请假', jaJP: 'Leave' }),
    ];
    expect(new Set([title, ...others]).size).toBe(5);
    // Without the default locale, the text's first locale stands in for it there.
    expect(collector.key({ enUS: '请假' })).toBe(collector.key({ zhCN: '请假', enUS: '请假' }));
    expect(collector.key({ enUS: '请假', jaJP: 'Leave' })).not.toBe(others[3]);
    expect(collector.key({ zhCN: '请假', enUS: 'Time off' })).toBe(others[0]);
    expect(collector.key({ zhCN: '请假' })).toBe(others[1]);
    expect(collector.key({ jaJP: '休暇', zhCN: '请假', enUS: 'Leave' })).toBe(others[2]);
  });

  it('matches a text-by-content model on many random texts', () => {
    // A small deterministic generator: the same texts on every run.
    let seed = 7;
    const next = (n: number) => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return (seed >>> 16) % n;
    };
    const fields = ['zhCN', 'enUS', 'jaJP', 'deDE'] as const;
    const codes = { zhCN: 'zh-CN', enUS: 'en-US', jaJP: 'ja-JP', deDE: 'de-DE' } as const;
    const words = ['', 'a', 'b', '甲'];
    for (const defaultField of ['enUS', 'deDE'] as const) {
      const collector = new I18nCollector(codes[defaultField]);
      const keyByContent = new Map<string, string>();
      const expected = new Map<string, Map<string, string>>();
      for (let n = 0; n < 400; n += 1) {
        const text: Partial<Record<(typeof fields)[number], string>> = {};
        for (const field of fields) if (next(2)) text[field] = words[next(words.length)]!;
        const present = fields.filter((field) => text[field]);
        if (present.length === 0) {
          expect(() => collector.key(text)).toThrow();
          continue;
        }
        const normalized = new Map(present.map((field) => [codes[field], text[field]!] as const));
        if (!text[defaultField]) normalized.set(codes[defaultField], text[present[0]!]!);
        const content = JSON.stringify(fields.map((field) => normalized.get(codes[field]) ?? null));
        const key = collector.key(text);
        if (keyByContent.has(content)) expect(key).toBe(keyByContent.get(content));
        else {
          expect([...keyByContent.values()]).not.toContain(key);
          keyByContent.set(content, key);
          expected.set(key, normalized);
        }
      }
      const resources = collector.resources();
      expect(resources[0]).toMatchObject({ locale: codes[defaultField], is_default: true });
      expect(resources.map((resource) => resource.locale)).toEqual([
        codes[defaultField],
        ...fields.filter((field) => field !== defaultField).map((field) => codes[field]),
      ]);
      for (const resource of resources) {
        const want = [...expected].flatMap(([key, values]) => (values.has(resource.locale) ? [{ key, value: values.get(resource.locale)! }] : []));
        expect(resource.texts).toEqual(want);
      }
    }
  });
});

describe('compact', () => {
  it('drops null and undefined, keeps the order of the rest and leaves the given object as it was', () => {
    const given = { b: 1, a: null, c: undefined, d: '', e: 0, f: false };
    const kept = compact(given);
    expect(Object.keys(kept)).toEqual(['b', 'd', 'e', 'f']);
    expect(JSON.stringify(kept)).toBe('{"b":1,"d":"","e":0,"f":false}');
    expect(Object.keys(given)).toEqual(['b', 'a', 'c', 'd', 'e', 'f']);
  });
});
