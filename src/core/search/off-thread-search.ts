/**
 * The port of searches and digest selection answered off the thread that talks to the chat
 * platforms (issue 19): PaperSearch and selectDigest as promises, so a serving process can answer
 * them from worker threads (src/adapters/store/search-pool) while its main thread keeps acking
 * Slack and Discord. Commands reach it through searchesOf (commands/command-services.ts).
 */
import type { DigestSelector } from '../digest/deliver-digest.ts';
import type { Paper } from '../paper.ts';
import type { SearchOutcome } from './paper-search.ts';
import type { SearchQuery } from './search-query.ts';

export interface OffThreadSearch {
  searchText(text: string, limit: number, options?: { withSuggestion?: boolean }): Promise<SearchOutcome>;
  search(query: SearchQuery, limit: number, options?: { withSuggestion?: boolean }): Promise<SearchOutcome>;
  similarTo(paper: Paper, limit: number): Promise<SearchOutcome>;
  /** A channel's digest selection with the app's own stores and learning. */
  selectDigest: DigestSelector;
}
