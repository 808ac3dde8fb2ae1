import assert from 'node:assert/strict';
import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import { approvalInstances } from '../../src/mirror/tables.js';
import type { TestApp } from '../support/app.js';
import { CREATE, EVERY_WIDGET, LEAD_NODE, LEAVE, leaveInput } from '../support/create-fixtures.js';
import { SYNC, ccInput, syncInput, taskInput } from '../support/fixtures.js';
import { mirrorRowCounts } from '../support/mirror.js';
import { type Operation, mutationOperation, queryOperation } from './operations.js';
import { type WireRequest, accept, oddRequest, transport, wire } from './transport.js';
import { dateTime } from './values.js';

/**
 * The properties every request must keep, whatever it holds: no HTTP 5xx, no unmasked error, and
 * a request that was refused leaves every mirror table as it was.
 */

/**
 * Codes the facade's errors carry (Yoga's and graphql-js's included, and those of the callers'
 * checks); an error without one of them must be the mask.
 */
export const KNOWN_CODES = new Set([
  'BAD_USER_INPUT',
  'BAD_REQUEST',
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'OPERATION_RESOLUTION_FAILURE',
  'REQUEST_LIMIT_EXCEEDED',
  'REQUEST_ENTITY_TOO_LARGE',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'CSRF_PREVENTED',
]);
export const MASK = 'Unexpected error.';

const selectionOf = (document: string, field: string) => document.slice(document.indexOf('{', document.indexOf(`${field}(`)), document.lastIndexOf('}')).trim();

