import { eq, sql } from 'drizzle-orm';
import type { MirrorDb } from './db.js';
import { bit, inJsonArray, placeholders } from './sql.js';
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

const INTENT_COLUMNS = [
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
] as const satisfies readonly (keyof CreateIntent)[];

/** The prepared statements of the store, made once per connection. */
function prepareStatements(db: MirrorDb) {
  const t = approvalInstances;
  const id = eq(t.id, sql.placeholder('id'));
  const attempt = { ...placeholders([...INTENT_COLUMNS, 'uuidKey', 'updatedAt', 'attempts'] as const), state: sql`'PENDING'`, lastErrorCode: sql`NULL`, lastErrorMessage: sql`NULL` };
  return {
    byUuidKey: db.select().from(t).where(eq(t.uuidKey, sql.placeholder('uuidKey'))).prepare(),
    byIds: db.select().from(t).where(inJsonArray(t.id, 'ids')).prepare(),
    byCode: db.select().from(t).where(eq(t.instanceCode, sql.placeholder('code'))).prepare(),
    insertIntent: db
      .insert(t)
      .values({ ...attempt, ...placeholders(['createdAt'] as const) })
      .returning()
      .prepare(),
    retryIntent: db
      .update(t)
      .set({ ...attempt, ...placeholders(['outcomeUnknown'] as const) })
      .where(id)
      .returning()
      .prepare(),
    markOutcomeUnknown: db
      .update(t)
      .set({ outcomeUnknown: sql`1`, ...placeholders(['updatedAt'] as const) })
      .where(id)
      .prepare(),
    markCreated: db
      .update(t)
      .set({ state: sql`'CREATED'`, ...placeholders(['instanceCode', 'instanceLink', 'reconciled', 'updatedAt'] as const), lastErrorCode: sql`NULL`, lastErrorMessage: sql`NULL` })
      .where(id)
      .returning()
      .prepare(),
    markError: db
      .update(t)
      .set(placeholders(['state', 'lastErrorCode', 'lastErrorMessage', 'updatedAt'] as const))
      .where(id)
      .prepare(),
  };
}

/**
 * Reads and writes of native instances and their creation intents. Every statement is prepared
 * once (building and preparing SQL per call was a fifth of createInstance's CPU), and every write
 * is group-committed with the mirror's other writes of the same turn: each resolves once it is
 * committed, so an intent is in the mirror before Feishu is called.
 */
export class ApprovalInstanceStore {
  private readonly statements;

  constructor(
    db: MirrorDb,
    /** Runs mirror statements in a (group-committed) transaction: Mirror.writeSoon. */
    private readonly commit: <T>(write: () => T) => Promise<T>,
  ) {
    this.statements = prepareStatements(db);
  }

  byInstanceCode(instanceCode: string): ApprovalInstanceRow | undefined {
    return this.statements.byCode.get({ code: instanceCode });
  }

  byUuid(uuid: string): ApprovalInstanceRow | undefined {
    return this.statements.byUuidKey.get({ uuidKey: uuidKey(uuid) });
  }

  byPks(pks: readonly number[]): ApprovalInstanceRow[] {
    return this.statements.byIds.all({ ids: JSON.stringify(pks) });
  }

  /**
   * Records an attempt about to be sent: a new PENDING row, or the existing row of this uuid
   * set back to PENDING. A FAILED row was refused for good by Feishu, so nothing it sent can
   * have created an instance: its "outcome unknown" mark is cleared.
   */
  begin(intent: CreateIntent, now: number): Promise<ApprovalInstanceRow> {
    return this.commit(() => {
      const existing = this.byUuid(intent.uuid);
      const values = { ...intent, uuidKey: uuidKey(intent.uuid), updatedAt: now };
      if (!existing) return this.statements.insertIntent.get({ ...values, attempts: 1, createdAt: now })!;
      return this.statements.retryIntent.get({
        ...values,
        id: existing.id,
        attempts: existing.attempts + 1,
        outcomeUnknown: bit(existing.state === 'FAILED' ? false : existing.outcomeUnknown),
      })!;
    });
  }

  /** An attempt ended without telling whether Feishu acted on it. */
  markOutcomeUnknown(pk: number, now: number): Promise<void> {
    return this.commit(() => void this.statements.markOutcomeUnknown.run({ id: pk, updatedAt: now }));
  }

  markCreated(pk: number, created: { instanceCode: string | null; instanceLink: string | null; reconciled: boolean }, now: number): Promise<ApprovalInstanceRow> {
    return this.commit(() => this.statements.markCreated.get({ id: pk, ...created, reconciled: bit(created.reconciled), updatedAt: now })!);
  }

  /** Feishu refused for good (FAILED), or the outcome is still open (PENDING); the error is kept. */
  markError(pk: number, state: 'PENDING' | 'FAILED', error: { code: string; message: string }, now: number): Promise<void> {
    return this.commit(() => void this.statements.markError.run({ id: pk, state, lastErrorCode: error.code, lastErrorMessage: error.message, updatedAt: now }));
  }
}
