import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { ApprovalDefinitions, DefinitionRead } from '../definitions/service.js';
import { isFeishuFailure } from '../feishu/errors.js';
import type { LocaleCode } from '../locale.js';
import type { Logger } from '../logger.js';
import { type AttemptLease, type CreateIntent, leaseAlive, uuidKey } from '../mirror/intents.js';
import type { ApprovalInstanceRow } from '../mirror/tables.js';
import type { CreateApi, CreateInstanceInput } from '../translate/create-instance-input.js';
import { requestHash, toCreateInstancePayload, toLegacyCreateInstancePayload } from '../translate/create-instance.js';
import { BadUserInputError } from '../validate/bad-user-input.js';
import { legacyApiIssues } from '../validate/create-instance.js';
import { type AttemptDeps, type CreateInstanceResult, sendAttempt } from './attempt.js';
import { IdempotencyKeyInUseError, IdempotencyKeyReusedError } from './errors.js';
import { formIssues } from './form-check.js';

export type { CreateInstanceResult } from './attempt.js';

/**
 * How long an attempt's lease lasts: the deadline of its Feishu call, and as long again (5 s at
 * most) for the holder's own write of the outcome and an event loop held up for a while.
 */
export const attemptLeaseMs = (feishuTimeoutMs: number): number => feishuTimeoutMs + Math.min(5_000, feishuTimeoutMs);

export interface CreateInstanceDeps extends AttemptDeps {
  /** The approval definitions the form is checked against. */
  definitions: Pick<ApprovalDefinitions, 'get'>;
  defaultLocale: LocaleCode;
  defaultApi: CreateApi;
  /** How long an attempt's lease lasts (attemptLeaseMs). */
  leaseMs: number;
  /** Live status (events/native.ts): the definition subscribed before, waiting events applied after. */
  hooks?: {
    beforeCreate(approvalCode: string): Promise<void>;
    afterCreated(row: ApprovalInstanceRow): Promise<void>;
  };
}

/** Where an intent's attempts stand, as of now. */
export interface AttemptStatus {
  /** An attempt is being sent, its lease alive. */
  inFlight: boolean;
  /** Still PENDING, and an attempt may have reached Feishu unanswered (ended so, or abandoned mid-call). */
  outcomeUnknown: boolean;
}

/** The longest pause between two looks at an attempt another request has in flight. */
const MAX_WAIT_PAUSE_MS = 500;

/**
 * Creates native instances with Stripe-style idempotency on Feishu's uuid:
 * - the intent (uuid, request hash, state) and the lease of its attempt are recorded in the
 *   mirror, in one conditional statement, before Feishu is called;
 * - the same uuid with the same request returns the recorded instance, or waits for the attempt
 *   in flight (in this process, or in another one sharing the mirror) without a second Feishu
 *   call; with a different request it is refused;
 * - an attempt whose lease expired was abandoned mid-call (its process died): the next one takes
 *   it over with the outcome unknown;
 * - Feishu's 60012 on an attempt of an intent whose earlier attempt had an unknown outcome means
 *   that attempt created the instance: the intent is reconciled as created.
 * A uuid whose attempts Feishu all refused for good (FAILED) binds nothing: it may be used again.
 */
export class CreateInstanceService {
  /** The name this process writes on the leases it takes. */
  readonly owner = `${hostname()}/${process.pid}/${randomUUID().slice(0, 8)}`;
  /** The requests under way here, by uuid key, with their fingerprint: a fast path, the mirror decides. */
  private readonly inflight = new Map<string, { hash: string; attempt: Promise<CreateInstanceResult> }>();

  constructor(private readonly deps: CreateInstanceDeps) {}

  /** A lease for an attempt this process begins at `now`. */
  lease(now: number): AttemptLease {
    return { owner: this.owner, expiresAt: now + this.deps.leaseMs };
  }

  attemptStatus(row: ApprovalInstanceRow): AttemptStatus {
    if (row.state !== 'PENDING') return { inFlight: false, outcomeUnknown: false };
    const alive = leaseAlive(row, this.deps.clock.now());
    return { inFlight: alive, outcomeUnknown: row.outcomeUnknown || (row.attemptOwner !== null && !alive) };
  }

