/** The uuid already stands for a different request: refused locally, nothing sent (Stripe's rule). */
export class IdempotencyKeyReusedError extends Error {
  readonly code = 'IDEMPOTENCY_KEY_REUSED';
  constructor(readonly uuid: string) {
    super(`uuid ${uuid} was already used for a different request; use a new uuid for a new instance`);
    this.name = 'IdempotencyKeyReusedError';
  }
}

/**
 * Another request's attempt with this uuid stayed in flight (its lease alive) for as long as this
 * request could wait: nothing sent, no second create. Retry with the same uuid.
 */
export class IdempotencyKeyInUseError extends Error {
  readonly code = 'IDEMPOTENCY_KEY_IN_USE';
  readonly retryable = true;
  constructor(readonly uuid: string) {
    super(`an earlier request with uuid ${uuid} is still being sent to Feishu; retry with the same uuid`);
    this.name = 'IdempotencyKeyInUseError';
  }
}
