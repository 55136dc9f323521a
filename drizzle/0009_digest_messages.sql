CREATE TABLE `digest_messages` (
	`id` integer PRIMARY KEY NOT NULL,
	`digest_id` integer NOT NULL,
	`position` integer NOT NULL,
	`payload` text NOT NULL,
	`paper_ids` text NOT NULL,
	`status` text NOT NULL,
	`message_ref` text,
	`attempted_at` text,
	`sent_at` text,
	FOREIGN KEY (`digest_id`) REFERENCES `digests`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `digest_messages_digest_position_unique` ON `digest_messages` (`digest_id`,`position`);--> statement-breakpoint
ALTER TABLE `channels` ADD `papers_through_seq` integer;--> statement-breakpoint
ALTER TABLE `channels` ADD `lease_holder` text;--> statement-breakpoint
ALTER TABLE `channels` ADD `lease_until` text;--> statement-breakpoint
ALTER TABLE `channels` ADD `last_changed_by` text;--> statement-breakpoint
ALTER TABLE `digests` ADD `through_seq` integer;--> statement-breakpoint
ALTER TABLE `digests` ADD `attempts` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `digests` ADD `next_try_at` text;--> statement-breakpoint
ALTER TABLE `digests` ADD `notice_sent_at` text;--> statement-breakpoint
ALTER TABLE `subscriptions` ADD `after_seq` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
-- Hand-written below: digests now select papers by `seq` instead of `first_seen_at`. Existing rows
-- get the `seq` bound that matches the time bound they had: a subscription matched papers first
-- seen at or after it was made, a channel's next digest papers first seen at or after its last slot.
UPDATE `subscriptions` SET `after_seq` = COALESCE((SELECT max(`seq`) FROM `papers` WHERE `first_seen_at` < `subscriptions`.`created_at`), 0);
--> statement-breakpoint
UPDATE `channels` SET `papers_through_seq` = (SELECT max(`seq`) FROM `papers` WHERE `first_seen_at` < `channels`.`last_digest_at`) WHERE `last_digest_at` IS NOT NULL;
