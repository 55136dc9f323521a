import type { Config } from '../../config.ts';
import type { PaperAuthorId } from '../../core/paper-source.ts';
import type { PaperInput } from '../../core/paper.ts';
import type { IdentifiedAuthor } from '../sources/paper-author.ts';
import { fetchOpenAlexWorks } from '../sources/openalex-client.ts';
import { fetchS2AuthorPapers } from '../sources/semantic-scholar-client.ts';
import type { SourceClients } from '../sources/source-clients.ts';

/** Pages of an author's papers read at most: 500 papers from Semantic Scholar, 1,000 works from OpenAlex. */
export const MAX_AUTHOR_PAGES = 5;

/** A paper of the author with their place in its author list and the spellings the source gave there. */
export interface AuthoredPaper {
  paperId: string;
  position: number;
  names: string[];
}

/** What a source lists for one author id. */
export interface AuthorPapers {
  /** The author's papers that have arXiv ids: the store's papers are arXiv papers, and so are the digests. */
  papers: PaperInput[];
  /** Every id the source gives for any author of those papers (co-authors too: a later follow of them finds these). */
  authorIds: PaperAuthorId[];
  /** The author's own place on each of those papers. */
  authored: AuthoredPaper[];
}

/** Where an author id is asked for: Semantic Scholar for `s2:<id>`, OpenAlex for `A…` ids and ORCID iDs. */
export function isOrcid(externalId: string): boolean {
  return /^\d{4}-/.test(externalId);
}

/**
 * Reads an author's papers from the index that issued the id (`externalId` as `follow`
 * normalises it), every page up to {@link MAX_AUTHOR_PAGES}. Throws when the source fails;
 * an author the source does not know has no papers.
 */
export async function fetchAuthorPapers(deps: { config: Config; clients: SourceClients }, externalId: string): Promise<AuthorPapers> {
  const { config, clients } = deps;
  const result: AuthorPapers = { papers: [], authorIds: [], authored: [] };
  const take = (pagePapers: ReadonlyArray<PaperInput & { identifiedAuthors: IdentifiedAuthor[]; authorDetails?: unknown }>) => {
    for (const { identifiedAuthors: authors, authorDetails: _details, ...paper } of pagePapers) {
      if (paper.id.includes(':')) continue;
      const position = authors.findIndex((author) => author.ids.includes(externalId));
      if (position < 0) continue;
      result.papers.push(paper);
      result.authored.push({ paperId: paper.id, position, names: authors[position]!.names });
      for (const author of authors) for (const id of author.ids) result.authorIds.push({ paperId: paper.id, externalId: id });
    }
  };
  if (externalId.startsWith('s2:')) {
    const endpoint = { client: clients.semanticScholar, baseUrl: config.S2_API_URL, apiKey: config.S2_API_KEY };
    let offset: number | null = 0;
    for (let pages = 0; offset !== null && pages < MAX_AUTHOR_PAGES; pages++) {
      const page = await fetchS2AuthorPapers(endpoint, externalId.slice(3), offset);
      if (page === null) break;
      take(page.papers);
      offset = page.next;
    }
    return result;
  }
  const endpoint = { client: clients.openAlex, baseUrl: config.OPENALEX_API_URL, apiKey: config.OPENALEX_API_KEY };
  const filter = isOrcid(externalId) ? `authorships.author.orcid:${externalId}` : `authorships.author.id:${externalId}`;
  let cursor: string | null = '*';
  for (let pages = 0; cursor !== null && pages < MAX_AUTHOR_PAGES; pages++) {
    const page = await fetchOpenAlexWorks(endpoint, filter, cursor);
    if (page === null) break;
    take(page.papers);
    cursor = page.nextCursor;
  }
  return result;
}
