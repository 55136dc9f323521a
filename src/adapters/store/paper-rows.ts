import type { Paper } from '../../core/paper.ts';
import { paperSearchAliases, type PaperSearchAliases } from '../../core/search/search-aliases.ts';

/** A `papers` row as better-sqlite3 returns it. */
export interface PaperRow {
  seq: number;
  id: string;
  version: number | null;
  title: string;
  abstract: string;
  authors: string;
  authors_truncated: number;
  categories: string;
  primary_category: string | null;
  published: string | null;
  updated: string | null;
  comment: string | null;
  doi: string | null;
  journal_ref: string | null;
  abs_url: string | null;
  pdf_url: string | null;
  code_url: string | null;
  org: string | null;
  score: number | null;
  upvotes: number | null;
  sources: string;
  first_seen_at: string;
  changed_at: string;
}

export const PAPER_COLUMNS =
  'seq, id, version, title, abstract, authors, authors_truncated, categories, primary_category, published, updated, ' +
  'comment, doi, journal_ref, abs_url, pdf_url, code_url, org, score, upvotes, sources, first_seen_at, changed_at';

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
    authorsTruncated: row.authors_truncated === 1,
    categories: splitList(row.categories),
    published: row.published,
    updated: row.updated,
    comment: row.comment,
    doi: row.doi,
    journalRef: row.journal_ref,
    absUrl: row.abs_url,
    pdfUrl: row.pdf_url,
    codeUrl: row.code_url,
    org: row.org,
    score: row.score,
    upvotes: row.upvotes,
    sources: splitList(row.sources),
    firstSeenAt: row.first_seen_at,
  };
}

/** Named parameters for inserting or updating a paper row; the aliases are computed when not given. */
export function paperToParams(paper: Paper, changedAt: string, aliases: PaperSearchAliases = paperSearchAliases(paper)): Record<string, string | number | null> {
  return {
    id: paper.id,
    version: paper.version,
    title: paper.title,
    abstract: paper.abstract,
    authors: JSON.stringify(paper.authors),
    authors_truncated: paper.authorsTruncated ? 1 : 0,
    categories: paper.categories.join(' '),
    primary_category: paper.categories[0] ?? null,
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
