import { sql } from 'drizzle-orm';
import { type ObserveMirrorWrite, unobservedWrite } from '../ops/telemetry-hooks.js';
import { rowDecoder, selectColumns } from './columns.js';
import type { PreparedSql, SqlEngine } from './engine.js';
import { type ApprovalInstanceRow, approvalInstances } from './tables.js';

export type IntentState = 'PENDING' | 'CREATED' | 'FAILED';

/** What is recorded before an instance creation is sent. */
export interface CreateIntent {
  uuid: string;
  requestHash: string;
  api: 'v4' | 'v2';
  approvalCode: string;
  userId: string | null;
  openId: string | null;
  departmentId: string | null;
  form: string;
  titleKey: string | null;
  i18nResources: string | null;
  defaultLocale: string;
  payload: string;
}

/** Feishu ignores the case of a uuid, so the mirror keys intents by its upper-case form. */
export const uuidKey = (uuid: string): string => uuid.toUpperCase();

/** Who sends an attempt (a facade process) and until when it counts as alive (Unix ms). */
export interface AttemptLease {
  owner: string;
  expiresAt: number;
}

/**
 * What begin came to:
 * - `begun`: this request holds the attempt (its number is `row.attempts`); `row.outcomeUnknown`
 *   says whether an earlier attempt may have created the instance;
 * - `settled`: the uuid's instance was created, or the uuid is bound to another request: Feishu
 *   is not called;
 * - `busy`: another request's attempt is in flight, its lease alive: wait for its outcome.
 */
export type BeginOutcome = { kind: 'begun' | 'settled' | 'busy'; row: ApprovalInstanceRow };

export interface CreatedInstance {
  instanceCode: string | null;
  instanceLink: string | null;
  /** Created as established by Feishu's 60012 on a retry of this intent. */
  reconciled: boolean;
}

const INTENT_KEYS = [
  'uuid',
  'requestHash',
  'api',
  'approvalCode',
  'userId',
  'openId',
  'departmentId',
  'form',
  'titleKey',
  'i18nResources',
  'defaultLocale',
  'payload',
] as const;

const ph = sql.placeholder;
const t = approvalInstances;
const decode = rowDecoder(approvalInstances);

/** Whether a lease read from the mirror holds an attempt in flight that is still alive at `now`. */
export const leaseAlive = (row: Pick<ApprovalInstanceRow, 'attemptOwner' | 'attemptExpiresAt'>, now: number): boolean =>
  row.attemptOwner !== null && row.attemptExpiresAt !== null && row.attemptExpiresAt > now;

/**
 * createInstance's intents: one row per uuid. Each write is one statement, outside any
 * transaction, that checks the state it expects, so that requests racing for a uuid (in one
 * process or in several sharing the mirror) cannot both begin an attempt, and none holds the
 * mirror's write lock while Feishu answers.
 *
 * The statement that begins an attempt also records its lease; the one that records the outcome
 * clears it. A lease that expired therefore marks an attempt whose process stopped mid-call:
 * whoever takes the intent over next counts that attempt's outcome as unknown.
 */
export class IntentStore {
  private readonly statements: Record<
    'insert' | 'byUuidKey' | 'retry' | 'takeOver' | 'abandoned' | 'markOutcomeUnknown' | 'markCreated' | 'reconcileIfUnknown' | 'markError',
    PreparedSql
  >;

