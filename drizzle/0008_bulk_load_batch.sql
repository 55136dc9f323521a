-- Hand-written (fts_sync_state is not in the drizzle schema). A bulk load counts its committed
-- batches here, in each batch's own transaction: the thread that builds the full-text index
-- alongside the load reads the count in the same snapshot as the rows it indexes, so it knows
-- which of the load's later updates to a paper its index already holds (full-text-follower.ts).
ALTER TABLE `fts_sync_state` ADD `load_batch` integer DEFAULT 0 NOT NULL;
