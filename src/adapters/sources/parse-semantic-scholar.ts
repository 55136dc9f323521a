import { z } from 'zod';
import { arxivAbsUrl, arxivPdfUrl, findCodeUrl, parseArxivId } from '../../core/paper.ts';
import type { PaperInput } from '../../core/paper.ts';
import { bareOrcid, distinctAliases } from './author-candidate.ts';
import type { AuthorCandidate } from './author-candidate.ts';
import type { IdentifiedAuthor } from './paper-author.ts';
import { publisherDoi } from './doi.ts';
import { formatJournalRef } from './journal-ref.ts';
import { checkJsonShape, readJsonBody } from './json-body.ts';
import { collapseWhitespace, distinctTexts, isoDatePrefix } from './text-cleanup.ts';

/** What kind of failure a Semantic Scholar error body or status reports. */
export type S2ErrorReason = 'rate-limited' | 'not-found' | 'bad-request' | 'server' | 'other';

/** Semantic Scholar's own error: `{"message": …, "code": "429"}` or `{"error": …}`. */
export interface S2Error {
  kind: 'error';
  reason: S2ErrorReason;
  /** The HTTP status when known (given, or the body's `code`). */
  status: number | null;
  message: string;
}

/** A body that is neither a Semantic Scholar result nor one of its error bodies. */
export interface S2Malformed {
  kind: 'malformed';
  message: string;
}

/** One page of `/author/search`. */
export type S2AuthorSearchResult =
  | { kind: 'ok'; authors: AuthorCandidate[]; total: number; offset: number; next: number | null }
  | S2Error
  | S2Malformed;

/** A paper from Semantic Scholar, with its authors as Semantic Scholar identifies them (in order). */
export type S2Paper = PaperInput & { identifiedAuthors: IdentifiedAuthor[] };

/** One page of `/paper/search` or `/author/{id}/papers` (the latter reports no total). */
export type S2PaperPageResult =
  | { kind: 'ok'; papers: S2Paper[]; total: number | null; offset: number; next: number | null }
  | S2Error
  | S2Malformed;

const RECENT_TITLE_COUNT = 5;

const paperSchema = z.object({
  paperId: z.string(),
  externalIds: z.object({ ArXiv: z.string().nullish(), DOI: z.string().nullish() }).nullish(),
  url: z.string().nullish(),
  title: z.string().nullish(),
  abstract: z.string().nullish(),
  year: z.number().nullish(),
  publicationDate: z.string().nullish(),
  journal: z.object({ name: z.string().nullish(), volume: z.string().nullish(), pages: z.string().nullish() }).nullish(),
  authors: z.array(z.object({ authorId: z.string().nullish(), name: z.string().nullish() })).nullish(),
  openAccessPdf: z.object({ url: z.string().nullish() }).nullish(),
});
type S2PaperJson = z.output<typeof paperSchema>;

const authorSchema = z.object({
  authorId: z.string(),
  name: z.string().nullish(),
  aliases: z.array(z.string()).nullish(),
  affiliations: z.array(z.string()).nullish(),
  paperCount: z.number().nullish(),
  citationCount: z.number().nullish(),
  hIndex: z.number().nullish(),
  // DBLP holds the author's name variants in DBLP.
  externalIds: z.object({ ORCID: z.string().nullish(), DBLP: z.union([z.array(z.string()), z.string()]).nullish() }).nullish(),
  papers: z.array(paperSchema).nullish(),
});

// With no results at all, `data` is missing rather than empty.
function pageSchema<Item extends z.ZodType>(item: Item) {
  return z.object({
    total: z.number().nullish(),
    offset: z.number().nullish(),
    next: z.number().nullish(),
    data: z.array(item).nullish(),
  });
}
const authorPageSchema = pageSchema(authorSchema);
const paperPageSchema = pageSchema(paperSchema);

const errorBodySchema = z.union([
  z.object({ error: z.string() }),
  z.object({ message: z.string(), code: z.union([z.string(), z.number()]).nullish() }),
]);

/** Parses `GET /graph/v1/author/search` (raw text or parsed JSON) into author candidates. */
export function parseS2AuthorSearch(body: unknown): S2AuthorSearchResult {
  const page = readPage(body, authorPageSchema, 'an S2 author search page');
  if (page.kind !== 'ok') return page;
  const { data, total, offset, next } = page.page;
  const authors = (data ?? []).map(toAuthorCandidate);
  return { kind: 'ok', authors, total: total ?? authors.length, offset: offset ?? 0, next: next ?? null };
}

/** Parses `GET /graph/v1/author/{id}/papers` (raw text or parsed JSON). */
export function parseS2AuthorPapers(body: unknown): S2PaperPageResult {
  return parsePaperPage(body, 'an S2 author papers page');
}

/** Parses `GET /graph/v1/paper/search` (raw text or parsed JSON). */
export function parseS2PaperSearch(body: unknown): S2PaperPageResult {
  return parsePaperPage(body, 'an S2 paper search page');
}

/**
 * The error a Semantic Scholar response reports, from its status and body (raw text or parsed
 * JSON), or null for a successful response.
 */
