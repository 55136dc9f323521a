/**
 * The ingest schedule's claims and run lock on SQLite. A claim is a row of ingest_schedule_claims:
 * the insert that lands claims the firing, one that conflicts does not (ON CONFLICT DO NOTHING,
 * https://www.sqlite.org/lang_upsert.html), so two processes on one store never both run a firing.
 */
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { and, desc, eq } from 'drizzle-orm';
import type { Synchronous } from '../../core/awaitable.ts';
import type { Db } from '../store/open-database.ts';
import { ingestLocks, ingestScheduleClaims } from '../store/schema.ts';
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

/** A lock row older than this is taken for abandoned whoever holds it: longer than any backfill run. */
const LOCK_STALE_MS = 24 * 60 * 60_000;

const LOCK_NAME = 'ingest';

/**
 * Whether the process a lock row names may still run: on this host, whether its pid exists
 * (signal 0 only checks: https://nodejs.org/api/process.html#processkillpid-signal); on another
 * host (a store on a shared disk) it cannot be checked, so it counts as running until the row is stale.
 */
function holderAlive(holder: string): boolean {
  const [host, pidText] = holder.split(':');
  const pid = Number(pidText);
  if (host !== hostname() || !Number.isInteger(pid)) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists under another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Names one lock taker: host, pid (what the liveness check reads) and a token of its own, so that
 * two stores opened in one process (tests, a CLI beside an app) exclude each other as processes do.
 */
export function sqliteLockHolder(): string {
  return `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
}

/**
 * The run lock on SQLite: a row of ingest_locks, taken in an IMMEDIATE transaction so two
 * processes cannot both find it free. SQLite has no lock that ends with its holder, so a row whose
 * process is gone (this host, no such pid) or older than a day counts as free: a `paperboy ingest`
 * killed mid-run does not block the next run. `holder` names this taker (sqliteLockHolder); a flag
 * keeps a second run of the same taker out.
 */
export function createSqliteRunLock(db: Db, holder: string, now: () => Date = () => new Date()): () => Synchronous<IngestRunLock> | null {
  let held = false;
  const take = (): boolean =>
    db.transaction(
      (tx) => {
        const row = tx.select().from(ingestLocks).where(eq(ingestLocks.name, LOCK_NAME)).get();
        const at = now();
        if (row && row.holder !== holder && holderAlive(row.holder) && Date.parse(row.acquiredAt) > at.getTime() - LOCK_STALE_MS) return false;
        const fields = { holder, acquiredAt: at.toISOString() };
        tx.insert(ingestLocks).values({ name: LOCK_NAME, ...fields }).onConflictDoUpdate({ target: ingestLocks.name, set: fields }).run();
        return true;
      },
      { behavior: 'immediate' },
    );
  return () => {
    if (held || !take()) return null;
    held = true;
    return {
      release() {
        held = false;
        db.delete(ingestLocks).where(and(eq(ingestLocks.name, LOCK_NAME), eq(ingestLocks.holder, holder))).run();
      },
    };
  };
}
