-- The search index keeps no copy of the indexed text (it is in external_texts already): a
-- contentless FTS5 table writes half as much per push. Rows are deleted by rowid
-- (contentless_delete, SQLite 3.43+). The facade re-indexes every instance when it starts.
DROP TABLE `external_instance_search`;--> statement-breakpoint
CREATE VIRTUAL TABLE `external_instance_search` USING fts5(`body`, content = '', contentless_delete = 1, tokenize = 'unicode61 remove_diacritics 2');
