/**
 * The ingest ports on PostgreSQL (issue 21), for several replicas on one database: the bookkeeping
 * (pg-ingest-store.ts), request bookings shared by every replica (pg-request-spacing.ts), source
 * health (pg-source-health.ts), the claims of the ingest schedule's firings, and the run lock.
 */
import { createHash } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import type pg from 'pg';
import type { PaperRepository } from '../../../core/ports.ts';
import { ingestCategoriesOf } from '../../ingest/ingest-categories.ts';
import type { IngestPorts, IngestRunLock } from '../../ingest/ingest-ports.ts';
import type { PgDb } from './open-pg-store.ts';
import { createPgAuthorLinks, createPgIngestStore } from './pg-ingest-store.ts';
import { createPgRequestSpacing } from './pg-request-spacing.ts';
import { ingestScheduleClaims, subscriptions } from './pg-schema.ts';
import { createPgSourceHealth } from './pg-source-health.ts';

/**
 * The advisory lock key of ingestion in one schema: replicas on the same schema exclude each other,
 * scratch schemas side by side do not (as open-pg-store.ts keys its migration lock).
 */
function ingestLockKey(schema: string): string {
  return createHash('sha256').update(`paperboy:ingest:${schema}`).digest().readBigInt64BE(0).toString();
}

/**
 * The run lock: a session-level advisory lock (pg_try_advisory_lock, which answers at once instead
 * of waiting) held by one pooled connection for the whole run. A session lock ends with its
 * connection (https://www.postgresql.org/docs/15/explicit-locking.html#ADVISORY-LOCKS), so a
 * replica killed mid-run leaves no lock behind: the next run takes it and finds that run's
 * `running` rows interrupted. The connection is out of the pool for the run (one of its ten).
 */
async function lockRun(pool: pg.Pool): Promise<IngestRunLock | null> {
  const client = await pool.connect();
  let key: string;
  try {
    const { rows } = await client.query<{ schema: string }>('SELECT current_schema() AS schema');
    key = ingestLockKey(rows[0]!.schema);
    const locked = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1::bigint) AS locked', [key]);
    if (!locked.rows[0]!.locked) {
      client.release();
      return null;
    }
  } catch (error) {
    client.release(true);
    throw error;
  }
  // A checked-out client has no error listener of the pool's: a connection the server drops while
  // the run goes on (a restart, a failover) would emit an unhandled 'error' and end the process.
  // The lock went with the session; the run goes on, and release discards the connection.
  let lost = false;
  const onLost = () => {
    lost = true;
  };
  client.on('error', onLost);
  return {
    async release() {
      try {
        if (!lost) await client.query('SELECT pg_advisory_unlock($1::bigint)', [key]);
      } catch {
        lost = true;
      } finally {
        client.removeListener('error', onLost);
        // A broken connection is not given back to the pool.
        client.release(lost ? true : undefined);
      }
    },
  };
}

export function createPgIngestPorts(db: PgDb, papers: PaperRepository): IngestPorts {
  return {
    store: createPgIngestStore(db, papers),
    spacing: createPgRequestSpacing(db.$client),
    health: createPgSourceHealth(db),
    categories: async (configured) =>
      ingestCategoriesOf(configured, await db.select({ kind: subscriptions.kind, query: subscriptions.query }).from(subscriptions).orderBy(subscriptions.id)),
    // ON CONFLICT DO NOTHING: of replicas inserting the same firing at once, one inserts and the
    // others wait for it and then insert nothing (https://www.postgresql.org/docs/15/sql-insert.html#SQL-ON-CONFLICT);
    // RETURNING names only the row inserted.
    claimScheduledRun: async (firing, holder, claimedAt) =>
      (await db.insert(ingestScheduleClaims).values({ firing, holder, claimedAt }).onConflictDoNothing().returning({ firing: ingestScheduleClaims.firing })).length === 1,
    latestScheduledRun: async () =>
      // ISO minutes of one format sort in time order byte by byte (COLLATE "C", whatever the database's collation).
      (await db.select().from(ingestScheduleClaims).orderBy(sql`${ingestScheduleClaims.firing} collate "C" desc`).limit(1))[0] ?? null,
    async finishScheduledRun(firing, finishedAt) {
      await db.update(ingestScheduleClaims).set({ finishedAt }).where(eq(ingestScheduleClaims.firing, firing));
    },
    lockRun: () => lockRun(db.$client),
    authorLinks: createPgAuthorLinks(db),
  };
}
