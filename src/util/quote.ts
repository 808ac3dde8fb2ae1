/** How many characters of a client's value an error message quotes. */
export const MAX_QUOTED_CHARACTERS = 64;

/** Where to cut `text` near `at` without splitting a surrogate pair. */
function cutAt(text: string, at: number): number {
  const code = text.charCodeAt(at - 1);
  return code >= 0xd800 && code <= 0xdbff ? at - 1 : at;
}

/**
 * A client's value as an error message quotes it: JSON, a string longer than `max` characters
 * cut, saying how long it was. Error messages never echo a whole (perhaps megabytes long) value.
 */
export function quoteForMessage(value: unknown, max = MAX_QUOTED_CHARACTERS): string {
  if (typeof value === 'string' && value.length > max) {
    return `${JSON.stringify(value.slice(0, cutAt(value, max)))}… (${value.length} characters)`;
  }
  const json = JSON.stringify(value) ?? String(value);
  return json.length > max ? `${json.slice(0, cutAt(json, max))}… (${json.length} characters)` : json;
}

/** The longest error message sent; longer ones lose their middle. */
export const MAX_MESSAGE_CHARACTERS = 1_000;

/**
 * `message` with its middle left out when it is longer than `max` characters: graphql-js quotes
 * a client's whole value in some of its errors (`got invalid value "…"`), and the start (what
 * was wrong) and the end (where, and why) are what a reader needs.
 */
export function shortenMessage(message: string, max = MAX_MESSAGE_CHARACTERS): string {
  if (message.length <= max) return message;
  const keep = Math.floor((max - 40) / 2);
  const headEnd = cutAt(message, keep);
  const tailStart = cutAt(message, message.length - keep);
  return `${message.slice(0, headEnd)}… [${tailStart - headEnd} characters left out] …${message.slice(tailStart)}`;
}
