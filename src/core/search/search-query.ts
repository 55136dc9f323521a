/** A parsed search query: what the user asked for, independent of any index syntax. */

/** One query term: matches when any alternative (a token sequence, i.e. a phrase) matches. */
export interface QueryTerm {
  /** The term as the user typed it, for messages ("cold-start"). */
  label: string;
  /** Token sequences; a one-token sequence is a word. */
  alternatives: string[][];
  /** The user quoted it: it must match as a phrase, stopwords included. */
  quoted: boolean;
  /**
   * Alternatives from this index on are related phrases, not spellings of what was typed
   * ("zero shot" for "cold start"): papers matching only those rank a little lower.
   */
  relatedFrom?: number;
}

/** How results are ordered (`sort:` in a query, `--sort` on the command line); the first is the default. */
export const SORT_ORDERS = ['relevance', 'new', 'top'] as const;

export type SortOrder = (typeof SORT_ORDERS)[number];

export function isSortOrder(value: string): value is SortOrder {
  return (SORT_ORDERS as readonly string[]).includes(value);
}

/** The sort orders as a reader is offered them: "relevance, new or top", or with a prefix "sort:relevance, sort:new or sort:top". */
export function sortOrderChoices(prefix = ''): string {
  const named = SORT_ORDERS.map((order) => `${prefix}${order}`);
  return `${named.slice(0, -1).join(', ')} or ${named.at(-1)!}`;
}

/** An arXiv category or archive, lowercase: q-bio.NC is {archive: "q-bio", subject: "nc"}. */
export interface CategoryFilter {
  archive: string;
  subject: string | null;
}

export interface SearchQuery {
  terms: QueryTerm[];
  excluded: QueryTerm[];
  /** Author names, each token list matched as a phrase in the author list. */
  authors: string[][];
  /** cat: filters: cs.IR is {archive: "cs", subject: "ir"}; cs alone, the whole archive. */
  categories: CategoryFilter[];
  /** Earliest publication date, YYYY-MM-DD. */
  since: string | null;
  sort: SortOrder;
  /** 1-based results page. */
  page: number;
  /** The query normalised back to text, for replies and "More results" buttons. */
  text: string;
}

/** True when the query has nothing to search or filter by. */
export function isEmptyQuery(query: SearchQuery): boolean {
  return (
    query.terms.length === 0 && query.authors.length === 0 && query.categories.length === 0 && query.since === null
  );
}

/** A query with nothing in it yet, for parsers and for queries built in code. */
export function emptySearchQuery(): SearchQuery {
  return { terms: [], excluded: [], authors: [], categories: [], since: null, sort: 'relevance', page: 1, text: '' };
}
