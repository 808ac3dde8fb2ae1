import pg from 'pg';
import { loadConfig } from '../src/config.js';
import { createLogger } from '../src/logger.js';
import { startRuntime } from '../src/runtime.js';
import { ENGINE_TITLES, type MirrorHost } from './engines.js';
import type { Path } from './feishu.js';
import { AUTHORIZATION, facadeEnv } from './processes.js';
import { SUCCESS, graphqlBody } from './requests.js';
import type { Figure, PhaseReport } from './results.js';

/**
 * Queries node-postgres sends from this process, each a round trip to PostgreSQL (BEGIN and
 * COMMIT included, which Mirror.open's onQuery does not see): counted by wrapping
 * Client#query, which the pool's own query goes through.
 */
let pgQueries = 0;
const clientQuery = pg.Client.prototype.query;
let counting = false;
function countPgQueries(): void {
  if (counting) return;
  counting = true;
  const prototype = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
  prototype.query = function query(this: pg.Client, ...args: unknown[]) {
    pgQueries += 1;
    return (clientQuery as unknown as (...a: unknown[]) => unknown).apply(this, args);
  };
}

/**
 * The SQL one mutation runs, on each engine: the facade's app in this process (wired by
 * startRuntime as the server wires it, against the sandbox) on a fresh mirror, the statements
 * counted with Mirror.open's onQuery and, on PostgreSQL, the queries sent.
 */
export async function roundTripsPhase(hosts: readonly MirrorHost[], sandbox: string, log: (line: string) => void): Promise<PhaseReport> {
  countPgQueries();
  const table = [['engine', 'mutation', 'SQL statements (onQuery)', 'round trips to PostgreSQL']];
  const figures: Figure[] = [];
  for (const host of hosts) {
    const { engine } = host;
    log(`round trips (${ENGINE_TITLES[engine]})`);
    let statements = 0;
    const config = loadConfig({ ...facadeEnv(sandbox, await host.create('round_trips')), LOG_LEVEL: 'silent' });
    const runtime = await startRuntime(config, createLogger('silent'), { onQuery: () => (statements += 1) });
    const send = async (path: Path, n: number) => {
      const body = graphqlBody(path, n, `round-trips-${engine}`);
      const response = await runtime.yoga.fetch('http://localhost/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...AUTHORIZATION },
        body,
      });
      const text = await response.text();
      if (!text.includes(`"__typename":"${SUCCESS[path]}"`)) throw new Error(`${path}: ${text.slice(0, 300)}`);
    };
    try {
      for (const path of ['sync', 'create'] as const) {
        // The first of each warms the token, the compiled query and the prepared statements.
        await send(path, 0);
        const [beforeStatements, beforeQueries] = [statements, pgQueries];
        await send(path, 1);
        const [ran, sent] = [statements - beforeStatements, pgQueries - beforeQueries];
        table.push([ENGINE_TITLES[engine], `${path} of a new instance`, String(ran), engine === 'postgres' ? String(sent) : '']);
        figures.push({ label: `${path}: SQL statements a request runs`, engine, value: ran, digits: 0 });
        if (engine === 'postgres') figures.push({ label: `${path}: round trips to PostgreSQL a request makes`, engine, value: sent, digits: 0 });
      }
    } finally {
      await runtime.close();
    }
  }
  return {
    title: 'SQL a mutation runs',
    method:
      "One sync of a new instance and one create (after one of each to warm up) through the facade's app in this process, on a fresh mirror of each engine, against the sandbox: the statements counted with Mirror.open's onQuery, and on PostgreSQL the queries node-postgres sent (BEGIN, COMMIT and the shared rate limits' included), each a round trip.",
    table,
    figures,
  };
}
