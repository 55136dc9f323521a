/**
 * Times digest selection for a day: `channels × subscriptionsPerChannel` subscriptions (topics
 * from the benchmark queries, author follows, category subscriptions) against one day of new
 * papers, on a copy of a benchmark database (its papers are the back catalogue, seen before the
 * subscriptions were made). The day's papers are synthetic, from the same generator as the 1M
 * corpus, listed on a day after the real corpus ends. Run by run-bench.ts in a child process:
 *
 *   node bin/run-ts.js bench/digest-worker.ts '{"baseDatabase":"/tmp/x.db","workDatabase":"/tmp/d.db",...}'
 */
import { copyFileSync, existsSync } from 'node:fs';
import { parseSnapshotLine } from '../src/adapters/snapshot/parse-snapshot-record.ts';
import { createSqliteAuthorDirectory } from '../src/adapters/store/sqlite-author-directory.ts';
import { createSqliteSubscriptionStore } from '../src/adapters/store/sqlite-subscription-store.ts';
import { createApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { authorNameKey } from '../src/core/author-name.ts';
import { selectDigest } from '../src/core/digest/select-digest.ts';
import { silentLogger } from '../src/core/logger.ts';
import type { PaperInput } from '../src/core/paper.ts';
import type { NewSubscription } from '../src/core/subscriptions/subscription-ports.ts';
import { median } from './bench-stats.ts';
import { loadBenchQueries } from './bench-queries.ts';
import { buildCorpusModel, generateRecord } from './generate-corpus.ts';
import { removeDatabase } from './import-bench.ts';
import { createSeededRandom, type SeededRandom } from './seeded-random.ts';
import { memoryOfThisProcess, readWorkerArgs, reportWorkerResult } from './worker-protocol.ts';

export interface DigestWorkerArgs {
  baseDatabase: string;
  workDatabase: string;
  /** The real corpus the day's synthetic papers are generated from. */
  corpusSource: string;
  newPapers: number;
  channels: number;
  subscriptionsPerChannel: number;
  /** Repeats the selection up to this many times, while the runs so far and one more fit the budget. */
  maxRuns: number;
  budgetSeconds: number;
}

export interface DigestWorkerResult {
  backCatalogue: number;
  newPapers: number;
  channels: number;
  subscriptions: number;
  byKind: Record<string, number>;
  /** Median over runs of selecting every channel's picks. */
  seconds: number;
  runSeconds: number[];
  channelsWithPicks: number;
  picks: number;
  rssMb: number;
}

const SEED = 20260803;
/** The day's listing: the day after the real corpus ends (2026-07-01), with ids no paper has. */
const DAY = new Date(Date.UTC(2026, 7, 3, 18));
const DAY_ID_PREFIX = '2608.';
const INSERT_BATCH = 1000;
/** Shares of topic, author and category subscriptions. */
const KIND_SHARES = { topic: 0.7, author: 0.2, category: 0.1 } as const;
const CATEGORIES = ['cs.CV', 'cs.CL', 'cs.LG', 'cs.AI', 'cs.IR', 'cs.RO', 'cs.CR', 'cs.SE', 'cs.HC', 'cs.DC', 'cs.NE', 'cs.IT'];

function copyDatabase(from: string, to: string): void {
  removeDatabase(to);
  copyFileSync(from, to);
  if (existsSync(`${from}-wal`)) copyFileSync(`${from}-wal`, `${to}-wal`);
}

/** A random author of a random paper in the store, as a follow would name them. */
function randomAuthor(sqlite: import('better-sqlite3').Database, random: SeededRandom, maxSeq: number): string | null {
  const row = sqlite.prepare<[number], { authors: string }>('SELECT authors FROM papers WHERE seq >= ? ORDER BY seq LIMIT 1').get(1 + random.below(maxSeq));
  const names = row ? (JSON.parse(row.authors) as string[]) : [];
  return names.length > 0 ? random.pick(names) : null;
}

async function main(): Promise<void> {
  const args = readWorkerArgs<DigestWorkerArgs>();
  copyDatabase(args.baseDatabase, args.workDatabase);
  const app = createApp(loadConfig({ DATABASE_PATH: args.workDatabase, LOG_LEVEL: 'silent' }), { log: silentLogger });
  const { sqlite } = app.database;
  // The bench's set-up writes in one SQLite transaction: the stores as SQLite implements them, answering at once.
  const store = createSqliteSubscriptionStore(app.database.db);
  const authors = createSqliteAuthorDirectory(app.database.db);
  const random = createSeededRandom(SEED);
  const backCatalogue = app.papers.countPapers();
  const maxSeq = (sqlite.prepare('SELECT max(seq) AS m FROM papers').get() as { m: number }).m;

  // Subscriptions are made after the back catalogue was seen and before the day's papers arrive.
  const subscribedAt = new Date(Math.max(Date.now(), DAY.getTime() - 86_400_000)).toISOString();
  const seenAt = new Date(Date.parse(subscribedAt) + 3_600_000).toISOString();
  const now = new Date(Date.parse(subscribedAt) + 86_400_000);

  const queries = loadBenchQueries();
  const byKind: Record<string, number> = { topic: 0, author: 0, category: 0 };
  sqlite.transaction(() => {
    for (let c = 0; c < args.channels; c++) {
      const channel = store.ensureChannel({ platform: 'slack', workspaceId: `T${String(c % 50).padStart(4, '0')}`, channelId: `C${String(c).padStart(6, '0')}` }, { timeZone: 'UTC', now: subscribedAt });
      let added = 0;
      while (added < args.subscriptionsPerChannel) {
        const roll = random.next();
        let subscription: NewSubscription;
        if (roll < KIND_SHARES.topic) {
          subscription = { kind: 'topic', query: random.pick(queries), authorId: null, externalId: null, createdBy: 'bench' };
        } else if (roll < KIND_SHARES.topic + KIND_SHARES.author) {
          const name = randomAuthor(sqlite, random, maxSeq);
          const author = name ? authors.exact(authorNameKey(name))[0] : undefined;
          if (!author) continue;
          subscription = { kind: 'author', query: author.name, authorId: author.id, externalId: null, createdBy: 'bench' };
        } else {
          subscription = { kind: 'category', query: `cat:${random.pick(CATEGORIES)}`, authorId: null, externalId: null, createdBy: 'bench' };
        }
        if (store.addSubscription(channel.id, subscription, subscribedAt).created) {
          added++;
          byKind[subscription.kind]!++;
        }
      }
    }
  })();

  const model = await buildCorpusModel(args.corpusSource);
  const day: PaperInput[] = [];
  for (let n = 1; n <= args.newPapers; n++) {
    const record = generateRecord(model, random, { id: `${DAY_ID_PREFIX}${String(n).padStart(5, '0')}`, date: DAY });
    const parsed = parseSnapshotLine(JSON.stringify(record));
    if (!parsed.ok) throw new Error(`a generated paper did not parse: ${parsed.reason}`);
    day.push(parsed.paper);
  }
  for (let i = 0; i < day.length; i += INSERT_BATCH) app.papers.upsertPapers(day.slice(i, i + INSERT_BATCH), seenAt);

  const deps = { papers: app.papers, store, authors };
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
    const throughSeq = app.database.sqlite.prepare<[], { seq: number }>('SELECT max(seq) AS seq FROM papers').get()!.seq;
    for (const channel of store.activeChannels()) {
      const selection = await selectDigest(tick, channel, store.listSubscriptions(channel.id), now, throughSeq);
      picks += selection.picks.length;
      if (selection.picks.length > 0) channelsWithPicks++;
    }
    runSeconds.push((performance.now() - started) / 1000);
  }
  const memory = await memoryOfThisProcess();
  app.close();
  removeDatabase(args.workDatabase);
  const result: DigestWorkerResult = {
    backCatalogue,
    newPapers: args.newPapers,
    channels: args.channels,
    subscriptions: Object.values(byKind).reduce((a, b) => a + b, 0),
    byKind,
    seconds: median(runSeconds),
    runSeconds,
    channelsWithPicks,
    picks,
    rssMb: memory.rssMb,
  };
  reportWorkerResult(result);
}

await main();
