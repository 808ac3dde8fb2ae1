import { type SQL, type SQLWrapper, sql } from 'drizzle-orm';
import type { DialectName, SqlEngine, SqlRunner } from './engine.js';

/**
 * Free-text search over external instances: every word of the query must appear, as a word or
 * the start of one, in the instance's texts (any locale). Chinese and Japanese characters are
 * each a word of their own in both the indexed text and the query, and a query word becomes a
 * phrase (adjacent words), so `上海` finds `上海出差`.
 */

const CJK = /([\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff])/g;

export function segmentForSearch(text: string): string {
  return text.replace(CJK, ' $1 ');
}

/**
 * The words of what a user typed, each a list of tokens (letters and digits only: search syntax
 * in the input is searched for, never interpreted). Empty when the input holds no word.
 */
export function searchWords(search: string): string[][] {
  return search
    .split(/\s+/)
    .map((word) => segmentForSearch(word).replace(/[^\p{L}\p{N}\s]+/gu, ' ').trim())
    .filter((word) => word !== '')
    .map((word) => word.split(/\s+/));
}

/** Where an engine keeps the search index. */
export interface SearchIndex {
  /** Replaces the search row of an instance with these texts (none: no row). */
  write(tx: SqlRunner, instancePk: number, texts: readonly string[]): Promise<void>;
  /** The value to bind for a search (see matches). */
  query(search: string): unknown;
  /** The instance id column names an instance whose texts hold every word of the search bound to `placeholder`. */
  matches(idColumn: SQLWrapper, placeholder: string): SQL;
}

/**
 * SQLite: an FTS5 table without content (`external_instance_search`, rowid = the instance's id,
 * unicode61 tokens), so the index keeps no second copy of the texts.
 */
class Fts5Search implements SearchIndex {
  private readonly remove;
  private readonly insert;

  constructor(engine: SqlEngine) {
    this.remove = engine.prepare(sql`DELETE FROM external_instance_search WHERE rowid = ${sql.placeholder('id')}`);
    this.insert = engine.prepare(sql`INSERT INTO external_instance_search (rowid, body) VALUES (${sql.placeholder('id')}, ${sql.placeholder('body')})`);
  }

  async write(tx: SqlRunner, instancePk: number, texts: readonly string[]): Promise<void> {
    await tx.run(this.remove, { id: instancePk });
    if (texts.length > 0) await tx.run(this.insert, { id: instancePk, body: segmentForSearch(texts.join('\n')) });
  }

  /** An FTS5 query: each word a phrase matched as a prefix, so that FTS syntax in it is searched for, never run. */
  query(search: string): string {
    return searchWords(search)
      .map((tokens) => `"${tokens.join(' ').replace(/"/g, '""')}"*`)
      .join(' AND ');
  }

  matches(idColumn: SQLWrapper, placeholder: string): SQL {
    return sql`${idColumn} IN (SELECT rowid FROM external_instance_search WHERE external_instance_search MATCH ${sql.placeholder(placeholder)})`;
  }
}

export function searchIndexFor(engine: SqlEngine, dialect: DialectName): SearchIndex {
  if (dialect === 'sqlite') return new Fts5Search(engine);
  throw new Error(`no search index for ${dialect} yet`);
}
