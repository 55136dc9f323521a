/** Summary statistics for benchmark samples. */

/** The p-th percentile (0–100) of the samples, interpolated linearly between closest ranks. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) throw new Error('percentile() of no samples');
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = (p / 100) * (sorted.length - 1);
  const low = Math.floor(rank);
  const high = Math.ceil(rank);
  return sorted[low]! + (sorted[high]! - sorted[low]!) * (rank - low);
}

export function mean(samples: readonly number[]): number {
  if (samples.length === 0) throw new Error('mean() of no samples');
  return samples.reduce((sum, x) => sum + x, 0) / samples.length;
}

export function median(samples: readonly number[]): number {
  return percentile(samples, 50);
}

export interface LatencySummary {
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

/** p50/p95/p99/max of one pass over the queries. */
export function summarizeLatencies(samples: readonly number[]): LatencySummary {
  return { p50: percentile(samples, 50), p95: percentile(samples, 95), p99: percentile(samples, 99), max: percentile(samples, 100) };
}

/** Each figure of several passes' summaries, as the median over the passes. */
export function medianOfSummaries(passes: readonly LatencySummary[]): LatencySummary {
  return {
    p50: median(passes.map((p) => p.p50)),
    p95: median(passes.map((p) => p.p95)),
    p99: median(passes.map((p) => p.p99)),
    max: median(passes.map((p) => p.max)),
  };
}
