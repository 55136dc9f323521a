CREATE TABLE `paper_ratings` (
	`channel_id` integer NOT NULL,
	`paper_id` text NOT NULL,
	`user_id` text NOT NULL,
	`user_name` text,
	`value` text NOT NULL,
	`rated_at` text NOT NULL,
	PRIMARY KEY(`channel_id`, `paper_id`, `user_id`),
	FOREIGN KEY (`channel_id`) REFERENCES `channels`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `saved_papers` (
	`channel_id` integer NOT NULL,
	`paper_id` text NOT NULL,
	`user_id` text NOT NULL,
	`user_name` text,
	`saved_at` text NOT NULL,
	PRIMARY KEY(`channel_id`, `paper_id`),
	FOREIGN KEY (`channel_id`) REFERENCES `channels`(`id`) ON UPDATE no action ON DELETE cascade
);
