/**
 * What the Feishu client and the mirror report as they work, for metrics and traces
 * (src/ops/telemetry.ts). They see only these interfaces; the defaults here do nothing.
 */

/** How one request sent to Feishu ended. */
export interface FeishuAttemptOutcome {
  /** The body's `code`, when the answer was Feishu JSON. */
  feishuCode: number | null;
  /** Null when no answer came. */
  httpStatus: number | null;
  /** The request got no answer: timed out, or the connection failed. */
  transportError: 'timeout' | 'connection' | null;
  logId: string | null;
}

/** One call to a Feishu endpoint, its attempts, waits and retries included. */
export interface FeishuCallRecord {
  /** A request was sent and ended so. */
  attempted(outcome: FeishuAttemptOutcome): void;
  /** The call is about to send its request again. */
  retrying(): void;
  /** The client-side rate limit held the call back this long before an attempt. */
  waitedForSlot(ms: number): void;
  /** The client-side rate limit refused the call: no slot within the wait allowed. */
  refusedSlot(): void;
  /** The call is over: succeeded (no error) or failed with `error`. */
  ended(error?: unknown): void;
}

export interface FeishuCallObserver {
  /** A call to `endpoint` (the API path) begins. */
  startCall(endpoint: string): FeishuCallRecord;
  /** A new tenant access token was fetched. */
  tokenRefreshed(): void;
}

const IGNORED_CALL: FeishuCallRecord = {
  attempted() {},
  retrying() {},
  waitedForSlot() {},
  refusedSlot() {},
  ended() {},
};

export const UNOBSERVED_FEISHU: FeishuCallObserver = {
  startCall: () => IGNORED_CALL,
  tokenRefreshed() {},
};

/** The mirror's writes, by what they record: a push Feishu accepted, or a step of a createInstance intent. */
export type MirrorWriteKind =
  | 'sync_push'
  | 'intent_begin'
  | 'intent_take_over'
  | 'intent_outcome_unknown'
  | 'intent_created'
  | 'intent_reconcile'
  | 'intent_error';

/** Runs one mirror write, observed (timed, traced). */
export type ObserveMirrorWrite = <T>(kind: MirrorWriteKind, write: () => Promise<T>) => Promise<T>;

export const unobservedWrite: ObserveMirrorWrite = (_kind, write) => write();
