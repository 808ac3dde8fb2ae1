/**
 * The length of a text as Feishu's limits count it ("长度不超过 2048 字符"): in characters, that is
 * Unicode code points, not the UTF-16 units of String.length. An emoji or a rare CJK character
 * outside the Basic Multilingual Plane is one character, two units.
 */
export function characterCount(text: string): number {
  let count = text.length;
  for (let index = 0; index < text.length - 1; index += 1) {
    const unit = text.charCodeAt(index);
    if (unit >= 0xd800 && unit <= 0xdbff) {
      const next = text.charCodeAt(index + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        count -= 1;
        index += 1;
      }
    }
  }
  return count;
}
