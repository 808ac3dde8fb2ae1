import { eq, sql } from 'drizzle-orm';
import type { MirrorDb } from './db.js';
import { inJsonArray } from './sql.js';
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

/** Reads and writes of native instances and their creation intents. */
export class ApprovalInstanceStore {
  private readonly byUuidKey;
  private readonly byIds;
  private readonly byCode;

  constructor(private readonly db: MirrorDb) {
    this.byUuidKey = db.select().from(approvalInstances).where(eq(approvalInstances.uuidKey, sql.placeholder('uuidKey'))).prepare();
    this.byIds = db
      .select()
      .from(approvalInstances)
      .where(inJsonArray(approvalInstances.id, 'ids'))
      .prepare();
    this.byCode = db.select().from(approvalInstances).where(eq(approvalInstances.instanceCode, sql.placeholder('code'))).prepare();
  }

  byInstanceCode(instanceCode: string): ApprovalInstanceRow | undefined {
    return this.byCode.get({ code: instanceCode });
  }

  byUuid(uuid: string): ApprovalInstanceRow | undefined {
    return this.byUuidKey.get({ uuidKey: uuidKey(uuid) });
  }

  byPks(pks: readonly number[]): ApprovalInstanceRow[] {
    return this.byIds.all({ ids: JSON.stringify(pks) });
  }

  /**
   * Records an attempt about to be sent: a new PENDING row, or the existing row of this uuid
   * set back to PENDING. A FAILED row was refused for good by Feishu, so nothing it sent can
   * have created an instance: its "outcome unknown" mark is cleared.
   */
  begin(intent: CreateIntent, now: number): ApprovalInstanceRow {
    const existing = this.byUuid(intent.uuid);
    const values = { ...intent, uuidKey: uuidKey(intent.uuid), state: 'PENDING' as const, updatedAt: now, lastErrorCode: null, lastErrorMessage: null };
    if (!existing) {
      return this.db
        .insert(approvalInstances)
        .values({ ...values, attempts: 1, createdAt: now })
        .returning()
        .get();
    }
    return this.db
      .update(approvalInstances)
      .set({
        ...values,
        attempts: existing.attempts + 1,
        outcomeUnknown: existing.state === 'FAILED' ? false : existing.outcomeUnknown,
      })
      .where(eq(approvalInstances.id, existing.id))
      .returning()
      .get();
  }

  /** An attempt ended without telling whether Feishu acted on it. */
  markOutcomeUnknown(pk: number, now: number): void {
    this.db.update(approvalInstances).set({ outcomeUnknown: true, updatedAt: now }).where(eq(approvalInstances.id, pk)).run();
  }

  markCreated(pk: number, created: { instanceCode: string | null; instanceLink: string | null; reconciled: boolean }, now: number): ApprovalInstanceRow {
    return this.db
      .update(approvalInstances)
      .set({ state: 'CREATED', ...created, lastErrorCode: null, lastErrorMessage: null, updatedAt: now })
      .where(eq(approvalInstances.id, pk))
      .returning()
      .get();
  }

  /** Feishu refused for good (FAILED), or the outcome is still open (PENDING); the error is kept. */
  markError(pk: number, state: 'PENDING' | 'FAILED', error: { code: string; message: string }, now: number): void {
    this.db
      .update(approvalInstances)
      .set({ state, lastErrorCode: error.code, lastErrorMessage: error.message, updatedAt: now })
      .where(eq(approvalInstances.id, pk))
      .run();
  }
}
