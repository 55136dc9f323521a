import type { PaperInput } from '../../core/paper.ts';
import { addDays } from './listing-days.ts';

/** A paper whose latest version is at most this many days old is news when the store first sees it. */
export const RECENT_PAPER_DAYS = 7;

/**
 * When the store first saw a paper decides which papers the API details pass looks up (those first
 * seen in the last days). A source that also brings old papers (a harvest range, a backfill,
 * a paper fetched on demand) must not make them look new, so a paper whose latest version is older
 * than {@link RECENT_PAPER_DAYS} counts as first seen on that version's day. The store only uses
 * this for papers it does not hold yet; known papers keep their time.
 */
export function withHistoricalFirstSeen(paper: PaperInput, today: string): PaperInput {
  const day = paper.updated ?? paper.published;
  if (day === null || isRecentPaper(paper, today)) return paper;
  return { ...paper, firstSeenAt: `${day}T00:00:00.000Z` };
}

/**
 * Whether a paper's latest version is at most {@link RECENT_PAPER_DAYS} old (undated: no). A
 * digest takes every paper the store added since the last one, whatever its date, so a source
 * that lists an author's whole back catalogue stores only these: the rest would reach every
 * channel whose topics they match as if they were new.
 */
export function isRecentPaper(paper: PaperInput, today: string): boolean {
  const day = paper.updated ?? paper.published;
  return day !== null && day >= addDays(today, -RECENT_PAPER_DAYS);
}
