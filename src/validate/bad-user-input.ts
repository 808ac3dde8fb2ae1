import { GraphQLError } from 'graphql';
import type { ZodError } from 'zod';
import { formatPath } from '../util/path.js';

export interface InputIssue {
  /** Where in the arguments, e.g. `input.taskList[2].links` or `first`. */
  path: string;
  message: string;
}

/**
 * Arguments that GraphQL's types let through but a rule refuses. Nothing was sent to Feishu.
 * A mutation returns it as a typed result; a query field, as a GraphQL error whose
 * `extensions.code` is BAD_USER_INPUT (it is a GraphQLError, so it is never masked).
 */
export class BadUserInputError extends GraphQLError {
  readonly code = 'BAD_USER_INPUT';
  /** The first offending argument or field. */
  readonly inputPath: string;
  readonly issues: InputIssue[];

  constructor(issues: InputIssue[]) {
    const first = issues[0] ?? { path: 'input', message: 'is invalid' };
    super(`${first.path}: ${first.message}${issues.length > 1 ? ` (and ${issues.length - 1} more)` : ''}`, {
      extensions: { code: 'BAD_USER_INPUT', argument: first.path, issues },
    });
    this.name = 'BadUserInputError';
    this.inputPath = first.path;
    this.issues = issues;
  }

  static fromZod(error: ZodError): BadUserInputError {
    return new BadUserInputError(error.issues.map((issue) => ({ path: formatPath(issue.path) || 'input', message: issue.message })));
  }

  /** One argument of a query field is refused. */
  static argument(path: string, message: string): BadUserInputError {
    return new BadUserInputError([{ path, message }]);
  }
}
