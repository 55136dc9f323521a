/**
 * First-run seeding of a PostgreSQL store (issue 21), which several replicas start against at once.
 *
 * SQLite marks a seeded store in its header (seed-state.ts), in the transaction that loads the
 * seeds. Here the PaperRepository writes each batch in a transaction of its own, so the seeds and a
 * mark cannot share one; instead the seed papers are their own mark: a store is seeded when every
 * seed paper is stored with `seed` among its sources (merges keep the union of sources:
 * merge-paper.ts, and papers are never deleted). A replica killed while seeding leaves some missing,
 * and the next start loads them all again, which the upsert makes idempotent.
 *
 * Replicas starting together take turns on a session advisory lock of the store's schema, on a
 * connection of its own (so a pool of any size can run the upserts): the first seeds, the others
 * then find every seed paper stored and load nothing. PostgreSQL releases a session lock when its
 * connection ends, so a replica killed while holding it blocks nobody
 * (https://www.postgresql.org/docs/15/explicit-locking.html#ADVISORY-LOCKS).
 */
import { createHash } from 'node:crypto';
import pg from 'pg';
import type { PaperRepository, UpsertSummary } from '../../core/ports.ts';
import type { PgStore } from '../store/postgres/open-pg-store.ts';
import { readSeeds, SEEDS_FILE, seedToPaperInput } from './load-seeds.ts';

/** The seeding lock of one schema: replicas of one store exclude each other, scratch schemas side by side do not. */
function seedLockKey(schema: string): string {
  return createHash('sha256').update(`paperboy:seeds:${schema}`).digest().readBigInt64BE(0).toString();
}

/** Whether every seed paper is stored as a seed. */
async function seeded(papers: PaperRepository, ids: string[]): Promise<boolean> {
  const stored = await papers.getPapers(ids);
  const asSeed = new Set(stored.filter((paper) => paper.sources.includes('seed')).map((paper) => paper.id));
  return ids.every((id) => asSeed.has(id));
}

/**
 * Loads the seed papers into the PostgreSQL store unless it has them all: what was loaded, or null
 * when another replica (or an earlier start) already seeded it. Safe to call from every replica at
 * once; `papers` is the store's repository (createPgPaperRepository).
 */
export async function loadPendingSeedsPg(store: Pick<PgStore, 'pool' | 'schema'>, papers: PaperRepository, seenAt: string, path = SEEDS_FILE): Promise<UpsertSummary | null> {
  const inputs = readSeeds(path).map(seedToPaperInput);
  const ids = inputs.map((input) => input.id);
  // Every start after the first ends here, without the lock.
  if (await seeded(papers, ids)) return null;
  // The pool's own settings (URL, search_path option), on a connection outside the pool.
  const client = new pg.Client(store.pool.options);
  await client.connect();
  const key = seedLockKey(store.schema);
  try {
    await client.query('SELECT pg_advisory_lock($1::bigint)', [key]);
    try {
      if (await seeded(papers, ids)) return null;
      return await papers.upsertPapers(inputs, seenAt);
    } finally {
      await client.query('SELECT pg_advisory_unlock($1::bigint)', [key]);
    }
  } finally {
    await client.end();
  }
}
