import type { ChannelPolicy } from '../core/channel-policy.ts';
import type { DigestService } from '../core/digest/digest-service.ts';
import type { IngestStatusReader } from '../core/paper-source.ts';
import type { PaperRepository } from '../core/ports.ts';
import type { AuthorDirectory, AuthorLinker, SubscriptionStore } from '../core/subscriptions/subscription-ports.ts';
import type { AuthorNameIndex } from '../core/subscriptions/author-name-index.ts';
import type { ArxivPaperFetch } from './definitions/paper-command.ts';
import type { PaperSearch } from '../core/search/paper-search.ts';
import type { OffThreadSearch } from '../core/search/off-thread-search.ts';
import { selectDigest } from '../core/digest/select-digest.ts';
import type { ChannelLearning } from '../core/learning/channel-learning.ts';
import type { RecapSettings } from '../core/digest/recap-ports.ts';

export type { OffThreadSearch } from '../core/search/off-thread-search.ts';

/** The core services command handlers call. */
export interface CommandServices {
  search: PaperSearch;
  /** The same searches and digest selection off the chat thread: `serve`'s pool of workers (src/adapters/store/search-pool); absent, in-process. */
  searchPool?: OffThreadSearch | null;
  papers: PaperRepository;
  channels: ChannelPolicy;
  /** Results per page in chat replies. */
  resultsPerPage: number;
  subscriptions: SubscriptionStore;
  authors: AuthorDirectory;
  /** Author names by their beginning, offered while someone types a name to follow. */
  authorNames: AuthorNameIndex;
  /** Resolves external author ids through Semantic Scholar / OpenAlex; null when not configured. */
  authorLinker: AuthorLinker | null;
  digests: DigestService;
  /** Time zone of channels that never set one. */
  defaultTimeZone: string;
  /** Where each paper source stands, for /papers status. */
  sourceStatus: IngestStatusReader;
  /** Fetches an arXiv paper the store lacks (one request, shared spacing); null offline or in tests. */
  fetchArxivPaper?: ArxivPaperFetch | null;
  /** What each channel taught paperboy: its ratings, saves and model (issue 20). */
  learning: ChannelLearning;
  /** Which channels get a weekly recap of their most-liked papers, and on which day. */
  recaps: RecapSettings;
  /**
   * Writes an exported file (a reading list's bibliography) beside the store and returns its
   * path: what the console answers. Chat platforms get the file as an attachment instead.
   */
  writeExportFile(name: string, content: string): string;
  /** What to tell a chat user about a failure of the store itself (full, read-only, damaged, deleted), or null for any other error. */
  describeStoreFailure(error: unknown): string | null;
}

/** The pool when the app runs one, else the same calls on this thread (one-shot CLI commands, tests). */
export function searchesOf(services: CommandServices): OffThreadSearch {
  if (services.searchPool) return services.searchPool;
  const { search, papers, subscriptions: store, authors, learning } = services;
  return {
    searchText: async (text, limit, options) => search.searchText(text, limit, options),
    search: async (query, limit, options) => search.search(query, limit, options),
    similarTo: async (paper, limit) => search.similarTo(paper, limit),
    selectDigest: async (channel, subscriptions, now, throughSeq, alsoLike) => selectDigest({ papers, store, authors, learning }, channel, subscriptions, now, throughSeq, alsoLike),
  };
}
