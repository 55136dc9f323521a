import { z } from 'zod';
import { arxivAbsUrl, arxivPdfUrl, findCodeUrl, parseArxivId } from '../../core/paper.ts';
import type { PaperInput } from '../../core/paper.ts';
import { bareOrcid, distinctAliases } from './author-candidate.ts';
import type { AuthorCandidate } from './author-candidate.ts';
import { arxivIdFromDoi, publisherDoi } from './doi.ts';
import { formatJournalRef } from './journal-ref.ts';
import { checkJsonShape, readJsonBody } from './json-body.ts';
import type { IdentifiedAuthor, PaperAuthor } from './paper-author.ts';
import { collapseWhitespace, distinctTexts, isoDatePrefix } from './text-cleanup.ts';

/** What kind of failure an OpenAlex error response reports. */
export type OpenAlexErrorReason = 'not-found' | 'rate-limited' | 'bad-request' | 'forbidden' | 'server' | 'other';

/** An OpenAlex response body read according to its status and content type. */
export type OpenAlexResponse =
  | { kind: 'ok'; json: unknown }
  | { kind: 'error'; reason: OpenAlexErrorReason; status: number; message: string }
  | { kind: 'malformed'; message: string };

/** A work from OpenAlex, with each author's institutions and ids alongside the store's shape (same order). */
export type OpenAlexWork = PaperInput & { authorDetails: PaperAuthor[]; identifiedAuthors: IdentifiedAuthor[] };

/** The paging part of an OpenAlex list envelope. */
export interface OpenAlexMeta {
  count: number | null;
  page: number | null;
  perPage: number | null;
  /** Cursor for the next page when the request used `cursor=`; null on the last page or with `page=`. */
  nextCursor: string | null;
}

/** One page of `/works`. */
export type OpenAlexWorksResult =
  | { kind: 'ok'; papers: OpenAlexWork[]; meta: OpenAlexMeta }
  | { kind: 'malformed'; message: string };

/** One work (`/works/W…` or `/works/https://doi.org/…`). */
export type OpenAlexWorkResult = { kind: 'ok'; paper: OpenAlexWork } | { kind: 'malformed'; message: string };

/** One author (`/authors/A…`). */
export type OpenAlexAuthorResult = { kind: 'ok'; author: AuthorCandidate } | { kind: 'malformed'; message: string };

/** One page of `/authors?search=…`. */
export type OpenAlexAuthorSearchResult =
  | { kind: 'ok'; authors: AuthorCandidate[]; meta: OpenAlexMeta }
  | { kind: 'malformed'; message: string };

const metaSchema = z.object({
  count: z.number().nullish(),
  page: z.number().nullish(),
  per_page: z.number().nullish(),
  next_cursor: z.string().nullish(),
});

const locationSchema = z.object({
  landing_page_url: z.string().nullish(),
  pdf_url: z.string().nullish(),
  source: z.object({ display_name: z.string().nullish(), type: z.string().nullish() }).nullish(),
});

const workSchema = z.object({
  id: z.string(),
  doi: z.string().nullish(),
  title: z.string().nullish(),
  display_name: z.string().nullish(),
  publication_date: z.string().nullish(),
  primary_location: locationSchema.nullish(),
  authorships: z
    .array(
      z.object({
        author: z.object({ id: z.string().nullish(), display_name: z.string().nullish(), orcid: z.string().nullish() }).nullish(),
        raw_author_name: z.string().nullish(),
        institutions: z.array(z.object({ display_name: z.string().nullish() })).nullish(),
        raw_affiliation_strings: z.array(z.string()).nullish(),
      }),
    )
    .nullish(),
  biblio: z
    .object({
      volume: z.string().nullish(),
      issue: z.string().nullish(),
      first_page: z.string().nullish(),
      last_page: z.string().nullish(),
    })
    .nullish(),
  abstract_inverted_index: z.record(z.string(), z.array(z.number())).nullish(),
});
type OpenAlexWorkJson = z.output<typeof workSchema>;

const institutionSchema = z.object({ display_name: z.string().nullish() });

const authorSchema = z.object({
  id: z.string(),
  display_name: z.string(),
  display_name_alternatives: z.array(z.string()).nullish(),
  orcid: z.string().nullish(),
  works_count: z.number().nullish(),
  cited_by_count: z.number().nullish(),
  summary_stats: z.object({ h_index: z.number().nullish() }).nullish(),
  last_known_institutions: z.array(institutionSchema).nullish(),
  affiliations: z.array(z.object({ institution: institutionSchema.nullish(), years: z.array(z.number()).nullish() })).nullish(),
});

