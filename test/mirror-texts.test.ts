import { describe, expect, it } from 'vitest';
import { PayloadTexts } from '../src/mirror/texts.js';

describe('PayloadTexts', () => {
  const texts = new PayloadTexts([
    {
      locale: 'zh-CN',
      is_default: true,
      texts: [
        { key: '@i18n@1', value: '请假申请' },
        { key: '@i18n@2', value: 'say "hi"\\ \n\u0001 😀' },
        { key: '@i18n@3', value: '仅中文' },
      ],
    },
    {
      locale: 'en-US',
      is_default: false,
      texts: [
        { key: '@i18n@1', value: 'Leave request' },
        { key: '@i18n@4', value: 'English only' },
      ],
    },
    { locale: 'de-DE', is_default: false, texts: [{ key: '@i18n@2', value: 'Grüße' }] },
  ]);

  it('derives the text keys mirrors already hold', () => {
    // The mirror stores these keys and finds a push's texts by them: a derivation that changed
    // would leave every mirrored text behind. The values were made by the first derivation.
    expect(['@i18n@1', '@i18n@2', '@i18n@3', '@i18n@4', 'plain text', ''].map((value) => texts.ref(value))).toEqual([
      'GuYvcGWZlY9NCc30vh1kiF',
      'IXyIT1vZvZUifpmrrAmAs5',
      '3vVvXnncpSTps_pHAp5by_',
      'S10ENBZ9jOniacVhJrBVdM',
      '0nsWgtBrtltcMxHEcArbQI',
      'bJTfD9ysPVc8mP3vKJU9am',
    ]);
    const englishFirst = new PayloadTexts([
      { locale: 'en-US', is_default: true, texts: [{ key: '@i18n@1', value: 'Leave request' }] },
      { locale: 'zh-CN', is_default: false, texts: [{ key: '@i18n@1', value: '请假申请' }] },
    ]);
    expect(englishFirst.ref('@i18n@1')).toBe('6PJtU--jRyi8QKI9uRUqvx');
  });

  it('gives a field its text in every locale, the default filled in, however often the payload names it', () => {
    const first = texts.ref('@i18n@4')!;
    expect(texts.ref('@i18n@4')).toBe(first);
    expect(texts.ref(null)).toBeNull();
    const [text] = texts.texts([first, first]);
    expect(text).toEqual({
      key: first,
      defaultLocale: 'zh-CN',
      values: new Map([
        ['en-US', 'English only'],
        ['zh-CN', 'English only'],
      ]),
    });
    expect(texts.texts([texts.ref('@i18n@2')!])[0]!.values).toEqual(
      new Map([
        ['zh-CN', 'say "hi"\\ \n\u0001 😀'],
        ['de-DE', 'Grüße'],
      ]),
    );
  });
});
