/**
 * tf-idf vectors over a fixed vocabulary: sublinear term frequency (1 + log tf) times smoothed
 * inverse document frequency, L2-normalised (scikit-learn's TfidfVectorizer with sublinear_tf,
 * which arxiv-sanity uses). The vocabulary and the document frequencies come from the papers a
 * model is fitted on; a term none of them has gets no dimension (the model has no weight for it).
 */

/** A sparse vector: parallel arrays of dimension and value, dimensions ascending. */
export interface SparseVector {
  indices: Int32Array;
  values: Float64Array;
}

export interface TfidfSpace {
  /** Term → dimension. */
  readonly dimensions: ReadonlyMap<string, number>;
  /** Dimension → term. */
  readonly terms: readonly string[];
  vectorize(counts: ReadonlyMap<string, number>): SparseVector;
  /**
   * The dot product of the document's normalised vector with dense weights, without building the
   * vector: what scoring a paper needs, at a fraction of vectorize's cost (no arrays, no sort).
   */
  dot(counts: ReadonlyMap<string, number>, weights: Float64Array): number;
}

/**
 * Builds the space from the term counts of the documents it is fitted on. A term in fewer than
 * `minDocuments` of them gets no dimension unless the first `alwaysKept` documents have it (the
 * rated papers: every term of theirs is evidence): like arxiv-sanity's min_df, it drops the
 * thousands of terms one background paper alone has, which a classifier cannot learn from and
 * which were most of a fit's dimensions.
 */
export function fitTfidfSpace(documents: ReadonlyArray<ReadonlyMap<string, number>>, options: { minDocuments?: number; alwaysKept?: number } = {}): TfidfSpace {
  const minDocuments = options.minDocuments ?? 1;
  const alwaysKept = options.alwaysKept ?? 0;
  const frequency = new Map<string, number>();
  for (const counts of documents) for (const term of counts.keys()) frequency.set(term, (frequency.get(term) ?? 0) + 1);
  const kept = new Set<string>();
  for (const [term, df] of frequency) if (df >= minDocuments) kept.add(term);
  for (const counts of documents.slice(0, alwaysKept)) for (const term of counts.keys()) kept.add(term);
  const terms = [...kept];
  const n = documents.length;
  const idf = Float64Array.from(terms, (term) => Math.log((1 + n) / (1 + frequency.get(term)!)) + 1);
  return spaceOf(terms, idf);
}

/**
 * The space's functions, built apart from the fit: they hold the kept terms and their idf only,
 * not the fit's documents and counts (a cached model would otherwise keep those alive).
 */
function spaceOf(terms: string[], idf: Float64Array): TfidfSpace {
  const dimensions = new Map(terms.map((term, dimension) => [term, dimension]));
  return {
    dimensions,
    terms,
    vectorize(counts) {
      const entries: Array<[number, number]> = [];
      for (const [term, count] of counts) {
        const dimension = dimensions.get(term);
        if (dimension !== undefined) entries.push([dimension, (1 + Math.log(count)) * idf[dimension]!]);
      }
      entries.sort((a, b) => a[0] - b[0]);
      const norm = Math.sqrt(entries.reduce((sum, [, v]) => sum + v * v, 0)) || 1;
      return { indices: Int32Array.from(entries, ([d]) => d), values: Float64Array.from(entries, ([, v]) => v / norm) };
    },
    dot(counts, weights) {
      let squares = 0;
      let sum = 0;
      for (const [term, count] of counts) {
        const dimension = dimensions.get(term);
        if (dimension === undefined) continue;
        const value = (1 + Math.log(count)) * idf[dimension]!;
        squares += value * value;
        sum += value * weights[dimension]!;
      }
      return squares === 0 ? 0 : sum / Math.sqrt(squares);
    },
  };
}

/** The dot product of a sparse vector with a dense weight array. */
export function dotDense(vector: SparseVector, weights: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < vector.indices.length; i++) sum += vector.values[i]! * weights[vector.indices[i]!]!;
  return sum;
}

/** The cosine of two L2-normalised sparse vectors (their dot product). */
export function cosine(a: SparseVector, b: SparseVector): number {
  let i = 0;
  let j = 0;
  let sum = 0;
  while (i < a.indices.length && j < b.indices.length) {
    const da = a.indices[i]!;
    const db = b.indices[j]!;
    if (da === db) sum += a.values[i++]! * b.values[j++]!;
    else if (da < db) i++;
    else j++;
  }
  return sum;
}
