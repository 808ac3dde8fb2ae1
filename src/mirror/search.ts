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
    .map((word) =>
      segmentForSearch(word)
        .replace(/[^\p{L}\p{N}\s]+/gu, ' ')
        .trim(),
    )
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
  /** The ids of the instances that have texts but no search row (`id`). */
  readonly unindexed: SQL;
}

/**
 * SQLite: an FTS5 table without content (`external_instance_search`, rowid = the instance's id,
 * unicode61 tokens), so the index keeps no second copy of the texts.
 */
class Fts5Search implements SearchIndex {
  private readonly remove;
  private readonly insert;
  readonly unindexed = sql`SELECT i.id AS id FROM external_instances i
    WHERE NOT EXISTS (SELECT 1 FROM external_instance_search s WHERE s.rowid = i.id)
      AND EXISTS (SELECT 1 FROM external_texts t WHERE t.instance_pk = i.id)`;

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

/**
 * PostgreSQL: a tsvector per instance (`external_instance_search`, GIN index) made here from the
 * tokens searchWords makes of a query (letters and digits, folded as FTS5's unicode61 folds them,
 * CJK characters one token each), with their positions, so that a word of several tokens is a
 * phrase (`<->`) as in FTS5, and its last token a prefix (`:*`). Both the document and the query
 * are tsvector/tsquery literals: PostgreSQL's text search parser and dictionaries never see the
 * text, so both engines answer a search the same.
 */
class TsvectorSearch implements SearchIndex {
  private readonly upsert;
  private readonly remove;
  readonly unindexed = sql`SELECT i.id AS id FROM external_instances i
    WHERE NOT EXISTS (SELECT 1 FROM external_instance_search s WHERE s.instance_pk = i.id)
      AND EXISTS (SELECT 1 FROM external_texts t WHERE t.instance_pk = i.id)`;

  constructor(engine: SqlEngine) {
    this.upsert = engine.prepare(
      sql`INSERT INTO external_instance_search (instance_pk, body) VALUES (${sql.placeholder('id')}, ${sql.placeholder('body')}::tsvector)
          ON CONFLICT (instance_pk) DO UPDATE SET body = excluded.body`,
    );
    this.remove = engine.prepare(sql`DELETE FROM external_instance_search WHERE instance_pk = ${sql.placeholder('id')}`);
  }

  async write(tx: SqlRunner, instancePk: number, texts: readonly string[]): Promise<void> {
    if (texts.length === 0) await tx.run(this.remove, { id: instancePk });
    else await tx.run(this.upsert, { id: instancePk, body: tsvectorOf(texts.join('\n')) });
  }

  query(search: string): string {
    return searchWords(search)
      .map((tokens) => {
        const lexemes = tokens.map((token) => lexeme(normalizeToken(token)));
        return `(${lexemes.join(' <-> ')}:*)`;
      })
      .join(' & ');
  }

  matches(idColumn: SQLWrapper, placeholder: string): SQL {
    return sql`${idColumn} IN (SELECT instance_pk FROM external_instance_search WHERE body @@ ${sql.placeholder(placeholder)}::tsquery)`;
  }
}

/** PostgreSQL's limits: a lexeme's length in bytes, a position, the positions kept per lexeme. */
const MAX_LEXEME_BYTES = 2046;
const MAX_POSITION = 16383;
const MAX_POSITIONS = 256;

/** As FTS5's unicode61 with remove_diacritics 2 folds a token: lower case, no diacritics on Latin letters. */
const normalizeToken = (token: string): string =>
  token
    .normalize('NFD')
    .replace(/[\u0300-\u036f]+/g, '')
    .normalize('NFC')
    .toLowerCase();

/** A tsvector or tsquery lexeme, quoted (tokens hold letters and digits only, but it costs nothing). */
const lexeme = (token: string): string => `'${token.replace(/['\\]/g, (c) => `\\${c}`)}'`;

/** The tsvector literal of a text: each distinct token with the positions it is at. */
export function tsvectorOf(text: string): string {
  const positions = new Map<string, number[]>();
  let position = 0;
  for (const raw of segmentForSearch(text).split(/[^\p{L}\p{N}]+/u)) {
    if (raw === '') continue;
    const token = normalizeToken(raw);
    position = Math.min(position + 1, MAX_POSITION);
    if (token === '' || Buffer.byteLength(token) > MAX_LEXEME_BYTES) continue;
    let at = positions.get(token);
    if (!at) positions.set(token, (at = []));
    if (at.length < MAX_POSITIONS && at.at(-1) !== position) at.push(position);
  }
  return [...positions].map(([token, at]) => `${lexeme(token)}:${at.join(',')}`).join(' ');
}

export function searchIndexFor(engine: SqlEngine, dialect: DialectName): SearchIndex {
  return dialect === 'sqlite' ? new Fts5Search(engine) : new TsvectorSearch(engine);
}
