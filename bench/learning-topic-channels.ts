/**
 * Topic channels on the arXiv corpus (issue 20): each channel subscribes to a broad topic (a
 * category) and has a hidden narrow interest (a phrase in the title). Its team rates N older
 * papers of the narrow interest 👍 and N/3 other papers of the broad topic 👎; the newest 20 % of
 * the store is cut into "days" (consecutive store-sequence windows), and each day's digest is
 * picked by selectDigest itself, subscriptions only (no "you may also like"). nDCG@10 of each
 * day's picks, relevant = the narrow interest, ideal = that day's candidates, averaged over the
 * days that hold at least one narrow paper among their candidates; 0, 3, 10 and 30 ratings
 * against the same channel with none (subscription-only), three rating draws each.
 *
 *   node bin/run-ts.js bench/learning-topic-channels.ts <store.db>
 */
import { fileURLToPath } from 'node:url';
import { selectDigest } from '../src/core/digest/select-digest.ts';
import { seededRandom } from '../src/core/learning/seeded-random.ts';
import type { Paper } from '../src/core/paper.ts';
import type { Subscription } from '../src/core/subscriptions/subscription-ports.ts';
import { PICKS, withLearningStore } from './learning-arxiv-store.ts';
import { mean, ndcgAt } from './learning-metrics.ts';
import { shuffled } from './learning-simulation.ts';

export const TOPIC_RATING_COUNTS = [0, 3, 10, 30] as const;
const DRAWS = [1, 2, 3];
/** Windows the held-out newest 20 % is cut into (394 papers each at 78,769; cs.CL has about 120 of them, the digest reads its best 50). */
const DAYS = 40;

export interface TopicChannel {
  name: string;
  /** The subscription, as a member would type it. */
  subscription: string;
  /** The broad topic's category: where the 👎 papers come from. */
  category: string;
  /** The hidden narrow interest: relevant papers. */
  narrow: RegExp;
}

export const TOPIC_CHANNELS: readonly TopicChannel[] = [
  { name: 'cs.CL → retrieval-augmented generation', subscription: 'cat:cs.CL', category: 'cs.CL', narrow: /retrieval[- ]augmented|\bRAG\b/i },
  { name: 'cs.CL → summarization', subscription: 'cat:cs.CL', category: 'cs.CL', narrow: /summari[sz]/i },
  { name: 'cs.CL → machine translation', subscription: 'cat:cs.CL', category: 'cs.CL', narrow: /machine translation/i },
  { name: 'cs.CV → Gaussian splatting', subscription: 'cat:cs.CV', category: 'cs.CV', narrow: /gaussian splatting/i },
  { name: 'cs.RO → vision-language-action', subscription: 'cat:cs.RO', category: 'cs.RO', narrow: /vision[- ]language[- ]action|\bVLAs?\b/i },
];

export interface TopicChannelRow {
  channel: string;
  ratings: number;
  /** Days × draws evaluated: the days with a narrow paper among their candidates, once per rating draw. */
  days: number;
  subscriptionOnly: number;
  learned: number;
}

