import type { Awaitable, Synchronous } from '../../core/awaitable.ts';

/**
 * Where the clients of one rate-limit domain book the start times of their requests. A polite
 * client books a start before each attempt and waits until it: the booking, not the client,
 * holds the spacing, so clients that share a booking place share the limit.
 */
export interface RequestSpacing {
  /**
   * Books the earliest start, now or later, that is at least `intervalMs` after the domain's
   * previous booking, and returns it (milliseconds since the epoch). `now` is read once the
   * booking place is this caller's (a store may first wait for its lock).
   */
  book(domain: string, intervalMs: number, now: () => number): Awaitable<number>;
}

/**
 * A booked start further ahead than this is taken for a clock that went back, not for a queue of
 * bookings: waiting it out could hold a source for hours. Far more than any queue of paperboy
 * processes asks (each books one interval ahead).
 */
export const STALE_BOOKING_MS = 60_000;

/** The start to book after `nextAt` (the domain's earliest next start, null: never booked). */
export function bookedStart(nextAt: number | null, intervalMs: number, now: number): number {
  if (nextAt === null || nextAt > now + intervalMs + STALE_BOOKING_MS) return now;
  return Math.max(now, nextAt);
}

/** Bookings kept in this process only: the clients made together share them (tests, and callers without a store). */
export function createMemoryRequestSpacing(): Synchronous<RequestSpacing> {
  const nextAt = new Map<string, number>();
  return {
    book(domain, intervalMs, now) {
      const start = bookedStart(nextAt.get(domain) ?? null, intervalMs, now());
      nextAt.set(domain, start + intervalMs);
      return start;
    },
  };
}
