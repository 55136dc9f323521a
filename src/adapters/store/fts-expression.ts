/**
 * Compiles a SearchQuery into an FTS5 MATCH expression. Every user token is emitted inside a
 * double-quoted FTS5 string, so no user text can become FTS5 syntax (operators, NEAR, column
 * names, '*', '^', parentheses): https://www.sqlite.org/fts5.html#full_text_query_syntax
 */
import type { MatchMode } from '../../core/ports.ts';
import type { CategoryFilter, QueryTerm, SearchQuery } from '../../core/search/search-query.ts';
import { aliasesOfLongForm } from '../../core/search/search-aliases.ts';
import { STOPWORDS } from '../../core/search/tokenize.ts';

function ftsString(tokens: string[]): string {
  return `"${tokens.join(' ').replace(/"/g, '""')}"`;
}

/**
 * True for a one-word alternative the porter stemmer already folds into another one: "llms" beside
 * "llm" (its rule 1a drops a final "s" unless the word ends in "ss" or "ies"). Each alternative
 * costs FTS5 a doclist merge and a bm25 term, and this one would match the same papers.
 */
function foldedPlural(alternative: string[], all: string[][]): boolean {
  if (alternative.length !== 1) return false;
  const word = alternative[0]!;
  if (!word.endsWith('s') || word.endsWith('ss') || word.endsWith('ies')) return false;
  const singular = word.slice(0, -1);
  return all.some((other) => other.length === 1 && other[0] === singular);
}

/**
 * True for a long form the index also stores as an alias (search-aliases.ts) when that alias is
 * another alternative of the same term: "large language model" beside "llm". The one word then
 * matches the same papers, and FTS5 no longer counts the phrase over the whole index for bm25.
 */
function aliasedLongForm(alternative: string[], all: string[][]): boolean {
  if (alternative.length < 2) return false;
  return aliasesOfLongForm(alternative).some((alias) => all.some((other) => other.length === 1 && other[0] === alias));
}

/** Items joined by an operator, in parentheses unless there is only one. */
function group(items: string[], operator: 'AND' | 'OR'): string {
  return items.length === 1 ? items[0]! : `(${items.join(` ${operator} `)})`;
}

function termExpression(term: QueryTerm): string {
  const alternatives = term.alternatives
    .filter((alt) => !foldedPlural(alt, term.alternatives) && !aliasedLongForm(alt, term.alternatives))
    .map(ftsString);
  return group(alternatives, 'OR');
}

/**
 * A cat: filter as the indexed code (schema.ts, category_codes): cs.IR → "catcsir", that category;
 * cs → "catcs" *, every category of the archive. parse-query lets only letters and '-' through.
 */
function categoryCode(category: CategoryFilter): string {
  const code = `cat${category.archive}${category.subject ?? ''}`.replace(/[^a-z]/g, '');
  return category.subject === null ? `"${code}" *` : `"${code}"`;
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
  // No column filter on the words: they should match the title, the abstract, the author names and
  // the aliases (search-aliases.ts), and the category codes are words no query word can be
  // (schema.ts, category_codes); a filter makes FTS5 read every position list (a quarter slower).
  if (terms.length > 0) parts.push(group(terms.map(termExpression), mode === 'all' ? 'AND' : 'OR'));
  for (const author of query.authors) parts.push(`authors : ${ftsString(author)}`);
  for (const category of query.categories) parts.push(`category_codes : ${categoryCode(category)}`);
  if (parts.length === 0) return null;
  // Each part is one quoted string, a parenthesized group, or a column filter on one of those, so
  // AND needs no more parentheses around them.
  let expression = parts.join(' AND ');
  // One NOT over all exclusions keeps the expression flat: a NOT per exclusion nests parentheses, and
  // ~100 of them overflow FTS5's parser stack ("fts5: parser stack overflow"). NOT binds tighter
  // than AND in FTS5, hence the parentheses around several parts.
  if (query.excluded.length > 0) {
    expression = `${parts.length > 1 ? `(${expression})` : expression} NOT ${group(query.excluded.map(termExpression), 'OR')}`;
  }
  return expression;
}
