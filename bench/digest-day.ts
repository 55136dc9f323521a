/**
 * The digest benchmark's day, for either engine (digest-worker.ts on SQLite, pg-worker.ts on
 * PostgreSQL): the same seeded draws make the same channels and subscriptions over the same back
 * catalogue (both stores number the imported papers 1, 2, … in file order) and the same day of new
 * papers, so the two engines' selection times are for the same work.
 */
import { median } from './bench-stats.ts';
import type { Awaitable } from '../src/core/awaitable.ts';
import { parseSnapshotLine } from '../src/adapters/snapshot/parse-snapshot-record.ts';
import { authorNameKey } from '../src/core/author-name.ts';
import { selectDigest } from '../src/core/digest/select-digest.ts';
import type { PaperInput } from '../src/core/paper.ts';
import type { PaperRepository } from '../src/core/ports.ts';
import type { AuthorDirectory, NewSubscription, SubscriptionStore } from '../src/core/subscriptions/subscription-ports.ts';
import { loadBenchQueries } from './bench-queries.ts';
import { buildCorpusModel, generateRecord } from './generate-corpus.ts';
import { createSeededRandom, type SeededRandom } from './seeded-random.ts';

const SEED = 20260803;
/** The day's listing: the day after the real corpus ends (2026-07-01), with ids no paper has. */
const DAY = new Date(Date.UTC(2026, 7, 3, 18));
const DAY_ID_PREFIX = '2608.';
const INSERT_BATCH = 1000;
/** Shares of topic, author and category subscriptions. */
const KIND_SHARES = { topic: 0.7, author: 0.2, category: 0.1 } as const;
const CATEGORIES = ['cs.CV', 'cs.CL', 'cs.LG', 'cs.AI', 'cs.IR', 'cs.RO', 'cs.CR', 'cs.SE', 'cs.HC', 'cs.DC', 'cs.NE', 'cs.IT'];

/** One engine's stores, and the two reads of the back catalogue the set-up needs beyond the ports. */
export interface DigestDayStores {
  papers: PaperRepository;
  store: SubscriptionStore;
  authors: AuthorDirectory;
  /** The highest paper seq. */
  maxSeq(): Awaitable<number>;
  /** The author names of the first paper at or after `seq`. */
  authorsFrom(seq: number): Awaitable<string[]>;
}

export interface DigestDayArgs {
  /** The real corpus the day's synthetic papers are generated from. */
  corpusSource: string;
  newPapers: number;
  channels: number;
  subscriptionsPerChannel: number;
  /** Repeats the selection up to this many times, while the runs so far and one more fit the budget. */
  maxRuns: number;
  budgetSeconds: number;
}

export interface DigestDay {
  byKind: Record<string, number>;
  subscriptions: number;
  now: Date;
  seenAt: string;
}

/** The random draws of one benchmark day: a fresh generator per run of the benchmark. */
export const digestRandom = (): SeededRandom => createSeededRandom(SEED);

/**
 * `channels × subscriptionsPerChannel` subscriptions (topics from the benchmark queries, follows
 * of authors of stored papers, categories), made after the back catalogue was seen and before
 * the day's papers arrive. The SQLite caller wraps it in one transaction.
 */
