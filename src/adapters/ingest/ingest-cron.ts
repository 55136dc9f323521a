/**
 * INGEST_CRON's one rule, for config.ts (which refuses a bad value at start-up, naming the
 * variable) and for the ingestion schedule (which node-cron would otherwise reject with its own
 * words): both ask `isIngestCron`, and both say `INGEST_CRON_RULE`.
 */
import cron from 'node-cron';

/** 01:30 US Eastern every day: after arXiv rebuilds its listings at midnight, ahead of the digests. */
export const DEFAULT_INGEST_CRON = '30 1 * * *';

/** What INGEST_CRON must be, completing "INGEST_CRON: …". */
export const INGEST_CRON_RULE = `must be a cron expression such as "${DEFAULT_INGEST_CRON}" (01:30 every day)`;

/** Whether node-cron, which runs the ingestion, accepts `expression`. */
export function isIngestCron(expression: string): boolean {
  return cron.validate(expression);
}
