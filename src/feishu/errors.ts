/** Feishu's business codes that the client treats specially (seeds 000 and 003, the SDK's list). */
export const FeishuCode = {
  OK: 0,
  UUID_ALREADY_USED: 60012,
  PARAM_INVALID: 1390001,
  APPROVAL_NOT_FOUND: 1390002,
  INSTANCE_NOT_FOUND: 1390003,
  /** The subscribe page's "subscription existed": the app subscribed the definition before. */
  SUBSCRIPTION_EXISTS: 1390007,
  FREE_PROCESS_UNSUPPORTED: 1390013,
  SYNC_TOO_FREQUENT: 1390014,
  APPROVAL_INACTIVE: 1390015,
  SERVICE_ERROR: 1395001,
  RATE_LIMITED: 99991400,
  QUOTA_EXCEEDED: 99991403,
  TENANT_TOKEN_INVALID: 99991663,
  APP_TOKEN_INVALID: 99991664,
  TOKEN_FORMAT_INVALID: 99991671,
} as const;

export const TOKEN_INVALID_CODES: ReadonlySet<number> = new Set([
  FeishuCode.TENANT_TOKEN_INVALID,
  FeishuCode.APP_TOKEN_INVALID,
  FeishuCode.TOKEN_FORMAT_INVALID,
]);

/** What Feishu said about a refused request. */
export interface FeishuErrorDetails {
  feishuCode: number;
  feishuMessage: string;
  httpStatus: number;
  /** The `x-tt-logid` response header, which Feishu support asks for. */
  logId: string | null;
}

/**
 * Feishu answered with a non-zero `code`. Subclasses name the codes a client can act on;
 * this class itself covers every other code.
 */
export class FeishuApiError extends Error {
  readonly code: string = 'FEISHU_ERROR';
  /** Whether pushing the same request again later may succeed. */
  readonly retryable: boolean = false;
  readonly feishuCode: number;
  readonly feishuMessage: string;
  readonly httpStatus: number;
  readonly logId: string | null;

  constructor(details: FeishuErrorDetails, summary = 'Feishu refused the request') {
    super(`${summary} (code ${details.feishuCode}): ${details.feishuMessage}`);
    this.name = new.target.name;
    this.feishuCode = details.feishuCode;
    this.feishuMessage = details.feishuMessage;
    this.httpStatus = details.httpStatus;
    this.logId = details.logId;
  }
}

/** 1390001: a parameter is invalid; Feishu's message names it. */
export class FeishuInvalidParameterError extends FeishuApiError {
  override readonly code = 'FEISHU_INVALID_PARAMETER';
  constructor(details: FeishuErrorDetails) {
    super(details, 'Feishu rejected a parameter');
  }
}

/** 1390013: the approval definition uses a free process, which the API cannot create. */
export class FeishuFreeProcessUnsupportedError extends FeishuApiError {
  override readonly code = 'FEISHU_FREE_PROCESS_UNSUPPORTED';
  constructor(details: FeishuErrorDetails) {
    super(details, 'Feishu cannot create instances of a free-process approval definition');
  }
}

/** 1390015: the approval definition is deactivated. */
export class FeishuApprovalInactiveError extends FeishuApiError {
  override readonly code = 'FEISHU_APPROVAL_INACTIVE';
  constructor(details: FeishuErrorDetails) {
    super(details, 'The approval definition is not active');
  }
}

/** 60012: the uuid already created another instance, not one of this facade's attempts. */
export class FeishuUuidConflictError extends FeishuApiError {
  override readonly code = 'FEISHU_UUID_CONFLICT';
  constructor(details: FeishuErrorDetails) {
    super(details, 'Feishu already created an instance with this uuid');
  }
}

