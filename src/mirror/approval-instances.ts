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

const selectByUuidKey = (db: MirrorDb) => db.select().from(approvalInstances).where(eq(approvalInstances.uuidKey, sql.placeholder('uuidKey'))).prepare();

/** The store's reads, prepared once per connection. */
function prepareReads(db: MirrorDb) {
  const t = approvalInstances;
  return {
    byUuidKey: selectByUuidKey(db),
    byIds: db.select().from(t).where(inJsonArray(t.id, 'ids')).prepare(),
    byCode: db.select().from(t).where(eq(t.instanceCode, sql.placeholder('code'))).prepare(),
  };
}

/** The store's writes, prepared once on the connection that writes (with the read a retry needs). */
function prepareWrites(db: MirrorDb) {
  const t = approvalInstances;
  const id = eq(t.id, sql.placeholder('id'));
  const attempt = { ...placeholders([...INTENT_COLUMNS, 'uuidKey', 'updatedAt', 'attempts'] as const), state: sql`'PENDING'`, lastErrorCode: sql`NULL`, lastErrorMessage: sql`NULL` };
  // No RETURNING: SQLite runs it as a trigger that fills a temporary table, 10–20 µs a statement
  // here; the row is read back by its id instead.
  return {
    byUuidKey: selectByUuidKey(db),
    byId: db.select().from(t).where(id).prepare(),
    insertIntent: db
      .insert(t)
      .values({ ...attempt, ...placeholders(['createdAt'] as const) })
      .prepare(),
    retryIntent: db
      .update(t)
      .set({ ...attempt, ...placeholders(['outcomeUnknown'] as const) })
      .where(id)
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
      .prepare(),
    markError: db
      .update(t)
      .set(placeholders(['state', 'lastErrorCode', 'lastErrorMessage', 'updatedAt'] as const))
      .where(id)
      .prepare(),
  };
}

/**
 * What beginIntent came to: the attempt recorded (`begun`), or the uuid's row left as it was,
 * because it is bound to another request or its instance was created already (see IntentWrites).
 */
export interface BeginOutcome {
  row: ApprovalInstanceRow;
  begun: boolean;
}

/** What a write of the intent store settles with (see IntentWrites). */
export interface IntentResults {
  beginIntent: BeginOutcome;
  markOutcomeUnknown: null;
  markCreated: ApprovalInstanceRow;
  markError: null;
}

/** The intent store's writes, as the mirror's writer runs them (plain data: they may cross to its thread). */
export type IntentWrite =
  | { kind: 'beginIntent'; intent: CreateIntent; now: number }
  | { kind: 'markOutcomeUnknown'; pk: number; now: number }
  | { kind: 'markCreated'; pk: number; created: { instanceCode: string | null; instanceLink: string | null; reconciled: boolean }; now: number }
  | { kind: 'markError'; pk: number; state: 'PENDING' | 'FAILED'; error: { code: string; message: string }; now: number };

/**
 * Reads of native instances and their creation intents, and the writes, sent to the mirror's
 * writer: each is group-committed with the mirror's other writes of the same turn and resolves
 * once it is committed, so an intent is in the mirror before Feishu is called. Every statement is
 * prepared once (building and preparing SQL per call was a fifth of createInstance's CPU).
 */
export class ApprovalInstanceStore {
  private readonly statements;

  constructor(
    db: MirrorDb,
    /** Hands a write to the mirror's writer: Mirror.submit. */
    private readonly submit: <W extends IntentWrite>(write: W) => Promise<IntentResults[W['kind']]>,
  ) {
    this.statements = prepareReads(db);
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
   * Records an attempt about to be sent, unless the uuid is taken (see IntentWrites): the
   * uuid is checked where it is written, in the writer's transaction, so the check and the
   * write see the same row.
   */
  begin(intent: CreateIntent, now: number): Promise<BeginOutcome> {
    return this.submit({ kind: 'beginIntent', intent, now });
  }

  /** An attempt ended without telling whether Feishu acted on it. */
  async markOutcomeUnknown(pk: number, now: number): Promise<void> {
    await this.submit({ kind: 'markOutcomeUnknown', pk, now });
  }

  markCreated(pk: number, created: { instanceCode: string | null; instanceLink: string | null; reconciled: boolean }, now: number): Promise<ApprovalInstanceRow> {
    return this.submit({ kind: 'markCreated', pk, created, now });
  }

  /** Feishu refused for good (FAILED), or the outcome is still open (PENDING); the error is kept. */
  async markError(pk: number, state: 'PENDING' | 'FAILED', error: { code: string; message: string }, now: number): Promise<void> {
    await this.submit({ kind: 'markError', pk, state, error, now });
  }
}

/**
 * The intent store's writes, run by the mirror's writer on its connection (inside its transaction).
 *
 * beginIntent records an attempt about to be sent: a new PENDING row, or the existing row of this
 * uuid set back to PENDING. A FAILED row was refused for good by Feishu, so nothing it sent can
 * have created an instance: it binds nothing, and its "outcome unknown" mark is cleared. A row
 * that is not FAILED and holds another request's fingerprint, or whose instance was created, is
 * left as it is (`begun: false`): the caller refuses the request, or answers with that instance.
 */
export class IntentWrites {
  private readonly statements;

  constructor(db: MirrorDb) {
    this.statements = prepareWrites(db);
  }

  apply<W extends IntentWrite>(write: W): IntentResults[W['kind']];
  apply(write: IntentWrite): IntentResults[IntentWrite['kind']] {
    const s = this.statements;
    switch (write.kind) {
      case 'beginIntent': {
        const { intent, now } = write;
        const values = { ...intent, uuidKey: uuidKey(intent.uuid), updatedAt: now };
        const existing = s.byUuidKey.get({ uuidKey: values.uuidKey });
        if (!existing) return { row: this.row(s.insertIntent.run({ ...values, attempts: 1, createdAt: now }).lastInsertRowid), begun: true };
        if (existing.state !== 'FAILED' && (existing.requestHash !== intent.requestHash || existing.state === 'CREATED')) return { row: existing, begun: false };
        s.retryIntent.run({
          ...values,
          id: existing.id,
          attempts: existing.attempts + 1,
          outcomeUnknown: bit(existing.state === 'FAILED' ? false : existing.outcomeUnknown),
        });
        return { row: this.row(existing.id), begun: true };
      }
      case 'markOutcomeUnknown':
        s.markOutcomeUnknown.run({ id: write.pk, updatedAt: write.now });
        return null;
      case 'markCreated':
        s.markCreated.run({ id: write.pk, ...write.created, reconciled: bit(write.created.reconciled), updatedAt: write.now });
        return this.row(write.pk);
      case 'markError':
        s.markError.run({ id: write.pk, state: write.state, lastErrorCode: write.error.code, lastErrorMessage: write.error.message, updatedAt: write.now });
        return null;
    }
  }

  /** The row just written, read back in the same transaction. */
  private row(pk: number | bigint): ApprovalInstanceRow {
    const row = this.statements.byId.get({ id: Number(pk) });
    if (!row) throw new Error(`approval instance ${pk} not found right after it was written`);
    return row;
  }
}
