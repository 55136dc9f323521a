CREATE TABLE `chat_event_claims` (
	`platform` text NOT NULL,
	`event_id` text NOT NULL,
	`claimed_at` text NOT NULL,
	PRIMARY KEY(`platform`, `event_id`)
);
--> statement-breakpoint
CREATE INDEX `chat_event_claims_claimed_at` ON `chat_event_claims` (`claimed_at`);