const worksPageSchema = z.object({ meta: metaSchema.nullish(), results: z.array(workSchema) });
const authorsPageSchema = z.object({ meta: metaSchema.nullish(), results: z.array(authorSchema) });
const errorBodySchema = z.object({ error: z.string().nullish(), message: z.string().nullish() });

/**
 * Reads an OpenAlex response by status and content type before any JSON parsing: an unknown id
 * or DOI can come back as a 404 with an HTML page, not JSON.
 */
export function parseOpenAlexResponse(status: number, contentType: string | null, body: string): OpenAlexResponse {
  const isJson = /\bjson\b/i.test(contentType ?? '') || /^\s*[{[]/.test(body);
  if (status >= 200 && status < 300) {
    if (!isJson) return { kind: 'malformed', message: `expected JSON, got ${contentType ?? 'no content type'}` };
    const json = readJsonBody(body);
    return json.kind === 'ok' ? { kind: 'ok', json: json.data } : json;
  }
  return { kind: 'error', reason: reasonOf(status), status, message: errorMessage(status, body, isJson) };
}

/** Parses a `/works` list page (raw text or parsed JSON). */
export function parseOpenAlexWorks(body: unknown): OpenAlexWorksResult {
  const json = readJsonBody(body);
  if (json.kind === 'malformed') return json;
  const checked = checkJsonShape(worksPageSchema, json.data, 'an OpenAlex works page');
  if (checked.kind === 'malformed') return checked;
  return { kind: 'ok', papers: checked.data.results.map(toPaper), meta: toMeta(checked.data.meta) };
}

/** Parses a single work (raw text or parsed JSON). */
export function parseOpenAlexWork(body: unknown): OpenAlexWorkResult {
  const json = readJsonBody(body);
  if (json.kind === 'malformed') return json;
  const checked = checkJsonShape(workSchema, json.data, 'an OpenAlex work');
  if (checked.kind === 'malformed') return checked;
  return { kind: 'ok', paper: toPaper(checked.data) };
}

/** Parses a single author (raw text or parsed JSON) into an author candidate. */
export function parseOpenAlexAuthor(body: unknown): OpenAlexAuthorResult {
  const json = readJsonBody(body);
  if (json.kind === 'malformed') return json;
  const checked = checkJsonShape(authorSchema, json.data, 'an OpenAlex author');
  if (checked.kind === 'malformed') return checked;
  return { kind: 'ok', author: toAuthorCandidate(checked.data) };
}

/** Parses an `/authors` list page (raw text or parsed JSON) into author candidates. */
export function parseOpenAlexAuthorSearch(body: unknown): OpenAlexAuthorSearchResult {
  const json = readJsonBody(body);
  if (json.kind === 'malformed') return json;
  const checked = checkJsonShape(authorsPageSchema, json.data, 'an OpenAlex authors page');
  if (checked.kind === 'malformed') return checked;
  return { kind: 'ok', authors: checked.data.results.map(toAuthorCandidate), meta: toMeta(checked.data.meta) };
}

/** Rebuilds an abstract from OpenAlex's word → positions index. */
export function rebuildInvertedAbstract(index: Readonly<Record<string, readonly number[]>>): string {
  const words: string[] = [];
  for (const [word, positions] of Object.entries(index)) {
    for (const position of positions) words[position] = word;
  }
  // Positions the index skips leave holes; dropping them keeps the text readable.
  return words.filter((word) => word !== undefined).join(' ');
}

function reasonOf(status: number): OpenAlexErrorReason {
  if (status === 404) return 'not-found';
  if (status === 429) return 'rate-limited';
  if (status === 400) return 'bad-request';
  if (status === 401 || status === 403) return 'forbidden';
  if (status >= 500) return 'server';
  return 'other';
}

function errorMessage(status: number, body: string, isJson: boolean): string {
  if (isJson) {
    const json = readJsonBody(body);
    const checked = json.kind === 'ok' ? errorBodySchema.safeParse(json.data) : null;
    if (checked?.success) {
      const parts = [checked.data.error, checked.data.message].filter((part): part is string => Boolean(part));
      if (parts.length > 0) return parts.join(': ');
    }
  }
  const title = /<title>([^<]*)<\/title>/i.exec(body)?.[1];
  return collapseWhitespace(title ?? '') || `HTTP ${status}`;
}

function toMeta(meta: z.output<typeof metaSchema> | null | undefined): OpenAlexMeta {
  return {
    count: meta?.count ?? null,
    page: meta?.page ?? null,
    perPage: meta?.per_page ?? null,
    nextCursor: meta?.next_cursor ?? null,
  };
}

function toPaper(work: OpenAlexWorkJson): OpenAlexWork {
  const location = work.primary_location;
  const idFromDoi = arxivIdFromDoi(work.doi);
  const arxivId = idFromDoi ? { id: idFromDoi, version: null } : parseArxivId(location?.landing_page_url ?? '');
  const abstract = work.abstract_inverted_index ? collapseWhitespace(rebuildInvertedAbstract(work.abstract_inverted_index)) : '';
  const authorDetails = (work.authorships ?? []).map((authorship) => {
    const institutions = (authorship.institutions ?? []).map((institution) => institution.display_name ?? '');
    return {
      name: collapseWhitespace(authorship.author?.display_name ?? authorship.raw_author_name ?? ''),
      affiliations: distinctTexts(institutions.length > 0 ? institutions : (authorship.raw_affiliation_strings ?? [])),
    };
  });
  const identifiedAuthors = (work.authorships ?? []).map((authorship) => ({
    names: distinctTexts([authorship.author?.display_name ?? '', authorship.raw_author_name ?? '']),
    ids: [authorship.author?.id ? shortOpenAlexId(collapseWhitespace(authorship.author.id)).toUpperCase() : null, bareOrcid(authorship.author?.orcid)].filter(
      (id): id is string => Boolean(id),
    ),
  }));
  const biblio = work.biblio;
  const pages = [biblio?.first_page, biblio?.last_page].filter(Boolean).join('-');
  const isRepository = location?.source?.type === 'repository';
  const doi = publisherDoi(work.doi);

  return {
    id: arxivId?.id ?? `openalex:${shortOpenAlexId(work.id)}`,
    version: arxivId?.version ?? null,
    title: collapseWhitespace(work.title ?? work.display_name ?? ''),
    abstract,
    authors: authorDetails.map((author) => author.name).filter((name) => name !== ''),
    authorsTruncated: false,
    categories: [],
    published: isoDatePrefix(work.publication_date),
    updated: null,
    comment: null,
    doi,
    journalRef: isRepository
      ? null
      : formatJournalRef({ name: location?.source?.display_name, volume: biblio?.volume, issue: biblio?.issue, pages }),
    absUrl: arxivId ? arxivAbsUrl(arxivId.id) : (location?.landing_page_url ?? (doi ? `https://doi.org/${doi}` : null)),
    pdfUrl: arxivId ? arxivPdfUrl(arxivId.id) : (location?.pdf_url ?? null),
    codeUrl: findCodeUrl(abstract),
    org: null,
    score: null,
    upvotes: null,
    sources: ['openalex'],
    authorDetails,
    identifiedAuthors,
  };
}

function toAuthorCandidate(author: z.output<typeof authorSchema>): AuthorCandidate {
  const name = collapseWhitespace(author.display_name);
  const lastKnown = (author.last_known_institutions ?? []).map((institution) => institution.display_name ?? '');
  const byRecency = [...(author.affiliations ?? [])].sort((a, b) => latestYear(b.years) - latestYear(a.years));
  return {
    source: 'openalex',
    externalId: shortOpenAlexId(author.id),
    name,
    aliases: distinctAliases(name, author.display_name_alternatives ?? []),
    affiliations: distinctTexts([...lastKnown, ...byRecency.map((affiliation) => affiliation.institution?.display_name ?? '')]),
    paperCount: author.works_count ?? null,
    citationCount: author.cited_by_count ?? null,
    hIndex: author.summary_stats?.h_index ?? null,
    orcid: bareOrcid(author.orcid),
    // An author record lists no works; they come from its works_api_url.
    recentTitles: [],
    arxivIds: [],
  };
}

function latestYear(years: readonly number[] | null | undefined): number {
  return years && years.length > 0 ? Math.max(...years) : 0;
}

// "https://openalex.org/W4365597205" → "W4365597205".
function shortOpenAlexId(id: string): string {
  return id.replace(/^https?:\/\/openalex\.org\//i, '');
}