export function benchTopicChannels(storePath: string, channels: readonly TopicChannel[] = TOPIC_CHANNELS): Promise<TopicChannelRow[]> {
  return withLearningStore(storePath, async ({ raw, highest, split, papers, store, feedback, learning, deps }) => {
    const dayBounds = Array.from({ length: DAYS + 1 }, (_, i) => split + Math.round(((highest - split) * i) / DAYS));
    const rows: TopicChannelRow[] = [];
    for (const topic of channels) {
      const olderIds = (raw.prepare(`SELECT id FROM papers WHERE seq <= ? AND categories LIKE ? ORDER BY seq`).all(split, `%${topic.category}%`) as Array<{ id: string }>).map((r) => r.id);
      const older = papers.getPapers(olderIds);
      const narrowOlder = older.filter((p) => topic.narrow.test(p.title));
      const otherOlder = older.filter((p) => !topic.narrow.test(p.title));
      for (const count of TOPIC_RATING_COUNTS) {
        const untaught: number[] = [];
        const taught: number[] = [];
        for (const draw of DRAWS) {
          const random = seededRandom(draw * 104_729 + count);
          const channel = store.ensureChannel(
            { platform: 'console', workspaceId: 'bench', channelId: `topic-${topic.category}-${topic.narrow.source}-${count}-${draw}-${Date.now()}` },
            { timeZone: 'UTC', now: new Date().toISOString() },
          );
          const rater = { userId: 'bench', userName: null };
          for (const paper of shuffled(narrowOlder, random).slice(0, count)) feedback.setRating(channel.id, paper.id, rater, 'up', new Date().toISOString());
          for (const paper of shuffled(otherOlder, random).slice(0, Math.floor(count / 3))) feedback.setRating(channel.id, paper.id, rater, 'down', new Date().toISOString());
          const subscription: Subscription = { id: 0, channelId: channel.id, kind: 'topic', query: topic.subscription, authorId: null, externalId: null, afterSeq: 0, createdBy: 'bench', createdAt: new Date().toISOString() };
          for (let day = 0; day < DAYS; day++) {
            const settings = { ...channel, picks: PICKS, papersThroughSeq: dayBounds[day]! };
            const relevance = (p: Paper) => (topic.narrow.test(p.title) ? 1 : 0);
            // Every candidate of the day, in the subscription's own order: the pool the ideal ranking is drawn from.
            const pool = (await selectDigest(deps, { ...settings, picks: 1_000 }, [subscription], new Date(), dayBounds[day + 1]!, 0)).picks.map((c) => relevance(c.paper));
            if (!pool.some((r) => r > 0)) continue;
            const plain = (await selectDigest(deps, settings, [subscription], new Date(), dayBounds[day + 1]!, 0)).picks.map((c) => relevance(c.paper));
            const learned = (await selectDigest({ ...deps, learning }, settings, [subscription], new Date(), dayBounds[day + 1]!, 0)).picks.map((c) => relevance(c.paper));
            untaught.push(ndcgAt(plain, PICKS, pool));
            taught.push(ndcgAt(learned, PICKS, pool));
          }
        }
        rows.push({ channel: topic.name, ratings: count, days: taught.length, subscriptionOnly: mean(untaught), learned: mean(taught) });
      }
    }
    return rows;
  });
}

export function topicChannelsMarkdown(rows: readonly TopicChannelRow[]): string {
  const f3 = (x: number) => x.toFixed(3);
  const counts = [...new Set(rows.map((r) => r.ratings))];
  const names = [...new Set(rows.map((r) => r.channel))];
  const cell = (name: string, count: number) => {
    const row = rows.find((r) => r.channel === name && r.ratings === count)!;
    return count === 0 ? f3(row.subscriptionOnly) : `${f3(row.subscriptionOnly)} → ${f3(row.learned)}`;
  };
  const overall = (count: number) => {
    const of = rows.filter((r) => r.ratings === count);
    return count === 0 ? f3(mean(of.map((r) => r.subscriptionOnly))) : `${f3(mean(of.map((r) => r.subscriptionOnly)))} → ${f3(mean(of.map((r) => r.learned)))}`;
  };
  return [
    `| Channel (subscription → hidden interest) | Days × draws | ${counts.map((c) => `${c} ratings`).join(' | ')} |`,
    `|---|---:|${counts.map(() => '---:').join('|')}|`,
    ...names.map((name) => `| ${name} | ${rows.find((r) => r.channel === name)!.days} | ${counts.map((c) => cell(name, c)).join(' | ')} |`),
    `| mean of the channels | | ${counts.map(overall).join(' | ')} |`,
  ].join('\n');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const storePath = process.argv[2];
  if (!storePath) throw new Error('usage: node bin/run-ts.js bench/learning-topic-channels.ts <store.db>');
  const started = performance.now();
  const rows = await benchTopicChannels(storePath);
  process.stdout.write(`${topicChannelsMarkdown(rows)}\n(${((performance.now() - started) / 1000).toFixed(1)} s)\n`);
}
