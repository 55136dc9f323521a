import type { AuthorCandidate } from './author-candidate.ts';
import { HostUnreachableError, type PoliteHttpClient } from './http-client.ts';
import { parseOpenAlexAuthorSearch, parseOpenAlexResponse, parseOpenAlexWorks, type OpenAlexWork } from './parse-openalex.ts';
import { redactSecrets, sourceUrl } from './source-url.ts';

/** Works per `/works` page, the API's maximum. */
export const OPENALEX_PAGE_SIZE = 200;

export interface OpenAlexEndpoint {
  client: PoliteHttpClient;
  /** OPENALEX_API_URL, e.g. https://api.openalex.org/ */
  baseUrl: string;
  /** OPENALEX_API_KEY, sent as `api_key=` (required by OpenAlex from 2026-02-13 for more than a tiny allowance). */
  apiKey?: string | undefined;
}

/** One page of works, each with its identified authors. */
export interface OpenAlexWorksPage {
  papers: OpenAlexWork[];
  /** Cursor of the next page, null on the last. */
  nextCursor: string | null;
}

/**
 * One page of `/works?filter=…` with cursor paging (start with `*`); null when OpenAlex answers
 * 404. `filter` is OpenAlex filter syntax, e.g. `authorships.author.id:A5023888391`.
 */
export async function fetchOpenAlexWorks(endpoint: OpenAlexEndpoint, filter: string, cursor: string): Promise<OpenAlexWorksPage | null> {
  const json = await getJson(endpoint, 'works', { filter, per_page: OPENALEX_PAGE_SIZE, cursor });
  if (json === null) return null;
  const result = parseOpenAlexWorks(json);
  if (result.kind === 'malformed') throw new Error(`OpenAlex answer is malformed: ${result.message}`);
  // The last page still carries a cursor; a page with no works ends the list.
  const nextCursor = result.papers.length > 0 ? result.meta.nextCursor : null;
  return { papers: result.papers, nextCursor };
}

/** Authors matching a name, as candidates with the evidence that tells namesakes apart. */
export async function searchOpenAlexAuthors(endpoint: OpenAlexEndpoint, name: string, perPage: number): Promise<AuthorCandidate[]> {
  const json = await getJson(endpoint, 'authors', { search: name, per_page: perPage });
  if (json === null) return [];
  const result = parseOpenAlexAuthorSearch(json);
  if (result.kind === 'malformed') throw new Error(`OpenAlex answer is malformed: ${result.message}`);
  return result.authors;
}

// The parsed JSON of a successful answer, null for a 404; throws for anything else, with the key redacted.
async function getJson(endpoint: OpenAlexEndpoint, path: string, params: Record<string, string | number>): Promise<unknown> {
  const url = sourceUrl(endpoint.baseUrl, path, { ...params, api_key: endpoint.apiKey });
  let response;
  try {
    response = await endpoint.client.get(url, { headers: { accept: 'application/json' } });
  } catch (error) {
    // Still an unreachable host (offline) for callers that tell it apart, with the key out of its URL and no cause that holds it.
    if (error instanceof HostUnreachableError) throw new HostUnreachableError(redactSecrets(error.url), error.host, error.reason, error.attempts);
    throw new Error(redactSecrets(error instanceof Error ? error.message : String(error)));
  }
  const read = parseOpenAlexResponse(response.status, response.headers.get('content-type'), response.body);
  if (read.kind === 'ok') return read.json;
  if (read.kind === 'error' && read.reason === 'not-found') return null;
  throw new Error(`OpenAlex answered HTTP ${response.status}: ${read.message}`);
}
