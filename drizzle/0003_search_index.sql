-- Free-text search over each external instance's localized texts, in every locale.
-- rowid is external_instances.id; the body is written by the facade (CJK text is segmented
-- into single characters there, so that a two-character word can be found).
CREATE VIRTUAL TABLE `external_instance_search` USING fts5(`body`, tokenize = 'unicode61 remove_diacritics 2');
