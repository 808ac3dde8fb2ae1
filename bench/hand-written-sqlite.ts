import Database from 'better-sqlite3';
import type { ReadCaseName } from './read-cases.js';

/**
 * Each read case as one hand-written prepared better-sqlite3 query returning the same rows as
 * plain objects, on a connection of its own to the mirror file: what the facade's GraphQL page
 * is measured against (on PostgreSQL: hand-written-postgres.ts).
 */
export function handWrittenSqlite(path: string): { queries: Record<ReadCaseName, (variables: Record<string, unknown>) => unknown[]>; close(): void } {
  const db = new Database(path, { readonly: true });
  const pendingTasks = db.prepare(`
    SELECT t.task_id AS taskId, t.status, t.update_time AS updateTime, tt.value AS title,
           i.instance_id AS instanceId, it.value AS instanceTitle
    FROM external_tasks t
    JOIN external_instances i ON i.id = t.instance_pk
    LEFT JOIN external_texts tt ON tt.instance_pk = t.instance_pk AND tt.text_key = t.title_text AND tt.locale = 'en-US'
    LEFT JOIN external_texts it ON it.instance_pk = i.id AND it.text_key = i.title_text AND it.locale = 'en-US'
    WHERE t.user_id = ? AND t.task_group = 'PENDING'
    ORDER BY t.update_time DESC, t.id DESC LIMIT ?`);
  const statusPage = db.prepare(`
    SELECT i.instance_id AS instanceId, i.status, i.update_time AS updateTime, it.value AS title
    FROM external_instances i
    LEFT JOIN external_texts it ON it.instance_pk = i.id AND it.text_key = i.title_text AND it.locale = 'en-US'
    WHERE i.status IN ('PENDING') AND i.update_time >= ? AND i.update_time < ?
    ORDER BY i.update_time DESC, i.id DESC LIMIT ?`);
  const search = db.prepare(`
    SELECT i.instance_id AS instanceId, i.update_time AS updateTime, it.value AS title
    FROM external_instances i
    LEFT JOIN external_texts it ON it.instance_pk = i.id AND it.text_key = i.title_text AND it.locale = 'en-US'
    WHERE i.id IN (SELECT rowid FROM external_instance_search WHERE external_instance_search MATCH ?)
    ORDER BY i.update_time DESC, i.id DESC LIMIT ?`);
  const epoch = (value: unknown) => Date.parse(String(value));
  return {
    queries: {
      pendingTasks: (v) => pendingTasks.all(v.user, v.first),
      statusPage: (v) => statusPage.all(epoch(v.from), epoch(v.to), v.first),
      // The search's words as FTS5 phrases matched as prefixes, Chinese characters a token each.
      search: (v) => search.all('"上 海"* AND "budget"*', v.first),
    },
    close: () => db.close(),
  };
}
