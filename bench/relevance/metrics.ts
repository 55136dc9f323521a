/**
 * Ranking metrics as BEIR reports them (pytrec_eval / trec_eval `ndcg_cut` and `recall`):
 * gain is the relevance grade, the discount is log2(rank + 1), the ideal DCG comes from the
 * qrels' grades sorted high to low. Documents graded 0 count as not relevant.
 * https://github.com/beir-cellar/beir/blob/main/beir/retrieval/evaluation.py
 */

/** Graded judgements of one query: document id → grade. */
export type Judgements = ReadonlyMap<string, number>;

/** nDCG@k of one ranking. 0 when the query has no relevant document (callers skip those). */
export function ndcgAt(ranking: readonly string[], judged: Judgements, k: number): number {
  let dcg = 0;
  ranking.slice(0, k).forEach((id, index) => {
    const grade = judged.get(id) ?? 0;
    if (grade > 0) dcg += grade / Math.log2(index + 2);
  });
  const ideal = [...judged.values()]
    .filter((g) => g > 0)
    .sort((a, b) => b - a)
    .slice(0, k)
    .reduce((sum, grade, index) => sum + grade / Math.log2(index + 2), 0);
  return ideal > 0 ? dcg / ideal : 0;
}

/** Recall@k: the share of the query's relevant documents found in the first k. */
export function recallAt(ranking: readonly string[], judged: Judgements, k: number): number {
  const relevant = [...judged].filter(([, g]) => g > 0).map(([id]) => id);
  if (relevant.length === 0) return 0;
  const top = new Set(ranking.slice(0, k));
  return relevant.filter((id) => top.has(id)).length / relevant.length;
}

export interface Scores {
  /** Queries scored: those with at least one relevant document in the qrels. */
  queries: number;
  ndcg10: number;
  recall10: number;
  /** Per-query nDCG@10, by query id, for comparing runs. */
  perQuery: Record<string, number>;
}

/**
 * Mean nDCG@10 and Recall@10 over the judged queries. A judged query the run has no ranking
 * for scores 0 (stricter than pytrec_eval, which leaves it out of the mean).
 */
export function scoreRun(run: ReadonlyMap<string, readonly string[]>, qrels: ReadonlyMap<string, Judgements>): Scores {
  let ndcg = 0;
  let recall = 0;
  let queries = 0;
  const perQuery: Record<string, number> = {};
  for (const [queryId, judged] of qrels) {
    if (![...judged.values()].some((g) => g > 0)) continue;
    const ranking = run.get(queryId) ?? [];
    const n = ndcgAt(ranking, judged, 10);
    perQuery[queryId] = Number(n.toFixed(4));
    ndcg += n;
    recall += recallAt(ranking, judged, 10);
    queries++;
  }
  return { queries, ndcg10: queries ? ndcg / queries : 0, recall10: queries ? recall / queries : 0, perQuery };
}
