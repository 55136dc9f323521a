/**
 * Times paperboy's search end to end (parse, query, rank, reply, text rendering) over the fixed
 * query set, beside raw FTS5 on the same database, then reports this process's memory: the
 * resident set of a process serving searches over that database. Run by run-bench.ts in a child
 * process of its own:
 *
 *   node bin/run-ts.js bench/search-worker.ts '{"database":"/tmp/x.db","passes":5}'
 */
import { createApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { silentLogger, type Logger } from '../src/core/logger.ts';
import { mean, medianOfSummaries, median, summarizeLatencies, type LatencySummary } from './bench-stats.ts';
import { buildPlainFtsTable, type PlainFtsTable } from './plain-fts-table.ts';
import { removeDatabase } from './import-bench.ts';
import { loadBenchQueries } from './bench-queries.ts';
import { plainFtsExpression, plainTerms } from './plain-terms.ts';
import { timeSearchCommands } from './time-search-commands.ts';
import { memoryOfThisProcess, readWorkerArgs, reportWorkerResult } from './worker-protocol.ts';

export interface SearchWorkerArgs {
  database: string;
  /** Measured passes over every query, after one warm-up pass. */
  passes: number;
  queriesFile?: string;
  /**
   * Where to build the plain FTS5 table of the same papers (plain-fts-table.ts) that paperboy's
   * mean and p95 are divided by; none when absent (it takes tens of seconds at 78,736 papers).
   */
  plainTableFile?: string;
}

/** The plain FTS5 table's figures, timed in the same passes as paperboy's. */
export interface PlainTableResult {
  buildSeconds: number;
  latency: LatencySummary;
  meanMs: number;
}

export interface SlowQuery {
  query: string;
  paperboyMs: number;
  rawAndMs: number;
}

export interface SearchWorkerResult {
  papers: number;
  queries: number;
  openMs: number;
  paperboy: LatencySummary;
  rawAnd: LatencySummary;
  rawOr: LatencySummary;
  /** paperboy's mean per query (median over the passes). */
  paperboyMeanMs: number;
  plainTable: PlainTableResult | null;
  /** Queries whose reply had no papers, and queries paperboy rejected with a user error. */
  emptyReplies: number;
  rejected: number;
  slowest: SlowQuery[];
  rssMb: number;
  peakRssMb: number | null;
  heapUsedMb: number;
}

const SLOWEST_SHOWN = 5;

/** A logger that remembers internal errors: a search that crashes breaks the benchmark. */
function errorCountingLogger(errors: unknown[]): Logger {
  const logger: Logger = {
    ...silentLogger,
    error: (obj) => void errors.push(obj),
    child: () => logger,
  };
  return logger;
}

async function main(): Promise<void> {
  const args = readWorkerArgs<SearchWorkerArgs>();
  const queries = loadBenchQueries(args.queriesFile);
  const internalErrors: unknown[] = [];
  const opened = performance.now();
  const app = createApp(loadConfig({ DATABASE_PATH: args.database, LOG_LEVEL: 'silent' }), { log: errorCountingLogger(internalErrors) });
  const openMs = performance.now() - opened;
  const raw = app.database.sqlite.prepare<[string], { rowid: number }>('SELECT rowid FROM papers_fts WHERE papers_fts MATCH ? ORDER BY rank LIMIT 10');
  let plain: PlainFtsTable | null = null;
  let plainBuildSeconds = 0;
  if (args.plainTableFile) {
    const building = performance.now();
    plain = buildPlainFtsTable(args.database, args.plainTableFile);
    plainBuildSeconds = (performance.now() - building) / 1000;
  }
  const timePlain = (table: PlainFtsTable): number[] =>
    queries.map((query) => {
      const started = performance.now();
      table.search(query);
      return performance.now() - started;
    });
  const expressions = queries.map((q) => {
    const terms = plainTerms(q);
    return { and: plainFtsExpression(terms, 'AND'), or: plainFtsExpression(terms, 'OR') };
  });

  let emptyReplies = 0;
  let rejected = 0;
  const timeApp = async (): Promise<number[]> => {
    const pass = await timeSearchCommands(app, queries);
    emptyReplies = pass.emptyReplies;
    rejected = pass.rejected;
    return pass.times;
  };
  const timeRaw = (operator: 'and' | 'or'): number[] =>
    expressions.map((e) => {
      const started = performance.now();
      raw.all(e[operator]);
      return performance.now() - started;
    });

  // One warm-up pass: the page cache, prepared statements and the did-you-mean index (built on
  // the first query that finds nothing) are in place before anything is timed.
  await timeApp();
  timeRaw('and');
  timeRaw('or');
  if (plain) timePlain(plain);
  if (internalErrors.length > 0) throw new Error(`paperboy logged ${internalErrors.length} internal errors: ${JSON.stringify(internalErrors[0])}`);

  const paperboyPasses: number[][] = [];
  const andPasses: number[][] = [];
  const orPasses: number[][] = [];
  const plainPasses: number[][] = [];
  for (let pass = 0; pass < args.passes; pass++) {
    paperboyPasses.push(await timeApp());
    andPasses.push(timeRaw('and'));
    orPasses.push(timeRaw('or'));
    if (plain) plainPasses.push(timePlain(plain));
  }
  plain?.close();
  if (args.plainTableFile) removeDatabase(args.plainTableFile);
  if (internalErrors.length > 0) throw new Error(`paperboy logged ${internalErrors.length} internal errors: ${JSON.stringify(internalErrors[0])}`);

  const perQuery = (passes: number[][], i: number) => median(passes.map((p) => p[i]!));
  const slowest = queries
    .map((query, i) => ({ query, paperboyMs: perQuery(paperboyPasses, i), rawAndMs: perQuery(andPasses, i) }))
    .sort((a, b) => b.paperboyMs - a.paperboyMs)
    .slice(0, SLOWEST_SHOWN);
  const memory = await memoryOfThisProcess();
  const result: SearchWorkerResult = {
    papers: (await app.papers.countPapers()),
    queries: queries.length,
    openMs,
    paperboy: medianOfSummaries(paperboyPasses.map(summarizeLatencies)),
    rawAnd: medianOfSummaries(andPasses.map(summarizeLatencies)),
    rawOr: medianOfSummaries(orPasses.map(summarizeLatencies)),
    paperboyMeanMs: median(paperboyPasses.map(mean)),
    plainTable: plain
      ? { buildSeconds: plainBuildSeconds, latency: medianOfSummaries(plainPasses.map(summarizeLatencies)), meanMs: median(plainPasses.map(mean)) }
      : null,
    emptyReplies,
    rejected,
    slowest,
    rssMb: memory.rssMb,
    peakRssMb: memory.peakRssMb,
    heapUsedMb: process.memoryUsage().heapUsed / 1024 / 1024,
  };
  app.close();
  reportWorkerResult(result);
}

await main();
