import { sql } from 'drizzle-orm';
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

/**
 * What begin came to: the attempt recorded (`begun`), or the uuid's row left as it was, because
 * it is bound to another request or its instance was created already.
 */
export interface BeginOutcome {
  row: ApprovalInstanceRow;
  begun: boolean;
}

export interface CreatedInstance {
  instanceCode: string | null;
  instanceLink: string | null;
  /** Created as established by Feishu's 60012 on a retry of this intent. */
  reconciled: boolean;
}

const INTENT_KEYS = ['uuid', 'requestHash', 'api', 'approvalCode', 'userId', 'openId', 'departmentId', 'form', 'titleKey', 'i18nResources', 'defaultLocale', 'payload'] as const;

const ph = sql.placeholder;
const t = approvalInstances;
const decode = rowDecoder(approvalInstances);

/**
 * createInstance's intents: one row per uuid, written before Feishu is called. Each write is one
 * statement that checks the state it expects, so that two requests racing for a uuid (in one
 * process or several sharing the mirror) cannot both begin an attempt.
 */
export class IntentStore {
  private readonly statements: Record<'insert' | 'byUuidKey' | 'retry' | 'markOutcomeUnknown' | 'markCreated' | 'markError', PreparedSql>;

  constructor(private readonly engine: SqlEngine) {
    const columns = sql.join(INTENT_KEYS.map((key) => sql.identifier(t[key].name)), sql`, `);
    const values = sql.join(INTENT_KEYS.map((key) => ph(key)), sql`, `);
    const returning = sql`RETURNING ${selectColumns(t)}`;
    this.statements = {
      insert: engine.prepare(
        sql`INSERT INTO ${t} (${columns}, ${sql.identifier(t.uuidKey.name)}, ${sql.identifier(t.state.name)}, ${sql.identifier(t.attempts.name)}, ${sql.identifier(t.createdAt.name)}, ${sql.identifier(t.updatedAt.name)})
            VALUES (${values}, ${ph('uuidKey')}, 'PENDING', 1, ${ph('now')}, ${ph('now')})
            ON CONFLICT (${sql.identifier(t.uuidKey.name)}) DO NOTHING ${returning}`,
      ),
      byUuidKey: engine.prepare(sql`SELECT ${selectColumns(t)} FROM ${t} WHERE ${t.uuidKey} = ${ph('uuidKey')}`),
      // A new attempt on a row as it was read (its state and attempts unchanged since): a FAILED
      // row binds nothing, so it forgets its unknown outcome; a PENDING one keeps it.
      retry: engine.prepare(
        sql`UPDATE ${t} SET ${sql.join(
          INTENT_KEYS.map((key) => sql`${sql.identifier(t[key].name)} = ${ph(key)}`),
          sql`, `,
        )}, state = 'PENDING', attempts = attempts + 1, outcome_unknown = CASE WHEN state = 'FAILED' THEN ${false} ELSE outcome_unknown END,
            last_error_code = NULL, last_error_message = NULL, updated_at = ${ph('now')}
            WHERE ${t.id} = ${ph('id')} AND ${t.state} = ${ph('state')} AND ${t.attempts} = ${ph('attempts')} ${returning}`,
      ),
      markOutcomeUnknown: engine.prepare(sql`UPDATE ${t} SET outcome_unknown = ${true}, updated_at = ${ph('now')} WHERE ${t.id} = ${ph('id')}`),
      markCreated: engine.prepare(
        sql`UPDATE ${t} SET state = 'CREATED', instance_code = ${ph('instanceCode')}, instance_link = ${ph('instanceLink')}, reconciled = ${ph('reconciled')},
            last_error_code = NULL, last_error_message = NULL, updated_at = ${ph('now')} WHERE ${t.id} = ${ph('id')} ${returning}`,
      ),
      markError: engine.prepare(
        sql`UPDATE ${t} SET state = ${ph('state')}, last_error_code = ${ph('code')}, last_error_message = ${ph('message')}, updated_at = ${ph('now')} WHERE ${t.id} = ${ph('id')}`,
      ),
    };
  }

  /**
   * Records an attempt about to be sent: a new PENDING row, or the uuid's row set back to PENDING.
   * A FAILED row was refused for good by Feishu, so nothing it sent created an instance: it binds
   * nothing. A row that is not FAILED and holds another request's fingerprint, or whose instance
   * was created, is left as it is (`begun: false`): the caller refuses the request, or answers
   * with that instance.
   */
  async begin(intent: CreateIntent, now: number): Promise<BeginOutcome> {
    const key = uuidKey(intent.uuid);
    for (;;) {
      const inserted = decode(await this.engine.all(this.statements.insert, { ...intent, uuidKey: key, now }))[0];
      if (inserted) return { row: inserted, begun: true };
      const existing = decode(await this.engine.all(this.statements.byUuidKey, { uuidKey: key }))[0];
      if (!existing) continue;
      if (existing.state !== 'FAILED' && (existing.requestHash !== intent.requestHash || existing.state === 'CREATED')) return { row: existing, begun: false };
      const retried = decode(await this.engine.all(this.statements.retry, { ...intent, id: existing.id, state: existing.state, attempts: existing.attempts, now }))[0];
      if (retried) return { row: retried, begun: true };
      // Another request moved the row between the read and the write: decide again on what it holds now.
    }
  }

  /** An attempt ended without telling whether Feishu acted on it. */
  async markOutcomeUnknown(pk: number, now: number): Promise<void> {
    await this.engine.run(this.statements.markOutcomeUnknown, { id: pk, now });
  }

  async markCreated(pk: number, created: CreatedInstance, now: number): Promise<ApprovalInstanceRow> {
    const row = decode(await this.engine.all(this.statements.markCreated, { id: pk, ...created, now }))[0];
    if (!row) throw new Error(`approval instance ${pk} vanished from the mirror`);
    return row;
  }

  /** Feishu refused for good (FAILED), or the outcome is still open (PENDING); the error is kept. */
  async markError(pk: number, state: 'PENDING' | 'FAILED', error: { code: string; message: string }, now: number): Promise<void> {
    await this.engine.run(this.statements.markError, { id: pk, state, code: error.code, message: error.message, now });
  }
}