  /** `logger`: the request's, for the lines of its attempt and Feishu call. */
  async create(input: CreateInstanceInput, logger: Logger = this.deps.logger): Promise<CreateInstanceResult> {
    const api = input.api ?? this.deps.defaultApi;
    if (api === 'v2') {
      const issues = legacyApiIssues(input);
      if (issues.length > 0) throw new BadUserInputError(issues);
    }
    const uuid = input.uuid ?? randomUUID().toUpperCase();
    const payload = toCreateInstancePayload(input, uuid, this.deps.defaultLocale);
    const hash = requestHash(payload);

    // A request whose uuid is under way here joins that attempt, if it is the same request: this
    // spares the mirror the looks. The mirror decides (store.begin), across processes too.
    const key = uuidKey(uuid);
    const running = this.inflight.get(key);
    if (running) {
      if (running.hash !== hash) throw new IdempotencyKeyReusedError(uuid);
      return { instance: (await running.attempt).instance, replayed: true, logId: null };
    }

    const attempt = this.send(input, api, uuid, hash, payload, logger);
    this.inflight.set(key, { hash, attempt });
    try {
      return await attempt;
    } finally {
      this.inflight.delete(key);
    }
  }

  /**
   * The form against the approval definition (form-check.ts), before anything is recorded or sent:
   * every issue refused as BAD_USER_INPUT. A definition that cannot be read (Feishu unreachable and
   * no copy in the mirror) refuses nothing: Feishu checks the form itself. A retry of a request
   * already recorded (the same uuid and input, not refused for good) goes on as recorded, whatever
   * the definition says now: an earlier attempt may have created the instance.
   */
  private async checkForm(input: CreateInstanceInput, uuid: string, hash: string): Promise<void> {
    let read: DefinitionRead;
    try {
      read = await this.deps.definitions.get(input.approvalCode);
    } catch (error) {
      if (!isFeishuFailure(error)) throw error;
      this.deps.logger.warn({ approvalCode: input.approvalCode, error: error.message }, 'approval definition unreadable: Feishu alone checks this form');
      return;
    }
    const issues = read.definition
      ? formIssues(input, read.definition)
      : [{ path: 'input.approvalCode', message: `Feishu has no approval definition "${input.approvalCode}"` }];
    if (issues.length === 0) return;
    const recorded = await this.deps.store.find(uuidKey(uuid));
    if (recorded && recorded.requestHash === hash && recorded.state !== 'FAILED') return;
    throw new BadUserInputError(issues);
  }

  private async send(
    input: CreateInstanceInput,
    api: CreateApi,
    uuid: string,
    hash: string,
    payload: ReturnType<typeof toCreateInstancePayload>,
    logger: Logger,
  ): Promise<CreateInstanceResult> {
    await this.checkForm(input, uuid, hash);
    const { store, clock } = this.deps;
    const legacy = api === 'v2' ? toLegacyCreateInstancePayload(input, uuid) : null;
    // Made once: the intent keeps it, and it is the request's body.
    const payloadJson = JSON.stringify(legacy ?? payload);
    const intent: CreateIntent = {
      uuid,
      requestHash: hash,
      api,
      approvalCode: payload.approval_code,
      userId: payload.user_id ?? null,
      openId: payload.open_id ?? null,
      departmentId: payload.department_id ?? null,
      form: payload.form,
      titleKey: api === 'v4' ? (payload.title ?? null) : null,
      i18nResources: api === 'v4' && payload.i18n_resources ? JSON.stringify(payload.i18n_resources) : null,
      defaultLocale: payload.i18n_resources?.find((resource) => resource.is_default)?.locale ?? input.defaultLocale ?? this.deps.defaultLocale,
      payload: payloadJson,
    };
    // Before the lease is taken, so that the subscribe call does not eat into it.
    await this.deps.hooks?.beforeCreate(intent.approvalCode);
    // Long enough for an attempt in flight elsewhere to end, or for its lease to expire and be taken over.
    const waitUntil = clock.now() + 2 * this.deps.leaseMs;
    let pause = 10;
    for (;;) {
      const now = clock.now();
      const { kind, row } = await store.begin(intent, this.lease(now), now);
      if (kind === 'begun') {
        const result = await sendAttempt({ ...this.deps, logger }, row, { json: payloadJson, v4: payload, v2: legacy ?? undefined });
        await this.deps.hooks?.afterCreated(result.instance);
        return result;
      }
      // The uuid is bound to another request, or this one was created already: Feishu is not called.
      if (row.requestHash !== hash) throw new IdempotencyKeyReusedError(uuid);
      if (kind === 'settled') return { instance: row, replayed: true, logId: null };
      // Another request's attempt is in flight: its outcome, or the end of its lease, is awaited.
      if (clock.now() >= waitUntil) throw new IdempotencyKeyInUseError(uuid);
      const untilExpiry = (row.attemptExpiresAt ?? now) - clock.now() + 1;
      await clock.sleep(Math.max(1, Math.min(pause, untilExpiry)));
      pause = Math.min(pause * 2, MAX_WAIT_PAUSE_MS);
    }
  }
}
