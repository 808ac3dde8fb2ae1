import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { requestHash, toBotNotificationMask, toCreateInstancePayload, toLegacyCreateInstancePayload } from '../src/translate/create-instance.js';
import type { CreateInstanceInput, FormWidgetInput } from '../src/translate/create-instance-input.js';
import { serializeForm, toWireWidgets } from '../src/translate/form.js';
import { I18nCollector } from '../src/translate/i18n.js';
import { parseInstant } from '../src/util/datetime.js';

const fixture = <T>(name: string) => JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8')) as T;
const seedWidgets = fixture<{ id: string; type: string; value: unknown }[]>('seed-004-widgets.json');

function instant(text: string) {
  const parsed = parseInstant(text);
  if (!parsed) throw new Error(text);
  return parsed;
}

/** Seed 004's example of each widget, written as our typed input (ids are all "widget1" there). */
const TYPED_EXAMPLES: Record<string, FormWidgetInput> = {
  input: { input: { id: 'widget1', value: 'data' } },
  textarea: { textarea: { id: 'widget1', value: 'data' } },
  date: { date: { id: 'widget1', value: instant('2019-10-01T08:12:01+08:00') } },
  radio: { radio: { id: 'widget1', value: 'optionA' } },
  radioV2: { radioV2: { id: 'widget1', value: 'k2b8mkx0-h71x5gljn3i-1' } },
  number: { number: { id: 'widget1', value: 1234.5678 } },
  amount: { amount: { id: 'widget1', value: 1234.5678 } },
  formula: { formula: { id: 'widget1', value: 1234.5678 } },
  contact: { contact: { id: 'widget1', value: ['f8ca557e'], openIds: ['ou_12345'] } },
  connect: { connect: { id: 'widget1', value: ['19EAC829-F1CB-527F-BE2A-1330422E60C0'] } },
  attachment: { attachment: { id: 'widget1', value: ['D93653C3-2609-4EE0-8041-61DC1D84F0B5'] } },
  attachmentV2: { attachmentV2: { id: 'widget1', value: ['D93653C3-2609-4EE0-8041-61DC1D84F0B5'] } },
  image: { image: { id: 'widget1', value: ['D93653C3-2609-4EE0-8041-61DC1D84F0B5'] } },
  imageV2: { imageV2: { id: 'widget1', value: ['D93653C3-2609-4EE0-8041-61DC1D84F0B5'] } },
  checkbox: { checkbox: { id: 'widget1', value: ['optionA'] } },
  checkboxV2: { checkboxV2: { id: 'widget1', value: ['k2b8mkx0-h71x5gljn3i-1'] } },
  dateInterval: {
    dateInterval: {
      id: 'widget1',
      value: { start: instant('2019-10-01T08:12:01+08:00'), end: instant('2019-10-02T08:12:01+08:00'), interval: 2.0 },
    },
  },
  fieldList: { fieldList: { id: 'widget1', value: [[{ checkbox: { id: 'widget1', value: ['jxpsebqp-0'] } }]] } },
  department: { department: { id: 'widget1', value: [{ openId: 'od-xxx' }] } },
  telephone: { telephone: { id: 'widget1', value: { countryCode: '+86', nationalNumber: '13122222222' } } },
  shiftGroup: {
    shiftGroup: {
      id: 'widget1',
      value: { shiftTime: instant('2019-10-01T08:12:01+08:00'), returnTime: instant('2019-10-02T08:12:01+08:00'), reason: 'ask for leave' },
    },
  },
};

