import type { Logger } from '../logger.js';
import type { EventOutcome, NativeChange, NativeStore, RecordedEvent } from '../mirror/native-store.js';
import type { Clock } from '../util/clock.js';
import { type ApprovalEventType, UnusableEvent, isApprovalEventType, nativeChangeOf } from './translate.js';

export interface EventsServiceDeps {
  store: NativeStore;
  clock: Clock;
  logger: Logger;
}

/** An approval event as a delivery brought it. */
export interface ReceivedEvent {
  eventId: string;
  eventType: ApprovalEventType;
  event: Record<string, unknown>;
  instanceCode: string | null;
  sentAt: number | null;
}

/** How long a recorded event is kept apart from a WAITING one: longer than Feishu retries a delivery. */
const STRANDED_AFTER_MS = 60_000;
const STRANDED_BATCH = 100;

/**
 * Feishu's approval events into the mirror. An event is recorded first (by its id: a duplicate
 * finds it), then applied in one transaction that also marks it applied, so that it is applied
 * once whatever arrives twice or whoever applies it. Events whose instance the mirror does not
 * hold yet (Feishu's events may come before its answer to the create) wait for it.
 */
export class FeishuEventsService {
  constructor(private readonly deps: EventsServiceDeps) {}

  /** Records the event (durably: a 200 may follow), answering the apply as a second promise. */
  async record(received: ReceivedEvent): Promise<{ duplicate: boolean; applied: Promise<EventOutcome> }> {
    const { store, clock } = this.deps;
    const recorded: RecordedEvent = {
      eventId: received.eventId,
      eventType: received.eventType,
      instanceCode: received.instanceCode,
      body: JSON.stringify({ ...received.event, ts_ms: received.sentAt }),
    };
    const isNew = await store.record(recorded, clock.now());
    // A duplicate is applied again only if its first delivery was not: the claim says so.
    return { duplicate: !isNew, applied: this.applyRecorded(recorded) };
  }

  /** Applies one recorded event, then the events waiting for an instance code it taught the mirror. */
  async applyRecorded(recorded: RecordedEvent): Promise<EventOutcome> {
    const { store, clock, logger } = this.deps;
    const change = this.changeOf(recorded);
    const outcome = await store.apply(recorded.eventId, change, clock.now());
    logger.debug({ eventId: recorded.eventId, type: recorded.eventType, instanceCode: recorded.instanceCode, outcome: outcome.outcome }, 'feishu event');
    if (outcome.learnedCode) await this.applyWaiting(outcome.learnedCode);
    return outcome;
  }

  /** Applies the events that waited for the instance with this code (its creation was just recorded). */
  async applyWaiting(instanceCode: string): Promise<void> {
    for (const recorded of await this.deps.store.waiting(instanceCode)) await this.applyRecorded(recorded);
  }

  /** Applies events left behind: recorded but not applied (a process stopped), or waiting for an instance the mirror now holds. */
  async applyStranded(): Promise<number> {
    const { store, clock } = this.deps;
    const stranded = await store.stranded(clock.now() - STRANDED_AFTER_MS, STRANDED_BATCH);
    for (const recorded of stranded) await this.applyRecorded(recorded);
    return stranded.length;
  }

  private changeOf(recorded: RecordedEvent): NativeChange | null {
    if (!isApprovalEventType(recorded.eventType)) return null;
    const { ts_ms: sentAt, ...event } = JSON.parse(recorded.body) as Record<string, unknown> & { ts_ms?: number | null };
    try {
      return nativeChangeOf(recorded.eventType, event, sentAt ?? null);
    } catch (error) {
      if (!(error instanceof UnusableEvent)) throw error;
      this.deps.logger.warn({ eventId: recorded.eventId, reason: error.message }, 'feishu event ignored');
      return null;
    }
  }
}
