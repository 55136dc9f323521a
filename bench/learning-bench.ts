/**
 * The learning benchmark (issue 20): simulated channels on CSFCube, nDCG@10 of their picks with
 * 0, 3, 10 and 30 ratings against subscription-only ranking; `/papers like` on CSFCube by the
 * collection's own protocol; what a channel's model costs on the 78,736-paper arXiv store (and its
 * background draw at 1,000,000 papers with --million); a topic channel on that store, and topic
 * channels with a hidden narrow interest, nDCG@10 at 0/3/10/30 ratings (learning-topic-channels.ts). No
 * model is called over the network.
 *
 *   node bin/run-ts.js bench/learning-bench.ts [--work-dir DIR] [--skip-csfcube] [--skip-arxiv] [--million]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { Paper } from '../src/core/paper.ts';
import { BACKGROUND_PAPERS } from '../src/core/learning/channel-learning.ts';
import { seededRandom } from '../src/core/learning/seeded-random.ts';
import { benchArxivTopicChannel, type TopicChannelResult } from './learning-arxiv-channel.ts';
import { benchArxivCosts, benchMillionSample, type CostFigures } from './learning-costs.ts';
import { benchTopicChannels, topicChannelsMarkdown, type TopicChannelRow } from './learning-topic-channels.ts';
import { loadCsfcube, type Csfcube } from './learning-csfcube.ts';
import { benchBm25, benchLike, type LikeResult } from './learning-like.ts';
import { mean, percentile } from './learning-metrics.ts';
import { shuffled, simulateChannel, teamRatings, topicMatcher } from './learning-simulation.ts';

export const RATING_COUNTS = [0, 3, 10, 30] as const;
/** Rating draws per query and count: the figures are their mean. */
export const RATING_DRAWS = [1, 2, 3];

export interface RatingsRow {
  ratings: number;
  /** Channels (query × draw) evaluated: those whose unrated pool still holds a relevant paper. */
  channels: number;
  subscriptionOnly: number;
  learned: number;
  fitMsP50: number;
  fitMsP95: number;
  scoreMsPerPaper: number;
}

/** Channels on CSFCube's queries (the first `queryCount` of them: the quick run takes 10), `draws` rating draws each. */
export function benchCsfcubeChannels(csf: Csfcube, draws: readonly number[] = RATING_DRAWS, queryCount = csf.queries.length): RatingsRow[] {
  const all = [...csf.papers.values()];
  const topic = topicMatcher(all);
  return RATING_COUNTS.map((count) => {
    const runs = draws.flatMap((seed) => {
      const background: Paper[] = shuffled(all, seededRandom(1000 + seed)).slice(0, BACKGROUND_PAPERS);
      return csf.queries.slice(0, queryCount).flatMap((query) => {
        const run = simulateChannel(query, csf, teamRatings(query, csf, count, seededRandom(seed * 7919 + query.id.length)), background, topic);
        return run ? [run] : [];
      });
    });
    const fits = runs.filter((r) => r.fitMs > 0).map((r) => r.fitMs);
    return {
      ratings: count,
      channels: runs.length,
      subscriptionOnly: mean(runs.map((r) => r.subscriptionOnly)),
      learned: mean(runs.map((r) => r.learned)),
      fitMsP50: percentile(fits, 50),
      fitMsP95: percentile(fits, 95),
      scoreMsPerPaper: mean(runs.map((r) => r.scoreMsPerPaper)),
    };
  });
}

const f3 = (x: number) => x.toFixed(3);
const f1 = (x: number) => x.toFixed(1);

