import { sql } from 'drizzle-orm';
import { rowDecoder, selectColumns } from './columns.js';
import type { SqlEngine, SqlRunner } from './engine.js';
import { uuidKey } from './intents.js';
import { type CcChange, NativeWrites, type StatusChange, type TaskChange } from './native-writes.js';
import { type ApprovalInstanceRow, approvalInstances, approvalSubscriptions, feishuEvents, unsettledInstance } from './tables.js';

/** What one Feishu event says, ready to write. */
export type NativeChange =
  | { kind: 'instance'; instanceCode: string; uuid: string | null; change: StatusChange }
  | { kind: 'task'; instanceCode: string; change: TaskChange }
  | { kind: 'cc'; instanceCode: string; change: CcChange };

/** An event as recorded: its body is the event object Feishu sent. */
export interface RecordedEvent {
  eventId: string;
  eventType: string;
  instanceCode: string | null;
  body: string;
}

/**
 * What applying an event came to: written now (APPLIED), kept until its instance is in the
 * mirror (WAITING), or applied before (a duplicate). `learnedCode`: the event named the instance
 * code of an instance the mirror held without one (created, reconciled from 60012).
 */
export interface EventOutcome {
  outcome: 'APPLIED' | 'WAITING' | 'APPLIED_BEFORE';
  learnedCode: string | null;
}

/** What a read of a native instance (GET instance) found. */
export interface NativeRead {
  status: StatusChange | null;
  tasks: TaskChange[];
  ccEntries: CcChange[];
}

const ph = sql.placeholder;
const decodeInstances = rowDecoder(approvalInstances);

/**
 * Where Feishu's word on native instances lands: its events (recorded by id, then applied once,
 * the record's state moved in the same transaction as the writes), its reads (refresh), and the
 * definitions the app subscribed to.
 */
export class NativeStore {
  private readonly writes: NativeWrites;
  private readonly s: ReturnType<typeof statementsFor>;

  constructor(private readonly engine: SqlEngine) {
    this.writes = new NativeWrites(engine);
    this.s = statementsFor(engine);
  }

  /** Records an event as received; false when its id was received before (Feishu retried it). */
  async record(event: RecordedEvent, now: number): Promise<boolean> {
    return (await this.engine.write(this.s.record, { ...event, now })).length > 0;
  }

  /**
   * Applies a recorded event, once: in one transaction, its record moves to APPLIED (unless it is
   * already) and its change is written, or, when its instance is not in the mirror, it moves to
   * WAITING. `change` null: the event says nothing to write (it is only marked applied).
   */
  apply(eventId: string, change: NativeChange | null, now: number): Promise<EventOutcome> {
    return this.engine.transaction(async (tx) => {
      if ((await tx.run(this.s.claim, { eventId, now })) === 0) return { outcome: 'APPLIED_BEFORE', learnedCode: null };
      if (!change) return { outcome: 'APPLIED', learnedCode: null };
      let pk = (await tx.all<{ id: number | string }>(this.s.instanceByCode, { code: change.instanceCode }))[0]?.id;
      let learnedCode: string | null = null;
      if (pk === undefined && change.kind === 'instance' && change.uuid) {
        // A created instance whose code the mirror lacks (reconciled from 60012) is named by its uuid.
        const learned = decodeInstances(await tx.all(this.s.learnCode, { code: change.instanceCode, uuidKey: uuidKey(change.uuid), now }))[0];
        if (learned) {
          pk = learned.id;
          learnedCode = change.instanceCode;
        }
      }
      if (pk === undefined) {
        await tx.run(this.s.wait, { eventId });
        return { outcome: 'WAITING', learnedCode: null };
      }
      await this.write(tx, Number(pk), change);
      return { outcome: 'APPLIED', learnedCode };
    });
  }

  private async write(tx: SqlRunner, pk: number, change: NativeChange): Promise<void> {
    if (change.kind === 'instance') await this.writes.status(tx, pk, change.change);
    else if (change.kind === 'task') await this.writes.tasks(tx, pk, [change.change]);
    else await this.writes.ccEntries(tx, pk, [change.change]);
  }

  /** The events kept until the instance with this code was in the mirror. */
  async waiting(instanceCode: string): Promise<RecordedEvent[]> {
    return this.engine.all<RecordedEvent>(this.s.waiting, { code: instanceCode });
  }

  /**
   * Events left behind: recorded but never applied (their process stopped in between) before
   * `receivedBefore`, and waiting ones whose instance the mirror now holds.
   */
  async stranded(receivedBefore: number, limit: number): Promise<RecordedEvent[]> {
    const received = await this.engine.all<RecordedEvent>(this.s.leftReceived, { before: receivedBefore, limit });
    const waiting = await this.engine.all<RecordedEvent>(this.s.waitingKnown, { limit });
    return [...received, ...waiting];
  }

  /** Forgets the events received before `before` that were applied or still wait (too old to be retried by Feishu). */
  async prune(before: number): Promise<number> {
    let removed = 0;
    for (const state of ['APPLIED', 'WAITING']) removed += await this.engine.run(this.s.prune, { state, before });
    return removed;
  }

  /** Writes what a read of the instance found, in one transaction, each part only if newer than what the mirror holds. */
  recordRead(pk: number, read: NativeRead, now: number): Promise<ApprovalInstanceRow> {
    return this.engine.transaction(async (tx) => {
      if (read.status) await this.writes.status(tx, pk, read.status);
      await this.writes.tasks(tx, pk, read.tasks);
      await this.writes.ccEntries(tx, pk, read.ccEntries);
      return this.markRefreshedIn(tx, pk, now);
    });
  }

