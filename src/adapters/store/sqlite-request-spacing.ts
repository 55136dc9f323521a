import type Database from 'better-sqlite3';
import type { Synchronous } from '../../core/awaitable.ts';
import { eq, sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { bookedStart, createMemoryRequestSpacing, type RequestSpacing } from '../sources/request-spacing.ts';
import * as schema from './schema.ts';
import { requestSpacing } from './schema.ts';

/**
 * How long a booking waits for the store's write lock. A booking runs on the thread that serves
 * chat, so it must not wait out the store's 5 s busy timeout: an import's final index build holds
 * the lock from seconds to a minute.
 */
const BOOKING_BUSY_TIMEOUT_MS = 250;

/** After the store was too busy to book, this process books on its own for this long before trying the store again. */
const STORE_RETRY_AFTER_MS = 10_000;

/**
 * Request bookings in the store (table request_spacing), so every paperboy process on it shares
 * each source's limit: arXiv allows one request every 3 s from a client, whether it comes from
 * the bot's scheduler, a /papers follow or a `paperboy ingest` typed meanwhile. A booking is a
 * write transaction begun IMMEDIATE: two processes cannot read the same next start. It takes the
 * connection, not the drizzle handle, because it lowers the connection's busy timeout for a booking.
 */
export function createSqliteRequestSpacing(sqlite: Database.Database): Synchronous<RequestSpacing> {
  const db = drizzle(sqlite, { schema });
  const read = db
    .select({ nextAt: requestSpacing.nextAt })
    .from(requestSpacing)
    .where(eq(requestSpacing.domain, sql.placeholder('domain')))
    .prepare();
  const write = db
    .insert(requestSpacing)
    .values({ domain: sql.placeholder('domain'), nextAt: sql.placeholder('nextAt') })
    // drizzle names no `excluded` row: the upsert's new value is a SQL fragment.
    .onConflictDoUpdate({ target: requestSpacing.domain, set: { nextAt: sql`excluded.next_at` } })
    .prepare();
  const bookInStore = (domain: string, intervalMs: number, now: () => number): number =>
    db.transaction(
      () => {
        const start = bookedStart(read.get({ domain })?.nextAt ?? null, intervalMs, now());
        write.run({ domain, nextAt: start + intervalMs });
        return start;
      },
      { behavior: 'immediate' },
    );
  // When the store stays locked, a request is not failed for want of a booking: this process
  // spaces its own requests, as it did before bookings were shared. Those bookings are not in the
  // store, so just after the lock is released another process may start up to one interval early.
  const ownSpacing = createMemoryRequestSpacing();
  let storeBusyUntil = 0;
  return {
    book(domain, intervalMs, now) {
      if (now() < storeBusyUntil) return ownSpacing.book(domain, intervalMs, now);
      const busyTimeout = sqlite.pragma('busy_timeout', { simple: true }) as number;
      sqlite.pragma(`busy_timeout = ${BOOKING_BUSY_TIMEOUT_MS}`);
      try {
        const start = bookInStore(domain, intervalMs, now);
        ownSpacing.book(domain, intervalMs, () => start);
        return start;
      } catch (error) {
        if (!String((error as { code?: unknown }).code).startsWith('SQLITE_BUSY')) throw error;
        storeBusyUntil = now() + STORE_RETRY_AFTER_MS;
        return ownSpacing.book(domain, intervalMs, now);
      } finally {
        sqlite.pragma(`busy_timeout = ${busyTimeout}`);
      }
    },
  };
}
