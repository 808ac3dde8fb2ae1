import { FeishuCode } from './errors.js';

export interface RetryPolicy {
  /** Attempts in all, the first included. */
  maxAttempts: number;
  backoffBaseMs: number;
  backoffMaxMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxAttempts: 3, backoffBaseMs: 200, backoffMaxMs: 5_000 };

/** Codes Feishu documents as passing: the same request may succeed a moment later. */
const TRANSIENT_CODES: ReadonlySet<number> = new Set([FeishuCode.SERVICE_ERROR, FeishuCode.RATE_LIMITED]);

/**
 * Codes that are never retried, whatever the HTTP status they arrive with: parameter errors,
 * definition errors (an unknown approval code among them), the quota, and 1390014, which asks the caller to come back later.
 */
const NEVER_RETRIED_CODES: ReadonlySet<number> = new Set([
  FeishuCode.PARAM_INVALID,
  FeishuCode.APPROVAL_NOT_FOUND,
  FeishuCode.FREE_PROCESS_UNSUPPORTED,
  FeishuCode.SYNC_TOO_FREQUENT,
  FeishuCode.APPROVAL_INACTIVE,
  FeishuCode.QUOTA_EXCEEDED,
  FeishuCode.UUID_ALREADY_USED,
]);

export function isRateLimit(httpStatus: number, feishuCode: number | null): boolean {
  return httpStatus === 429 || feishuCode === FeishuCode.RATE_LIMITED;
}

/** Whether a Feishu answer (or a non-Feishu HTTP answer, code null) is worth sending again. */
export function isTransient(httpStatus: number, feishuCode: number | null): boolean {
  if (feishuCode !== null && NEVER_RETRIED_CODES.has(feishuCode)) return false;
  if (isRateLimit(httpStatus, feishuCode)) return true;
  if (feishuCode !== null && TRANSIENT_CODES.has(feishuCode)) return true;
  return httpStatus >= 500;
}

/** Exponential backoff with full jitter: a uniform wait in [0, min(max, base * 2^(attempt-1))). */
export function backoffDelay(policy: RetryPolicy, attempt: number, random: () => number): number {
  const ceiling = Math.min(policy.backoffMaxMs, policy.backoffBaseMs * 2 ** Math.max(0, attempt - 1));
  return Math.floor(random() * ceiling);
}

/** `x-ogw-ratelimit-reset` in milliseconds, when it holds a usable number of seconds. */
export function rateLimitResetMs(header: string | undefined): number | null {
  if (header === undefined) return null;
  const seconds = Number(header.trim());
  return Number.isFinite(seconds) && seconds >= 0 ? Math.ceil(seconds * 1000) : null;
}
