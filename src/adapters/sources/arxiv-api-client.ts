import type { PoliteHttpClient } from './http-client.ts';
import { parseArxivAtom, type ArxivApiPaper } from './parse-arxiv-atom.ts';
import { sourceUrl } from './source-url.ts';
import { collapseWhitespace } from './text-cleanup.ts';

/** Ids per `id_list` request: enough to be efficient, short enough for any URL length limit. */
export const ARXIV_ID_LIST_BATCH = 100;
/** Results per search page; the API allows up to 2000 but answers large pages slowly. */
export const ARXIV_SEARCH_PAGE = 200;
/** arXiv asks that one query not page past about 30,000 results (https://info.arxiv.org/help/api/user-manual.html). */
export const ARXIV_SEARCH_MAX_RESULTS = 30_000;

/** The arXiv API refused the request itself (an id or query it cannot read), as opposed to failing. */
export class ArxivApiRejectedError extends Error {
  override readonly name = 'ArxivApiRejectedError';
}

/** One page of arXiv API search results. */
export interface ArxivSearchPage {
  papers: ArxivApiPaper[];
  totalResults: number;
  startIndex: number;
}

export interface ArxivSearchRequest {
  /** `search_query` syntax: `cat:cs.IR AND submittedDate:[202609010000 TO 202609242359]`. */
  query: string;
  start: number;
  maxResults: number;
  sortBy: 'relevance' | 'lastUpdatedDate' | 'submittedDate';
  sortOrder: 'ascending' | 'descending';
}

/**
 * Looks papers up by id (versionless ids give the latest version). Ids the API does not know are
 * simply absent from the result. Throws when the API fails or rejects an id.
 */
export async function lookupArxivIds(client: PoliteHttpClient, baseUrl: string, ids: readonly string[]): Promise<ArxivApiPaper[]> {
  if (ids.length === 0) return [];
  const page = await getAtom(client, sourceUrl(baseUrl, '', { id_list: ids.join(','), start: 0, max_results: ids.length }));
  return page.papers;
}

/** One page of an arXiv API search. Throws when the API fails or rejects the query. */
export function searchArxiv(client: PoliteHttpClient, baseUrl: string, request: ArxivSearchRequest): Promise<ArxivSearchPage> {
  return getAtom(
    client,
    sourceUrl(baseUrl, '', {
      search_query: request.query,
      start: request.start,
      max_results: request.maxResults,
      sortBy: request.sortBy,
      sortOrder: request.sortOrder,
    }),
  );
}

async function getAtom(client: PoliteHttpClient, url: string): Promise<ArxivSearchPage> {
  const response = await client.get(url, { headers: { accept: 'application/atom+xml' } });
  // A bad query comes back as HTTP 400 with an Atom feed whose one entry explains it.
  if (response.status !== 200 && response.status !== 400) {
    throw new Error(`arXiv API answered HTTP ${response.status}: ${collapseWhitespace(response.body).slice(0, 120)}`);
  }
  const result = parseArxivAtom(response.body);
  if (result.kind === 'error') throw new ArxivApiRejectedError(`arXiv API rejected the request: ${result.message}`);
  if (result.kind === 'malformed') throw new Error(`arXiv API answer is malformed: ${result.message}`);
  if (response.status !== 200) throw new Error(`arXiv API answered HTTP ${response.status}`);
  return { papers: result.papers, totalResults: result.totalResults, startIndex: result.startIndex };
}
