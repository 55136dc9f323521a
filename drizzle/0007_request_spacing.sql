CREATE TABLE `request_spacing` (
	`domain` text PRIMARY KEY NOT NULL,
	`next_at` integer NOT NULL
);
