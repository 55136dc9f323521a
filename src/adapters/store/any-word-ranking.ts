/**
 * The "any word" (relaxed) search's ranking, without scoring a walk of the newest 10,000 matches
 * of its most common word.
 *
 * bm25 is a sum over the phrases of the MATCH expression, and a phrase a paper lacks adds
 * nothing (https://www.sqlite.org/fts5.html#the_bm25_function: the score sums, per phrase, its
 * IDF times a saturated frequency). So a paper's score under the whole OR expression is
 * the sum of its scores under each term, and:
 *
 * - every paper holding a rare term (one in at most RARE_TERM_PAPERS papers) is a candidate: these
 *   carry the high-IDF weight and are what an any-word search is mostly for ("docdancer agentic");
 * - papers with only common terms are candidates among the newest `tailWindow` of them (the rank
 *   window's idea, on a smaller window: they can only be partial matches of weak words).
 *
 * The rare candidates are scored exactly with the whole expression in one statement: FTS5 scores
 * `(whole) AND (rare terms)` by its phrases, the rare ones twice, so subtracting the score of
 * `(rare terms)` alone leaves the whole expression's score. FTS5 evaluates that AND from the
 * short doclists, so the common terms' doclists are only seeked, never walked or scored.
 *
 * Measured on the 78,736-paper corpus, CPU time per relaxed search of 40 candidates (the machine
 * was shared, so wall times varied 2–3×): "policy-driven llm diagnosis" 15.6 → 7.7 ms,
 * "remomask retrieval-augmented masked" 15.3 → 7.0, "docdancer agentic" 12.4 → 4.1. The brief's
 * other yardstick, a plain FTS5 table's OR query with ORDER BY rank LIMIT 10, is no cheaper than
 * the old walk (107, 47 and 38 ms wall on those words): FTS5 scores every match of an OR.
 * SciFact train (bench/relevance) is unchanged at nDCG@10 0.7079, Recall@10 0.8129: in its 5,183
 * documents nearly every content word is rare. On 1,003 title queries at 78,736 papers, the 218
 * that relaxed kept their first hit and 61 % of their top 10 (the rest: papers with only common words).
 */
import type Database from 'better-sqlite3';

/** A term in at most this many papers is rare: all its papers are ranked. */
export const RARE_TERM_PAPERS = 1_000;

/** Papers with only common terms: the newest this many of them are ranked. */
export const ANY_WORD_TAIL_WINDOW = 1_000;

export interface ScoredSeq {
  seq: number;
  relevance: number;
}

export interface AnyWordRanking {
  /** The best `limit` candidates after `offset`, best first, and whether the common-term tail overflowed its window. */
  hits: ScoredSeq[];
  tailOverflowed: boolean;
}

/**
 * Ranks the papers matching `expression` (an OR of the `termExpressions`, with any filters ANDed
 * on and exclusions NOTed off), as `-bm25(papers_fts, weights)` would, over the candidates above.
 */
export function createAnyWordRanker(sqlite: Database.Database, bm25Arguments: string, tailWindow: number) {
  const tail = Math.trunc(tailWindow);
  // Walks without scoring: whether a term is rare, and the term's papers when it is.
  const newestOfTerm = sqlite.prepare<[string], number>(`SELECT rowid FROM papers_fts WHERE papers_fts MATCH ? ORDER BY rowid DESC LIMIT ${RARE_TERM_PAPERS + 1}`).pluck();
  const scoredAll = sqlite.prepare<[string], ScoredSeq>(`SELECT rowid AS seq, -bm25(papers_fts, ${bm25Arguments}) AS relevance FROM papers_fts WHERE papers_fts MATCH ?`);
  const scoredNewest = sqlite.prepare<[string], ScoredSeq>(
    `SELECT rowid AS seq, -bm25(papers_fts, ${bm25Arguments}) AS relevance FROM papers_fts WHERE papers_fts MATCH ? ORDER BY rowid DESC LIMIT ${tail + 1}`,
  );

  return function rankAnyWord(expression: string, termExpressions: readonly string[], limit: number, offset: number): AnyWordRanking {
    const scores = new Map<number, number>();
    const newest = scoredNewest.all(expression);
    for (const row of newest.slice(0, tail)) scores.set(row.seq, row.relevance);
    // Within the window, every match is ranked: nothing more to find.
    const tailOverflowed = newest.length > tail;
    const rareTerms = tailOverflowed ? termExpressions.filter((term) => newestOfTerm.all(term).length <= RARE_TERM_PAPERS) : [];
    if (rareTerms.length > 0) {
      const rare = `(${rareTerms.join(' OR ')})`;
      const rareOnly = new Map(scoredAll.all(rare).map((row) => [row.seq, row.relevance]));
      for (const row of scoredAll.all(`(${expression}) AND ${rare}`)) {
        if (!scores.has(row.seq)) scores.set(row.seq, row.relevance - rareOnly.get(row.seq)!);
      }
    }
    const hits = [...scores].map(([seq, relevance]) => ({ seq, relevance })).sort((a, b) => b.relevance - a.relevance || b.seq - a.seq);
    return { hits: hits.slice(offset, offset + limit), tailOverflowed };
  };
}
