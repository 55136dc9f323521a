/**
 * mulberry32, a small seeded pseudo-random generator
 * (https://gist.github.com/tommyettinger/46a874533244883189143505d203312c): the same seed gives the
 * same draws on every machine, so a channel's background sample is the same on every fit, and the
 * benchmarks' corpora and rating draws are the same on every run.
 */

/** A generator of floats in [0, 1) for `seed`. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