  constructor(
    private readonly engine: SqlEngine,
    private readonly observe: ObserveMirrorWrite = unobservedWrite,
  ) {
    const column = (key: keyof typeof t._.columns) => sql.identifier(t[key].name);
    const columns = sql.join(INTENT_KEYS.map(column), sql`, `);
    const values = sql.join(
      INTENT_KEYS.map((key) => ph(key)),
      sql`, `,
    );
    const returning = sql`RETURNING ${selectColumns(t)}`;
    const leaseFree = sql`(attempt_owner IS NULL OR attempt_expires_at <= ${ph('now')})`;
    // Feishu's answer is the truth whoever records it: a code replaces none, never the reverse.
    const created = sql`state = 'CREATED', instance_code = COALESCE(${ph('instanceCode')}, instance_code), instance_link = COALESCE(${ph('instanceLink')}, instance_link),
        reconciled = CASE WHEN state = 'CREATED' AND instance_code IS NOT NULL THEN reconciled ELSE ${ph('reconciled')} END,
        status = COALESCE(status, 'PENDING'), attempt_owner = NULL, attempt_expires_at = NULL, last_error_code = NULL, last_error_message = NULL, updated_at = ${ph('now')}`;
    this.statements = {
      insert: engine.prepare(
        sql`INSERT INTO ${t} (${columns}, ${column('uuidKey')}, ${column('state')}, ${column('attempts')}, ${column('attemptOwner')}, ${column('attemptExpiresAt')}, ${column('createdAt')}, ${column('updatedAt')})
            VALUES (${values}, ${ph('uuidKey')}, 'PENDING', 1, ${ph('owner')}, ${ph('expiresAt')}, ${ph('now')}, ${ph('now')})
            ON CONFLICT (${column('uuidKey')}) DO NOTHING ${returning}`,
      ),
      byUuidKey: engine.prepare(sql`SELECT ${selectColumns(t)} FROM ${t} WHERE ${t.uuidKey} = ${ph('uuidKey')}`),
      // A new attempt on a row as it was read (its state and attempts unchanged since), whose
      // lease is free. A FAILED row binds nothing, so it forgets its unknown outcome; a PENDING
      // one keeps it, and gains one when it takes over an attempt left in flight.
      retry: engine.prepare(
        sql`UPDATE ${t} SET ${sql.join(
          INTENT_KEYS.map((key) => sql`${column(key)} = ${ph(key)}`),
          sql`, `,
        )}, state = 'PENDING', attempts = attempts + 1,
            outcome_unknown = CASE WHEN state = 'FAILED' THEN ${false} WHEN attempt_owner IS NOT NULL THEN ${true} ELSE outcome_unknown END,
            attempt_owner = ${ph('owner')}, attempt_expires_at = ${ph('expiresAt')}, last_error_code = NULL, last_error_message = NULL, updated_at = ${ph('now')}
            WHERE ${t.id} = ${ph('id')} AND ${t.state} = ${ph('state')} AND ${t.attempts} = ${ph('attempts')} AND ${leaseFree} ${returning}`,
      ),
      takeOver: engine.prepare(
        sql`UPDATE ${t} SET attempts = attempts + 1, outcome_unknown = ${true}, attempt_owner = ${ph('owner')}, attempt_expires_at = ${ph('expiresAt')},
            last_error_code = NULL, last_error_message = NULL, updated_at = ${ph('now')}
            WHERE ${t.id} = ${ph('id')} AND ${t.state} = 'PENDING' AND ${t.attempts} = ${ph('attempts')} AND attempt_owner IS NOT NULL AND attempt_expires_at <= ${ph('now')} ${returning}`,
      ),
      // Only PENDING rows hold a lease (the writes of an outcome clear it): the partial index answers alone.
      abandoned: engine.prepare(
        sql`SELECT ${selectColumns(t)} FROM ${t} WHERE attempt_owner IS NOT NULL AND attempt_expires_at <= ${ph('now')} ORDER BY attempt_expires_at LIMIT ${ph('limit')}`,
      ),
      markOutcomeUnknown: engine.prepare(
        sql`UPDATE ${t} SET outcome_unknown = ${true}, updated_at = ${ph('now')} WHERE ${t.id} = ${ph('id')} AND ${t.attempts} = ${ph('attempt')} AND ${t.state} = 'PENDING'`,
      ),
      markCreated: engine.prepare(sql`UPDATE ${t} SET ${created} WHERE ${t.id} = ${ph('id')} ${returning}`),
      // 60012 proves a creation by this intent only if one of its attempts may have reached
      // Feishu unanswered: an unknown outcome, another attempt since this one, or a recorded creation.
      reconcileIfUnknown: engine.prepare(
        sql`UPDATE ${t} SET ${created} WHERE ${t.id} = ${ph('id')} AND (state = 'CREATED' OR outcome_unknown = ${true} OR attempts <> ${ph('attempt')}) ${returning}`,
      ),
      // Only the attempt that holds the row records its error. A refusal leaves the intent
      // PENDING when an earlier attempt may have created the instance.
      markError: engine.prepare(
        sql`UPDATE ${t} SET state = CASE WHEN outcome_unknown = ${false} THEN ${ph('state')} ELSE 'PENDING' END, last_error_code = ${ph('code')}, last_error_message = ${ph('message')},
            attempt_owner = NULL, attempt_expires_at = NULL, updated_at = ${ph('now')}
            WHERE ${t.id} = ${ph('id')} AND ${t.attempts} = ${ph('attempt')} AND ${t.state} = 'PENDING'`,
      ),
    };
  }

