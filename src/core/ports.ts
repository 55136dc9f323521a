/**
 * Ports: what the core needs from the outside, implemented by driven adapters
 * (the SQLite store, the paper sources, the chat posters).
 */
import type { Awaitable } from './awaitable.ts';
import type { Paper, PaperInput } from './paper.ts';
import type { PaperSearchAliases } from './search/search-aliases.ts';
import type { SearchQuery } from './search/search-query.ts';

/** How query terms combine: every term must match, or any one may. */
export type MatchMode = 'all' | 'any';

export interface PaperSearchRequest {
  query: SearchQuery;
  mode: MatchMode;
  limit: number;
  offset: number;
  /** Only papers whose store sequence is above `after` and at most `through` (digests: papers new since the last one). */
  seqRange?: { after: number; through: number };
}

export interface PaperSearchHit {
  paper: Paper;
  /** Text relevance, higher is better; 0 when the query had no words (filters only). */
  relevance: number;
}

export interface PaperSearchResult {
  hits: PaperSearchHit[];
  /**
   * Set when more papers matched than the store ranks: the hits are the best of this many newest
   * matches (newest by when the store first saw them). Null when every match was ranked.
   */
  rankedNewest: number | null;
  /** The full-text index is behind the papers: an import is being indexed, and what it added is not found yet. */
  indexing: boolean;
}

/**
 * How a bulk load's full-text index was built: deferred and rebuilt from the table once at its
 * end, or not deferred (kept row by row: the store held more than the load, or another process
 * was building the index).
 */
export type BulkLoadIndexing = 'rebuilt' | 'not-deferred';

/** Counts of an upsert batch. */
export interface UpsertSummary {
  inserted: number;
  updated: number;
  unchanged: number;
}

export interface PaperRepository {
  search(request: PaperSearchRequest): Awaitable<PaperSearchResult>;
  getPaper(id: string): Awaitable<Paper | null>;
  getPapers(ids: string[]): Awaitable<Paper[]>;
  /**
   * Inserts new papers and merges known ones (versions, categories, sources); idempotent.
   * `aliases`, in the order of `papers`, when a caller has already computed them (the snapshot
   * reader does, on its own thread); otherwise the store computes them.
   */
  upsertPapers(papers: PaperInput[], seenAt: string, aliases?: readonly PaperSearchAliases[]): Awaitable<UpsertSummary>;
  countPapers(): Awaitable<number>;
  /**
   * Starts a bulk load of about `expectedPapers` papers. When that is at least as many as the store
   * holds, the store's indexing is deferred to `finishBulkLoad`: building its indexes once is then
   * cheaper than keeping them current row by row. Returns whether it was deferred.
   */
  beginBulkLoad(expectedPapers: number): Awaitable<boolean>;
  /** Indexes what a deferred bulk load stored and returns to row-by-row indexing; safe to call either way. Says how it indexed. */
  finishBulkLoad(): Awaitable<BulkLoadIndexing>;
  /** A sample of distinct title words with their frequency, for did-you-mean suggestions. */
  titleVocabulary(maxPapers: number): Awaitable<Map<string, number>>;
}

/** The current time; injectable so schedules and tests agree on "now". */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };
