/**
 * The ingest schedule's claims and run lock on SQLite. A claim is a row of ingest_schedule_claims:
 * the insert that lands claims the firing, one that conflicts does not (ON CONFLICT DO NOTHING,
 * https://www.sqlite.org/lang_upsert.html), so two processes on one store never both run a firing.
 */
import { desc, eq } from 'drizzle-orm';
import type { Synchronous } from '../../core/awaitable.ts';
import type { Db } from '../store/open-database.ts';
import { ingestScheduleClaims } from '../store/schema.ts';
import type { IngestRunLock, ScheduledRunClaim } from './ingest-ports.ts';

/** Whether this insert claimed the firing. */
export function sqliteClaimScheduledRun(db: Db, firing: string, holder: string, claimedAt: string): boolean {
  return db.insert(ingestScheduleClaims).values({ firing, holder, claimedAt }).onConflictDoNothing().run().changes === 1;
}

/** The latest claimed firing (ISO minutes of one format sort as text in time order). */
export function sqliteLatestScheduledRun(db: Db): ScheduledRunClaim | null {
  return db.select().from(ingestScheduleClaims).orderBy(desc(ingestScheduleClaims.firing)).limit(1).get() ?? null;
}

export function sqliteFinishScheduledRun(db: Db, firing: string, finishedAt: string): void {
  db.update(ingestScheduleClaims).set({ finishedAt }).where(eq(ingestScheduleClaims.firing, firing)).run();
}

/**
 * The run lock on SQLite holds within this process only: an embedded store serves one bot on one
 * machine, where a manual `paperboy ingest` beside the bot is the one overlap, and SQLite has no
 * lock that dies with its holder (a row would outlive a killed process and block every later run).
 * The request bookings still keep the sources' limits between the two.
 */
export function createSqliteRunLock(): () => Synchronous<IngestRunLock> | null {
  let held = false;
  return () => {
    if (held) return null;
    held = true;
    return {
      release() {
        held = false;
      },
    };
  };
}
