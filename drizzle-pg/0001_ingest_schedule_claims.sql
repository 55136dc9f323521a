CREATE TABLE "ingest_schedule_claims" (
	"firing" text PRIMARY KEY NOT NULL,
	"holder" text NOT NULL,
	"claimed_at" text NOT NULL
);