  /** Notes a read that found nothing to write (the instance is gone from Feishu), so that the refresh moves on. */
  async markRefreshed(pk: number, now: number): Promise<ApprovalInstanceRow> {
    return this.markRefreshedIn(this.engine, pk, now);
  }

  private async markRefreshedIn(runner: SqlRunner, pk: number, now: number): Promise<ApprovalInstanceRow> {
    const row = decodeInstances(await runner.all(this.s.refreshed, { pk, now }))[0];
    if (!row) throw new Error(`approval instance ${pk} vanished from the mirror`);
    return row;
  }

  /** Created instances not in a final state, read least recently (and before `readBefore`), at most `limit`. */
  async unsettled(readBefore: number, limit: number): Promise<ApprovalInstanceRow[]> {
    return decodeInstances(await this.engine.all(this.s.unsettled, { before: readBefore, limit }));
  }

  /** Records the code found for a created instance that had none; null when it has one already. */
  async learnCode(pk: number, instanceCode: string, now: number): Promise<ApprovalInstanceRow | null> {
    return decodeInstances(await this.engine.write(this.s.learnCodeOf, { pk, code: instanceCode, now }))[0] ?? null;
  }

  async isSubscribed(approvalCode: string): Promise<boolean> {
    return (await this.engine.all(this.s.subscribed, { code: approvalCode })).length > 0;
  }

  async rememberSubscription(approvalCode: string, now: number): Promise<void> {
    await this.engine.write(this.s.subscribe, { code: approvalCode, now });
  }
}

function statementsFor(engine: SqlEngine) {
  const a = approvalInstances;
  const e = feishuEvents;
  const event = sql`${e.eventId} AS "eventId", ${e.eventType} AS "eventType", ${e.instanceCode} AS "instanceCode", ${e.body} AS "body"`;
  return {
    record: engine.prepare(
      sql`INSERT INTO ${e} (event_id, event_type, instance_code, body, state, received_at)
          VALUES (${ph('eventId')}, ${ph('eventType')}, ${ph('instanceCode')}, ${ph('body')}, 'RECEIVED', ${ph('now')})
          ON CONFLICT (event_id) DO NOTHING RETURNING event_id`,
    ),
    claim: engine.prepare(sql`UPDATE ${e} SET state = 'APPLIED', applied_at = ${ph('now')} WHERE ${e.eventId} = ${ph('eventId')} AND ${e.state} <> 'APPLIED'`),
    wait: engine.prepare(sql`UPDATE ${e} SET state = 'WAITING', applied_at = NULL WHERE ${e.eventId} = ${ph('eventId')}`),
    instanceByCode: engine.prepare(sql`SELECT ${a.id} AS id FROM ${a} WHERE ${a.instanceCode} = ${ph('code')}`),
    learnCode: engine.prepare(
      sql`UPDATE ${a} SET instance_code = ${ph('code')}, updated_at = ${ph('now')}
          WHERE ${a.uuidKey} = ${ph('uuidKey')} AND ${a.state} = 'CREATED' AND ${a.instanceCode} IS NULL RETURNING ${selectColumns(a)}`,
    ),
    learnCodeOf: engine.prepare(
      sql`UPDATE ${a} SET instance_code = ${ph('code')}, updated_at = ${ph('now')}
          WHERE ${a.id} = ${ph('pk')} AND ${a.state} = 'CREATED' AND ${a.instanceCode} IS NULL RETURNING ${selectColumns(a)}`,
    ),
    waiting: engine.prepare(sql`SELECT ${event} FROM ${e} WHERE ${e.state} = 'WAITING' AND ${e.instanceCode} = ${ph('code')} ORDER BY ${e.receivedAt}`),
    leftReceived: engine.prepare(
      sql`SELECT ${event} FROM ${e} WHERE ${e.state} = 'RECEIVED' AND ${e.receivedAt} < ${ph('before')} ORDER BY ${e.receivedAt} LIMIT ${ph('limit')}`,
    ),
    waitingKnown: engine.prepare(
      sql`SELECT ${event} FROM ${e} WHERE ${e.state} = 'WAITING' AND ${e.instanceCode} IN (SELECT ${a.instanceCode} FROM ${a} WHERE ${a.instanceCode} IS NOT NULL) LIMIT ${ph('limit')}`,
    ),
    prune: engine.prepare(sql`DELETE FROM ${e} WHERE ${e.state} = ${ph('state')} AND ${e.receivedAt} < ${ph('before')}`),
    refreshed: engine.prepare(sql`UPDATE ${a} SET refreshed_at = ${ph('now')} WHERE ${a.id} = ${ph('pk')} RETURNING ${selectColumns(a)}`),
    // Same condition as the partial index approval_instances_unsettled, so that it answers.
    unsettled: engine.prepare(
      sql`SELECT ${selectColumns(a)} FROM ${a} WHERE ${unsettledInstance(a)} AND ${a.refreshedAt} < ${ph('before')} ORDER BY ${a.refreshedAt}, ${a.id} LIMIT ${ph('limit')}`,
    ),
    subscribed: engine.prepare(sql`SELECT 1 AS found FROM ${approvalSubscriptions} WHERE approval_code = ${ph('code')}`),
    subscribe: engine.prepare(
      sql`INSERT INTO ${approvalSubscriptions} (approval_code, subscribed_at) VALUES (${ph('code')}, ${ph('now')}) ON CONFLICT (approval_code) DO NOTHING`,
    ),
  };
}
