import type { AuthorCandidate } from './author-candidate.ts';
import type { PoliteHttpClient } from './http-client.ts';
import { parseS2AuthorPapers, parseS2AuthorSearch, parseS2Error, type S2Paper } from './parse-semantic-scholar.ts';
import { sourceUrl } from './source-url.ts';

/** Papers per `/author/{id}/papers` page, the API's maximum. */
export const S2_PAGE_SIZE = 100;
/** Fields the paper parser reads; Semantic Scholar returns only the fields asked for. */
const PAPER_FIELDS = 'paperId,externalIds,url,title,abstract,year,publicationDate,journal,authors,openAccessPdf';
const AUTHOR_FIELDS = 'authorId,name,aliases,affiliations,paperCount,citationCount,hIndex,externalIds,papers.title,papers.year,papers.publicationDate,papers.externalIds';

export interface S2Endpoint {
  client: PoliteHttpClient;
  /** S2_API_URL, e.g. https://api.semanticscholar.org/graph/v1/ */
  baseUrl: string;
  /** S2_API_KEY: a key gets its own 1 request/s instead of the shared pool. */
  apiKey?: string | undefined;
}

/** One page of an author's papers, each with its identified authors. */
export interface S2AuthorPapersPage {
  papers: S2Paper[];
  next: number | null;
}

/** One page of `/author/{id}/papers`; null when Semantic Scholar does not know the author. */
export async function fetchS2AuthorPapers(endpoint: S2Endpoint, authorId: string, offset: number): Promise<S2AuthorPapersPage | null> {
  const url = sourceUrl(endpoint.baseUrl, `author/${encodeURIComponent(authorId)}/papers`, { fields: PAPER_FIELDS, offset, limit: S2_PAGE_SIZE });
  const body = await getJson(endpoint, url);
  if (body === null) return null;
  const result = parseS2AuthorPapers(body);
  if (result.kind === 'error') throw new Error(`Semantic Scholar error: ${result.message}`);
  if (result.kind === 'malformed') throw new Error(`Semantic Scholar answer is malformed: ${result.message}`);
  return { papers: result.papers, next: result.next };
}

/** Authors matching a name, as candidates with the evidence that tells namesakes apart. */
export async function searchS2Authors(endpoint: S2Endpoint, name: string, limit: number): Promise<AuthorCandidate[]> {
  const body = await getJson(endpoint, sourceUrl(endpoint.baseUrl, 'author/search', { query: name, fields: AUTHOR_FIELDS, limit }));
  if (body === null) return [];
  const result = parseS2AuthorSearch(body);
  if (result.kind === 'error') throw new Error(`Semantic Scholar error: ${result.message}`);
  if (result.kind === 'malformed') throw new Error(`Semantic Scholar answer is malformed: ${result.message}`);
  return result.authors;
}

// The body of a successful answer, null for a 404; throws for anything else.
async function getJson(endpoint: S2Endpoint, url: string): Promise<string | null> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (endpoint.apiKey) headers['x-api-key'] = endpoint.apiKey;
  const response = await endpoint.client.get(url, { headers });
  if (response.status === 200) return response.body;
  const error = parseS2Error(response.status, response.body);
  if (error?.reason === 'not-found') return null;
  throw new Error(`Semantic Scholar answered HTTP ${response.status}: ${error?.message ?? 'no details'}`);
}
