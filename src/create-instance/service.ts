import { randomUUID } from 'node:crypto';
import type { CreateCallOptions, FeishuApprovalApi } from '../feishu/approval-api.js';
import { FeishuApiError, FeishuUnavailableError, FeishuUuidConflictError, RateLimitedError } from '../feishu/errors.js';
import type { LocaleCode } from '../locale.js';
import type { Logger } from '../logger.js';
import { type IntentStore, uuidKey } from '../mirror/intents.js';
import type { ApprovalInstanceRow } from '../mirror/tables.js';
import type { CreateApi, CreateInstanceInput } from '../translate/create-instance-input.js';
import { requestHash, toCreateInstancePayload, toLegacyCreateInstancePayload } from '../translate/create-instance.js';
import type { Clock } from '../util/clock.js';
import { BadUserInputError } from '../validate/bad-user-input.js';
import { legacyApiIssues } from '../validate/create-instance.js';
import { IdempotencyKeyReusedError } from './errors.js';

export interface CreateInstanceResult {
  instance: ApprovalInstanceRow;
  /** True when the instance came from an earlier request with the same uuid: Feishu was not called. */
  replayed: boolean;
  /** Feishu's `x-tt-logid` of the call that established the creation; null when replayed. */
  logId: string | null;
}

export interface CreateInstanceDeps {
  store: IntentStore;
  feishu: FeishuApprovalApi;
  clock: Clock;
  logger: Logger;
  defaultLocale: LocaleCode;
  defaultApi: CreateApi;
}

/**
 * Creates native instances with Stripe-style idempotency on Feishu's uuid:
 * - the intent (uuid, request hash, state) is recorded before Feishu is called;
 * - the same uuid with the same request returns the recorded instance, or joins the call in
 *   flight, without a second Feishu call; with a different request it is refused;
 * - Feishu's 60012 on a retry of an intent whose earlier attempt had an unknown outcome means
 *   that attempt created the instance: the intent is reconciled as created.
 * A uuid whose last attempt Feishu refused for good (FAILED) binds nothing: it may be used again.
 */
export class CreateInstanceService {
  /** The attempts under way, by uuid key, with the fingerprint of the request each carries. */
  private readonly inflight = new Map<string, { hash: string; attempt: Promise<CreateInstanceResult> }>();

  constructor(private readonly deps: CreateInstanceDeps) {}

  async create(input: CreateInstanceInput): Promise<CreateInstanceResult> {
    const api = input.api ?? this.deps.defaultApi;
    if (api === 'v2') {
      const issues = legacyApiIssues(input);
      if (issues.length > 0) throw new BadUserInputError(issues);
    }
    const uuid = input.uuid ?? randomUUID().toUpperCase();
    const payload = toCreateInstancePayload(input, uuid, this.deps.defaultLocale);
    const hash = requestHash(payload);

    // A request whose uuid is under way joins that attempt, if it is the same request. What the
    // mirror holds for the uuid is checked where the attempt is recorded (store.begin).
    const key = uuidKey(uuid);
    const running = this.inflight.get(key);
    if (running) {
      if (running.hash !== hash) throw new IdempotencyKeyReusedError(uuid);
      return { instance: (await running.attempt).instance, replayed: true, logId: null };
    }

    const attempt = this.send(input, api, uuid, hash, payload);
    this.inflight.set(key, { hash, attempt });
    try {
      return await attempt;
    } finally {
      this.inflight.delete(key);
    }
  }

  private async send(
    input: CreateInstanceInput,
    api: CreateApi,
    uuid: string,
    hash: string,
    payload: ReturnType<typeof toCreateInstancePayload>,
  ): Promise<CreateInstanceResult> {
    const { store, feishu, clock } = this.deps;
    const legacy = api === 'v2' ? toLegacyCreateInstancePayload(input, uuid) : null;
    // Made once: the intent keeps it, and it is the request's body.
    const payloadJson = JSON.stringify(legacy ?? payload);
    const { row: intent, begun } = await store.begin(
      {
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
      },
      clock.now(),
    );
    if (!begun) {
      // The uuid is bound to another request, or this one was created already: Feishu is not called.
      if (intent.requestHash !== hash) throw new IdempotencyKeyReusedError(uuid);
      return { instance: intent, replayed: true, logId: null };
    }
    let outcomeUnknown = intent.outcomeUnknown;
    const { logger } = this.deps;
    const callOptions: CreateCallOptions = {
      payloadJson,
      onUncertainOutcome() {
        outcomeUnknown = true;
        store.markOutcomeUnknown(intent.id, clock.now()).catch((error: unknown) => {
          logger.error('recording an attempt with an unknown outcome failed', { uuid, error: String(error) });
        });
      },
    };
    try {
      const answer = legacy ? await feishu.createInstanceLegacy(legacy, callOptions) : await feishu.createInstance(payload, callOptions);
      const instance = await store.markCreated(intent.id, { instanceCode: answer.instanceCode, instanceLink: answer.instanceLink, reconciled: false }, clock.now());
      return { instance, replayed: false, logId: answer.logId };
    } catch (error) {
      if (error instanceof FeishuUuidConflictError && outcomeUnknown) {
        this.deps.logger.info('uuid already used after an attempt with an unknown outcome: reconciled as created', { uuid });
        const instance = await store.markCreated(intent.id, { instanceCode: null, instanceLink: null, reconciled: true }, clock.now());
        return { instance, replayed: false, logId: error.logId };
      }
      if (error instanceof FeishuApiError || error instanceof RateLimitedError || error instanceof FeishuUnavailableError) {
        const definitive = !error.retryable;
        await store.markError(intent.id, definitive ? 'FAILED' : 'PENDING', { code: error.code, message: error.message }, clock.now());
      }
      throw error;
    }
  }
}
