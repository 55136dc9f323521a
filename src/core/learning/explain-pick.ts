/**
 * Why a paper would be picked for a channel, in full: which of its subscriptions the paper
 * matches and how, and what the channel's model makes of it (its score, the nearest liked and
 * disliked papers, the terms that weigh most). What `/papers why` shows.
 */
import { authorNameKey } from '../author-name.ts';
import type { Paper } from '../paper.ts';
import { parseQuery } from '../search/parse-query.ts';
import { tokenize } from '../search/tokenize.ts';
import type { Subscription } from '../subscriptions/subscription-ports.ts';
import type { ChannelModel, Neighbour, TermContribution } from './channel-model.ts';
import { modelWeight } from './learned-ranking.ts';

export interface TopicMatch {
  subscription: Subscription;
  /** The query's words, categories or author the paper has. */
  found: string[];
  /** Those it lacks: a topic matches only when this is empty. */
  missing: string[];
}

export interface ModelView {
  score: number;
  /** The model's share of a digest score at this many ratings. */
  weight: number;
  evidence: number;
  nearestLiked: Neighbour | null;
  nearestDisliked: Neighbour | null;
  terms: TermContribution[];
}

export interface PickExplanation {
  topics: TopicMatch[];
  /** Null while the channel has liked and saved nothing. */
  model: ModelView | null;
}

/** Terms an explanation lists. */
export const EXPLAINED_TERMS = 8;

function topicMatch(paper: Paper, subscription: Subscription): TopicMatch {
  const found: string[] = [];
  const missing: string[] = [];
  if (subscription.kind === 'author') {
    const key = authorNameKey(subscription.query);
    (paper.authors.some((a) => authorNameKey(a) === key) ? found : missing).push(subscription.query);
    return { subscription, found, missing };
  }
  const parsed = parseQuery(subscription.query);
  if (!parsed.ok) return { subscription, found, missing: [subscription.query] };
  const text = ` ${tokenize(`${paper.title} ${paper.abstract}`).join(' ')} `;
  for (const term of parsed.value.terms) {
    const has = term.alternatives.some((alternative) => text.includes(` ${alternative.join(' ')} `));
    (has ? found : missing).push(term.label);
  }
  const categories = paper.categories.map((c) => c.toLowerCase());
  for (const filter of parsed.value.categories) {
    const code = filter.subject ? `${filter.archive}.${filter.subject}` : filter.archive;
    const has = categories.some((c) => c === code || (!filter.subject && c.startsWith(`${filter.archive}.`)));
    (has ? found : missing).push(`cat:${code}`);
  }
  return { subscription, found, missing };
}

export function explainPick(paper: Paper, subscriptions: readonly Subscription[], model: ChannelModel | null): PickExplanation {
  return {
    topics: subscriptions.map((s) => topicMatch(paper, s)),
    model: model && {
      score: model.score(paper),
      weight: modelWeight(model),
      evidence: model.evidence,
      nearestLiked: model.nearestLiked(paper),
      nearestDisliked: model.nearestDisliked(paper),
      terms: model.strongestTerms(paper, EXPLAINED_TERMS),
    },
  };
}