export async function addDaySubscriptions(stores: DigestDayStores, random: SeededRandom, args: DigestDayArgs): Promise<DigestDay> {
  const subscribedAt = new Date(Math.max(Date.now(), DAY.getTime() - 86_400_000)).toISOString();
  const queries = loadBenchQueries();
  const maxSeq = await stores.maxSeq();
  const byKind: Record<string, number> = { topic: 0, author: 0, category: 0 };
  for (let c = 0; c < args.channels; c++) {
    const channel = await stores.store.ensureChannel(
      { platform: 'slack', workspaceId: `T${String(c % 50).padStart(4, '0')}`, channelId: `C${String(c).padStart(6, '0')}` },
      { timeZone: 'UTC', now: subscribedAt },
    );
    let added = 0;
    while (added < args.subscriptionsPerChannel) {
      const roll = random.next();
      let subscription: NewSubscription;
      if (roll < KIND_SHARES.topic) {
        subscription = { kind: 'topic', query: random.pick(queries), authorId: null, externalId: null, createdBy: 'bench' };
      } else if (roll < KIND_SHARES.topic + KIND_SHARES.author) {
        // A random author of a random paper in the store, as a follow would name them.
        const names = await stores.authorsFrom(1 + random.below(maxSeq));
        const name = names.length > 0 ? random.pick(names) : null;
        const author = name ? (await stores.authors.exact(authorNameKey(name)))[0] : undefined;
        if (!author) continue;
        subscription = { kind: 'author', query: author.name, authorId: author.id, externalId: null, createdBy: 'bench' };
      } else {
        subscription = { kind: 'category', query: `cat:${random.pick(CATEGORIES)}`, authorId: null, externalId: null, createdBy: 'bench' };
      }
      if ((await stores.store.addSubscription(channel.id, subscription, subscribedAt)).created) {
        added++;
        byKind[subscription.kind]!++;
      }
    }
  }
  const seenAt = new Date(Date.parse(subscribedAt) + 3_600_000).toISOString();
  return { byKind, subscriptions: Object.values(byKind).reduce((a, b) => a + b, 0), now: new Date(Date.parse(subscribedAt) + 86_400_000), seenAt };
}

/** The day's new papers (synthetic, from the same generator as the 1M corpus), stored as a listing would store them. */
export async function storeDayPapers(stores: DigestDayStores, random: SeededRandom, day: DigestDay, args: DigestDayArgs): Promise<void> {
  const model = await buildCorpusModel(args.corpusSource);
  const papers: PaperInput[] = [];
  for (let n = 1; n <= args.newPapers; n++) {
    const record = generateRecord(model, random, { id: `${DAY_ID_PREFIX}${String(n).padStart(5, '0')}`, date: DAY });
    const parsed = parseSnapshotLine(JSON.stringify(record));
    if (!parsed.ok) throw new Error(`a generated paper did not parse: ${parsed.reason}`);
    papers.push(parsed.paper);
  }
  for (let i = 0; i < papers.length; i += INSERT_BATCH) await stores.papers.upsertPapers(papers.slice(i, i + INSERT_BATCH), day.seenAt);
}

export interface DaySelections {
  runSeconds: number[];
  channelsWithPicks: number;
  picks: number;
}

/** Times selectDigest for every active channel, as one scheduler tick runs it, up to maxRuns times within the budget. */
export async function timeDaySelections(stores: DigestDayStores, day: DigestDay, args: DigestDayArgs): Promise<DaySelections> {
  const deps = { papers: stores.papers, store: stores.store, authors: stores.authors };
  let picks = 0;
  let channelsWithPicks = 0;
  const runSeconds: number[] = [];
  const spent = () => runSeconds.reduce((a, b) => a + b, 0);
  while (runSeconds.length < args.maxRuns && (runSeconds.length === 0 || spent() + runSeconds[runSeconds.length - 1]! <= args.budgetSeconds)) {
    picks = 0;
    channelsWithPicks = 0;
    const started = performance.now();
    // One scheduler tick shares topic searches between channels, as runDueDigests does.
    const tick = { ...deps, searchCache: new Map() };
    const throughSeq = await stores.maxSeq();
    for (const channel of await stores.store.activeChannels()) {
      const selection = await selectDigest(tick, channel, await stores.store.listSubscriptions(channel.id), day.now, throughSeq);
      picks += selection.picks.length;
      if (selection.picks.length > 0) channelsWithPicks++;
    }
    runSeconds.push((performance.now() - started) / 1000);
  }
  return { runSeconds, channelsWithPicks, picks };
}

/** What a digest day reports, on either engine: the store it ran on, the day's subscriptions and the median selection. */
export function daySummary(backCatalogue: number, args: DigestDayArgs, day: DigestDay, selections: DaySelections) {
  return {
    backCatalogue,
    newPapers: args.newPapers,
    channels: args.channels,
    subscriptions: day.subscriptions,
    byKind: day.byKind,
    seconds: median(selections.runSeconds),
    runSeconds: selections.runSeconds,
    channelsWithPicks: selections.channelsWithPicks,
    picks: selections.picks,
  };
}
