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
}

/** Builds the space from the term counts of the documents it is fitted on. */
export function fitTfidfSpace(documents: ReadonlyArray<ReadonlyMap<string, number>>): TfidfSpace {
  const dimensions = new Map<string, number>();
  const documentFrequency: number[] = [];
  for (const counts of documents) {
    for (const term of counts.keys()) {
      let dimension = dimensions.get(term);
      if (dimension === undefined) {
        dimension = documentFrequency.length;
        dimensions.set(term, dimension);
        documentFrequency.push(0);
      }
      documentFrequency[dimension]!++;
    }
  }
  const n = documents.length;
  const idf = Float64Array.from(documentFrequency, (df) => Math.log((1 + n) / (1 + df)) + 1);
  const terms = [...dimensions.keys()];
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
