/**
 * A channel simulated on CSFCube: its subscription is the query paper's title (a topic in a few
 * words), its team rates papers (the query paper 👍, then judged-relevant candidates 👍 and
 * judged-irrelevant ones 👎, alternately), and paperboy ranks the rest of the pool as a digest
 * ranks: topic match alone with no ratings, topic match blended with the channel's model after.
 */
import { fitChannelModel, type RatedPaper } from '../src/core/learning/channel-model.ts';
import { blendedScore, modelWeight } from '../src/core/learning/learned-ranking.ts';
import { paperTerms } from '../src/core/learning/paper-terms.ts';
import { cosine, fitTfidfSpace, type SparseVector } from '../src/core/learning/tfidf.ts';
import type { Paper } from '../src/core/paper.ts';
import type { Csfcube, CsfcubeQuery } from './learning-csfcube.ts';
import { ndcgAt } from './learning-metrics.ts';

/** A judged candidate this relevant or more is one the team would 👍 (CSFCube's own threshold for "relevant"). */
export const LIKED_RELEVANCE = 2;

export function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy;
}

/** The topic match of every paper against a subscription text: tf-idf cosine over the whole collection. */
export function topicMatcher(papers: readonly Paper[]): (subscription: string, paper: Paper) => number {
  const space = fitTfidfSpace(papers.map(paperTerms));
  const vectors = new Map<string, SparseVector>(papers.map((p) => [p.id, space.vectorize(paperTerms(p))]));
  return (subscription, paper) => cosine(space.vectorize(paperTerms({ title: subscription, abstract: '', authors: [], categories: [] })), vectors.get(paper.id)!);
}

export interface ChannelRun {
  /** nDCG@10 of the unrated pool by topic match alone (subscription only). */
  subscriptionOnly: number;
  /** nDCG@10 of the same pool ranked as the digest ranks with the ratings. */
  learned: number;
  ratings: number;
  fitMs: number;
  /** Scoring the unrated pool with the model, per paper. */
  scoreMsPerPaper: number;
}

/**
 * The team's `count` ratings for a query: the query paper 👍, then alternately a relevant
 * candidate 👍 and an irrelevant one 👎, keeping at least one relevant candidate unrated.
 */
export function teamRatings(query: CsfcubeQuery, csf: Csfcube, count: number, random: () => number): RatedPaper[] {
  if (count === 0) return [];
  const judged = [...query.judged];
  const relevant = shuffled(judged.filter(([, rel]) => rel >= LIKED_RELEVANCE).map(([id]) => id), random);
  const irrelevant = shuffled(judged.filter(([, rel]) => rel === 0).map(([id]) => id), random);
  const rated: RatedPaper[] = [{ paper: csf.papers.get(query.paperId)!, ups: 1, downs: 0, saved: false }];
  for (let i = 1; i < count; i++) {
    const like = i % 2 === 1 && relevant.length > 1;
    const id = like ? relevant.pop() : irrelevant.pop();
    if (!id) break;
    rated.push({ paper: csf.papers.get(id)!, ups: like ? 1 : 0, downs: like ? 0 : 1, saved: false });
  }
  return rated;
}

export function simulateChannel(
  query: CsfcubeQuery,
  csf: Csfcube,
  rated: readonly RatedPaper[],
  background: readonly Paper[],
  topic: (subscription: string, paper: Paper) => number,
): ChannelRun | null {
  const subscription = csf.papers.get(query.paperId)!.title;
  const ratedIds = new Set(rated.map((r) => r.paper.id));
  const pool = [...query.judged].filter(([id]) => !ratedIds.has(id)).map(([id, rel]) => ({ paper: csf.papers.get(id)!, rel }));
  if (!pool.some((c) => c.rel > 0)) return null;
  const topics = pool.map((c) => topic(subscription, c.paper));
  const topTopic = Math.max(...topics, Number.MIN_VALUE);
  const byTopic = pool.map((c, i) => ({ rel: c.rel, score: topics[i]! })).sort((a, b) => b.score - a.score);
  const poolRelevance = pool.map((c) => c.rel);
  const subscriptionOnly = ndcgAt(byTopic.map((c) => c.rel), 10, poolRelevance);
  const fitStart = performance.now();
  const model = rated.length > 0 ? fitChannelModel(rated, background) : null;
  const fitMs = performance.now() - fitStart;
  if (!model) return { subscriptionOnly, learned: subscriptionOnly, ratings: rated.length, fitMs: 0, scoreMsPerPaper: 0 };
  const weight = modelWeight(model);
  const scoreStart = performance.now();
  const blended = pool.map((c, i) => ({ rel: c.rel, score: blendedScore(topics[i]! / topTopic, model.score(c.paper), weight) }));
  const scoreMsPerPaper = (performance.now() - scoreStart) / pool.length;
  blended.sort((a, b) => b.score - a.score);
  return { subscriptionOnly, learned: ndcgAt(blended.map((c) => c.rel), 10, poolRelevance), ratings: rated.length, fitMs, scoreMsPerPaper };
}
