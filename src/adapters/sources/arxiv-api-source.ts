import type { Awaitable } from '../../core/awaitable.ts';
import type { PaperSource, SourcePage } from '../../core/paper-source.ts';
import type { Clock } from '../../core/ports.ts';
import { ARXIV_ID_LIST_BATCH, ARXIV_SEARCH_MAX_RESULTS, ARXIV_SEARCH_PAGE, lookupArxivIds, searchArxiv } from './arxiv-api-client.ts';
import { splitAuthorDetails } from './author-details.ts';
import { withHistoricalFirstSeen } from './first-seen.ts';
import type { PoliteHttpClient } from './http-client.ts';
import { ARXIV_TIME_ZONE, dayIn } from './listing-days.ts';

/** A stored paper that still lacks what only the API (or OAI-PMH) gives: comments, affiliations, journal refs. */
export interface PaperNeedingDetails {
  /** The store's row number: the lookup pass resumes after it. */
  seq: number;
  id: string;
}

export interface ArxivDetailsSourceOptions {
  client: PoliteHttpClient;
  /** ARXIV_API_URL, e.g. https://export.arxiv.org/api/query */
  baseUrl: string;
  /** Papers needing details with a row number above `afterSeq`, in row order. */
  papersNeedingDetails(afterSeq: number, limit: number): Awaitable<PaperNeedingDetails[]>;
}

/**
 * Fills in what daily listings and Hugging Face lack by looking their papers up on the arXiv API
 * by `id_list`, a batch per page. The cursor is the last row looked up, so a stopped pass resumes
 * where it stopped; a finished pass clears it, and the next run retries ids the API did not have.
 */
export function createArxivDetailsSource(options: ArxivDetailsSourceOptions): PaperSource {
  const { client, baseUrl } = options;
  return {
    name: 'arxiv-api',
    async *fetch(cursor, signal): AsyncGenerator<SourcePage> {
      let afterSeq = cursor !== null && /^\d+$/.test(cursor) ? Number(cursor) : 0;
      for (;;) {
        signal?.throwIfAborted();
        const batch = await options.papersNeedingDetails(afterSeq, ARXIV_ID_LIST_BATCH);
        if (batch.length === 0) {
          yield { papers: [], cursor: null };
          return;
        }
        const found = await lookupArxivIds(client, baseUrl, batch.map((paper) => paper.id));
        afterSeq = batch[batch.length - 1]!.seq;
        yield { ...splitAuthorDetails(found), cursor: String(afterSeq) };
      }
    },
  };
}

export interface ArxivSearchSourceOptions {
  client: PoliteHttpClient;
  baseUrl: string;
  category: string;
  /** First submission day (YYYY-MM-DD) to fetch. */
  since: string;
  clock: Clock;
}

interface SearchCursor {
  from: string;
  until: string;
  start: number;
}

/**
 * Backfills a category from a day on through the arXiv API search (`cat:` and a `submittedDate`
 * range, oldest first), which the daily listings cannot do. The cursor holds the range and the
 * offset reached, so an interrupted backfill resumes at the page it stopped at. Backfilled papers
 * count as first seen on their own day, so digests do not take them for news.
 */
export function createArxivSearchSource(options: ArxivSearchSourceOptions): PaperSource {
  const { client, baseUrl, category, since, clock } = options;
  return {
    name: `arxiv-api:${category}`,
    async *fetch(cursor, signal): AsyncGenerator<SourcePage> {
      const today = dayIn(clock.now(), ARXIV_TIME_ZONE);
      const resumed = readSearchCursor(cursor);
      const state: SearchCursor = resumed && resumed.from === since ? resumed : { from: since, until: today, start: 0 };
      const query = `cat:${category} AND submittedDate:[${compact(state.from)}0000 TO ${compact(state.until)}2359]`;
      for (;;) {
        signal?.throwIfAborted();
        const page = await searchArxiv(client, baseUrl, {
          query,
          start: state.start,
          maxResults: ARXIV_SEARCH_PAGE,
          sortBy: 'submittedDate',
          sortOrder: 'ascending',
        });
        state.start += page.papers.length;
        const done = page.papers.length === 0 || state.start >= Math.min(page.totalResults, ARXIV_SEARCH_MAX_RESULTS);
        const details = splitAuthorDetails(page.papers);
        yield {
          papers: details.papers.map((paper) => withHistoricalFirstSeen(paper, today)),
          affiliations: details.affiliations,
          cursor: done ? null : JSON.stringify(state),
        };
        if (done) return;
      }
    },
  };
}

function readSearchCursor(cursor: string | null): SearchCursor | null {
  if (cursor === null) return null;
  try {
    const value = JSON.parse(cursor) as Partial<SearchCursor>;
    if (typeof value.from === 'string' && typeof value.until === 'string' && typeof value.start === 'number') {
      return { from: value.from, until: value.until, start: value.start };
    }
  } catch {
    // A cursor from another version of paperboy: start the range over; the store merges repeats.
  }
  return null;
}

// 2026-09-01 → 20260901, the API's date syntax.
function compact(day: string): string {
  return day.replaceAll('-', '');
}
