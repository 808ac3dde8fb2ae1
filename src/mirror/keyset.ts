/**
 * Keyset pagination: a page is "the next N rows after this key" in a fixed order, so rows
 * written between two page calls never shift a page the way an OFFSET would.
 */

/** A position in an ordering: the sort value, then the row id (and, for merged lists, a kind). */
export interface KeysetKey {
  value: number;
  id: number;
  /** Orders rows of different tables with the same sort value (merged lists only). */
  kind?: number;
}

export type SortDirection = 'ASC' | 'DESC';

/** What one page query needs: which way to read, how many rows, from where. */
export interface PagePlan {
  /** The connection's own order, before any reversal for backward paging. */
  direction: SortDirection;
  /** True for last/before: read the order reversed from the cursor, then flip the rows back. */
  backward: boolean;
  size: number;
  cursor: KeysetKey | null;
}

/** The order the SQL reads in: the connection's order, reversed when paging backward. */
export function readDirection(plan: PagePlan): SortDirection {
  return plan.backward === (plan.direction === 'DESC') ? 'ASC' : 'DESC';
}

/**
 * The bound for one table of a merged list, ordered by (value, kind, id): rows of this kind are
 * past the cursor when their (value, id) is past (value, id') with id' chosen from the kinds.
 */
export function boundForKind(cursor: KeysetKey, kind: number, reading: SortDirection): { value: number; id: number } {
  const cursorKind = cursor.kind ?? 0;
  if (kind === cursorKind) return { value: cursor.value, id: cursor.id };
  // Reading DESC, a smaller kind comes after the cursor at the same value: all its ids pass.
  const kindComesAfter = reading === 'DESC' ? kind < cursorKind : kind > cursorKind;
  const allIds = reading === 'DESC' ? Number.MAX_SAFE_INTEGER : -1;
  const noIds = reading === 'DESC' ? -1 : Number.MAX_SAFE_INTEGER;
  return { value: cursor.value, id: kindComesAfter ? allIds : noIds };
}

/** Rows read for a page (one extra tells whether more follow), put back in the connection's order. */
export function pageOf<Row>(plan: PagePlan, rows: Row[]): { rows: Row[]; hasMore: boolean } {
  const hasMore = rows.length > plan.size;
  const page = hasMore ? rows.slice(0, plan.size) : rows;
  return { rows: plan.backward ? page.reverse() : page, hasMore };
}
