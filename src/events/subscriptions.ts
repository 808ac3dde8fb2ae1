import type { FeishuApprovalApi } from '../feishu/approval-api.js';
import type { Logger } from '../logger.js';
import type { NativeStore } from '../mirror/native-store.js';
import type { Clock } from '../util/clock.js';

export interface SubscriptionsDeps {
  store: NativeStore;
  feishu: FeishuApprovalApi;
  clock: Clock;
  logger: Logger;
}

/**
 * Feishu sends an app the events of a definition's instances only once the app subscribed to
 * it: each definition the facade creates instances for is subscribed once, before its first
 * create, and remembered in the mirror (for every process sharing it). A failed subscribe does
 * not hold the create back: the next create tries again, and the refresh reads what events miss.
 */
export class DefinitionSubscriptions {
  private readonly known = new Set<string>();
  private readonly underway = new Map<string, Promise<void>>();

  constructor(private readonly deps: SubscriptionsDeps) {}

  ensure(approvalCode: string): Promise<void> {
    if (this.known.has(approvalCode)) return Promise.resolve();
    let underway = this.underway.get(approvalCode);
    if (!underway) {
      underway = this.subscribe(approvalCode).finally(() => this.underway.delete(approvalCode));
      this.underway.set(approvalCode, underway);
    }
    return underway;
  }

  private async subscribe(approvalCode: string): Promise<void> {
    const { store, feishu, clock, logger } = this.deps;
    try {
      if (!(await store.isSubscribed(approvalCode))) {
        const outcome = await feishu.subscribe(approvalCode);
        await store.rememberSubscription(approvalCode, clock.now());
        logger.info({ approvalCode, outcome }, 'subscribed to the events of an approval definition');
      }
      this.known.add(approvalCode);
    } catch (error) {
      logger.warn({ approvalCode, error: String(error) }, 'subscribing to the events of an approval definition failed; the next create tries again');
    }
  }
}
