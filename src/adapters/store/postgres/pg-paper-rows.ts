/**
 * Writing papers into the PostgreSQL search table (search-ddl.ts) and reading them back as Papers.
 * The writer here is the simple one the issue-21 search needs for its tests and benchmark: a
 * multi-row upsert that replaces a known paper's fields (the SQLite store's merge of versions,
 * sources and categories, merge-paper.ts, belongs to the PostgreSQL PaperRepository to come).
 */
import type pg from 'pg';
import type { Paper } from '../../../core/paper.ts';
import { paperSearchAliases, type PaperSearchAliases } from '../../../core/search/search-aliases.ts';
import { tokenize } from '../../../core/search/tokenize.ts';
import { paperFields, paperFromRow, paperToParams, type PaperRow } from '../paper-rows.ts';
import { BM25_WEIGHTS } from '../sqlite-paper-repository.ts';

/**
 * bm25 weights by tsvector label, A B C D (search-ddl.ts): title (and its aliases), category
 * codes, authors, abstract (and its aliases). The SQLite weights are the tuned ones
 * (bench/relevance); a label holds two of its columns, so those must weigh the same.
 */
export const LABEL_WEIGHTS: readonly [number, number, number, number] = (() => {
  if (BM25_WEIGHTS.title !== BM25_WEIGHTS.titleAliases || BM25_WEIGHTS.abstract !== BM25_WEIGHTS.abstractAliases) {
    throw new Error('search-ddl.ts labels a title with its aliases and an abstract with its aliases: their bm25 weights must be equal');
  }
  return [BM25_WEIGHTS.title, BM25_WEIGHTS.categoryCodes, BM25_WEIGHTS.authors, BM25_WEIGHTS.abstract];
})();

/** The select list of a paper row, each column named as its schema field (quoted: PostgreSQL folds bare names to lower case). */
export const PG_PAPER_COLUMNS = Object.entries(paperFields)
  .map(([field, column]) => (field === 'seq' ? `p.seq::float8 AS seq` : `p.${column.name} AS "${field}"`))
  .join(', ');

export function paperFromPgRow(row: PaperRow): Paper {
  return paperFromRow(row);
}

/** The category codes FTS5 indexes (schema.ts, category_codes): "cs.IR q-bio.NC" → "catcsir catqbionc". */
export function categoryCodes(categories: readonly string[]): string {
  return categories.map((c) => `cat${c.toLowerCase().replace(/[.-]/g, '')}`).join(' ');
}

/**
 * The search table's columns a writer sets, with their types for jsonb_to_recordset; one list for
 * this writer and pg-paper-repository.ts's, so both write the same row.
 */
export const PG_WRITE_COLUMNS = [
  ['id', 'text'],
  ['version', 'integer'],
  ['title', 'text'],
  ['abstract', 'text'],
  ['authors', 'text'],
  ['authors_truncated', 'boolean'],
  ['categories', 'text'],
  ['published', 'text'],
  ['updated', 'text'],
  ['comment', 'text'],
  ['doi', 'text'],
  ['journal_ref', 'text'],
  ['abs_url', 'text'],
  ['pdf_url', 'text'],
  ['code_url', 'text'],
  ['org', 'text'],
  ['score', 'real'],
  ['upvotes', 'integer'],
  ['sources', 'text'],
  ['first_seen_at', 'text'],
  ['changed_at', 'text'],
  ['title_aliases', 'text'],
  ['abstract_aliases', 'text'],
] as const;

/** The application-tokenized search parts paperboy_search_vector takes (search-ddl.ts), in its argument order. */
export const SEARCH_PARTS = ['s_title', 's_title_aliases', 's_codes', 's_authors', 's_abstract', 's_abstract_aliases'] as const;

const UPSERT_SQL = `
INSERT INTO papers (${PG_WRITE_COLUMNS.map(([c]) => c).join(', ')}, search_vector, search_terms, search_length)
SELECT ${PG_WRITE_COLUMNS.map(([c]) => `r.${c}`).join(', ')}, v.vector, paperboy_search_terms(v.vector, $2::float8[]), r.s_length
FROM jsonb_to_recordset($1::jsonb) AS r(${[...PG_WRITE_COLUMNS.map(([c, t]) => `${c} ${t}`), ...SEARCH_PARTS.map((p) => `${p} text`), 's_length integer'].join(', ')})
CROSS JOIN LATERAL (SELECT paperboy_search_vector(${SEARCH_PARTS.map((p) => `r.${p}`).join(', ')}) AS vector) AS v
ON CONFLICT (id) DO UPDATE SET ${PG_WRITE_COLUMNS.filter(([c]) => c !== 'id' && c !== 'first_seen_at')
  .map(([c]) => `${c} = excluded.${c}`)
  .join(', ')}, search_vector = excluded.search_vector, search_terms = excluded.search_terms, search_length = excluded.search_length`;

/** Papers per INSERT: the JSON of 500 arXiv papers is about 1 MB. */
const BATCH = 500;

/**
 * A row for jsonb_to_recordset: the columns (paperToParams, the SQLite store's), and the search text
 * tokenized with the tokenizer the queries use (tokenize.ts), so PostgreSQL stems exactly the tokens
 * FTS5 would index; the length in tokens counts every indexed part, as FTS5's bm25 does. Both writers
 * (this file's and pg-paper-repository.ts's) build their rows here.
 */
export function pgSearchRow(paper: Paper, changedAt: string, aliases: PaperSearchAliases): Record<string, unknown> {
  const params = paperToParams(paper, changedAt, aliases);
  const codes = categoryCodes(paper.categories);
  const parts = {
    s_title: tokenize(paper.title),
    s_title_aliases: tokenize(aliases.title),
    s_codes: codes === '' ? [] : codes.split(' '),
    s_authors: tokenize(params.authors as string),
    s_abstract: tokenize(paper.abstract),
    s_abstract_aliases: tokenize(aliases.abstract),
  };
  return {
    ...params,
    authors_truncated: paper.authorsTruncated,
    ...Object.fromEntries(Object.entries(parts).map(([k, tokens]) => [k, tokens.join(' ')])),
    s_length: Object.values(parts).reduce((n, tokens) => n + tokens.length, 0),
  };
}

/**
 * Inserts papers, or replaces the fields of known ones (by id), as rows of pgSearchRow.
 */
export async function upsertSearchPapers(pool: pg.Pool | pg.PoolClient, papers: readonly Paper[], changedAt: string): Promise<void> {
  // One statement must not touch a row twice (ON CONFLICT DO UPDATE): the last of a repeated id wins.
  const byId = new Map(papers.map((p) => [p.id, p]));
  const unique = [...byId.values()];
  for (let start = 0; start < unique.length; start += BATCH) {
    const rows = unique.slice(start, start + BATCH).map((paper) => pgSearchRow(paper, changedAt, paperSearchAliases(paper)));
    await pool.query(UPSERT_SQL, [JSON.stringify(rows), LABEL_WEIGHTS]);
  }
}