  /**
   * Begins an attempt for `intent` under `lease`: a new PENDING row, or the uuid's row set back to
   * PENDING. A FAILED row was refused for good by Feishu, so nothing it sent created an instance:
   * it binds nothing. A row that is not FAILED and holds another request's fingerprint, or whose
   * instance was created, is `settled`. A row whose attempt is in flight under a live lease is
   * `busy`; one whose lease expired is taken over, its outcome unknown.
   */
  begin(intent: CreateIntent, lease: AttemptLease, now: number): Promise<BeginOutcome> {
    return this.observe('intent_begin', () => this.beginUnobserved(intent, lease, now));
  }

  private async beginUnobserved(intent: CreateIntent, lease: AttemptLease, now: number): Promise<BeginOutcome> {
    const key = uuidKey(intent.uuid);
    for (;;) {
      const inserted = decode(await this.engine.write(this.statements.insert, { ...intent, uuidKey: key, ...lease, now }))[0];
      if (inserted) return { kind: 'begun', row: inserted };
      const existing = decode(await this.engine.all(this.statements.byUuidKey, { uuidKey: key }))[0];
      if (!existing) continue;
      if (existing.state !== 'FAILED' && (existing.requestHash !== intent.requestHash || existing.state === 'CREATED'))
        return { kind: 'settled', row: existing };
      if (leaseAlive(existing, now)) return { kind: 'busy', row: existing };
      const retried = decode(
        await this.engine.write(this.statements.retry, { ...intent, ...lease, id: existing.id, state: existing.state, attempts: existing.attempts, now }),
      )[0];
      if (retried) return { kind: 'begun', row: retried };
      // Another request moved the row between the read and the write: decide again on what it holds now.
    }
  }

  /** The intent of a uuid (by uuidKey), if any. */
  async find(key: string): Promise<ApprovalInstanceRow | null> {
    return decode(await this.engine.all(this.statements.byUuidKey, { uuidKey: key }))[0] ?? null;
  }

  /** Intents whose attempt was left in flight by a process that stopped (their lease expired), oldest first. */
  async abandoned(now: number, limit: number): Promise<ApprovalInstanceRow[]> {
    return decode(await this.engine.all(this.statements.abandoned, { now, limit }));
  }

  /** Takes over an abandoned attempt as read (`abandoned`): a new attempt, its outcome unknown; null when another took it first. */
  takeOver(row: ApprovalInstanceRow, lease: AttemptLease, now: number): Promise<ApprovalInstanceRow | null> {
    return this.observe(
      'intent_take_over',
      async () => decode(await this.engine.write(this.statements.takeOver, { id: row.id, attempts: row.attempts, ...lease, now }))[0] ?? null,
    );
  }

  /** Attempt number `attempt` ended without telling whether Feishu acted on it. */
  markOutcomeUnknown(pk: number, attempt: number, now: number): Promise<void> {
    return this.observe('intent_outcome_unknown', async () => {
      await this.engine.write(this.statements.markOutcomeUnknown, { id: pk, attempt, now });
    });
  }

  /** Feishu created the instance (code 0, or 60012 known to answer this intent's own attempt). */
  markCreated(pk: number, created: CreatedInstance, now: number): Promise<ApprovalInstanceRow> {
    return this.observe('intent_created', async () => {
      const row = decode(await this.engine.write(this.statements.markCreated, { id: pk, ...created, now }))[0];
      if (!row) throw new Error(`approval instance ${pk} vanished from the mirror`);
      return row;
    });
  }

  /**
   * Feishu answered attempt `attempt` with 60012: reconciled as created when an attempt of this
   * intent may have reached Feishu unanswered; null when none did (the uuid was used elsewhere).
   */
  reconcileIfUnknown(pk: number, attempt: number, now: number): Promise<ApprovalInstanceRow | null> {
    return this.observe(
      'intent_reconcile',
      async () =>
        decode(
          await this.engine.write(this.statements.reconcileIfUnknown, { id: pk, attempt, instanceCode: null, instanceLink: null, reconciled: true, now }),
        )[0] ?? null,
    );
  }

  /**
   * Attempt `attempt` failed: refused for good (FAILED, or PENDING when an earlier attempt's
   * outcome is unknown), or still open (PENDING). The error is kept, the lease released.
   */
  markError(pk: number, attempt: number, state: 'PENDING' | 'FAILED', error: { code: string; message: string }, now: number): Promise<void> {
    return this.observe('intent_error', async () => {
      await this.engine.write(this.statements.markError, { id: pk, attempt, state, code: error.code, message: error.message, now });
    });
  }
}
