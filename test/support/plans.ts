import type Database from 'better-sqlite3';
import type { Mirror } from '../../src/mirror/mirror.js';
import type { PostgresEngine } from '../../src/mirror/postgres/engine.js';
import type { SqliteEngine } from '../../src/mirror/sqlite/engine.js';

/** A statement as the engine ran it. */
export interface RanStatement {
  text: string;
  params: readonly unknown[];
}

/** What the engine's query planner does with statements. */
export interface Plans {
  /** The tables read whole, one line per read (with the statement). */
  fullScans: string[];
  /** The indexes searched by a condition on their columns (not walked in order). */
  indexesSearched: Set<string>;
}

/** The indexes with a WHERE clause (partial indexes). */
export async function partialIndexes(mirror: Mirror): Promise<string[]> {
  const rows =
    mirror.engine.dialect === 'sqlite'
      ? ((mirror.engine as SqliteEngine).sqlite.prepare(`SELECT name FROM sqlite_master WHERE type = 'index' AND sql LIKE '%WHERE%'`).all() as {
          name: string;
        }[])
      : await (mirror.engine as PostgresEngine).raw<{ name: string }>(
          `SELECT indexname AS name FROM pg_indexes WHERE schemaname = 'public' AND indexdef LIKE '% WHERE %'`,
        );
  return rows.map((row) => row.name).sort();
}

/** The query plans of the statements, by the mirror's engine. */
export function plansOf(mirror: Mirror, statements: readonly RanStatement[]): Promise<Plans> {
  return mirror.engine.dialect === 'sqlite'
    ? Promise.resolve(sqlitePlans((mirror.engine as SqliteEngine).sqlite, statements))
    : postgresPlans(mirror.engine as PostgresEngine, statements);
}

/**
 * SQLite's EXPLAIN QUERY PLAN: a full scan reads "SCAN <table>" with no index; json_each,
 * subqueries and constant rows are no tables (e, n and merged: the subqueries of the initiated
 * list, each cut to a page). A search of an index reads "SEARCH <table> USING INDEX <name> (…)".
 */
function sqlitePlans(sqlite: Database.Database, statements: readonly RanStatement[]): Plans {
  const lines: string[] = [];
  for (const { text, params } of statements) {
    const rows = sqlite.prepare(`EXPLAIN QUERY PLAN ${text}`).all(...params) as { detail: string }[];
    for (const row of rows) lines.push(`${row.detail}  <=  ${text.slice(0, 80)}`);
  }
  const fullScans = lines.filter(
    (line) => /^SCAN (?!.*(USING|VIRTUAL TABLE))/.test(line) && !/^SCAN (json_each|\(subquery|CONSTANT ROW|e |n |merged )/.test(line),
  );
  const indexesSearched = new Set(lines.flatMap((line) => /^SEARCH \S+ USING (?:COVERING )?INDEX (\S+) /.exec(line)?.[1] ?? []));
  return { fullScans, indexesSearched };
}

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  'Index Cond'?: string;
  Plans?: PlanNode[];
}

/**
 * PostgreSQL's EXPLAIN with sequential scans discouraged (a test mirror's tables are small
 * enough that reading them whole would be cheapest): a Seq Scan left is a read no index can serve.
 */
async function postgresPlans(engine: PostgresEngine, statements: readonly RanStatement[]): Promise<Plans> {
  const client = await engine.pool.connect();
  const fullScans: string[] = [];
  const indexesSearched = new Set<string>();
  try {
    await client.query('SET enable_seqscan = off');
    for (const { text, params } of statements) {
      const { rows } = await client.query<{ 'QUERY PLAN': [{ Plan: PlanNode }] }>(`EXPLAIN (FORMAT JSON) ${text}`, params as unknown[]);
      const walk = (node: PlanNode): void => {
        if (node['Node Type'] === 'Seq Scan') fullScans.push(`Seq Scan on ${node['Relation Name']}  <=  ${text.slice(0, 80)}`);
        if (node['Index Name'] && node['Index Cond']) indexesSearched.add(node['Index Name']);
        node.Plans?.forEach(walk);
      };
      walk(rows[0]!['QUERY PLAN'][0].Plan);
    }
  } finally {
    await client.query('RESET enable_seqscan');
    client.release();
  }
  return { fullScans, indexesSearched };
}
