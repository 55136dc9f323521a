/**
 * L2-regularised logistic regression on sparse tf-idf vectors, fitted by full-batch gradient
 * descent with Nesterov momentum. Deterministic (no random starts), so the same ratings always
 * give the same picks. Examples carry weights: the classes are balanced by weight, as
 * arxiv-sanity's `class_weight='balanced'`, so a handful of 👍 is not drowned by the background.
 */
import { dotDense, type SparseVector } from './tfidf.ts';

export interface TrainingExample {
  vector: SparseVector;
  /** 1 for a paper the channel wants, 0 for one it does not (a 👎 or a background paper). */
  label: 0 | 1;
  weight: number;
}

export interface LinearModel {
  weights: Float64Array;
  bias: number;
}

export interface FitOptions {
  /** Strength of the L2 penalty on the weights (not the bias). */
  l2: number;
  iterations: number;
  learningRate: number;
}

/**
 * A penalty this small lets ten ratings move the weights of their terms; the step count is what
 * bench/learning-bench.ts measured its CSFCube channels with (the fit is most of a refit's cost).
 */
export const DEFAULT_FIT: FitOptions = { l2: 1e-4, iterations: 100, learningRate: 2 };

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

export function fitLogisticRegression(examples: readonly TrainingExample[], dimensions: number, options: FitOptions = DEFAULT_FIT): LinearModel {
  const weights = new Float64Array(dimensions);
  const previous = new Float64Array(dimensions);
  const gradient = new Float64Array(dimensions);
  const lookahead = new Float64Array(dimensions);
  let bias = 0;
  let previousBias = 0;
  const totalWeight = examples.reduce((sum, e) => sum + e.weight, 0) || 1;
  for (let step = 1; step <= options.iterations; step++) {
    // Nesterov: the gradient at the point momentum is carrying the weights to.
    const momentum = (step - 1) / (step + 2);
    for (let d = 0; d < dimensions; d++) lookahead[d] = weights[d]! + momentum * (weights[d]! - previous[d]!);
    const lookaheadBias = bias + momentum * (bias - previousBias);
    gradient.fill(0);
    let biasGradient = 0;
    for (const example of examples) {
      const error = (sigmoid(dotDense(example.vector, lookahead) + lookaheadBias) - example.label) * (example.weight / totalWeight);
      const { indices, values } = example.vector;
      for (let i = 0; i < indices.length; i++) gradient[indices[i]!]! += error * values[i]!;
      biasGradient += error;
    }
    previous.set(weights);
    previousBias = bias;
    for (let d = 0; d < dimensions; d++) weights[d] = lookahead[d]! - options.learningRate * (gradient[d]! + options.l2 * lookahead[d]!);
    bias = lookaheadBias - options.learningRate * biasGradient;
  }
  return { weights, bias };
}

/** The model's probability from a paper's dot product with its weights. */
export function probabilityOf(model: LinearModel, dot: number): number {
  return sigmoid(dot + model.bias);
}
