import { type SQL, sql } from 'drizzle-orm';
import type { SlotReservations } from '../../feishu/shared-rate-limit.js';
import { type RateRule, nextSlot } from '../../feishu/rate-limit.js';
import type { SqlEngine } from '../engine.js';
import { feishuRateSlots as slots } from './tables.js';

const ph = sql.placeholder;

/** The first half of the advisory lock's key: the second is the endpoint's hash. */
const LOCK_SPACE = 0x72617465; // "rate"

/**
 * The Feishu calls granted to every process sharing the PostgreSQL mirror, one row each, kept
 * for the longest window of their endpoint. A reservation holds a transaction-scoped advisory
 * lock on its endpoint, so that reservations of all processes take their slots one at a time;
 * "now" is the database's clock, the one clock they share.
 */
export class PostgresSlotReservations implements SlotReservations {
  /** The state statement per number of rules. */
  private readonly states = new Map<number, ReturnType<SqlEngine['prepare']>>();
  private readonly lock;
  private readonly prune;
  private readonly insert;

  constructor(private readonly engine: SqlEngine) {
    this.lock = engine.prepare(sql`SELECT pg_advisory_xact_lock(${LOCK_SPACE}, hashtext(${ph('endpoint')}))`);
    this.prune = engine.prepare(sql`DELETE FROM ${slots} WHERE ${slots.endpoint} = ${ph('endpoint')} AND ${slots.slot} <= ${ph('before')}`);
    this.insert = engine.prepare(sql`INSERT INTO ${slots} (endpoint, slot) VALUES (${ph('endpoint')}, ${ph('slot')})`);
  }

  /**
   * The database's time, the latest slot, and for each rule the slot `limit` slots back (the
   * one whose window must have passed): what nextSlot reads of the slots, without reading them all.
   */
  private state(rules: number) {
    let statement = this.states.get(rules);
    if (!statement) {
      const back: SQL[] = Array.from(
        { length: rules },
        (_, index) =>
          sql`(SELECT ${slots.slot} FROM ${slots} WHERE ${slots.endpoint} = ${ph('endpoint')} ORDER BY ${slots.slot} DESC OFFSET ${ph(`offset${index}`)} LIMIT 1) AS ${sql.identifier(`back${index}`)}`,
      );
      statement = this.engine.prepare(
        sql`SELECT floor(extract(epoch FROM clock_timestamp()) * 1000)::bigint AS now,
            (SELECT max(${slots.slot}) FROM ${slots} WHERE ${slots.endpoint} = ${ph('endpoint')}) AS last, ${sql.join(back, sql`, `)}`,
      );
      this.states.set(rules, statement);
    }
    return statement;
  }

  reserve(endpoint: string, rules: readonly RateRule[], maxWaitMs: number): Promise<{ granted: boolean; waitMs: number }> {
    const longestWindow = Math.max(...rules.map((rule) => rule.windowMs));
    return this.engine.transaction(async (tx) => {
      await tx.all(this.lock, { endpoint });
      const offsets = Object.fromEntries(rules.map((rule, index) => [`offset${index}`, rule.limit - 1]));
      const [row] = await tx.all<Record<string, number | null>>(this.state(rules.length), { endpoint, ...offsets });
      const now = row!.now!;
      const back = new Map<number, number | null | undefined>([[1, row!.last]]);
      for (const [index, rule] of rules.entries()) back.set(rule.limit, row![`back${index}`]);
      const slot = nextSlot(now, rules, (n) => back.get(n) ?? undefined);
      const waitMs = slot - now;
      if (waitMs > maxWaitMs) return { granted: false, waitMs };
      await tx.run(this.prune, { endpoint, before: now - longestWindow });
      await tx.run(this.insert, { endpoint, slot });
      return { granted: true, waitMs };
    });
  }
}
