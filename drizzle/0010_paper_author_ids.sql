CREATE TABLE `paper_author_ids` (
	`external_id` text NOT NULL,
	`paper_seq` integer NOT NULL,
	PRIMARY KEY(`external_id`, `paper_seq`),
	FOREIGN KEY (`paper_seq`) REFERENCES `papers`(`seq`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
ALTER TABLE `papers` DROP COLUMN `primary_category`;--> statement-breakpoint
-- Hand-written below (fts_sync_state is not in the drizzle schema): the bulk-load batch count fed
-- the full-text follower, deleted in issue 17; nothing reads it. `primary_category` above was never
-- read either (the primary category is the first of `categories`).
ALTER TABLE `fts_sync_state` DROP COLUMN `load_batch`;
