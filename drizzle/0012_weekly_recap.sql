CREATE TABLE `channel_recaps` (
	`channel_id` integer PRIMARY KEY NOT NULL,
	`weekday` integer NOT NULL,
	`since` text NOT NULL,
	`changed_by` text NOT NULL,
	FOREIGN KEY (`channel_id`) REFERENCES `channels`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
DROP INDEX `digests_channel_slot_unique`;--> statement-breakpoint
ALTER TABLE `digests` ADD `kind` text DEFAULT 'daily' NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX `digests_channel_slot_kind_unique` ON `digests` (`channel_id`,`slot`,`kind`);