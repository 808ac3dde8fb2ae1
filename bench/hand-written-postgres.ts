import type pg from 'pg';
import { PostgresEngine } from '../src/mirror/postgres/engine.js';
import type { Mirror } from '../src/mirror/mirror.js';
import type { ReadCaseName } from './read-cases.js';

export type HandWrittenQueries = Record<ReadCaseName, (variables: Record<string, unknown>) => Promise<unknown[]>>;

const TEXTS = {
  pendingTasks: `
    SELECT t.task_id AS "taskId", t.status, t.update_time AS "updateTime", tt.value AS title,
           i.instance_id AS "instanceId", it.value AS "instanceTitle"
    FROM external_tasks t
    JOIN external_instances i ON i.id = t.instance_pk
    LEFT JOIN external_texts tt ON tt.instance_pk = t.instance_pk AND tt.text_key = t.title_text AND tt.locale = 'en-US'
    LEFT JOIN external_texts it ON it.instance_pk = i.id AND it.text_key = i.title_text AND it.locale = 'en-US'
    WHERE t.user_id = $1 AND t.task_group = 'PENDING'
    ORDER BY t.update_time DESC, t.id DESC LIMIT $2`,
  statusPage: `
    SELECT i.instance_id AS "instanceId", i.status, i.update_time AS "updateTime", it.value AS title
    FROM external_instances i
    LEFT JOIN external_texts it ON it.instance_pk = i.id AND it.text_key = i.title_text AND it.locale = 'en-US'
    WHERE i.status IN ('PENDING') AND i.update_time >= $1 AND i.update_time < $2
    ORDER BY i.update_time DESC, i.id DESC LIMIT $3`,
  search: `
    SELECT i.instance_id AS "instanceId", i.update_time AS "updateTime", it.value AS title
    FROM external_instances i
    LEFT JOIN external_texts it ON it.instance_pk = i.id AND it.text_key = i.title_text AND it.locale = 'en-US'
    WHERE i.id IN (SELECT instance_pk FROM external_instance_search WHERE body @@ $1::tsquery)
    ORDER BY i.update_time DESC, i.id DESC LIMIT $2`,
} satisfies Record<ReadCaseName, string>;

/** The facade's own node-postgres pool, under its mirror. */
export function poolOf(mirror: Mirror): pg.Pool {
  if (!(mirror.engine instanceof PostgresEngine)) throw new Error('not a PostgreSQL mirror');
  return mirror.engine.pool;
}

/**
 * Each read case as one hand-written node-postgres query returning the same rows as plain
 * objects, through `pool` (the facade's own, so that both wait for the same connections): what
 * the facade's GraphQL page is measured against on PostgreSQL. `prepared`: each a named
 * statement, which PostgreSQL parses and plans once a connection; otherwise sent as the facade
 * sends its statements, parsed on every run.
 */
export function handWrittenPostgres(pool: pg.Pool, prepared: boolean): HandWrittenQueries {
  const run = (name: ReadCaseName, values: unknown[]) =>
    pool.query({ text: TEXTS[name], values, ...(prepared ? { name: `bench_${name}` } : {}) }).then((result) => result.rows);
  const epoch = (value: unknown) => Date.parse(String(value));
  return {
    pendingTasks: (v) => run('pendingTasks', [v.user, v.first]),
    statusPage: (v) => run('statusPage', [epoch(v.from), epoch(v.to), v.first]),
    // The search's words as PostgreSQL's search index (src/mirror/search.ts) takes them: each a phrase, its last token a prefix.
    search: (v) => run('search', [`('上' <-> '海':*) & ('budget':*)`, v.first]),
  };
}
