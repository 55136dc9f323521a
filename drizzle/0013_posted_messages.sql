CREATE TABLE `posted_messages` (
	`channel_id` integer NOT NULL,
	`message_ref` text NOT NULL,
	`paper_ids` text NOT NULL,
	`posted_at` text NOT NULL,
	PRIMARY KEY(`channel_id`, `message_ref`),
	FOREIGN KEY (`channel_id`) REFERENCES `channels`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `posted_messages_posted_at_idx` ON `posted_messages` (`posted_at`);