import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesRule } from '@escape.tech/graphql-armor-max-directives';
import { type ExecutionResult, GraphQLError, getOperationAST } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { shortenMessage } from '../util/quote.js';
import { createCostCheck } from './cost.js';
import { LIMIT_EXCEEDED, limitError } from './limit-error.js';
import { parseWithinLimits } from './parse.js';
import { type LimitName, REQUEST_LIMITS, type RequestLimits } from './values.js';
import { checkVariables } from './variables.js';

/** graphql-armor's options for refusing with our own error (its message, without its "Syntax Error: "). */
function refuseAs(limit: LimitName, max: number) {
  return {
    n: max,
    propagateOnRejection: false,
    onReject: [
      (_context: unknown, error: GraphQLError) => {
        throw limitError(limit, max, error.message.replace(/^Syntax Error: /, ''));
      },
    ],
  };
}

/**
 * Bounds every request before anything of it runs, each check as early as it can be made: the
 * document's length and the variables when the request is read (before Yoga's parse cache keeps
 * the document's text), tokens and nesting while the document is parsed, depth,
 * aliases and directives while it is validated, the cost (which needs the variables' page sizes)
 * before it executes, so before graphql-jit compiles it. Over a limit: HTTP 400 naming the limit.
 * Also shortens every error message sent (see shortenMessage).
 */
export function useRequestLimits(limits: Readonly<RequestLimits> = REQUEST_LIMITS): Plugin {
  const validationRules = [
    maxDepthRule({ ...refuseAs('depth', limits.maxDepth), flattenFragments: true, ignoreIntrospection: true }),
    maxAliasesRule(refuseAs('aliases', limits.maxAliases)),
    maxDirectivesRule(refuseAs('directives', limits.maxDirectives)),
  ];
  const checkCost = createCostCheck(limits);
  return {
    onRequestParse({ requestParser, setRequestParser }) {
      if (!requestParser) return;
      const parse = requestParser;
      setRequestParser(async (request) => {
        try {
          return await parse(request);
        } catch (error) {
          throw asBadRequest(error);
        }
      });
    },
    onParams({ params, setResult }) {
      const { query, variables } = params;
      if (typeof query === 'string' && query.length > limits.maxDocumentLength) {
        setResult({
          errors: [
            limitError('documentLength', limits.maxDocumentLength, `Document length limit of ${limits.maxDocumentLength} exceeded, found ${query.length}.`),
          ],
        });
        return;
      }
      if (variables === null || typeof variables !== 'object' || Array.isArray(variables)) return;
      const error = checkVariables(variables, limits);
      if (error) setResult({ errors: [error] });
    },
    onParse({ setParseFn }) {
      setParseFn((source, options) => parseWithinLimits(source, limits, options));
    },
    onValidate({ addValidationRule }) {
      for (const rule of validationRules) addValidationRule(rule);
    },
    onExecute({ args, setResultAndStopExecution }) {
      const operation = getOperationAST(args.document, args.operationName);
      if (!operation) return;
      const error = checkCost(args.schema, args.document, operation, args.variableValues ?? undefined);
      if (error) setResultAndStopExecution({ errors: [error] });
    },
    onResultProcess({ result }) {
      for (const one of Array.isArray(result) ? result : [result]) {
        if (!(Symbol.asyncIterator in one)) finishErrors(one);
      }
    },
  };
}

/**
 * A body Yoga could not read is the client's error: HTTP 400, `BAD_REQUEST`. Yoga's multipart
 * parser throws its errors with neither (answered 200, without a code).
 */
function asBadRequest(error: unknown): unknown {
  if (!(error instanceof GraphQLError) || (error.extensions.code !== undefined && error.extensions.http !== undefined)) return error;
  return new GraphQLError(error.message, {
    originalError: error.originalError ?? undefined,
    extensions: { ...error.extensions, code: error.extensions.code ?? 'BAD_REQUEST', http: error.extensions.http ?? { status: 400 } },
  });
}

/**
 * Changed in place: Yoga caches a document's parse and validation errors, which stay changed
 * (both changes are idempotent). Yoga marks every parse error as the GraphQL over HTTP spec's
 * (answered 200 under application/json); a limit error is not one of them.
 */
function finishErrors(result: ExecutionResult): void {
  for (const error of result.errors ?? []) {
    if (!(error instanceof Error)) continue;
    error.message = shortenMessage(error.message);
    const http: unknown = error.extensions?.http;
    if (error.extensions?.code === LIMIT_EXCEEDED && http && typeof http === 'object') Object.assign(http, { spec: false });
  }
}
