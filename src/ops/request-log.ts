import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { type DocumentNode, Kind, getOperationAST } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { type Caller, describeUser } from '../auth/caller.js';
import type { Logger } from '../logger.js';
import { pathOf } from '../util/url-path.js';

export const REQUEST_ID_HEADER = 'x-request-id';

/** A request id a client may choose: bounded, and nothing a log reader or a header could trip on. */
const CLIENT_REQUEST_ID = /^[\w.:/+=@-]{1,128}$/;

/** The request's own `x-request-id` when it is a fair one, else a new UUID. */
export function requestIdOf(headers: Pick<Headers, 'get'>): string {
  const sent = headers.get(REQUEST_ID_HEADER);
  return sent !== null && CLIENT_REQUEST_ID.test(sent) ? sent : randomUUID();
}

/** Probes come every few seconds: their lines are at debug, so that they do not drown the rest. */
const PROBE_PATHS = new Set(['/healthz', '/readyz']);

interface RequestRecord {
  logger: Logger;
  id: string;
  started: number;
  operation: string | null;
  operationType: string | null;
}

export interface RequestLogs {
  /** The Yoga plugin: first of the app's plugins, so that every later hook finds the request's logger. */
  plugin: Plugin;
  /** The request's logger: every line it writes carries the request's id. */
  loggerOf(request: Request): Logger;
  /** The logger of the request whose execution raised `error` (Yoga logs the errors it masks without one). */
  loggerOfError(error: unknown): Logger | undefined;
}

/**
 * Per request: the id (`x-request-id`, taken or made, echoed on the response), a child logger that
 * carries it, and one access line when the response leaves: method, path, status, duration,
 * operation name and type when the document was parsed, caller when authenticated. Requests
 * refused before their body was read (401, 413, CSRF's 403) get theirs too.
 */
export function createRequestLogs(logger: Logger, callerOf: (request: Request) => Caller | undefined): RequestLogs {
  const records = new WeakMap<Request, RequestRecord>();
  const errorLoggers = new WeakMap<object, Logger>();
  const recordOf = (request: Request): RequestRecord => {
    let record = records.get(request);
    if (!record) {
      const id = requestIdOf(request.headers);
      record = { id, logger: logger.child({ requestId: id }), started: performance.now(), operation: null, operationType: null };
      records.set(request, record);
    }
    return record;
  };

  const plugin: Plugin = {
    onRequest({ request }) {
      recordOf(request);
    },
    onParse() {
      return ({ result, context }) => {
        if (!isDocument(result)) return;
        const record = recordOf(context.request);
        const operation = getOperationAST(result, context.params?.operationName);
        record.operation = operation?.name?.value ?? context.params?.operationName ?? null;
        record.operationType = operation?.operation ?? null;
      };
    },
    onExecute({ args }) {
      const record = records.get(args.contextValue.request);
      if (!record) return;
      return {
        onExecuteDone({ result }) {
          if (Symbol.asyncIterator in result) return;
          for (const error of result.errors ?? []) errorLoggers.set(error, record.logger);
        },
      };
    },
    onResponse({ request, response }) {
      const record = recordOf(request);
      records.delete(request);
      response.headers.set(REQUEST_ID_HEADER, record.id);
      const path = pathOf(request.url);
      const fields = {
        method: request.method,
        path,
        status: response.status,
        ms: Math.round((performance.now() - record.started) * 10) / 10,
        operation: record.operation ?? undefined,
        operationType: record.operationType ?? undefined,
        caller: callerName(callerOf(request)),
      };
      if (PROBE_PATHS.has(path)) record.logger.debug(fields, 'request');
      else record.logger.info(fields, 'request');
    },
  };

  return {
    plugin,
    loggerOf: (request) => recordOf(request).logger,
    loggerOfError: (error) => (typeof error === 'object' && error !== null ? errorLoggers.get(error) : undefined),
  };
}

function isDocument(value: unknown): value is DocumentNode {
  return typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === Kind.DOCUMENT;
}

/** A key's name, or the user a token names; nothing for a caller who was not checked. */
function callerName(caller: Caller | undefined): string | undefined {
  if (caller?.kind === 'key') return caller.name;
  if (caller?.kind === 'user') return describeUser(caller.user);
  return undefined;
}
