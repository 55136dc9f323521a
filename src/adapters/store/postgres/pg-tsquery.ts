/**
 * Compiles a SearchQuery into PostgreSQL tsquery text and the phrases bm25 sums over: the
 * PostgreSQL counterpart of fts-expression.ts, with the same choices (which alternatives count,
 * stopwords in an any-word search, categories, exclusions).
 *
 * No user text reaches the tsquery parser as syntax: every operand is a lexeme that PostgreSQL's
 * own stemmer produced from a token of tokenize.ts (letters and digits only), written as a quoted
 * tsquery literal (https://www.postgresql.org/docs/15/datatype-textsearch.html#DATATYPE-TSQUERY).
 * to_tsquery / websearch_to_tsquery are not used: the query language is paperboy's (parse-query.ts),
 * already parsed, and websearch_to_tsquery's syntax ("or", "-") differs from it.
 */
import type { MatchMode } from '../../../core/ports.ts';
import { aliasesOfLongForm } from '../../../core/search/search-aliases.ts';
import type { CategoryFilter, QueryTerm, SearchQuery } from '../../../core/search/search-query.ts';
import { STOPWORDS } from '../../../core/search/tokenize.ts';

/** A word's lexemes as the configuration makes them (usually one; none for what it drops). */
export type Stems = ReadonlyMap<string, readonly string[]>;

/** A phrase of the query as bm25 scores it: its lexemes, and the label it is restricted to (authors: C). */
export interface ScoredPhrase {
  lexemes: string[];
  label: 'C' | null;
  /** The phrase alone as tsquery text, to count the papers that hold it (its IDF). */
  tsquery: string;
}

export interface CompiledQuery {
  /** What a paper must match: tsquery text. */
  match: string;
  /** The phrases of the included terms and author filters, in order, repeats kept (FTS5 scores each occurrence). */
  phrases: ScoredPhrase[];
  /** Each included term alone, as tsquery text, with the indexes of its phrases (the any-word search's rare terms). */
  terms: Array<{ tsquery: string; phrases: number[] }>;
}

/** Every word the query's terms, exclusions and authors hold: what needs stemming before compiling. */
export function queryWords(query: SearchQuery): string[] {
  const words = new Set<string>();
  for (const term of [...query.terms, ...query.excluded]) for (const alt of term.alternatives) for (const w of alt) words.add(w);
  for (const author of query.authors) for (const w of author) words.add(w);
  return [...words];
}

/** A lexeme as a tsquery literal: quoted, quotes and backslashes escaped. */
export function lexemeLiteral(lexeme: string): string {
  return `'${lexeme.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
}

// The two filters below are fts-expression.ts's, for the same reasons: an alternative that
// matches the same papers as another one costs a phrase and adds a second bm25 term.
function foldedPlural(alternative: string[], all: string[][]): boolean {
  if (alternative.length !== 1) return false;
  const word = alternative[0]!;
  if (!word.endsWith('s') || word.endsWith('ss') || word.endsWith('ies')) return false;
  const singular = word.slice(0, -1);
  return all.some((other) => other.length === 1 && other[0] === singular);
}

function aliasedLongForm(alternative: string[], all: string[][]): boolean {
  if (alternative.length < 2) return false;
  return aliasesOfLongForm(alternative).some((alias) => all.some((other) => other.length === 1 && other[0] === alias));
}

function isStopword(term: QueryTerm): boolean {
  return !term.quoted && term.alternatives.length === 1 && term.alternatives[0]!.length === 1 && STOPWORDS.has(term.alternatives[0]![0]!);
}

function group(items: string[], operator: '&' | '|'): string {
  return items.length === 1 ? items[0]! : `(${items.join(` ${operator} `)})`;
}

/** The lexemes of a token sequence, in order; empty when the configuration drops every token. */
function lexemesOf(tokens: readonly string[], stems: Stems): string[] {
  return tokens.flatMap((t) => stems.get(t) ?? []);
}

function phraseText(lexemes: readonly string[], label: 'B' | 'C' | null, prefix = false): string {
  const suffix = prefix || label ? `:${prefix ? '*' : ''}${label ?? ''}` : '';
  const operands = lexemes.map((l) => lexemeLiteral(l) + suffix);
  return operands.length === 1 ? operands[0]! : `(${operands.join(' <-> ')})`;
}

/** A term's alternatives as phrases (none when every alternative stemmed to nothing). */
function termPhrases(term: QueryTerm, stems: Stems): ScoredPhrase[] {
  return term.alternatives
    .filter((alt) => !foldedPlural(alt, term.alternatives) && !aliasedLongForm(alt, term.alternatives))
    .map((alt) => lexemesOf(alt, stems))
    .filter((lexemes) => lexemes.length > 0)
    .map((lexemes) => ({ lexemes, label: null, tsquery: phraseText(lexemes, null) }));
}

/** cat:cs.IR → the code 'catcsir' on label B; cat:cs → every code starting 'catcs' (a prefix match). */
function categoryText(category: CategoryFilter): string {
  const code = `cat${category.archive}${category.subject ?? ''}`.replace(/[^a-z]/g, '');
  return `${lexemeLiteral(code)}:${category.subject === null ? '*' : ''}B`;
}

/**
 * Never matches: a term whose every alternative stemmed to nothing still has to match, as in FTS5.
 * No indexed lexeme holds '!' (the indexed text is tokenize.ts's letters and digits).
 */
const NOTHING = "'!nothing!'";

/** The tsquery and scored phrases of a query, or null when it has neither words nor author/category filters. */
export function compilePgQuery(query: SearchQuery, mode: MatchMode, stems: Stems): CompiledQuery | null {
  let terms = query.terms;
  if (mode === 'any') {
    const meaningful = terms.filter((t) => !isStopword(t));
    if (meaningful.length > 0) terms = meaningful;
  }
  const phrases: ScoredPhrase[] = [];
  const compiledTerms: CompiledQuery['terms'] = [];
  const parts: string[] = [];
  const termTexts: string[] = [];
  for (const term of terms) {
    const own = termPhrases(term, stems);
    const indexes = own.map((phrase) => phrases.push(phrase) - 1);
    const text = own.length === 0 ? NOTHING : group(own.map((p) => p.tsquery), '|');
    if (own.length > 0) compiledTerms.push({ tsquery: text, phrases: indexes });
    // In an any-word search a term that can match nothing is simply left out.
    if (own.length > 0 || mode === 'all') termTexts.push(text);
  }
  if (termTexts.length > 0) parts.push(group(termTexts, mode === 'all' ? '&' : '|'));
  else if (terms.length > 0) parts.push(NOTHING);
  for (const author of query.authors) {
    const lexemes = lexemesOf(author, stems);
    if (lexemes.length === 0) {
      parts.push(NOTHING);
      continue;
    }
    const tsquery = phraseText(lexemes, 'C');
    phrases.push({ lexemes, label: 'C', tsquery });
    parts.push(tsquery);
  }
  for (const category of query.categories) parts.push(categoryText(category));
  if (parts.length === 0) return null;
  let match = parts.join(' & ');
  const excluded = query.excluded.flatMap((term) => termPhrases(term, stems).map((p) => p.tsquery));
  if (excluded.length > 0) match = `(${match}) & !${group(excluded, '|')}`;
  return { match, phrases, terms: compiledTerms };
}
