import type { KeysetKey, PagePlan, SortDirection } from '../mirror/keyset.js';
import { BadUserInputError } from '../validate/bad-user-input.js';

export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 20;

export interface ConnectionArgs {
  first?: number | null;
  after?: string | null;
  last?: number | null;
  before?: string | null;
}

/**
 * A cursor names its connection and order (the scope), then the keyset position. It is opaque
 * to clients (base64url JSON) and checked on the way back in.
 */
export function encodeCursor(scope: string, key: KeysetKey): string {
  const parts = key.kind === undefined ? [scope, key.value, key.id] : [scope, key.value, key.id, key.kind];
  return Buffer.from(JSON.stringify(parts), 'utf8').toString('base64url');
}

export function decodeCursor(scope: string, cursor: string, argument: 'after' | 'before'): KeysetKey {
  let parts: unknown;
  try {
    parts = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw BadUserInputError.argument(argument, 'is not a cursor of this connection');
  }
  if (!Array.isArray(parts) || (parts.length !== 3 && parts.length !== 4)) {
    throw BadUserInputError.argument(argument, 'is not a cursor of this connection');
  }
  const [cursorScope, value, id, kind] = parts as unknown[];
  if (cursorScope !== scope) {
    throw BadUserInputError.argument(argument, 'is a cursor of another connection or order; start again without it');
  }
  const isInteger = (n: unknown): n is number => typeof n === 'number' && Number.isSafeInteger(n);
  if (!isInteger(value) || !isInteger(id) || (kind !== undefined && !isInteger(kind))) {
    throw BadUserInputError.argument(argument, 'is not a cursor of this connection');
  }
  return kind === undefined ? { value, id } : { value, id, kind };
}

function pageSize(value: number | null | undefined, argument: 'first' | 'last'): number | undefined {
  if (value === null || value === undefined) return undefined;
  if (value < 0) throw BadUserInputError.argument(argument, 'must not be negative');
  if (value > MAX_PAGE_SIZE) throw BadUserInputError.argument(argument, `must be at most ${MAX_PAGE_SIZE}`);
  return value;
}

/**
 * Checks the Relay arguments and plans the page: `first`/`after` read forward, `last`/`before`
 * backward (`last` alone gives the last rows of the whole connection).
 */
function planPage(args: ConnectionArgs, scope: string, direction: SortDirection): PagePlan {
  const first = pageSize(args.first, 'first');
  const last = pageSize(args.last, 'last');
  if (first !== undefined && last !== undefined) throw BadUserInputError.argument('last', 'cannot be combined with first');
  if (args.after != null && args.before != null) throw BadUserInputError.argument('before', 'cannot be combined with after');
  if (first !== undefined && args.before != null) throw BadUserInputError.argument('before', 'pages backward: use it with last, not first');
  if (last !== undefined && args.after != null) throw BadUserInputError.argument('after', 'pages forward: use it with first, not last');
  const backward = last !== undefined || (first === undefined && args.before != null);
  const cursorText = backward ? args.before : args.after;
  return {
    direction,
    backward,
    size: (backward ? last : first) ?? DEFAULT_PAGE_SIZE,
    cursor: cursorText != null ? decodeCursor(scope, cursorText, backward ? 'before' : 'after') : null,
  };
}

export interface ConnectionResult<Node> {
  edges: { cursor: string; node: Node }[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
  totalCount: () => Promise<number>;
}

/** Where a connection's rows come from. */
export interface KeysetSource<Row> {
  /** Reads one page, as the plan says. */
  read(plan: PagePlan): Promise<{ rows: Row[]; hasMore: boolean }>;
  keyOf(row: Row): KeysetKey;
  /** Counts the whole connection; run only when totalCount is asked for. */
  count(): Promise<number>;
}

/** An edge whose cursor is encoded only when asked for: most pages are read for their nodes. */
class Edge<Node> {
  constructor(
    private readonly scope: string,
    private readonly key: KeysetKey,
    readonly node: Node,
  ) {}

  get cursor(): string {
    return encodeCursor(this.scope, this.key);
  }
}

/**
 * A Relay connection over a keyset-paginated source: checks the arguments, reads the page, makes
 * the cursors. `scope` names the connection and its order, so a cursor of another is refused.
 * `nodeOf` turns a row into the node (the row itself when absent).
 */
export async function keysetConnection<Row, Node = Row>(
  args: ConnectionArgs,
  scope: string,
  direction: SortDirection,
  source: KeysetSource<Row>,
  nodeOf: (row: Row) => Node = (row) => row as unknown as Node,
): Promise<ConnectionResult<Node>> {
  const plan = planPage(args, scope, direction);
  const page = await source.read(plan);
  const edges = page.rows.map((row) => new Edge(scope, source.keyOf(row), nodeOf(row)));
  return {
    edges,
    pageInfo: {
      hasNextPage: plan.backward ? plan.cursor !== null : page.hasMore,
      hasPreviousPage: plan.backward ? page.hasMore : plan.cursor !== null,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
    totalCount: () => source.count(),
  };
}
