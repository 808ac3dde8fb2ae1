/** What a sandbox handler answers: an HTTP status, a JSON (or raw) body and extra headers. */
export interface SandboxAnswer {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

export function feishuOk(data: unknown): SandboxAnswer {
  return { status: 200, body: { code: 0, msg: 'success', data } };
}

export function feishuError(status: number, code: number, msg: string): SandboxAnswer {
  return { status, body: { code, msg } };
}

/** The message of Feishu's 1390001, naming the field. */
export function paramInvalidMessage(field: string, problem: string): string {
  return `param is invalid: ${field}: ${problem}`;
}

/** Feishu's 1390001, with a message naming the field, as its HTTP 400 does. */
export function paramInvalid(field: string, problem: string): SandboxAnswer {
  return feishuError(400, 1390001, paramInvalidMessage(field, problem));
}