describe('form widgets', () => {
  it('cover every widget type of seed 004', () => {
    expect(Object.keys(TYPED_EXAMPLES).sort()).toEqual(seedWidgets.map((w) => w.type).sort());
  });

  it.each(seedWidgets.map((widget) => [widget.type, widget] as const))('%s serializes to the exact value shape of seed 004', (type, expected) => {
    const sent = JSON.parse(serializeForm([TYPED_EXAMPLES[type]!], null)) as unknown[];
    expect(sent).toEqual([expected]);
  });

  it('nests fieldList rows, localized texts inside rows included', () => {
    const i18n = new I18nCollector('zh-CN');
    const widgets = toWireWidgets(
      [
        {
          fieldList: {
            id: 'items',
            value: [
              [{ input: { id: 'name', localizedValue: { zhCN: '机票', enUS: 'Flight' } } }, { amount: { id: 'cost', value: 1200.5 } }],
              [
                { input: { id: 'name', value: 'Hotel' } },
                { amount: { id: 'cost', value: 800 } },
                { fieldList: { id: 'nights', value: [[{ date: { id: 'night', value: instant('2026-12-01T00:00:00Z') } }]] } },
              ],
            ],
          },
        },
      ],
      i18n,
    );
    expect(widgets).toEqual([
      {
        id: 'items',
        type: 'fieldList',
        value: [
          [
            { id: 'name', type: 'input', value: '@i18n@1' },
            { id: 'cost', type: 'amount', value: 1200.5 },
          ],
          [
            { id: 'name', type: 'input', value: 'Hotel' },
            { id: 'cost', type: 'amount', value: 800 },
            { id: 'nights', type: 'fieldList', value: [[{ id: 'night', type: 'date', value: '2026-12-01T00:00:00Z' }]] },
          ],
        ],
      },
    ]);
    expect(i18n.resources()).toEqual([
      { locale: 'zh-CN', is_default: true, texts: [{ key: '@i18n@1', value: '机票' }] },
      { locale: 'en-US', is_default: false, texts: [{ key: '@i18n@1', value: 'Flight' }] },
    ]);
  });

  it('keeps the offset the client wrote, with milliseconds only when there are some', () => {
    const sent = toWireWidgets(
      [{ date: { id: 'a', value: instant('2026-12-01T09:30:00-05:00') } }, { date: { id: 'b', value: instant('2026-12-01T09:30:00.250Z') } }],
      null,
    );
    expect(sent.map((w) => w.value)).toEqual(['2026-12-01T09:30:00-05:00', '2026-12-01T09:30:00.250Z']);
  });
});

const baseInput: CreateInstanceInput = {
  approvalCode: '7C468A54-8745-2245-9675-08B7C63E7A85',
  userId: 'f7cb567e',
  openId: 'ou_123456',
  form: [{ input: { id: 'user_name', value: 'test' } }],
  nodeApproverUserIdList: [
    { key: '46e6d96cfa756980907209209ec03b64', value: ['f7cb567e'] },
    { key: 'manager_node_id', value: ['f7cb567e'] },
  ],
  nodeApproverOpenIdList: [
    { key: '46e6d96cfa756980907209209ec03b64', value: ['ou_12345'] },
    { key: 'manager_node_id', value: ['ou_12345'] },
  ],
};

