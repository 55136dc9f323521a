import { seededRandom } from '../src/core/learning/seeded-random.ts';

/**
 * A small seeded pseudo-random generator (mulberry32, src/core/learning/seeded-random.ts), so
 * generated corpora and query sets are the same on every machine and every run.
 */
export interface SeededRandom {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [0, n). */
  below(n: number): number;
  /** One element of a non-empty array. */
  pick<T>(items: readonly T[]): T;
}

export function createSeededRandom(seed: number): SeededRandom {
  const next = seededRandom(seed);
  const below = (n: number) => Math.floor(next() * n);
  return {
    next,
    below,
    pick<T>(items: readonly T[]): T {
      if (items.length === 0) throw new Error('pick() needs at least one item');
      return items[below(items.length)]!;
    },
  };
}
