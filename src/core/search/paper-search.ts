import { commandLine } from '../command-name.ts';
import { UserError } from '../errors.ts';
import type { Paper } from '../paper.ts';
import type { Clock, PaperRepository, PaperSearchHit } from '../ports.ts';
import { authorPositionClass } from './author-position.ts';
import { parseQuery, QUERY_SYNTAX_HELP } from './parse-query.ts';
import { applyRankPriors, hasPopularityFigure } from './rank-priors.ts';
import { relaxedQuery } from './relaxed-query.ts';
import { likeWords } from './like-words.ts';
import { emptySearchQuery, isEmptyQuery, type QueryTerm, type SearchQuery } from './search-query.ts';
import type { SpellingSuggester } from './spelling-suggester.ts';
import { tokenize } from './tokenize.ts';

/** Fewer hits than this when every word must match, and the search also tries any word. */
export const MIN_STRICT_RESULTS = 3;
/** How many text-relevance candidates are re-ranked with the recency and popularity priors. */
export const RERANK_POOL = 40;
/**
 * How many candidates an author: search re-ranks by where the author stands in each paper's list.
 * Text relevance says little there (bm25 favours short author lists), so all of an author's papers
 * should be in the pool: in the 78,736-paper corpus 464 names have more than 40 papers, one (Yang
 * Liu, 307, many people) more than 200. author:"Xin Wang" took 26 ms against 11 ms with 40.
 */
export const AUTHOR_RERANK_POOL = 200;

export interface ScoredPaper {
  paper: Paper;
  score: number;
  /** The paper matched only some of the words (the search was relaxed to reach it). */
  partial: boolean;
}

export interface SearchOutcome {
  query: SearchQuery;
  hits: ScoredPaper[];
  /** Some hits match only some of the words. */
  relaxed: boolean;
  hasMore: boolean;
  /**
   * The query with every word that is rare in the corpus replaced by a much more frequent close
   * one ("halucination vlm" → "hallucination vlm"), whatever the search found; null when no word
   * is rare. Always a search query, never a command.
   */
  suggestion: string | null;
  /** So many papers matched that only this many of the newest were ranked (the store's limit); else null. */
  rankedNewest: number | null;
  /** The search index is being built (an import or an upgrade): papers added meanwhile are not found yet. */
  indexing: boolean;
  /**
   * `sort:top` was asked for, but no matching paper has a popularity figure (Hugging Face upvotes
   * or a ranking source's score), so the hits are ranked as `sort:relevance` would rank them.
   */
  noPopularityData: boolean;
}

/** What a reader is told when sort:top had nothing to sort by (SearchOutcome.noPopularityData). */
export const NO_POPULARITY_NOTE = 'No popularity data for these papers yet (Hugging Face upvotes); sorted by relevance.';

/** What a reader is told while an import is being indexed (SearchOutcome.indexing). */
export const INDEXING_NOTE = 'paperboy is building its search index (an import or an upgrade): papers added meanwhile are found once it finishes.';

/**
 * What a reader is told when only the newest matches were ranked (SearchOutcome.rankedNewest).
 * Words and cat: narrow the matches themselves; since: filters inside the window, so it is not offered.
 */
export function rankedNewestNote(rankedNewest: number): string {
  const n = rankedNewest.toLocaleString('en-US');
  return `More than ${n} papers match, so these are the best of the newest ${n}. Add a word or a cat: filter to narrow the search.`;
}

export interface PaperSearch {
  /** Parses and runs a query. Malformed or empty queries throw UserError. */
  /**
   * `withSuggestion: false` skips the did-you-mean, for callers that never show it (JSON output):
   * its first use loads the title vocabulary, about a second at 1,000,000 papers.
   */
  searchText(text: string, limit: number, options?: { withSuggestion?: boolean }): Promise<SearchOutcome>;
  search(query: SearchQuery, limit: number, options?: { withSuggestion?: boolean }): Promise<SearchOutcome>;
  /** Papers close to the given one: its title's words and its abstract's main ones (like-words.ts), any may match, itself excluded. */
  similarTo(paper: Paper, limit: number): Promise<SearchOutcome>;
}

/** A paper that matches a term only through a related phrase keeps this share of its relevance. */
export const RELATED_ONLY_FACTOR = 0.8;

function relatedOnlyFactor(terms: QueryTerm[], paper: Paper): number {
  const related = terms.filter((t) => t.relatedFrom !== undefined);
  if (related.length === 0) return 1;
  const text = ` ${tokenize(`${paper.title} ${paper.abstract}`).join(' ')}`;
  let factor = 1;
  for (const term of related) {
    const direct = term.alternatives.slice(0, term.relatedFrom).some((alt) => text.includes(` ${alt.join(' ')}`));
    if (!direct) factor *= RELATED_ONLY_FACTOR;
  }
  return factor;
}

/**
 * An author: search's hits with the papers where a searched author is first or last author ahead
 * of those where they are one name among many, then (stable) in relevance order; with no words to
 * weigh, the newest first within each group.
 */
