import type Database from 'better-sqlite3';
import { bookedStart, createMemoryRequestSpacing, type RequestSpacing } from '../sources/request-spacing.ts';

/**
 * Request bookings in the store (table request_spacing), so every paperboy process on it shares
 * each source's limit: arXiv allows one request every 3 s from a client, whether it comes from
 * the bot's scheduler, a /papers follow or a `paperboy ingest` typed meanwhile. A booking is a
 * write transaction begun IMMEDIATE: two processes cannot read the same next start.
 */
export function createSqliteRequestSpacing(sqlite: Database.Database): RequestSpacing {
  const read = sqlite.prepare<[string], number>('SELECT next_at FROM request_spacing WHERE domain = ?').pluck();
  const write = sqlite.prepare<[string, number]>(
    'INSERT INTO request_spacing (domain, next_at) VALUES (?, ?) ON CONFLICT (domain) DO UPDATE SET next_at = excluded.next_at',
  );
  const book = sqlite.transaction((domain: string, intervalMs: number, now: number): number => {
    const start = bookedStart(read.get(domain) ?? null, intervalMs, now);
    write.run(domain, start + intervalMs);
    return start;
  });
  // When the store stays locked past its busy timeout (an import's final index build holds it for
  // seconds to a minute), a request is not failed for want of a booking: this process then spaces
  // its own requests, as it did before bookings were shared.
  const ownSpacing = createMemoryRequestSpacing();
  return {
    book(domain, intervalMs, now) {
      try {
        const start = book.immediate(domain, intervalMs, now);
        ownSpacing.book(domain, intervalMs, start);
        return start;
      } catch (error) {
        if ((error as { code?: string }).code !== 'SQLITE_BUSY') throw error;
        return ownSpacing.book(domain, intervalMs, now);
      }
    },
  };
}