/** 1390014: the same instance was synchronized too recently. Push again later. */
export class FeishuSyncTooFrequentError extends FeishuApiError {
  override readonly code = 'FEISHU_SYNC_TOO_FREQUENT';
  override readonly retryable = true;
  constructor(details: FeishuErrorDetails) {
    super(details, 'Feishu asks not to synchronize the same instance again so soon; push it again later');
  }
}

/** 1395001 or a 5xx that outlived our retries. */
export class FeishuServiceError extends FeishuApiError {
  override readonly code = 'FEISHU_SERVICE_ERROR';
  override readonly retryable = true;
  constructor(details: FeishuErrorDetails) {
    super(details, 'Feishu had an internal error after every retry');
  }
}

/** The app's credentials or tenant token were refused (token endpoint errors, 9999166x twice). */
export class FeishuAuthError extends FeishuApiError {
  override readonly code = 'FEISHU_AUTH_FAILED';
  constructor(details: FeishuErrorDetails) {
    super(details, 'Feishu refused the app credentials');
  }
}

/** 99991403: the app's monthly call quota is spent. */
export class FeishuQuotaExceededError extends FeishuApiError {
  override readonly code = 'FEISHU_QUOTA_EXCEEDED';
  constructor(details: FeishuErrorDetails) {
    super(details, "Feishu's call quota for this app is exhausted");
  }
}

/** Feishu's own rate limit (HTTP 429 or 99991400) outlived our retries or our deadline. */
export class RateLimitedError extends Error {
  readonly code = 'RATE_LIMITED';
  readonly retryable = true;
  constructor(
    /** Seconds to wait before trying again. */
    readonly retryAfterSeconds: number,
    readonly feishuCode: number | null,
    readonly logId: string | null,
    message = `Feishu's rate limit was reached; retry after ${retryAfterSeconds} s`,
  ) {
    super(message);
    this.name = 'RateLimitedError';
  }
}

/** Feishu could not be reached, timed out or answered something that is not Feishu JSON. */
export class FeishuUnavailableError extends Error {
  readonly code = 'FEISHU_UNAVAILABLE';
  constructor(
    message: string,
    readonly httpStatus: number | null = null,
    readonly logId: string | null = null,
    /** False when the answer shows a setup problem (e.g. a 404 from a wrong base URL). */
    readonly retryable: boolean = true,
  ) {
    super(message);
    this.name = 'FeishuUnavailableError';
  }
}

/** A failure of Feishu's (an answer, or none), as opposed to one of this process's. */
export const isFeishuFailure = (error: unknown): error is FeishuApiError | FeishuUnavailableError | RateLimitedError =>
  error instanceof FeishuApiError || error instanceof FeishuUnavailableError || error instanceof RateLimitedError;

/** The error class a non-zero code maps to, once retries are over. */
export function feishuErrorFor(details: FeishuErrorDetails): FeishuApiError {
  switch (details.feishuCode) {
    case FeishuCode.PARAM_INVALID:
      return new FeishuInvalidParameterError(details);
    case FeishuCode.SYNC_TOO_FREQUENT:
      return new FeishuSyncTooFrequentError(details);
    case FeishuCode.FREE_PROCESS_UNSUPPORTED:
      return new FeishuFreeProcessUnsupportedError(details);
    case FeishuCode.APPROVAL_INACTIVE:
      return new FeishuApprovalInactiveError(details);
    case FeishuCode.UUID_ALREADY_USED:
      return new FeishuUuidConflictError(details);
    case FeishuCode.SERVICE_ERROR:
      return new FeishuServiceError(details);
    case FeishuCode.QUOTA_EXCEEDED:
      return new FeishuQuotaExceededError(details);
    case FeishuCode.TENANT_TOKEN_INVALID:
    case FeishuCode.APP_TOKEN_INVALID:
    case FeishuCode.TOKEN_FORMAT_INVALID:
      return new FeishuAuthError(details);
    default:
      if (details.httpStatus >= 500) return new FeishuServiceError(details);
      return new FeishuApiError(details);
  }
}
