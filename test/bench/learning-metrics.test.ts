/** The learning benchmark's metrics against hand-computed values. */
import { describe, expect, it } from 'vitest';
import { averagePrecision, ndcgAt, ndcgPercent20 } from '../../bench/learning-metrics.ts';

describe('learning benchmark metrics', () => {
  it('nDCG@k: gain over log2(rank + 1), against the pool sorted', () => {
    expect(ndcgAt([3, 2, 0], 3)).toBe(1);
    // DCG 0 + 2/log2(3) + 3/2 against ideal 3 + 2/log2(3).
    expect(ndcgAt([0, 2, 3], 3)).toBeCloseTo((2 / Math.log2(3) + 1.5) / (3 + 2 / Math.log2(3)), 12);
    // The ideal comes from the whole pool, also past k.
    expect(ndcgAt([0, 0], 2, [0, 0, 3])).toBe(0);
    expect(ndcgAt([0, 0, 0], 3)).toBe(0);
  });

  it('NDCG%20 as CSFCube computes it: method-0 DCG (rank 1 undiscounted, rank i divided by log2 i) at 20 % of the pool', () => {
    // 10 candidates: k = 2. DCG [1, 3] = 1 + 3/log2(2) = 4 against ideal [3, 1] = 3 + 1 = 4.
    expect(ndcgPercent20([1, 3, 0, 0, 0, 0, 0, 0, 0, 0])).toBe(1);
    // DCG [0, 3] = 0 + 3/log2(2) = 3 against ideal [3, 1] = 4.
    expect(ndcgPercent20([0, 3, 1, 0, 0, 0, 0, 0, 0, 0])).toBeCloseTo(3 / 4, 12);
  });

  it('average precision counts relevance 2 and up as relevant', () => {
    expect(averagePrecision([2, 1, 3])).toBeCloseTo((1 / 1 + 2 / 3) / 2, 12);
    expect(averagePrecision([1, 1])).toBe(0);
  });
});
