/**
 * A channel's model of what it reads: tf-idf of its rated papers and a background sample of the
 * corpus, and a logistic regression that tells the papers it liked (👍, saves) from those it
 * disliked (👎) and from the background (arxiv-sanity's recipe: the rest of the corpus stands in
 * for what nobody asked for). Fitted in process from the store's ratings; no network call.
 */
import type { Paper } from '../paper.ts';
import { fitLogisticRegression, probabilityOf, type FitOptions, type LinearModel, DEFAULT_FIT } from './logistic-regression.ts';
import { paperTerms } from './paper-terms.ts';
import { cosine, fitTfidfSpace, type SparseVector, type TfidfSpace } from './tfidf.ts';

/** A paper the channel has a view on, with the tally of that view. */
export interface RatedPaper {
  paper: Paper;
  ups: number;
  downs: number;
  saved: boolean;
}

/**
 * The channel's net view of a rated paper: each 👍 and a save count one for it, each 👎 one
 * against. A tie says nothing and trains nothing.
 */
export function netVote(rated: Pick<RatedPaper, 'ups' | 'downs' | 'saved'>): number {
  return rated.ups - rated.downs + (rated.saved ? 1 : 0);
}

/**
 * Within the negative class a 👎 outweighs a background paper this many times: someone looked at
 * it and said no, where a background paper is only probably unwanted.
 */
const DISLIKE_WEIGHT = 3;

/** A term only the background has counts when at least this many of its papers have it (arxiv-sanity: min_df). */
const MIN_BACKGROUND_DOCUMENTS = 2;

export interface Neighbour {
  rated: RatedPaper;
  similarity: number;
}

export interface TermContribution {
  term: string;
  /** The term's share of the paper's score (weight × tf-idf): positive pulls it up. */
  contribution: number;
}

export interface ChannelModel {
  /** Papers it learned to want and not to want. */
  readonly liked: readonly RatedPaper[];
  readonly disliked: readonly RatedPaper[];
  /** How many ratings it was fitted on (every 👍, 👎 and save). */
  readonly evidence: number;
  /** How much the channel wants the paper, 0..1. */
  score(paper: Paper): number;
  /** The liked paper most like this one (cosine of their tf-idf), null when it shares no term with any. */
  nearestLiked(paper: Paper): Neighbour | null;
  nearestDisliked(paper: Paper): Neighbour | null;
  /** The terms that move this paper's score most, strongest first. */
  strongestTerms(paper: Paper, count: number): TermContribution[];
}

/**
 * Fits the model, or returns null when the channel liked nothing yet (no positive class: its
 * picks stay those of its subscriptions alone). `background` may hold rated papers; they are left
 * out of it.
 */
export function fitChannelModel(rated: readonly RatedPaper[], background: readonly Paper[], options: FitOptions = DEFAULT_FIT): ChannelModel | null {
  const liked = rated.filter((r) => netVote(r) > 0);
  const disliked = rated.filter((r) => netVote(r) < 0);
  if (liked.length === 0) return null;
  const ratedIds = new Set(rated.map((r) => r.paper.id));
  const others = background.filter((p) => !ratedIds.has(p.id));
  const documents = [...liked.map((r) => r.paper), ...disliked.map((r) => r.paper), ...others].map(paperTerms);
  const space = fitTfidfSpace(documents, { minDocuments: MIN_BACKGROUND_DOCUMENTS, alwaysKept: liked.length + disliked.length });
  const vectors = documents.map((counts) => space.vectorize(counts));
  // Balanced classes: the liked papers weigh as much in all as the negatives together.
  const negativeUnits = disliked.length * DISLIKE_WEIGHT + others.length || 1;
  const positiveWeight = negativeUnits / liked.length;
  const examples = vectors.map((vector, i) => {
    if (i < liked.length) return { vector, label: 1 as const, weight: positiveWeight };
    return { vector, label: 0 as const, weight: i < liked.length + disliked.length ? DISLIKE_WEIGHT : 1 };
  });
  const model = fitLogisticRegression(examples, space.terms.length, options);
  const evidence = rated.reduce((sum, r) => sum + r.ups + r.downs + (r.saved ? 1 : 0), 0);
  return fittedModel({ liked, disliked, evidence, space, model, likedVectors: vectors.slice(0, liked.length), dislikedVectors: vectors.slice(liked.length, liked.length + disliked.length) });
}

/**
 * The fitted model's functions, built apart from the fit so they hold only what scoring needs:
 * closures made inside the fit kept its thousand background vectors alive (10 MB a cached model
 * on the arXiv store).
 */
function fittedModel(fit: {
  liked: RatedPaper[];
  disliked: RatedPaper[];
  evidence: number;
  space: TfidfSpace;
  model: LinearModel;
  likedVectors: SparseVector[];
  dislikedVectors: SparseVector[];
}): ChannelModel {
  const { liked, disliked, space, model } = fit;
  const vectorOf = (paper: Paper) => space.vectorize(paperTerms(paper));
  const nearest = (group: readonly RatedPaper[], groupVectors: SparseVector[], paper: Paper): Neighbour | null => {
    const vector = vectorOf(paper);
    let best: Neighbour | null = null;
    group.forEach((candidate, i) => {
      if (candidate.paper.id === paper.id) return;
      const similarity = cosine(vector, groupVectors[i]!);
      if (similarity > 0 && (!best || similarity > best.similarity)) best = { rated: candidate, similarity };
    });
    return best;
  };
  return {
    liked,
    disliked,
    evidence: fit.evidence,
    score: (paper) => probabilityOf(model, space.dot(paperTerms(paper), model.weights)),
    nearestLiked: (paper) => nearest(liked, fit.likedVectors, paper),
    nearestDisliked: (paper) => nearest(disliked, fit.dislikedVectors, paper),
    strongestTerms(paper, count) {
      const vector = vectorOf(paper);
      const contributions: TermContribution[] = [];
      for (let i = 0; i < vector.indices.length; i++) {
        const dimension = vector.indices[i]!;
        contributions.push({ term: space.terms[dimension]!, contribution: model.weights[dimension]! * vector.values[i]! });
      }
      return contributions.sort((a, b) => Math.abs(b.contribution) - Math.abs(a.contribution)).slice(0, count);
    },
  };
}
