/**
 * The ingestion port: a paper source hands over papers page by page, each page with the cursor to
 * resume from once that page is stored. The runner stores a page and its cursor together, so a
 * run that stops anywhere resumes with no gap and no duplicate.
 */
import type { Awaitable } from './awaitable.ts';
import type { PaperInput } from './paper.ts';

/** An author's institution as a source lists it on a paper. */
export interface AuthorAffiliation {
  author: string;
  affiliation: string;
}

/**
 * A scholarly index's own id for one author of a paper: `s2:<id>` (Semantic Scholar), `A…`
 * (OpenAlex) or an ORCID, the syntax `follow` takes. An id names one person where a name may not.
 */
export interface PaperAuthorId {
  /** The paper's versionless id. */
  paperId: string;
  externalId: string;
}

/** What a page says about the listing it belongs to (a daily feed, an OAI-PMH list). */
export interface SourceListing {
  /** The day (YYYY-MM-DD) the listing is for, null when the source does not say. */
  date: string | null;
  /** The source publishes on this day, so an empty listing means something went wrong. */
  publishingDay: boolean;
  /**
   * Listings in one calendar group share their days off: a publishing day on which every listing
   * of the group came back empty was a day off (an arXiv holiday), not a failure.
   */
  calendarGroup: string | null;
  /** Items the source says the whole listing holds (RSS item count, OAI completeListSize). */
  announced: number;
  /** Items received for this listing so far, across its pages and across resumed runs. */
  received: number;
}

/** One page of a source: papers to store and the cursor to keep once they are stored. */
export interface SourcePage {
  papers: PaperInput[];
  /** Where the next run resumes once this page is stored; null forgets the position. */
  cursor: string | null;
  /** Versionless ids the source reports as deleted; counted, never removed from the store. */
  deletedIds?: string[];
  /** Affiliations the source lists, for author rows that have none yet. */
  affiliations?: AuthorAffiliation[];
  /** The author ids the source gives on its papers (kept for papers in the store once the page is stored). */
  authorIds?: PaperAuthorId[];
  listing?: SourceListing;
}

/** A source of papers (an arXiv listing per category, an OAI-PMH set, Hugging Face daily papers). */
export interface PaperSource {
  /** The cursor key, `<source>` or `<source>:<scope>`, e.g. `arxiv-rss:cs.IR`. */
  readonly name: string;
  /** Pages from `cursor` on (null on a first run). Throws when the source fails. */
  fetch(cursor: string | null, signal?: AbortSignal): AsyncIterable<SourcePage>;
}

/** The outcome of one ingestion run of one source. */
export type IngestRunStatus = 'running' | 'ok' | 'degraded' | 'failed';

/** One recorded ingestion run. */
export interface IngestRunRecord {
  status: IngestRunStatus;
  startedAt: string;
  finishedAt: string | null;
  /** Items received from the source. */
  fetched: number;
  /** Papers that were new to the store or changed it. */
  stored: number;
  /** What the source announced, when it says. */
  announced: number | null;
  detail: string | null;
}

/** Where one source stands: its cursor, its last success and error, and its last run. */
export interface SourceStatus {
  /** The cursor key, e.g. `arxiv-rss:cs.IR`. */
  source: string;
  cursor: string | null;
  lastSuccessAt: string | null;
  lastErrorAt: string | null;
  lastError: string | null;
  lastRun: IngestRunRecord | null;
}

/** Reads where every source stands, for `paperboy status` and `/papers status`. */
export interface IngestStatusReader {
  sourceStatuses(): Awaitable<SourceStatus[]>;
}

/** The source family of a cursor key: `arxiv-rss` for `arxiv-rss:cs.IR`. */
export function sourceKindOf(name: string): string {
  const colon = name.indexOf(':');
  return colon < 0 ? name : name.slice(0, colon);
}

/** The scope of a cursor key: `cs.IR` for `arxiv-rss:cs.IR`, null for a source without scopes. */
export function sourceScopeOf(name: string): string | null {
  const colon = name.indexOf(':');
  return colon < 0 ? null : name.slice(colon + 1);
}

const SOURCE_LABELS: Readonly<Record<string, string>> = {
  'arxiv-rss': 'arXiv listings',
  'arxiv-oai': 'arXiv OAI-PMH',
  'arxiv-api': 'arXiv API',
  huggingface: 'Hugging Face',
  'semantic-scholar': 'Semantic Scholar',
  openalex: 'OpenAlex',
  'followed-authors': 'Semantic Scholar and OpenAlex (followed authors)',
};

/** A human name for a cursor key: "arXiv listings (cs.IR)". */
export function sourceLabel(name: string): string {
  const kind = sourceKindOf(name);
  const scope = sourceScopeOf(name);
  const label = SOURCE_LABELS[kind] ?? kind;
  return scope ? `${label} (${scope})` : label;
}
