import { sql } from 'drizzle-orm';
import type { MirrorDb } from './db.js';

/**
 * Free-text search over external instances (SQLite FTS5, unicode61). That tokenizer keeps a run
 * of Chinese or Japanese characters as one token, so `上海` would not find `上海出差`: both the
 * indexed text and the query put each such character in a token of its own, and a query word
 * becomes a phrase, which matches only adjacent characters.
 */

const CJK = /([\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff])/g;

export function segmentForSearch(text: string): string {
  return text.replace(CJK, ' $1 ');
}

/**
 * An FTS5 query for what a user typed: every word must match (as a prefix). Each word is quoted
 * as a phrase, so FTS syntax in the input (`OR`, `NEAR`, `*`, `:`, quotes, parentheses) is
 * searched for literally, never interpreted. Null when the input holds no word.
 */
export function toFtsQuery(search: string): string | null {
  const words = search
    .split(/\s+/)
    .map((word) => segmentForSearch(word).replace(/[^\p{L}\p{N}\s]+/gu, ' ').trim())
    .filter((word) => word !== '');
  if (words.length === 0) return null;
  return words.map((word) => `"${word.replace(/"/g, '""')}"*`).join(' AND ');
}

/** Rewrites the search row of one instance from its mirrored texts. */
export function rebuildSearchRow(db: Pick<MirrorDb, 'all' | 'run'>, instancePk: number): void {
  const values = db.all<{ value: string }>(sql`SELECT DISTINCT value FROM external_texts WHERE instance_pk = ${instancePk}`);
  db.run(sql`DELETE FROM external_instance_search WHERE rowid = ${instancePk}`);
  if (values.length > 0) {
    const body = segmentForSearch(values.map((row) => row.value).join('\n'));
    db.run(sql`INSERT INTO external_instance_search (rowid, body) VALUES (${instancePk}, ${body})`);
  }
}

/** Indexes instances mirrored before the search index existed. */
export function ensureSearchIndex(db: MirrorDb): number {
  const missing = db.all<{ id: number }>(
    sql`SELECT DISTINCT instance_pk AS id FROM external_texts WHERE instance_pk NOT IN (SELECT rowid FROM external_instance_search)`,
  );
  if (missing.length > 0) {
    db.transaction((tx) => {
      for (const { id } of missing) rebuildSearchRow(tx, id);
    });
  }
  return missing.length;
}
