import type { CreateCallOptions, CreateInstanceAnswer, FeishuApprovalApi } from '../feishu/approval-api.js';
import { FeishuApiError, FeishuUnavailableError, FeishuUuidConflictError, RateLimitedError } from '../feishu/errors.js';
import type { CreateInstancePayload, LegacyCreateInstancePayload } from '../feishu/wire.js';
import type { Logger } from '../logger.js';
import type { IntentStore } from '../mirror/intents.js';
import type { ApprovalInstanceRow } from '../mirror/tables.js';
import type { Clock } from '../util/clock.js';

export interface CreateInstanceResult {
  instance: ApprovalInstanceRow;
  /** True when the instance came from an earlier request with the same uuid: Feishu was not called. */
  replayed: boolean;
  /** Feishu's `x-tt-logid` of the call that established the creation; null when replayed. */
  logId: string | null;
}

export interface AttemptDeps {
  store: IntentStore;
  feishu: FeishuApprovalApi;
  clock: Clock;
  logger: Logger;
}

/** The body of an attempt: the intent's exact payload text, and the object when the caller has it. */
export interface AttemptBody {
  json: string;
  v4?: CreateInstancePayload;
  v2?: LegacyCreateInstancePayload;
}

/**
 * Sends the attempt an intent row holds (begun or taken over: its lease is ours, its number is
 * `row.attempts`) and records the outcome. Feishu's 60012 means this intent created the instance
 * when one of its attempts may have reached Feishu unanswered: an unknown outcome recorded in the
 * mirror (by this process or another), or met during this call.
 */
export async function sendAttempt(deps: AttemptDeps, row: ApprovalInstanceRow, body: AttemptBody): Promise<CreateInstanceResult> {
  const { store, feishu, clock, logger } = deps;
  const attempt = row.attempts;
  let outcomeUnknown = row.outcomeUnknown;
  let unknownRecorded: Promise<void> = Promise.resolve();
  const callOptions: CreateCallOptions = {
    payloadJson: body.json,
    logger,
    onUncertainOutcome() {
      if (outcomeUnknown) return;
      outcomeUnknown = true;
      unknownRecorded = store.markOutcomeUnknown(row.id, attempt, clock.now()).catch((error: unknown) => {
        logger.error({ uuid: row.uuid, err: error }, 'recording an attempt with an unknown outcome failed');
      });
    },
  };
  try {
    let answer: CreateInstanceAnswer;
    if (row.api === 'v2') answer = await feishu.createInstanceLegacy(body.v2 ?? (JSON.parse(body.json) as LegacyCreateInstancePayload), callOptions);
    else answer = await feishu.createInstance(body.v4 ?? (JSON.parse(body.json) as CreateInstancePayload), callOptions);
    await unknownRecorded;
    const instance = await store.markCreated(row.id, { instanceCode: answer.instanceCode, instanceLink: answer.instanceLink, reconciled: false }, clock.now());
    return { instance, replayed: false, logId: answer.logId };
  } catch (error) {
    await unknownRecorded;
    if (error instanceof FeishuUuidConflictError) {
      const reconciled = outcomeUnknown
        ? await store.markCreated(row.id, { instanceCode: null, instanceLink: null, reconciled: true }, clock.now())
        : await store.reconcileIfUnknown(row.id, attempt, clock.now());
      if (reconciled) {
        logger.info({ uuid: row.uuid }, 'uuid already used after an attempt with an unknown outcome: reconciled as created');
        return { instance: reconciled, replayed: false, logId: error.logId };
      }
    }
    if (error instanceof FeishuApiError || error instanceof RateLimitedError || error instanceof FeishuUnavailableError) {
      await store.markError(row.id, attempt, error.retryable ? 'PENDING' : 'FAILED', { code: error.code, message: error.message }, clock.now());
    }
    // Anything else leaves the lease to expire: the attempt then counts as abandoned mid-call.
    throw error;
  }
}
