import type { Paper } from '../paper.ts';
import type { PaperRepository, PaperSearchHit } from '../ports.ts';
import { parseQuery } from '../search/parse-query.ts';
import { applyRankPriors } from '../search/rank-priors.ts';
import type { AuthorDirectory, ChannelSettings, Subscription, SubscriptionStore } from '../subscriptions/subscription-ports.ts';
import type { ChannelLearning } from '../learning/channel-learning.ts';
import { ALSO_LIKE_CANDIDATES, ALSO_LIKE_REASON, MAX_ALSO_LIKE, blendedScore, modelWeight, papersTheModelWants, resemblanceReason } from '../learning/learned-ranking.ts';

/** Candidates considered per subscription before ranking and the channel's cap. */
export const CANDIDATES_PER_SUBSCRIPTION = 50;

export interface DigestCandidate {
  paper: Paper;
  /** Why it is here, one entry per subscription it matched ("matches: recsys cold-start"). */
  reasons: string[];
  /** From a followed author: listed first. */
  followed: boolean;
  score: number;
}

/**
 * Search results shared by the channels of one digest run: channels often follow the same topics,
 * and within a run the same query over the same new papers gives the same answer.
 */
export type DigestSearchCache = Map<string, PaperSearchHit[]>;

export interface DigestSelection {
  /** The capped picks, then at most MAX_ALSO_LIKE papers from outside the subscriptions (labelled ALSO_LIKE_REASON). */
  picks: DigestCandidate[];
  /** How many matched before the cap. */
  matched: number;
}

/** The reason label of a subscription. */
export function reasonFor(subscription: Subscription): string {
  return subscription.kind === 'author' ? `new from ${subscription.query}` : `matches: ${subscription.query}`;
}

/** The author rows a follow covers: the chosen one and every row carrying its external id. */
export async function followedAuthorIds(subscription: Subscription, authors: AuthorDirectory): Promise<number[]> {
  const ids = new Set<number>();
  if (subscription.authorId !== null) ids.add(subscription.authorId);
  if (subscription.externalId) {
    const lookup = subscription.externalId.startsWith('s2:') ? subscription.externalId.slice(3) : subscription.externalId;
    for (const author of await authors.byExternalId(lookup)) ids.add(author.id);
  }
  return [...ids];
}

/**
 * Picks a channel's digest as of `now`: papers the store added after the channel's last digest
 * looked (by store sequence, up to `throughSeq`, which the caller read before anything else: a
 * paper committed later is above it and goes to the next digest) and after the subscription was
 * made, matched against its topics and follows, deduplicated across subscriptions (one paper per
 * versionless id), never one already delivered, rated or saved there, ranked (followed authors
 * first, then match strength with recency and popularity, blended with the channel's model once
 * it has rated papers), capped; then the model's best papers outside the subscriptions, at most
 * `alsoLike`.
 */
export async function selectDigest(
  deps: { papers: PaperRepository; store: SubscriptionStore; authors: AuthorDirectory; searchCache?: DigestSearchCache; learning?: ChannelLearning | null },
  channel: ChannelSettings,
  subscriptions: Subscription[],
  now: Date,
  throughSeq: number,
  alsoLike = MAX_ALSO_LIKE,
): Promise<DigestSelection> {
  const byId = new Map<string, DigestCandidate>();
  const add = (paper: Paper, reason: string, followed: boolean, relevance: number) => {
    const known = byId.get(paper.id);
    if (known) {
      if (!known.reasons.includes(reason)) known.reasons.push(reason);
      known.followed ||= followed;
      known.score = Math.max(known.score, relevance);
      return;
    }
    byId.set(paper.id, { paper, reasons: [reason], followed, score: relevance });
  };

  for (const subscription of subscriptions) {
    const range = { after: Math.max(channel.papersThroughSeq ?? 0, subscription.afterSeq), through: throughSeq };
    if (subscription.kind === 'author') {
      const follow = { authorIds: await followedAuthorIds(subscription, deps.authors), externalId: subscription.externalId };
      for (const paper of await deps.store.papersByFollow(follow, range, CANDIDATES_PER_SUBSCRIPTION)) add(paper, reasonFor(subscription), true, 1);
      continue;
    }
    const key = `${range.after}-${range.through}\u0000${subscription.query}`;
    let hits = deps.searchCache?.get(key);
    if (!hits) {
      const parsed = parseQuery(subscription.query);
      if (!parsed.ok) continue;
      hits = (await deps.papers.search({ query: parsed.value, mode: 'all', limit: CANDIDATES_PER_SUBSCRIPTION, offset: 0, seqRange: range })).hits;
      deps.searchCache?.set(key, hits);
    }
    const top = Math.max(...hits.map((h) => h.relevance), Number.MIN_VALUE);
    for (const hit of hits) add(hit.paper, reasonFor(subscription), false, hit.relevance > 0 ? hit.relevance / top : 1);
  }

  const delivered = await deps.store.deliveredAmong(channel.id, [...byId.keys()]);
  // A paper someone here rated or saved was seen already: the digest brings what was not.
  const judged = (await deps.learning?.judged(channel.id)) ?? new Set<string>();
  const fresh = [...byId.values()].filter((c) => !delivered.has(c.paper.id) && !judged.has(c.paper.id));
  // Without a model (no 👍 or save yet) the weight is 0 and the order is the subscriptions' own.
  const model = (await deps.learning?.modelFor(channel.id)) ?? null;
  const weight = modelWeight(model);
  const prioritised = applyRankPriors(
    fresh.map((c) => ({ ...c, relevance: c.score * (1 + 0.25 * (c.reasons.length - 1)) })),
    now,
  );
  const topScore = Math.max(...prioritised.map((c) => c.score), Number.MIN_VALUE);
  const ranked = prioritised
    .map((c) => {
      if (!model) return c;
      const reason = resemblanceReason(model.nearestLiked(c.paper));
      return { ...c, reasons: reason ? [...c.reasons, reason] : c.reasons, score: blendedScore(c.score / topScore, model.score(c.paper), weight) };
    })
    .sort((a, b) => Number(b.followed) - Number(a.followed) || b.score - a.score);
  const picks = ranked.slice(0, channel.picks).map((c) => ({ paper: c.paper, reasons: c.reasons, followed: c.followed, score: c.score }));
  if (model && alsoLike > 0 && deps.learning) {
    // The range the subscriptions read; before a first digest, from the oldest subscription on.
    const oldest = subscriptions.length > 0 ? Math.min(...subscriptions.map((s) => s.afterSeq)) : 0;
    const after = Math.max(channel.papersThroughSeq ?? 0, oldest);
    const outside = (await deps.learning.corpus.papersInRange({ after, through: throughSeq }, ALSO_LIKE_CANDIDATES)).filter((p) => !byId.has(p.id) && !judged.has(p.id));
    const deliveredOutside = await deps.store.deliveredAmong(channel.id, outside.map((p) => p.id));
    const wanted = papersTheModelWants(model, outside.filter((p) => !deliveredOutside.has(p.id)), alsoLike);
    for (const { paper, score, reason } of wanted) picks.push({ paper, reasons: [ALSO_LIKE_REASON, reason], followed: false, score });
  }
  return { picks, matched: ranked.length };
}
