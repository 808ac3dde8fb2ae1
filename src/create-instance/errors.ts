/** The uuid already stands for a different request: refused locally, nothing sent (Stripe's rule). */
export class IdempotencyKeyReusedError extends Error {
  readonly code = 'IDEMPOTENCY_KEY_REUSED';
  constructor(readonly uuid: string) {
    super(`uuid ${uuid} was already used for a different request; use a new uuid for a new instance`);
    this.name = 'IdempotencyKeyReusedError';
  }
}
