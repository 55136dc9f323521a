-- Full-text index over papers, kept in sync by triggers. Hand-written: drizzle cannot express
-- FTS5 virtual tables. External content (content='papers') so the text is stored once.
-- porter + unicode61: stemming ("recommender" = "recommendation"), accents folded, and '-' splits
-- tokens so "cold-start" and "cold start" index the same. `categories` is indexed so that cat:
-- filters run inside the same MATCH; ranking gives it weight 0.
CREATE VIRTUAL TABLE `papers_fts` USING fts5(
  `title`, `authors`, `abstract`, `categories`,
  content='papers', content_rowid='seq',
  tokenize='porter unicode61 remove_diacritics 2'
);
--> statement-breakpoint
CREATE TRIGGER `papers_fts_after_insert` AFTER INSERT ON `papers` BEGIN
  INSERT INTO `papers_fts`(rowid, `title`, `authors`, `abstract`, `categories`)
  VALUES (new.`seq`, new.`title`, new.`authors`, new.`abstract`, new.`categories`);
END;
--> statement-breakpoint
CREATE TRIGGER `papers_fts_after_delete` AFTER DELETE ON `papers` BEGIN
  INSERT INTO `papers_fts`(`papers_fts`, rowid, `title`, `authors`, `abstract`, `categories`)
  VALUES ('delete', old.`seq`, old.`title`, old.`authors`, old.`abstract`, old.`categories`);
END;
--> statement-breakpoint
CREATE TRIGGER `papers_fts_after_update` AFTER UPDATE OF `title`, `authors`, `abstract`, `categories` ON `papers` BEGIN
  INSERT INTO `papers_fts`(`papers_fts`, rowid, `title`, `authors`, `abstract`, `categories`)
  VALUES ('delete', old.`seq`, old.`title`, old.`authors`, old.`abstract`, old.`categories`);
  INSERT INTO `papers_fts`(rowid, `title`, `authors`, `abstract`, `categories`)
  VALUES (new.`seq`, new.`title`, new.`authors`, new.`abstract`, new.`categories`);
END;
