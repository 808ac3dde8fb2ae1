/**
 * Feishu's approval codes are UUIDs (`7C468A54-8745-2245-9675-08B7C63E7A85`). A code is a path
 * segment of the definition's GET: one of other characters ("..", "/", kilobytes) would ask for
 * another URL, so it is refused before any call.
 */
const APPROVAL_CODE = /^[A-Za-z0-9_-]{1,128}$/;

/** Why `code` cannot be an approval code, or null. */
export const approvalCodeProblem = (code: string): string | null =>
  APPROVAL_CODE.test(code) ? null : 'is not an approval code: 1 to 128 letters, digits, "-" or "_"';
