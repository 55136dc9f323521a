/**
 * Ranking metrics for the learning benchmark. nDCG@k is the usual one (gain = graded relevance,
 * discount log2(rank + 1)); NDCG%20, MAP and their fold averaging follow CSFCube's own evaluation
 * script (iesl/CSFCube eval_scripts/ranking_eval.py, with rank_metrics' method-0 DCG: the first
 * rank undiscounted, rank i ≥ 2 divided by log2(i)), so `/papers like` is comparable with the
 * figures the CSFCube paper publishes.
 */

/** nDCG@k of graded relevances in ranked order; the ideal is the same relevances sorted (the judged pool). */
export function ndcgAt(ranked: readonly number[], k: number, pool: readonly number[] = ranked): number {
  const dcg = (list: readonly number[]) => list.slice(0, k).reduce((sum, rel, i) => sum + rel / Math.log2(i + 2), 0);
  const ideal = dcg([...pool].sort((a, b) => b - a));
  return ideal === 0 ? 0 : dcg(ranked) / ideal;
}

/** rank_metrics.dcg_at_k with method 0, as CSFCube's script uses it. */
function dcgMethod0(list: readonly number[], k: number): number {
  const r = list.slice(0, k);
  if (r.length === 0) return 0;
  return r[0]! + r.slice(1).reduce((sum, rel, i) => sum + rel / Math.log2(i + 2), 0);
}

/** CSFCube's NDCG%20: method-0 nDCG at 20 % of the pool's size. */
export function ndcgPercent20(ranked: readonly number[]): number {
  const k = Math.floor(0.2 * ranked.length);
  const ideal = dcgMethod0([...ranked].sort((a, b) => b - a), k);
  return ideal === 0 ? 0 : dcgMethod0(ranked, k) / ideal;
}

/** Average precision with relevance ≥ `threshold` as relevant (CSFCube: threshold_grade = 2). */
export function averagePrecision(ranked: readonly number[], threshold = 2): number {
  let hits = 0;
  let sum = 0;
  ranked.forEach((rel, i) => {
    if (rel >= threshold) {
      hits++;
      sum += hits / (i + 1);
    }
  });
  return hits === 0 ? 0 : sum / hits;
}

export const mean = (values: readonly number[]) => (values.length === 0 ? 0 : values.reduce((a, b) => a + b, 0) / values.length);

export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}