function byAuthorPosition(hits: ScoredPaper[], query: SearchQuery): ScoredPaper[] {
  const placed = hits.map((hit) => ({ hit, place: authorPositionClass(hit.paper.authors, hit.paper.authorsTruncated, query.authors) }));
  const newestFirst = (a: ScoredPaper, b: ScoredPaper) => (b.paper.published ?? '').localeCompare(a.paper.published ?? '');
  placed.sort((a, b) => a.place - b.place || (query.terms.length === 0 ? newestFirst(a.hit, b.hit) : 0));
  return placed.map((p) => p.hit);
}

export function createPaperSearch(deps: {
  papers: PaperRepository;
  clock: Clock;
  suggester: SpellingSuggester;
}): PaperSearch {
  const { papers, clock, suggester } = deps;

  async function run(query: SearchQuery, limit: number, forceAny: boolean, withSuggestion = true): Promise<SearchOutcome> {
    if (isEmptyQuery(query)) {
      throw new UserError(
        'query.empty',
        query.excluded.length > 0 ? 'A search needs at least one word to look for, not only exclusions.' : 'Tell paperboy what to look for.',
        `Try ${commandLine('recsys cold-start')}. ${QUERY_SYNTAX_HELP}`,
      );
    }
    const wanted = query.page * limit + 1;
    const rerankPool = query.authors.length > 0 ? AUTHOR_RERANK_POOL : RERANK_POOL;
    const pool = query.sort === 'relevance' ? Math.max(wanted, rerankPool) : wanted;
    // The "any word" search splits hyphenated words and drops repeats (relaxed-query.ts).
    let rankedNewest: number | null = null;
    let indexing = false;
    const fetch = async (mode: 'all' | 'any'): Promise<PaperSearchHit[]> => {
      const result = await papers.search({ query: mode === 'any' ? relaxedQuery(query) : query, mode, limit: pool, offset: 0 });
      if (result.rankedNewest !== null) rankedNewest = Math.max(rankedNewest ?? 0, result.rankedNewest);
      indexing ||= result.indexing;
      return result.hits;
    };

    let strict: PaperSearchHit[] = forceAny ? [] : await fetch('all');
    let loose: PaperSearchHit[] = [];
    const multiWord = query.terms.length > 1;
    if (multiWord && (forceAny || strict.length < MIN_STRICT_RESULTS)) {
      const seen = new Set(strict.map((h) => h.paper.id));
      loose = (await fetch('any')).filter((h) => !seen.has(h.paper.id));
    }
    if (forceAny && !multiWord) strict = await fetch('all');

    const now = clock.now();
    const rank = (hits: PaperSearchHit[], partial: boolean): ScoredPaper[] => {
      if (query.sort !== 'relevance' || hits.length === 0) return hits.map((h) => ({ paper: h.paper, score: h.relevance, partial }));
      const discounted = hits.map((h) => ({ ...h, relevance: h.relevance * relatedOnlyFactor(query.terms, h.paper) }));
      const ranked = applyRankPriors(discounted, now).map((h) => ({ paper: h.paper, score: h.score, partial }));
      return query.authors.length > 0 ? byAuthorPosition(ranked, query) : ranked;
    };
    const all = [...rank(strict, false), ...rank(loose, true)];
    // sort:top puts papers with a popularity figure first, so if the best has none, none has.
    if (query.sort === 'top' && all.length > 0 && !all.some((h) => hasPopularityFigure(h.paper))) {
      const byRelevance = await run({ ...query, sort: 'relevance' }, limit, forceAny, withSuggestion);
      return { ...byRelevance, query, noPopularityData: true };
    }
    const start = (query.page - 1) * limit;
    const hits = all.slice(start, start + limit);
    return {
      query,
      hits,
      relaxed: hits.some((h) => h.partial) && !forceAny,
      hasMore: all.length > start + limit,
      // Not only when nothing matched: one misspelled word of two still finds papers for the other.
      suggestion: withSuggestion && query.terms.length > 0 && !forceAny ? suggester.suggest(query.text) : null,
      rankedNewest,
      indexing,
      noPopularityData: false,
    };
  }

  return {
    async searchText(text, limit, options) {
      const parsed = parseQuery(text);
      if (!parsed.ok) throw parsed.error;
      return run(parsed.value, limit, false, options?.withSuggestion ?? true);
    },
    async search(query, limit, options) {
      return run(query, limit, false, options?.withSuggestion ?? true);
    },
    async similarTo(paper, limit) {
      const words = likeWords(paper);
      const terms: QueryTerm[] = words.map((w) => ({ label: w, alternatives: [[w]], quoted: false }));
      const query: SearchQuery = { ...emptySearchQuery(), terms, text: `like ${paper.id}` };
      const outcome = await run(query, limit + 1, true);
      const hits = outcome.hits.filter((h) => h.paper.id !== paper.id).slice(0, limit);
      // Any title word may match, so a window is the norm here; the reader has no words to add.
      return { ...outcome, hits, relaxed: false, rankedNewest: null };
    },
  };
}
