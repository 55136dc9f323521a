CREATE TABLE `authors` (
	`id` integer PRIMARY KEY NOT NULL,
	`name_key` text NOT NULL,
	`display_name` text NOT NULL,
	`orcid` text,
	`openalex_id` text,
	`semantic_scholar_id` text,
	`affiliation` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `authors_name_key_unique` ON `authors` (`name_key`);--> statement-breakpoint
CREATE INDEX `authors_orcid_idx` ON `authors` (`orcid`);--> statement-breakpoint
CREATE INDEX `authors_openalex_idx` ON `authors` (`openalex_id`);--> statement-breakpoint
CREATE INDEX `authors_s2_idx` ON `authors` (`semantic_scholar_id`);--> statement-breakpoint
CREATE TABLE `channels` (
	`id` integer PRIMARY KEY NOT NULL,
	`workspace_id` integer NOT NULL,
	`channel_id` text NOT NULL,
	`name` text,
	`time_zone` text DEFAULT 'UTC' NOT NULL,
	`post_time` text DEFAULT '09:00' NOT NULL,
	`days` text DEFAULT 'weekdays' NOT NULL,
	`picks` integer DEFAULT 5 NOT NULL,
	`empty_day` text DEFAULT 'announce' NOT NULL,
	`paused_at` text,
	`pause_reason` text,
	`last_digest_at` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`workspace_id`) REFERENCES `workspaces`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `channels_workspace_channel_unique` ON `channels` (`workspace_id`,`channel_id`);--> statement-breakpoint
CREATE TABLE `deliveries` (
	`id` integer PRIMARY KEY NOT NULL,
	`channel_id` integer NOT NULL,
	`paper_id` text NOT NULL,
	`digest_id` integer NOT NULL,
	`status` text NOT NULL,
	`reason` text,
	`message_ref` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`sent_at` text,
	FOREIGN KEY (`channel_id`) REFERENCES `channels`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`digest_id`) REFERENCES `digests`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `deliveries_channel_paper_unique` ON `deliveries` (`channel_id`,`paper_id`);--> statement-breakpoint
CREATE TABLE `digests` (
	`id` integer PRIMARY KEY NOT NULL,
	`channel_id` integer NOT NULL,
	`slot` text NOT NULL,
	`status` text NOT NULL,
	`nonce` text NOT NULL,
	`message_ref` text,
	`error` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`settled_at` text,
	FOREIGN KEY (`channel_id`) REFERENCES `channels`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `digests_channel_slot_unique` ON `digests` (`channel_id`,`slot`);--> statement-breakpoint
CREATE TABLE `ingest_cursors` (
	`source` text PRIMARY KEY NOT NULL,
	`cursor` text,
	`last_success_at` text,
	`last_error_at` text,
	`last_error` text,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `ingest_runs` (
	`id` integer PRIMARY KEY NOT NULL,
	`source` text NOT NULL,
	`started_at` text NOT NULL,
	`finished_at` text,
	`status` text NOT NULL,
	`fetched` integer DEFAULT 0 NOT NULL,
	`stored` integer DEFAULT 0 NOT NULL,
	`announced` integer,
	`detail` text
);
--> statement-breakpoint
CREATE INDEX `ingest_runs_source_idx` ON `ingest_runs` (`source`,`started_at`);--> statement-breakpoint
CREATE TABLE `paper_authors` (
	`paper_seq` integer NOT NULL,
	`position` integer NOT NULL,
	`author_id` integer NOT NULL,
	PRIMARY KEY(`paper_seq`, `position`),
	FOREIGN KEY (`paper_seq`) REFERENCES `papers`(`seq`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`author_id`) REFERENCES `authors`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `paper_authors_author_idx` ON `paper_authors` (`author_id`);--> statement-breakpoint
CREATE TABLE `papers` (
	`seq` integer PRIMARY KEY NOT NULL,
	`id` text NOT NULL,
	`version` integer,
	`title` text NOT NULL,
	`abstract` text NOT NULL,
	`authors` text NOT NULL,
	`authors_truncated` integer DEFAULT false NOT NULL,
	`categories` text DEFAULT '' NOT NULL,
	`primary_category` text,
	`published` text,
	`updated` text,
	`comment` text,
	`doi` text,
	`journal_ref` text,
	`abs_url` text,
	`pdf_url` text,
	`code_url` text,
	`org` text,
	`score` real,
	`upvotes` integer,
	`sources` text DEFAULT '' NOT NULL,
	`first_seen_at` text NOT NULL,
	`changed_at` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `papers_id_unique` ON `papers` (`id`);--> statement-breakpoint
CREATE INDEX `papers_first_seen_idx` ON `papers` (`first_seen_at`);--> statement-breakpoint
CREATE INDEX `papers_published_idx` ON `papers` (`published`);--> statement-breakpoint
CREATE TABLE `slack_installations` (
	`install_key` text PRIMARY KEY NOT NULL,
	`team_id` text,
	`enterprise_id` text,
	`installation` text NOT NULL,
	`installed_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `subscriptions` (
	`id` integer PRIMARY KEY NOT NULL,
	`channel_id` integer NOT NULL,
	`kind` text NOT NULL,
	`query` text NOT NULL,
	`author_id` integer,
	`external_id` text,
	`created_by` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`channel_id`) REFERENCES `channels`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`author_id`) REFERENCES `authors`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `subscriptions_channel_kind_query_unique` ON `subscriptions` (`channel_id`,`kind`,`query`);--> statement-breakpoint
CREATE TABLE `workspaces` (
	`id` integer PRIMARY KEY NOT NULL,
	`platform` text NOT NULL,
	`team_id` text NOT NULL,
	`name` text,
	`admins_only` integer DEFAULT false NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `workspaces_platform_team_unique` ON `workspaces` (`platform`,`team_id`);