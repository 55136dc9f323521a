import type { Paper } from '../../core/paper.ts';
import { paperSearchAliases, type PaperSearchAliases } from '../../core/search/search-aliases.ts';
import { papers } from './schema.ts';

/** The `papers` fields a Paper is read from, by schema key (not the index-only ones: category codes, aliases). */
const PAPER_FIELDS = [
  'seq',
  'id',
  'version',
  'title',
  'abstract',
  'authors',
  'authorsTruncated',
  'categories',
  'published',
  'updated',
  'comment',
  'doi',
  'journalRef',
  'absUrl',
  'pdfUrl',
  'codeUrl',
  'org',
  'score',
  'upvotes',
  'sources',
  'firstSeenAt',
] as const satisfies ReadonlyArray<keyof typeof papers.$inferSelect>;

type PaperField = (typeof PAPER_FIELDS)[number];

/**
 * A paper row, typed from the schema: what drizzle's select of `paperFields` returns, and what
 * hand-written SQL selecting PAPER_COLUMNS returns, where SQLite gives the boolean as 0 or 1.
 */
export type PaperRow = Omit<Pick<typeof papers.$inferSelect, PaperField>, 'authorsTruncated'> & { authorsTruncated: boolean | number };

/** PAPER_FIELDS for drizzle's `select()`. */
export const paperFields = Object.fromEntries(PAPER_FIELDS.map((field) => [field, papers[field]])) as { [K in PaperField]: (typeof papers)[K] };

/**
 * The select list of hand-written SQL over `papers` (the search path), each column named as its
 * schema field, so its rows are PaperRows too.
 */
export const PAPER_COLUMNS = PAPER_FIELDS.map((field) => {
  const column = papers[field].name;
  return column === field ? column : `${column} AS ${field}`;
}).join(', ');

function splitList(text: string): string[] {
  return text === '' ? [] : text.split(' ');
}

export function paperFromRow(row: PaperRow): Paper {
  return {
    id: row.id,
    version: row.version,
    title: row.title,
    abstract: row.abstract,
    authors: JSON.parse(row.authors) as string[],
    authorsTruncated: row.authorsTruncated === true || row.authorsTruncated === 1,
    categories: splitList(row.categories),
    published: row.published,
    updated: row.updated,
    comment: row.comment,
    doi: row.doi,
    journalRef: row.journalRef,
    absUrl: row.absUrl,
    pdfUrl: row.pdfUrl,
    codeUrl: row.codeUrl,
    org: row.org,
    score: row.score,
    upvotes: row.upvotes,
    sources: splitList(row.sources),
    firstSeenAt: row.firstSeenAt,
  };
}

/**
 * Named parameters for inserting or updating a paper row (the import path's hand-written
 * statements); the aliases are computed when not given.
 */
export function paperToParams(paper: Paper, changedAt: string, aliases: PaperSearchAliases = paperSearchAliases(paper)): Record<string, string | number | null> {
  return {
    id: paper.id,
    version: paper.version,
    title: paper.title,
    abstract: paper.abstract,
    authors: JSON.stringify(paper.authors),
    authors_truncated: paper.authorsTruncated ? 1 : 0,
    categories: paper.categories.join(' '),
    published: paper.published,
    updated: paper.updated,
    comment: paper.comment,
    doi: paper.doi,
    journal_ref: paper.journalRef,
    abs_url: paper.absUrl,
    pdf_url: paper.pdfUrl,
    code_url: paper.codeUrl,
    org: paper.org,
    score: paper.score,
    upvotes: paper.upvotes,
    sources: paper.sources.join(' '),
    first_seen_at: paper.firstSeenAt,
    changed_at: changedAt,
    title_aliases: aliases.title,
    abstract_aliases: aliases.abstract,
  };
}
