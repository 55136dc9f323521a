/**
 * Request bookings on PostgreSQL (issue 21): every replica's source clients book their starts in
 * `request_spacing`, one row per rate-limit domain, so arXiv's one request per 3 s holds across
 * replicas as it holds across processes on one SQLite file (sqlite-request-spacing.ts).
 *
 * A booking is one statement: INSERT … ON CONFLICT DO UPDATE … RETURNING, which PostgreSQL runs
 * as an atomic insert-or-update of the domain's row, a concurrent booking waiting for the row
 * (https://www.postgresql.org/docs/15/sql-insert.html#SQL-ON-CONFLICT). The start follows
 * request-spacing.ts bookedStart, written in SQL: the previous booking's next start, or now when
 * the domain is free or its booking is stale (further ahead than a clock that went back explains).
 */
import type pg from 'pg';
import { performance } from 'node:perf_hooks';
import { STALE_BOOKING_MS, type RequestSpacing } from '../../sources/request-spacing.ts';

// $1 domain, $2 now (ms since the epoch), $3 interval, $4 STALE_BOOKING_MS. The stored value is
// the domain's next start; the booked start is that minus the interval.
const BOOK_SQL = `
INSERT INTO request_spacing AS s (domain, next_at) VALUES ($1, $2::bigint + $3::bigint)
ON CONFLICT (domain) DO UPDATE SET next_at =
  CASE WHEN s.next_at > $2::bigint + $3::bigint + $4::bigint THEN $2::bigint ELSE GREATEST($2::bigint, s.next_at) END + $3::bigint
RETURNING (s.next_at - $3::bigint)::float8 AS start`;

/**
 * How far past `now` a free domain's start is booked, at least and at most. The caller learns its
 * start only after the booking's round trip, and http-client.ts books again when it is past the
 * start by more than LATE_START_TOLERANCE_MS (50 ms): over a network a start of exactly `now`
 * would always be late. So a start is booked twice the last round trip ahead (SQLite, in process,
 * needs no lead).
 */
const MIN_LEAD_MS = 20;
const MAX_LEAD_MS = 2_000;
/** Before the first round trip is known. */
const FIRST_LEAD_MS = 100;

/** The bookings of every replica on this database, in `request_spacing` (the schema on the pool's search path). */
export function createPgRequestSpacing(pool: pg.Pool): RequestSpacing {
  let leadMs = FIRST_LEAD_MS;
  return {
    async book(domain, intervalMs, now) {
      const sent = performance.now();
      const { rows } = await pool.query<{ start: number }>(BOOK_SQL, [domain, Math.round(now() + leadMs), Math.round(intervalMs), STALE_BOOKING_MS]);
      leadMs = Math.min(MAX_LEAD_MS, Math.max(MIN_LEAD_MS, 2 * (performance.now() - sent)));
      return rows[0]!.start;
    },
  };
}