describe('createInstance payloads', () => {
  it('v4: bitmask, title display method, auto-approval nodes, i18n only when there are texts', () => {
    const plain = toCreateInstancePayload(baseInput, 'U-1', 'zh-CN');
    expect(plain.i18n_resources).toBeUndefined();
    expect(plain.title).toBeUndefined();
    const full = toCreateInstancePayload(
      {
        ...baseInput,
        title: { enUS: 'Leave' },
        titleDisplayMethod: 'INSTANCE_ONLY',
        cancelBotNotification: ['REJECTED', 'CANCELED', 'REJECTED'],
        nodeAutoApprovalList: [{ nodeIdType: 'CUSTOM', nodeId: 'manager_node_id' }, { nodeId: 'n2' }],
        allowResubmit: true,
        allowSubmitAgain: false,
        forbidRevoke: true,
      },
      'U-1',
      'zh-CN',
    );
    expect(full).toMatchObject({
      title: '@i18n@1',
      title_display_method: 1,
      cancel_bot_notification: '6',
      node_auto_approval_list: [{ node_id_type: 'CUSTOM', node_id: 'manager_node_id' }, { node_id: 'n2' }],
      allow_resubmit: true,
      allow_submit_again: false,
      forbid_revoke: true,
      uuid: 'U-1',
      i18n_resources: [
        { locale: 'zh-CN', is_default: true, texts: [{ key: '@i18n@1', value: 'Leave' }] },
        { locale: 'en-US', is_default: false, texts: [{ key: '@i18n@1', value: 'Leave' }] },
      ],
    });
    expect(toBotNotificationMask(['APPROVED', 'REJECTED', 'CANCELED'])).toBe('7');
    expect(toCreateInstancePayload({ ...baseInput, titleDisplayMethod: 'DEFINITION_AND_INSTANCE' }, 'U', 'zh-CN').title_display_method).toBe(0);
  });

  it("v2: seed 004's request example, node lists as maps, no i18n", () => {
    const seed = fixture<Record<string, unknown>>('seed-004-request.json');
    const sent = toLegacyCreateInstancePayload(baseInput, 'U-2');
    const { uuid: _seedUuid, department_id: _seedDepartment, ...seedRest } = seed;
    const { uuid, ...rest } = sent;
    expect(uuid).toBe('U-2');
    expect({ ...rest, form: JSON.parse(rest.form) }).toEqual({ ...seedRest, form: JSON.parse(seed.form as string) });
    expect(sent).not.toHaveProperty('i18n_resources');
  });

  it('v2 and v4 carry the same form and node users', () => {
    const v4 = toCreateInstancePayload(baseInput, 'U', 'zh-CN');
    const v2 = toLegacyCreateInstancePayload(baseInput, 'U');
    expect(v2.form).toBe(v4.form);
    expect(Object.entries(v2.node_approver_open_id_list ?? {}).map(([key, value]) => ({ key, value }))).toEqual(v4.node_approver_open_id_list);
  });

  it('hashes the same input the same way whatever the uuid, and a different input differently', () => {
    const a = requestHash(toCreateInstancePayload(baseInput, 'U-1', 'zh-CN'));
    expect(requestHash(toCreateInstancePayload(baseInput, 'U-2', 'zh-CN'))).toBe(a);
    expect(requestHash(toCreateInstancePayload({ ...baseInput, departmentId: 'd' }, 'U-1', 'zh-CN'))).not.toBe(a);
  });

  it('gives the fingerprints intents already hold', () => {
    // Intents store the fingerprint, and a retry of one is compared with it: a derivation that
    // changed would refuse every retry of an intent recorded before. Values from the first one.
    expect(requestHash(toCreateInstancePayload(baseInput, 'U-1', 'zh-CN'))).toBe('8e91820554a120b119288a64ff0fea880ecbfe8f07b6037e7f9e2dec8c182624');
    const full = {
      ...baseInput,
      title: { enUS: 'Leave "quoted" \\ 休假 😀', zhCN: '休假' },
      titleDisplayMethod: 'INSTANCE_ONLY',
      cancelBotNotification: ['REJECTED', 'CANCELED'],
      nodeAutoApprovalList: [{ nodeIdType: 'CUSTOM', nodeId: 'manager_node_id' }, { nodeId: 'n2' }],
      allowResubmit: true,
      allowSubmitAgain: false,
      forbidRevoke: true,
      departmentId: 'od-1',
      nodeCcUserIdList: [{ key: 'k', value: [] }],
      form: [{ textarea: { id: 'r', localizedValue: { zhCN: '理由', enUS: 'Reason' } } }, { number: { id: 'n', value: 1.5 } }],
    } as CreateInstanceInput;
    expect(requestHash(toCreateInstancePayload(full, 'U-1', 'en-US'))).toBe('e2be06c4395ac78c9cd44bebe8bac1f87d2098507b1d6a0c30164733fd8f6d74');
  });
});
