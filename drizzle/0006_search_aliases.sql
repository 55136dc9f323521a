ALTER TABLE `papers` ADD `title_aliases` text;--> statement-breakpoint
ALTER TABLE `papers` ADD `abstract_aliases` text;--> statement-breakpoint
-- Hand-written below: the full-text index gains the two alias columns (see schema.ts), so the index
-- and its triggers are made again. It is filled when the store opens: search-alias-index.ts computes
-- the aliases of every paper (alias_table names the table they were computed with, NULL: never),
-- then the deferred-indexing repair rebuilds the index.
ALTER TABLE `fts_sync_state` ADD `alias_table` text;
--> statement-breakpoint
UPDATE `fts_sync_state` SET `deferred` = 1 WHERE `id` = 1;
--> statement-breakpoint
DROP TRIGGER `papers_fts_after_insert`;
--> statement-breakpoint
DROP TRIGGER `papers_fts_after_delete`;
--> statement-breakpoint
DROP TRIGGER `papers_fts_after_update`;
--> statement-breakpoint
DROP TABLE `papers_fts`;
--> statement-breakpoint
CREATE VIRTUAL TABLE `papers_fts` USING fts5(
  `title`, `authors`, `abstract`, `category_codes`, `title_aliases`, `abstract_aliases`,
  content='papers', content_rowid='seq',
  tokenize='porter unicode61 remove_diacritics 2'
);
--> statement-breakpoint
CREATE TRIGGER `papers_fts_after_insert` AFTER INSERT ON `papers`
WHEN (SELECT `deferred` FROM `fts_sync_state` WHERE `id` = 1) = 0 BEGIN
  INSERT INTO `papers_fts`(rowid, `title`, `authors`, `abstract`, `category_codes`, `title_aliases`, `abstract_aliases`)
  VALUES (new.`seq`, new.`title`, new.`authors`, new.`abstract`, new.`category_codes`, new.`title_aliases`, new.`abstract_aliases`);
END;
--> statement-breakpoint
CREATE TRIGGER `papers_fts_after_delete` AFTER DELETE ON `papers`
WHEN (SELECT `deferred` FROM `fts_sync_state` WHERE `id` = 1) = 0 BEGIN
  INSERT INTO `papers_fts`(`papers_fts`, rowid, `title`, `authors`, `abstract`, `category_codes`, `title_aliases`, `abstract_aliases`)
  VALUES ('delete', old.`seq`, old.`title`, old.`authors`, old.`abstract`, old.`category_codes`, old.`title_aliases`, old.`abstract_aliases`);
END;
--> statement-breakpoint
CREATE TRIGGER `papers_fts_after_update` AFTER UPDATE OF `title`, `authors`, `abstract`, `categories`, `title_aliases`, `abstract_aliases` ON `papers`
WHEN (SELECT `deferred` FROM `fts_sync_state` WHERE `id` = 1) = 0 BEGIN
  INSERT INTO `papers_fts`(`papers_fts`, rowid, `title`, `authors`, `abstract`, `category_codes`, `title_aliases`, `abstract_aliases`)
  VALUES ('delete', old.`seq`, old.`title`, old.`authors`, old.`abstract`, old.`category_codes`, old.`title_aliases`, old.`abstract_aliases`);
  INSERT INTO `papers_fts`(rowid, `title`, `authors`, `abstract`, `category_codes`, `title_aliases`, `abstract_aliases`)
  VALUES (new.`seq`, new.`title`, new.`authors`, new.`abstract`, new.`category_codes`, new.`title_aliases`, new.`abstract_aliases`);
END;
--> statement-breakpoint
INSERT INTO `papers_fts`(`papers_fts`, `rank`) VALUES ('hashsize', 8388608);
