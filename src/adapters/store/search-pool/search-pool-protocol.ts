/**
 * What the search pool (search-pool.ts) and its workers (search-pool-worker.ts) say to each other:
 * a request names a search or a digest selection and its arguments; the answer is its outcome, or
 * the error, with a UserError's code and hint kept so the dispatcher still shows the reader how to
 * fix the query. Everything here is structured-cloneable.
 */
import type { UserErrorCode } from '../../../core/errors.ts';
import type { Paper } from '../../../core/paper.ts';
import type { DigestSelection } from '../../../core/digest/select-digest.ts';
import type { SearchOutcome } from '../../../core/search/paper-search.ts';
import type { SearchQuery } from '../../../core/search/search-query.ts';
import type { ChannelSettings, Subscription } from '../../../core/subscriptions/subscription-ports.ts';

/** The arguments of selectDigest (core/digest/select-digest.ts) besides its stores. */
export interface DigestSelectionCall {
  method: 'selectDigest';
  channel: ChannelSettings;
  subscriptions: Subscription[];
  now: Date;
  throughSeq: number;
  alsoLike?: number;
}

/** Workers search without the did-you-mean: the one vocabulary lives on the main thread (search-pool.ts). */
export type PoolCall =
  | { method: 'searchText'; text: string; limit: number }
  | { method: 'search'; query: SearchQuery; limit: number }
  | { method: 'similarTo'; paper: Paper; limit: number }
  | DigestSelectionCall;

export interface PoolRequest {
  id: number;
  call: PoolCall;
}

export type PoolResult = SearchOutcome | DigestSelection;

export type PoolAnswer =
  | { id: number; ok: true; result: PoolResult }
  | { id: number; ok: false; userError: { code: UserErrorCode; message: string; hint: string | null } | null; message: string; stack: string | undefined };

export interface SearchWorkerData {
  databasePath: string;
  /** SQLite's page cache of the worker's connection, in KB. */
  pageCacheKb: number;
}
