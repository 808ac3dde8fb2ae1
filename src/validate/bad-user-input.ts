import type { ZodError } from 'zod';
import { formatPath } from '../util/path.js';

export interface InputIssue {
  /** Where in the arguments, e.g. `input.taskList[2].links`. */
  path: string;
  message: string;
}

/** Input that GraphQL's types let through but Feishu's rules refuse. Nothing was sent. */
export class BadUserInputError extends Error {
  readonly code = 'BAD_USER_INPUT';
  /** The first offending field. */
  readonly path: string;

  constructor(readonly issues: InputIssue[]) {
    const first = issues[0] ?? { path: 'input', message: 'is invalid' };
    super(`${first.path}: ${first.message}${issues.length > 1 ? ` (and ${issues.length - 1} more)` : ''}`);
    this.name = 'BadUserInputError';
    this.path = first.path;
  }

  static fromZod(error: ZodError): BadUserInputError {
    return new BadUserInputError(error.issues.map((issue) => ({ path: formatPath(issue.path) || 'input', message: issue.message })));
  }
}
