ALTER TABLE `papers` ADD `category_codes` text GENERATED ALWAYS AS (CASE WHEN categories = '' THEN '' ELSE 'cat' || replace(replace(replace(lower(categories), '.', ''), '-', ''), ' ', ' cat') END) VIRTUAL;--> statement-breakpoint
-- Hand-written below: the full-text index now reads category_codes instead of categories (see
-- schema.ts), so the index and its triggers are made again and filled from the papers table.
DROP TRIGGER `papers_fts_after_insert`;
--> statement-breakpoint
DROP TRIGGER `papers_fts_after_delete`;
--> statement-breakpoint
DROP TRIGGER `papers_fts_after_update`;
--> statement-breakpoint
DROP TABLE `papers_fts`;
--> statement-breakpoint
CREATE VIRTUAL TABLE `papers_fts` USING fts5(
  `title`, `authors`, `abstract`, `category_codes`,
  content='papers', content_rowid='seq',
  tokenize='porter unicode61 remove_diacritics 2'
);
--> statement-breakpoint
CREATE TRIGGER `papers_fts_after_insert` AFTER INSERT ON `papers`
WHEN (SELECT `deferred` FROM `fts_sync_state` WHERE `id` = 1) = 0 BEGIN
  INSERT INTO `papers_fts`(rowid, `title`, `authors`, `abstract`, `category_codes`)
  VALUES (new.`seq`, new.`title`, new.`authors`, new.`abstract`, new.`category_codes`);
END;
--> statement-breakpoint
CREATE TRIGGER `papers_fts_after_delete` AFTER DELETE ON `papers`
WHEN (SELECT `deferred` FROM `fts_sync_state` WHERE `id` = 1) = 0 BEGIN
  INSERT INTO `papers_fts`(`papers_fts`, rowid, `title`, `authors`, `abstract`, `category_codes`)
  VALUES ('delete', old.`seq`, old.`title`, old.`authors`, old.`abstract`, old.`category_codes`);
END;
--> statement-breakpoint
CREATE TRIGGER `papers_fts_after_update` AFTER UPDATE OF `title`, `authors`, `abstract`, `categories` ON `papers`
WHEN (SELECT `deferred` FROM `fts_sync_state` WHERE `id` = 1) = 0 BEGIN
  INSERT INTO `papers_fts`(`papers_fts`, rowid, `title`, `authors`, `abstract`, `category_codes`)
  VALUES ('delete', old.`seq`, old.`title`, old.`authors`, old.`abstract`, old.`category_codes`);
  INSERT INTO `papers_fts`(rowid, `title`, `authors`, `abstract`, `category_codes`)
  VALUES (new.`seq`, new.`title`, new.`authors`, new.`abstract`, new.`category_codes`);
END;
--> statement-breakpoint
INSERT INTO `papers_fts`(`papers_fts`, `rank`) VALUES ('hashsize', 8388608);
--> statement-breakpoint
INSERT INTO `papers_fts`(`papers_fts`) VALUES ('rebuild');