export function learningMarkdown(
  rows: RatingsRow[],
  like: LikeResult | null,
  costs: CostFigures | null,
  million: { papers: number; sampleMs: [number, number] } | null,
  topic: TopicChannelResult | null = null,
  bm25: LikeResult | null = null,
): string {
  const lines: string[] = [];
  if (rows.length > 0) {
    lines.push(
      '| Ratings | Channels | nDCG@10 subscription only | nDCG@10 with ratings | Fit p50 / p95 |',
      '|---:|---:|---:|---:|---:|',
      ...rows.map((r) => `| ${r.ratings} | ${r.channels} | ${f3(r.subscriptionOnly)} | ${f3(r.learned)} | ${r.ratings === 0 ? '–' : `${f1(r.fitMsP50)} / ${f1(r.fitMsP95)} ms`} |`),
      '',
    );
  }
  if (like) lines.push(`/papers like on CSFCube (all facets, test folds): MAP ${f3(like.map)}, NDCG%20 ${f3(like.ndcgPercent20)}, nDCG@10 ${f3(like.ndcgAt10)}; ${f1(like.msPerQuery)} ms a query.`);
  if (bm25) lines.push(`plain FTS5 BM25 on CSFCube, the same protocol (reference): MAP ${f3(bm25.map)}, NDCG%20 ${f3(bm25.ndcgPercent20)}, nDCG@10 ${f3(bm25.ndcgAt10)}.`);
  if (costs) {
    lines.push(
      `Model at ${costs.papers.toLocaleString('en-US')} papers: background draw of ${BACKGROUND_PAPERS} papers ${f1(costs.sampleMs[0])} / ${f1(costs.sampleMs[1])} ms (p50 / p95), ` +
        `fit with 10 ratings ${f1(costs.fit10Ms[0])} / ${f1(costs.fit10Ms[1])} ms, with 30 ratings ${f1(costs.fit30Ms[0])} / ${f1(costs.fit30Ms[1])} ms, scoring 1,000 papers ${f1(costs.score1000Ms)} ms; ` +
        `/papers like ${f1(costs.likeMs[0])} / ${f1(costs.likeMs[1])} ms.`,
    );
  }
  if (topic) {
    lines.push(
      `arXiv channel subscribed to "speech", 10 👍 on speech-translation papers: of its 10 picks, speech translation at ranks ${topic.narrowRanksWithoutRatings.join(', ') || 'none'} without ratings, ` +
        `${topic.narrowRanksWithRatings.join(', ') || 'none'} with them (${topic.narrowInRange} among the subscription's 50 candidates); ${topic.picksNamingALikedPaper} picks name a liked paper; ` +
        `${topic.alsoLike} from outside the subscription (${topic.alsoLikeNarrow} on speech translation).`,
    );
  }
  if (million) lines.push(`Background draw at ${million.papers.toLocaleString('en-US')} papers: ${f1(million.sampleMs[0])} / ${f1(million.sampleMs[1])} ms (p50 / p95).`);
  return lines.join('\n');
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { 'work-dir': { type: 'string', default: '/tmp/paperboy-bench' }, 'skip-csfcube': { type: 'boolean', default: false }, 'skip-arxiv': { type: 'boolean', default: false }, million: { type: 'boolean', default: false } } });
  const workDir = values['work-dir']!;
  mkdirSync(workDir, { recursive: true });
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const csf = loadCsfcube();
  let rows: RatingsRow[] = [];
  let like: LikeResult | null = null;
  let bm25: LikeResult | null = null;
  if (!values['skip-csfcube']) {
    log(`▶ CSFCube: ${csf.papers.size} papers, ${csf.queries.length} queries; simulated channels`);
    rows = benchCsfcubeChannels(csf);
    log('▶ /papers like on CSFCube');
    like = await benchLike(csf);
    bm25 = await benchBm25(csf);
  }
  let costs: CostFigures | null = null;
  let million: { papers: number; sampleMs: [number, number] } | null = null;
  let topic: TopicChannelResult | null = null;
  let topicChannels: TopicChannelRow[] = [];
  if (!values['skip-arxiv']) {
    log('▶ model costs on the arXiv snapshot (imports it into the work folder)');
    const arxiv = await benchArxivCosts(workDir);
    costs = arxiv.figures;
    log('▶ a topic channel on the arXiv store');
    topic = await benchArxivTopicChannel(arxiv.storePath);
    log('▶ topic channels with a hidden narrow interest on the arXiv store');
    topicChannels = await benchTopicChannels(arxiv.storePath);
    if (values.million) {
      log('▶ background draw at 1,000,000 papers');
      million = benchMillionSample(arxiv.storePath, workDir);
    }
  }
  const load = loadavg().map((l) => l.toFixed(2)).join(' ');
  const markdown = [learningMarkdown(rows, like, costs, million, topic, bm25), ...(topicChannels.length > 0 ? ['', topicChannelsMarkdown(topicChannels)] : [])].join('\n');
  process.stdout.write(`${markdown}\n(load average at the end: ${load})\n`);
  const outDir = fileURLToPath(new URL('./out/', import.meta.url));
  mkdirSync(outDir, { recursive: true });
  writeFileSync(`${outDir}learning.json`, JSON.stringify({ rows, like, bm25, costs, million, topic, topicChannels, loadAverage: load }, null, 2));
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await main();