const unique = fc.string({ minLength: 1, maxLength: 10, unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz0123456789') });

/** Sync inputs Feishu's rules accept, with a few tasks and cc entries, and fresh ids. */
const validSync = fc
  .record({ id: unique, tasks: fc.nat({ max: 3 }), ccs: fc.nat({ max: 2 }), time: dateTime, mode: fc.constantFrom(undefined, 'REPLACE', 'UPDATE') })
  .map(({ id, tasks, ccs, time, mode }) =>
    syncInput({
      approvalCode: 'FUZZ',
      instanceId: `fuzz-${id}`,
      startTime: time,
      updateTime: time,
      taskList: Array.from({ length: tasks }, (_, n) => taskInput(n)),
      ccList: Array.from({ length: ccs }, (_, n) => ccInput(n)),
      ...(mode ? { updateMode: mode } : {}),
    }),
  );

/** createInstance inputs of the demo definitions, with fresh uuids. */
const validCreate = fc.record({ uuid: unique, every: fc.boolean() }).map(({ uuid, every }) =>
  every
    ? {
        approvalCode: EVERY_WIDGET,
        userId: 'fuzz-user',
        uuid: `fuzz-${uuid}`,
        form: [{ input: { id: 'w_input', value: 'x' } }],
        nodeApproverUserIdList: [{ key: LEAD_NODE, value: ['lead'] }],
      }
    : leaveInput({ approvalCode: LEAVE, uuid: `fuzz-${uuid}` }),
);

export const mutationRequest: fc.Arbitrary<WireRequest> = fc
  .tuple(
    fc.oneof(
      mutationOperation('syncExternalInstance', validSync, selectionOf(SYNC, 'syncExternalInstance')),
      mutationOperation('createInstance', validCreate, selectionOf(CREATE, 'createInstance')),
    ),
    transport,
    accept,
  )
  .map(([operation, how, acceptHeader]) => wire(operation, how, acceptHeader));

export const queryRequest: fc.Arbitrary<WireRequest> = fc.oneof(
  {
    weight: 9,
    arbitrary: fc.tuple(queryOperation, transport, accept).map(([operation, how, acceptHeader]) => wire(operation as Operation, how, acceptHeader)),
  },
  { weight: 1, arbitrary: oddRequest },
);

/** What the requests of one run answered, for its summary line. */
export class FuzzStats {
  readonly statuses = new Map<string | number, number>();
  readonly codes = new Map<string | number, number>();
  readonly results = new Map<string | number, number>();
  requests = 0;

  count(status: number, answer: Answer | undefined): void {
    const add = (map: Map<string | number, number>, key: string | number) => map.set(key, (map.get(key) ?? 0) + 1);
    this.requests += 1;
    add(this.statuses, status);
    for (const error of answer?.errors ?? []) add(this.codes, String(error.extensions?.code ?? error.message));
    for (const result of Object.values(answer?.data ?? {}) as { __typename?: unknown }[])
      if (typeof result?.__typename === 'string') add(this.results, result.__typename);
  }

  toString(): string {
    const list = (map: Map<string | number, number>) =>
      [...map]
        .sort(([a], [b]) => String(a).localeCompare(String(b)))
        .map(([key, n]) => `${key}: ${n}`)
        .join(', ');
    return `${this.requests} requests; statuses ${list(this.statuses)}; error codes ${list(this.codes)}; results ${list(this.results)}`;
  }
}

interface Answer {
  data?: Record<string, unknown> | null;
  errors?: { message: string; extensions?: { code?: unknown } }[];
}

/** The GraphQL answer in a JSON body, or in the first event of an event stream. */
function answerOf(contentType: string, text: string): Answer | undefined {
  if (contentType.includes('json')) return JSON.parse(text) as Answer;
  if (contentType.includes('text/event-stream')) {
    const data = text.split('\n').find((line) => line.startsWith('data: {'));
    return data ? (JSON.parse(data.slice('data: '.length)) as Answer) : undefined;
  }
  return undefined;
}

/** The error result of a mutation the answer holds, if any. */
function errorResult(answer: Answer | undefined): string | undefined {
  const results = Object.values(answer?.data ?? {}) as { __typename?: string }[];
  return results.map((result) => result?.__typename).find((typename) => typeof typename === 'string' && typename.endsWith('Error'));
}

/** Whether the answer says the request did nothing: an HTTP error, errors without data, or a mutation's error result. */
function refused(status: number, answer: Answer | undefined): boolean {
  if (status >= 400 || !answer) return true;
  if (answer.errors?.length && answer.data == null) return true;
  return errorResult(answer) !== undefined;
}

/**
 * The rows a refused request may leave: none, except the intent of a createInstance that reached
 * Feishu, which the facade records before the call and keeps, FAILED (or PENDING when the outcome
 * is unknown), as docs/api.md's "Retrying safely" says, and the subscription to its definition's
 * events, made before its first create (docs/events.md). Never a CREATED one.
 */
async function expectNoRowsFrom(app: TestApp, request: WireRequest, before: Awaited<ReturnType<typeof rowsOf>>, answer: Answer | undefined, where: string) {
  const after = await rowsOf(app);
  const reachedFeishu = /createInstance/.test(request.describe) && !['BadUserInputError', 'IdempotencyKeyReusedError', undefined].includes(errorResult(answer));
  if (reachedFeishu && after.counts.approvalInstances === (before.counts.approvalInstances ?? 0) + 1) after.counts.approvalInstances -= 1;
  if (reachedFeishu && after.counts.approvalSubscriptions === (before.counts.approvalSubscriptions ?? 0) + 1) after.counts.approvalSubscriptions -= 1;
  assert.deepEqual(after, before, `mirror rows changed by a refused request or a query\n${where}`);
}

async function rowsOf(app: TestApp) {
  // Approval definitions are copies of Feishu's, read by whichever request needs one first (a refused create too).
  const { approvalDefinitions: _definitions, ...counts } = await mirrorRowCounts(app.runtime.mirror);
  const [created] = await app.runtime.mirror.engine.all<{ n: number }>(
    sql`SELECT count(*) AS n FROM ${approvalInstances} WHERE ${approvalInstances.state} = 'CREATED'`,
  );
  return { counts, createdIntents: Number(created?.n ?? 0) };
}

/** Sends one request and checks every property of its answer. */
export async function checkRequest(app: TestApp, request: WireRequest, stats: FuzzStats): Promise<void> {
  const before = await rowsOf(app);
  const init: RequestInit = { method: request.method, headers: request.headers };
  if (request.body !== undefined) init.body = request.body;
  const response = await app.runtime.yoga.fetch(request.url, init);
  const text = await response.text();
  const where = `${response.status} ${text.slice(0, 500)}\nrequest: ${request.describe}`;
  assert.ok(response.status < 500, `HTTP ${where}`);
  const answer = answerOf(response.headers.get('content-type') ?? '', text);
  if (answer) {
    for (const error of answer.errors ?? []) {
      const code = error.extensions?.code;
      const masked = error.message === MASK || (typeof code === 'string' && KNOWN_CODES.has(code));
      assert.ok(masked, `unmasked error ${JSON.stringify(error).slice(0, 500)}\n${where}`);
    }
  }
  stats.count(response.status, answer);
  // A mutation answered in HTML (GraphiQL for a browser's GET) did not run.
  if (request.kind !== 'mutation' || refused(response.status, answer) || (!answer && response.status < 400)) {
    await expectNoRowsFrom(app, request, before, answer, where);
  }
}

export interface FuzzOptions {
  seed: number;
  /** Requests in all, shared between mutations and queries. */
  runs: number;
}

/** Runs both properties, mutations then queries, and checks that /healthz answers after. */
export async function runFuzz(app: TestApp, { seed, runs }: FuzzOptions): Promise<FuzzStats> {
  const stats = new FuzzStats();
  const mutations = Math.ceil(runs / 2);
  await fc.assert(
    fc.asyncProperty(mutationRequest, (request) => checkRequest(app, request, stats)),
    { seed, numRuns: mutations, endOnFailure: true },
  );
  await fc.assert(
    fc.asyncProperty(queryRequest, (request) => checkRequest(app, request, stats)),
    { seed: seed + 1, numRuns: runs - mutations, endOnFailure: true },
  );
  const health = await app.runtime.yoga.fetch('http://yoga/healthz');
  assert.equal(health.status, 200, '/healthz after the run');
  return stats;
}
