/**
 * Compiles a SearchQuery into an FTS5 MATCH expression. Every user token is emitted inside a
 * double-quoted FTS5 string, so no user text can become FTS5 syntax (operators, NEAR, column
 * names, '*', '^', parentheses): https://www.sqlite.org/fts5.html#full_text_query_syntax
 */
import type { MatchMode } from '../../core/ports.ts';
import type { QueryTerm, SearchQuery } from '../../core/search/search-query.ts';
import { STOPWORDS } from '../../core/search/tokenize.ts';

const TEXT_COLUMNS = '{title authors abstract}';

function ftsString(tokens: string[]): string {
  return `"${tokens.join(' ').replace(/"/g, '""')}"`;
}

function termExpression(term: QueryTerm): string {
  const alternatives = term.alternatives.map(ftsString);
  return alternatives.length === 1 ? alternatives[0]! : `(${alternatives.join(' OR ')})`;
}

function isStopword(term: QueryTerm): boolean {
  return !term.quoted && term.alternatives.length === 1 && term.alternatives[0]!.length === 1 && STOPWORDS.has(term.alternatives[0]![0]!);
}

/** The MATCH expression for a query, or null when it has neither words nor author/category filters. */
export function compileFtsExpression(query: SearchQuery, mode: MatchMode): string | null {
  const parts: string[] = [];
  let terms = query.terms;
  if (mode === 'any') {
    // In "any" mode a stopword would match nearly every paper; keep them only if nothing else is left.
    const meaningful = terms.filter((t) => !isStopword(t));
    if (meaningful.length > 0) terms = meaningful;
  }
  if (terms.length > 0) {
    const joined = terms.map(termExpression).join(mode === 'all' ? ' AND ' : ' OR ');
    parts.push(`${TEXT_COLUMNS} : (${joined})`);
  }
  for (const author of query.authors) parts.push(`authors : ${ftsString(author)}`);
  for (const category of query.categories) parts.push(`categories : ${ftsString(category)}`);
  if (parts.length === 0) return null;
  let expression = parts.length === 1 ? parts[0]! : parts.map((p) => `(${p})`).join(' AND ');
  // One NOT over all exclusions keeps the expression flat: a NOT per exclusion nests parentheses, and
  // ~100 of them overflow FTS5's parser stack ("fts5: parser stack overflow").
  if (query.excluded.length > 0) {
    expression = `(${expression}) NOT ${TEXT_COLUMNS} : (${query.excluded.map(termExpression).join(' OR ')})`;
  }
  return expression;
}
