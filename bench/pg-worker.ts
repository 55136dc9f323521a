/**
 * The benchmark's PostgreSQL column (issue 21), on the scratch schema `paperboy import` filled
 * (pg-section.ts): the search command's latency over the 200 chat queries, and digest selection
 * for a day, each measured as the SQLite rows measure it (search-worker.ts, digest-worker.ts), so
 * the two columns of bench/RESULTS.md compare like with like. Run by pg-section.ts in a child
 * process, which drops the schema afterwards whatever happened here:
 *
 *   node bin/run-ts.js bench/pg-worker.ts '{"url":"postgres://…","schema":"paperboy_bench_1","searchPasses":3,"digest":{…}}'
 */
import { openPgStore, type PgStore } from '../src/adapters/store/postgres/open-pg-store.ts';
import { createPgAuthorDirectory } from '../src/adapters/store/postgres/pg-author-directory.ts';
import { createPgPaperRepository } from '../src/adapters/store/postgres/pg-paper-repository.ts';
import { createPgSubscriptionStore } from '../src/adapters/store/postgres/pg-subscription-store.ts';
import { openApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { silentLogger } from '../src/core/logger.ts';
import type { PaperRepository } from '../src/core/ports.ts';
import { loadBenchQueries } from './bench-queries.ts';
import { mean, median, medianOfSummaries, summarizeLatencies, type LatencySummary } from './bench-stats.ts';
import { addDaySubscriptions, daySummary, digestRandom, storeDayPapers, timeDaySelections, type DigestDayArgs, type DigestDayStores } from './digest-day.ts';
import { timeSearchCommands, type SearchCommandPass } from './time-search-commands.ts';
import { urlInSchema } from './pg-url.ts';
import { readWorkerArgs, reportWorkerResult } from './worker-protocol.ts';

export interface PgWorkerArgs {
  url: string;
  /** The scratch schema the import filled. */
  schema: string;
  searchPasses: number;
  digest: DigestDayArgs;
}

export interface PgWorkerResult {
  serverVersion: string;
  search: {
    papers: number;
    queries: number;
    paperboy: LatencySummary;
    paperboyMeanMs: number;
    emptyReplies: number;
    rejected: number;
    /** The slowest queries (median over the passes), for whoever looks into PostgreSQL's tail. */
    slowest: Array<{ query: string; ms: number }>;
  };
  digest: { backCatalogue: number; newPapers: number; channels: number; subscriptions: number; byKind: Record<string, number>; seconds: number; runSeconds: number[]; channelsWithPicks: number; picks: number };
}

/** Slowest queries reported, as search-worker.ts reports SQLite's. */
const SLOWEST_SHOWN = 5;

/**
 * The search command on the app opened on the scratch schema (DATABASE_URL), as search-worker.ts
 * runs it on SQLite's. Its did-you-mean vocabulary is built in the background on PostgreSQL
 * (pg-app-stores.ts) and awaited before the warm-up pass, where SQLite's warm-up pass builds it.
 */
async function timeSearches(args: PgWorkerArgs): Promise<PgWorkerResult['search']> {
  const app = await openApp(loadConfig({ DATABASE_URL: urlInSchema(args.url, args.schema), LOG_LEVEL: 'silent' }), { log: silentLogger, spellingVocabulary: 'background' });
  try {
    await app.spellingReady;
    const queries = loadBenchQueries();
    // One warm-up pass (the server's buffers, the plans), as search-worker.ts does.
    await timeSearchCommands(app, queries);
    const measured: SearchCommandPass[] = [];
    for (let pass = 0; pass < args.searchPasses; pass++) measured.push(await timeSearchCommands(app, queries));
    const last = measured[measured.length - 1]!;
    const slowest = queries
      .map((query, i) => ({ query, ms: median(measured.map((p) => p.times[i]!)) }))
      .sort((a, b) => b.ms - a.ms)
      .slice(0, SLOWEST_SHOWN);
    return {
      papers: await app.papers.countPapers(),
      queries: queries.length,
      paperboy: medianOfSummaries(measured.map((p) => summarizeLatencies(p.times))),
      paperboyMeanMs: median(measured.map((p) => mean(p.times))),
      emptyReplies: last.emptyReplies,
      rejected: last.rejected,
      slowest,
    };
  } finally {
    await app.close();
  }
}

async function timeDigest(store: PgStore, papers: PaperRepository, args: DigestDayArgs): Promise<PgWorkerResult['digest']> {
  const stores: DigestDayStores = {
    papers,
    store: createPgSubscriptionStore(store.db),
    authors: createPgAuthorDirectory(store.db),
    maxSeq: async () => Number((await store.pool.query<{ m: number }>('SELECT max(seq)::float8 AS m FROM papers')).rows[0]!.m),
    authorsFrom: async (seq) => {
      const { rows } = await store.pool.query<{ authors: string }>('SELECT authors FROM papers WHERE seq >= $1 ORDER BY seq LIMIT 1', [seq]);
      return rows[0] ? (JSON.parse(rows[0].authors) as string[]) : [];
    },
  };
  const random = digestRandom();
  const backCatalogue = await papers.countPapers();
  const day = await addDaySubscriptions(stores, random, args);
  await storeDayPapers(stores, random, day, args);
  const selections = await timeDaySelections(stores, day, args);
  return {
    ...daySummary(backCatalogue, args, day, selections),
  };
}

async function main(): Promise<void> {
  const args = readWorkerArgs<PgWorkerArgs>();
  const store = await openPgStore(args.url, { schema: args.schema });
  try {
    const papers = createPgPaperRepository(store);
    // The version number without the packager's suffix ("15.20 (Debian 15.20-0+deb12u1)").
    const serverVersion = (await store.pool.query<{ v: string }>("SELECT current_setting('server_version') AS v")).rows[0]!.v.split(' ')[0]!;
    // The planner's statistics of the loaded tables, which autovacuum's ANALYZE would gather within
    // a minute of the load (https://www.postgresql.org/docs/15/routine-vacuuming.html#VACUUM-FOR-STATISTICS).
    await store.pool.query('ANALYZE');
    const search = await timeSearches(args);
    const digest = await timeDigest(store, papers, args.digest);
    const result: PgWorkerResult = { serverVersion, search, digest };
    reportWorkerResult(result);
  } finally {
    await store.close();
  }
}

await main();
