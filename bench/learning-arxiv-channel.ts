/**
 * Issue 20's must-show on the real arXiv corpus: a channel subscribed to a broad topic ("speech",
 * 2,046 papers) whose team liked 10 papers of one narrow topic (speech translation: "speech" and
 * "translation" in the title, 81 papers), against the same channel with no ratings. The store's older 80 % is what the
 * team rated from; the newest 20 % is the digest's range. Picks come from selectDigest itself.
 */
import { selectDigest } from '../src/core/digest/select-digest.ts';
import type { Paper } from '../src/core/paper.ts';
import type { Subscription } from '../src/core/subscriptions/subscription-ports.ts';
import { PICKS, withLearningStore } from './learning-arxiv-store.ts';

const BROAD_TOPIC = 'speech';
/** The narrow topic, as the liked papers are chosen: both words in the title. */
const isNarrow = (p: Paper) => /speech/i.test(p.title) && /translation/i.test(p.title);
const LIKED = 10;

export interface TopicChannelResult {
  /** Narrow-topic papers among the digest's range matches (what a perfect ranking could pick). */
  narrowInRange: number;
  /** Narrow-topic papers among the PICKS picks. */
  narrowPicksWithoutRatings: number;
  narrowPicksWithRatings: number;
  /** Ranks (1-based) of the narrow-topic picks, without and with the ratings. */
  narrowRanksWithoutRatings: number[];
  narrowRanksWithRatings: number[];
  /** Picks whose reason names a liked paper ("like ‘…’ (1 👍)"). */
  picksNamingALikedPaper: number;
  /** "You may also like" picks from outside the subscription, and how many are on the narrow topic. */
  alsoLike: number;
  alsoLikeNarrow: number;
}

export function benchArxivTopicChannel(storePath: string): Promise<TopicChannelResult> {
  return withLearningStore(storePath, async ({ raw, highest, split, papers, store, feedback, learning, deps }) => {
    const channel = store.ensureChannel({ platform: 'console', workspaceId: 'bench', channelId: `topic-${Date.now()}` }, { timeZone: 'UTC', now: new Date().toISOString() });
    const olderNarrow = (raw.prepare(`SELECT id FROM papers WHERE seq <= ? AND title LIKE '%speech%' AND title LIKE '%translation%' ORDER BY seq DESC LIMIT ?`).all(split, LIKED) as Array<{ id: string }>).map((r) => r.id);
    for (const id of olderNarrow) feedback.setRating(channel.id, id, { userId: 'bench', userName: null }, 'up', new Date().toISOString());
    const subscription: Subscription = { id: 0, channelId: channel.id, kind: 'topic', query: BROAD_TOPIC, authorId: null, externalId: null, afterSeq: split, createdBy: 'bench', createdAt: new Date().toISOString() };
    const settings = { ...channel, picks: PICKS };
    const untaught = await selectDigest(deps, settings, [subscription], new Date(), highest);
    const taught = await selectDigest({ ...deps, learning }, settings, [subscription], new Date(), highest);
    const inRange = papers.search({ query: { terms: [{ label: BROAD_TOPIC, alternatives: [[BROAD_TOPIC]], quoted: false }], excluded: [], authors: [], categories: [], since: null, sort: 'relevance', page: 1, text: BROAD_TOPIC }, mode: 'all', limit: 50, offset: 0, seqRange: { after: split, through: highest } }).hits;
    const subscribed = taught.picks.filter((p) => p.reasons[0] !== 'you may also like');
    const extras = taught.picks.filter((p) => p.reasons[0] === 'you may also like');
    return {
      narrowInRange: inRange.filter((h) => isNarrow(h.paper)).length,
      narrowPicksWithoutRatings: untaught.picks.filter((p) => isNarrow(p.paper)).length,
      narrowPicksWithRatings: subscribed.filter((p) => isNarrow(p.paper)).length,
      narrowRanksWithoutRatings: untaught.picks.flatMap((p, i) => (isNarrow(p.paper) ? [i + 1] : [])),
      narrowRanksWithRatings: subscribed.flatMap((p, i) => (isNarrow(p.paper) ? [i + 1] : [])),
      picksNamingALikedPaper: subscribed.filter((p) => p.reasons.some((r) => r.startsWith('like ‘'))).length,
      alsoLike: extras.length,
      alsoLikeNarrow: extras.filter((p) => isNarrow(p.paper)).length,
    };
  });
}
