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
import { createSqliteAuthorDirectory } from '../src/adapters/store/sqlite-author-directory.ts';
import { createSqliteSubscriptionStore } from '../src/adapters/store/sqlite-subscription-store.ts';
import { createApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { silentLogger } from '../src/core/logger.ts';
import { addDaySubscriptions, daySummary, digestRandom, storeDayPapers, timeDaySelections, type DigestDayArgs, type DigestDayStores } from './digest-day.ts';
import { removeDatabase } from './import-bench.ts';
import { memoryOfThisProcess, readWorkerArgs, reportWorkerResult } from './worker-protocol.ts';

export interface DigestWorkerArgs extends DigestDayArgs {
  baseDatabase: string;
  workDatabase: string;
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

function copyDatabase(from: string, to: string): void {
  removeDatabase(to);
  copyFileSync(from, to);
  if (existsSync(`${from}-wal`)) copyFileSync(`${from}-wal`, `${to}-wal`);
}

async function main(): Promise<void> {
  const args = readWorkerArgs<DigestWorkerArgs>();
  copyDatabase(args.baseDatabase, args.workDatabase);
  const app = createApp(loadConfig({ DATABASE_PATH: args.workDatabase, LOG_LEVEL: 'silent' }), { log: silentLogger });
  const { sqlite } = app.database;
  const stores: DigestDayStores = {
    papers: app.papers,
    // The stores as SQLite implements them, answering at once, so the set-up can run in one transaction.
    store: createSqliteSubscriptionStore(app.database.db),
    authors: createSqliteAuthorDirectory(app.database.db),
    maxSeq: () => (sqlite.prepare('SELECT max(seq) AS m FROM papers').get() as { m: number }).m,
    authorsFrom: (seq) => {
      const row = sqlite.prepare<[number], { authors: string }>('SELECT authors FROM papers WHERE seq >= ? ORDER BY seq LIMIT 1').get(seq);
      return row ? (JSON.parse(row.authors) as string[]) : [];
    },
  };
  const random = digestRandom();
  const backCatalogue = app.papers.countPapers();
  // One transaction for the set-up's writes: every call in it answers at once, so nothing else runs between BEGIN and COMMIT.
  sqlite.exec('BEGIN');
  const day = await addDaySubscriptions(stores, random, args);
  sqlite.exec('COMMIT');
  await storeDayPapers(stores, random, day, args);
  const selections = await timeDaySelections(stores, day, args);
  const memory = await memoryOfThisProcess();
  app.close();
  removeDatabase(args.workDatabase);
  const result: DigestWorkerResult = {
    ...daySummary(backCatalogue, args, day, selections),
    rssMb: memory.rssMb,
  };
  reportWorkerResult(result);
}

await main();