export function parseS2Error(status: number, body: unknown): S2Error | null {
  const json = readJsonBody(body);
  const errorBody = json.kind === 'ok' ? readErrorBody(json.data, status) : null;
  if (errorBody) return errorBody;
  if (status < 400) return null;
  const text = typeof body === 'string' ? collapseWhitespace(body).slice(0, 200) : '';
  return { kind: 'error', reason: reasonOf(status), status, message: text || `HTTP ${status}` };
}

function parsePaperPage(body: unknown, what: string): S2PaperPageResult {
  const page = readPage(body, paperPageSchema, what);
  if (page.kind !== 'ok') return page;
  const { data, total, offset, next } = page.page;
  return { kind: 'ok', papers: (data ?? []).map(toPaper), total: total ?? null, offset: offset ?? 0, next: next ?? null };
}

function readPage<S extends z.ZodType>(body: unknown, schema: S, what: string): { kind: 'ok'; page: z.output<S> } | S2Error | S2Malformed {
  const json = readJsonBody(body);
  if (json.kind === 'malformed') return json;
  const errorBody = readErrorBody(json.data, null);
  if (errorBody) return errorBody;
  const checked = checkJsonShape(schema, json.data, what);
  if (checked.kind === 'malformed') return checked;
  return { kind: 'ok', page: checked.data };
}

function readErrorBody(value: unknown, status: number | null): S2Error | null {
  // A result page has `data` or paging fields; only bodies without them are error bodies.
  if (typeof value === 'object' && value !== null && ('data' in value || 'offset' in value)) return null;
  const checked = errorBodySchema.safeParse(value);
  if (!checked.success) return null;
  const errorBody = checked.data;
  const message = 'error' in errorBody ? errorBody.error : errorBody.message;
  const code = 'code' in errorBody && errorBody.code != null ? Number(errorBody.code) : NaN;
  const knownStatus = status ?? (Number.isInteger(code) ? code : null);
  const reason = knownStatus !== null ? reasonOf(knownStatus) : /not found/i.test(message) ? 'not-found' : 'other';
  return { kind: 'error', reason, status: knownStatus, message };
}

function reasonOf(status: number): S2ErrorReason {
  if (status === 429) return 'rate-limited';
  if (status === 404) return 'not-found';
  if (status === 400) return 'bad-request';
  if (status >= 500) return 'server';
  return 'other';
}

function toAuthorCandidate(author: z.output<typeof authorSchema>): AuthorCandidate {
  const name = collapseWhitespace(author.name ?? '');
  const dblp = author.externalIds?.DBLP;
  const papers = author.papers ?? [];
  const newestFirst = [...papers].sort((a, b) => paperDateKey(b).localeCompare(paperDateKey(a)));
  return {
    source: 'semantic-scholar',
    externalId: author.authorId,
    name,
    aliases: distinctAliases(name, [...(author.aliases ?? []), ...(typeof dblp === 'string' ? [dblp] : (dblp ?? []))]),
    affiliations: distinctTexts(author.affiliations ?? []),
    paperCount: author.paperCount ?? null,
    citationCount: author.citationCount ?? null,
    hIndex: author.hIndex ?? null,
    orcid: bareOrcid(author.externalIds?.ORCID),
    recentTitles: newestFirst
      .map((paper) => collapseWhitespace(paper.title ?? ''))
      .filter((title) => title !== '')
      .slice(0, RECENT_TITLE_COUNT),
    arxivIds: [...new Set(papers.map((paper) => arxivIdOf(paper)?.id).filter((id): id is string => id !== undefined))],
  };
}

// Publication date, else the year, so undated papers sort last.
function paperDateKey(paper: S2PaperJson): string {
  return paper.publicationDate ?? (paper.year != null ? String(paper.year) : '');
}

function arxivIdOf(paper: S2PaperJson) {
  return paper.externalIds?.ArXiv ? parseArxivId(paper.externalIds.ArXiv) : null;
}

function toPaper(paper: S2PaperJson): S2Paper {
  const arxivId = arxivIdOf(paper);
  const abstract = collapseWhitespace(paper.abstract ?? '');
  // For arXiv-only papers openAccessPdf.url is "" and the link is only in its disclaimer text.
  const openAccessUrl = paper.openAccessPdf?.url || null;
  return {
    id: arxivId?.id ?? `s2:${paper.paperId}`,
    version: arxivId?.version ?? null,
    title: collapseWhitespace(paper.title ?? ''),
    abstract,
    authors: (paper.authors ?? []).map((author) => collapseWhitespace(author.name ?? '')).filter((name) => name !== ''),
    authorsTruncated: false,
    categories: [],
    published: isoDatePrefix(paper.publicationDate),
    updated: null,
    comment: null,
    doi: publisherDoi(paper.externalIds?.DOI),
    journalRef: paper.journal ? formatJournalRef(paper.journal) : null,
    absUrl: arxivId ? arxivAbsUrl(arxivId.id) : (paper.url ?? null),
    pdfUrl: arxivId ? arxivPdfUrl(arxivId.id) : openAccessUrl,
    codeUrl: findCodeUrl(abstract),
    org: null,
    score: null,
    upvotes: null,
    sources: ['semantic-scholar'],
    identifiedAuthors: (paper.authors ?? []).map((author) => ({
      names: distinctTexts([author.name ?? '']),
      ids: author.authorId ? [`s2:${author.authorId}`] : [],
    })),
  };
}
