/**
 * paperboy's benchmark: search latency, import, digest selection, the Slack endpoint, cold start
 * and memory, on the real arXiv corpus and on a 1,000,000-paper extension of it, held to the
 * targets of issue 7. Prints a table, writes bench/out/bench-<quick|full>.json, and (full run)
 * bench/RESULTS.md.
 *
 *   npm run bench                     full run (generates a 1M corpus in the work folder; tens of minutes)
 *   npm run bench -- --quick          20,000 real papers, short runs; CI runs it (exits 1 only if the benchmark breaks)
 *   options: --work-dir DIR (corpora and databases; default /tmp/paperboy-bench, or /tmp/paperboy-bench-quick), --keep-databases,
 *            --profile (CPU profiles of every child process in bench/out/profiles/; read them with
 *            node bin/run-ts.js bench/summarize-profile.ts FILE)
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { benchColdStart, COLD_START_QUERY } from './cold-start-bench.ts';
import { FULL_PLAN, QUICK_PLAN, REAL_CORPUS_PAPERS, type BenchPlan } from './bench-plan.ts';
import {
  formatCount,
  formatDuration,
  formatMb,
  formatMs,
  formatSeconds,
  infoRow,
  renderTextReport,
  targetRow,
  type BenchRow,
  type ReportHeader,
} from './bench-report.ts';
import { median } from './bench-stats.ts';
import { resultsMarkdown, runsNote } from './results-markdown.ts';
import type { DigestWorkerResult } from './digest-worker.ts';
import type { ChatLoadArgs, ChatLoadResult } from './chat-load-bench.ts';
import { chatLoadRows, ISSUE_19_TARGETS, plainTableRows, servingMemoryRow } from './issue-19-rows.ts';
import type { MemoryReading } from './serving-memory.ts';
import { extendCorpus, REAL_CORPUS } from './generate-corpus.ts';
import { benchImport, removeDatabase, type ImportBenchResult } from './import-bench.ts';
import { describeMachine } from './machine-info.ts';
import type { MinisearchWorkerResult } from './minisearch-worker.ts';
import type { NodeOptions } from './node-command.ts';
import { runWorker } from './run-worker.ts';
import type { SearchWorkerResult } from './search-worker.ts';
import { slackEndpointBenchAvailable, type SlackWorkerResult } from './slack-worker.ts';
import { writeSnapshotPrefix } from './snapshot-lines.ts';
import { benchCsfcubeChannels, RATING_DRAWS } from './learning-bench.ts';
import { loadCsfcube } from './learning-csfcube.ts';
import { learningCostRows, measureStoreCosts } from './learning-costs.ts';
import { benchBm25, benchLike } from './learning-like.ts';
import { benchPostgres, describePgUrl, engineComparison, engineComparisonMarkdown, PG_BENCH_URL, pgRows, pgUnavailableReason, type EngineResults } from './pg-section.ts';

/**
 * Issue 7's targets for this 2-core machine, except the import rate: issue 17 traded the
 * full-text follower (a third thread that indexed alongside the load, about 13 % faster) for less
 * machinery and set the import target to 7,000 papers/s.
 */
export const TARGETS = {
  searchP95AtRealMs: 20,
  searchP95AtLargeMs: 100,
  maxRatioToRawFts: 1.5,
  importPapersPerSecond: 7_000,
  importPeakRssMb: 300,
  digestSeconds: 10,
  readyMs: 1000,
  servingRssMb: 300,
  // Issue 19: search beside a plain FTS5 table, acks and event-loop stalls (bench/issue-19-rows.ts).
  ...ISSUE_19_TARGETS,
} as const;

const OUT_DIR = fileURLToPath(new URL('./out/', import.meta.url));
const RESULTS_FILE = fileURLToPath(new URL('./RESULTS.md', import.meta.url));
const REAL_CORPUS_FILE = fileURLToPath(REAL_CORPUS);

interface RunContext {
  plan: BenchPlan;
  workDir: string;
  node: NodeOptions;
  rows: BenchRow[];
  failures: string[];
  results: Record<string, unknown>;
}

const progress = (line: string) => process.stderr.write(`${line}\n`);
const papersLabel = (n: number) => `${formatCount(n)} papers`;
const latencies = (l: { p50: number; p95: number; p99: number }) => `${formatMs(l.p50)} / ${formatMs(l.p95)} / ${formatMs(l.p99)} ms`;

/** Runs one part of the benchmark; a failure is recorded (and fails the run) without stopping the others. */
async function section<T>(ctx: RunContext, name: string, run: () => Promise<T>): Promise<T | null> {
  progress(`▶ ${name}`);
  const started = performance.now();
  try {
    const result = await run();
    progress(`  done in ${formatDuration((performance.now() - started) / 1000)}`);
    return result;
  } catch (error) {
    const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
    ctx.failures.push(`${name}: ${message}`);
    ctx.rows.push(infoRow(name, 'the benchmark failed', 'FAILED (see the log above)'));
    progress(`  FAILED: ${message}`);
    return null;
  }
}

function importRows(ctx: RunContext, label: string, result: ImportBenchResult): void {
  const name = `import ${label}`;
  ctx.rows.push(
    targetRow(name, `papers/s, process start to exit (median of ${result.runs.length})`, formatCount(result.papersPerSecond), `≥ ${formatCount(TARGETS.importPapersPerSecond)}`, result.papersPerSecond >= TARGETS.importPapersPerSecond),
    targetRow(name, `peak RSS (${result.rssMethod})`, formatMb(result.peakRssMb), `< ${TARGETS.importPeakRssMb} MB`, result.peakRssMb !== null && result.peakRssMb < TARGETS.importPeakRssMb),
  );
}

function searchRows(ctx: RunContext, papers: number, p95TargetMs: number, result: SearchWorkerResult, targetNote: string): void {
  const name = `search, ${papersLabel(papers)}`;
  const ratio = result.paperboy.p95 / result.rawAnd.p95;
  ctx.rows.push(
    targetRow(name, 'paperboy end to end p50 / p95 / p99', latencies(result.paperboy), `p95 ≤ ${p95TargetMs} ms${targetNote}`, result.paperboy.p95 <= p95TargetMs),
    infoRow(name, 'raw FTS5, AND of the words, p50 / p95 / p99', latencies(result.rawAnd)),
    infoRow(name, 'raw FTS5, OR of the words, p50 / p95 / p99', latencies(result.rawOr)),
    targetRow(name, 'paperboy p95 ÷ raw FTS5 (AND) p95', `${ratio.toFixed(2)}×`, `≤ ${TARGETS.maxRatioToRawFts}×`, ratio <= TARGETS.maxRatioToRawFts),
    infoRow(name, 'paperboy p95 ÷ raw FTS5 (OR) p95', `${(result.paperboy.p95 / result.rawOr.p95).toFixed(2)}×`),
    ...plainTableRows(name, result),
    infoRow(name, 'queries answered with papers / with none / rejected', `${result.queries - result.emptyReplies - result.rejected} / ${result.emptyReplies} / ${result.rejected}`),
  );
}

async function runBenchmark(plan: BenchPlan, options: { workDir: string; profile: boolean; keepDatabases: boolean }): Promise<RunContext> {
  mkdirSync(options.workDir, { recursive: true });
  const profileDir = options.profile ? join(OUT_DIR, 'profiles', plan.mode) : null;
  if (profileDir) mkdirSync(profileDir, { recursive: true });
  const ctx: RunContext = { plan, workDir: options.workDir, node: { cpuProfileDir: profileDir }, rows: [], failures: [], results: {} };
  const quickNote = plan.mode === 'quick' ? ` (set for ${formatCount(REAL_CORPUS_PAPERS)})` : '';

  // Corpora: the real one (a prefix of it in the quick run) and its 1M extension.
  const realFile = await section(ctx, `corpus: ${papersLabel(plan.realPapers)} (real)`, async () => {
    if (plan.realPapers >= REAL_CORPUS_PAPERS) return REAL_CORPUS_FILE;
    const file = join(options.workDir, `arxiv-real-${plan.realPapers}.jsonl`);
    const written = await writeSnapshotPrefix(REAL_CORPUS_FILE, file, plan.realPapers);
    if (written !== plan.realPapers) throw new Error(`the real corpus has only ${written} papers`);
    return file;
  });
  const largeFile =
    plan.largePapers === null
      ? null
      : await section(ctx, `corpus: ${papersLabel(plan.largePapers)} (real + synthetic, bench/generate-corpus.ts)`, async () => {
          const file = join(options.workDir, `arxiv-extended-${plan.largePapers}.jsonl`);
          const summary = await extendCorpus({
            source: REAL_CORPUS_FILE,
            out: file,
            papers: plan.largePapers!,
            reuse: true,
            onProgress: (n) => progress(`  ${formatCount(n)} synthetic papers written`),
          });
          ctx.results['largeCorpus'] = { file, ...summary };
          ctx.rows.push(
            infoRow(
              `corpus, ${papersLabel(plan.largePapers!)}`,
              'generation (bench/generate-corpus.ts)',
              summary.reused
                ? `${formatCount(summary.synthetic)} synthetic + ${formatCount(summary.real)} real, reused from an earlier run (same generator version and seed)`
                : `${formatCount(summary.synthetic)} synthetic + ${formatCount(summary.real)} real in ${formatSeconds(summary.seconds)}`,
            ),
          );
          return file;
        });

  // Import: `paperboy import` into a fresh database, as a user runs it.
  const realImport = realFile
    ? await section(ctx, `import ${papersLabel(plan.realPapers)} ×${plan.importRuns}`, () =>
        benchImport({ file: realFile, papers: plan.realPapers, runs: plan.importRuns, workDir: options.workDir, label: `real-${plan.realPapers}`, node: ctx.node }),
      )
    : null;
  if (realImport) {
    ctx.results['importReal'] = realImport;
    importRows(ctx, `${papersLabel(plan.realPapers)} (${realFile!.endsWith('.gz') ? 'real, .jsonl.gz' : 'real, .jsonl'})`, realImport);
  }
  const largeImport =
    largeFile && plan.largePapers !== null
      ? await section(ctx, `import ${papersLabel(plan.largePapers)} ×${plan.largeImportRuns}`, () =>
          benchImport({ file: largeFile, papers: plan.largePapers!, runs: plan.largeImportRuns, workDir: options.workDir, label: `extended-${plan.largePapers}`, node: ctx.node }),
        )
      : null;
  if (largeImport) {
    ctx.results['importLarge'] = largeImport;
    importRows(ctx, `${papersLabel(plan.largePapers!)} (.jsonl)`, largeImport);
  }

  // Search: end to end beside raw FTS5, then the serving process's memory.
  if (realImport) {
    const result = await section(ctx, `search at ${papersLabel(plan.realPapers)}`, () =>
      runWorker<SearchWorkerResult>('search-worker.ts', { database: realImport.database, passes: plan.searchPasses, plainTableFile: join(options.workDir, 'plain-fts.db') }, ctx.node),
    );
    if (result) {
      ctx.results['searchReal'] = result;
      searchRows(ctx, plan.realPapers, TARGETS.searchP95AtRealMs, result, quickNote);
      if (largeImport === null) {
        ctx.rows.push(targetRow(`serving, ${papersLabel(plan.realPapers)}`, 'RSS after the search passes', formatMb(result.rssMb), `< ${TARGETS.servingRssMb} MB${plan.mode === 'quick' ? ' (set for 1,000,000)' : ''}`, result.rssMb < TARGETS.servingRssMb));
      }
    }
  }
  if (largeImport) {
    const result = await section(ctx, `search at ${papersLabel(plan.largePapers!)}`, () =>
      runWorker<SearchWorkerResult>('search-worker.ts', { database: largeImport.database, passes: plan.searchPasses }, ctx.node),
    );
    if (result) {
      ctx.results['searchLarge'] = result;
      searchRows(ctx, plan.largePapers!, TARGETS.searchP95AtLargeMs, result, '');
      ctx.rows.push(targetRow(`serving, ${papersLabel(plan.largePapers!)}`, 'RSS after the search passes', formatMb(result.rssMb), `< ${TARGETS.servingRssMb} MB`, result.rssMb < TARGETS.servingRssMb));
    }
  }

  // minisearch as the in-memory reference, on the last papers of the largest corpus.
  const minisearchSource = largeFile ?? realFile;
  const minisearchTotal = largeFile ? plan.largePapers! : plan.realPapers;
  if (minisearchSource) {
    const take = Math.min(plan.minisearchPapers, minisearchTotal);
    const result = await section(ctx, `minisearch at ${papersLabel(take)}`, () =>
      runWorker<MinisearchWorkerResult>('minisearch-worker.ts', { corpus: minisearchSource, skip: minisearchTotal - take, take, passes: plan.minisearchPasses }, { ...ctx.node, flags: ['--expose-gc'] }),
    );
    if (result) {
      ctx.results['minisearch'] = result;
      const name = `minisearch (reference), ${papersLabel(result.papers)}`;
      ctx.rows.push(
        infoRow(name, 'exact words, AND, p50 / p95 / p99', latencies(result.latency)),
        infoRow(name, 'index build, heap after build', `${formatSeconds(result.buildSeconds)}, ${formatMb(result.heapUsedMb)}`),
      );
    }
  }

  // Cold start against the largest database.
  const coldDatabase = largeImport?.database ?? realImport?.database;
  const coldPapers = largeImport ? plan.largePapers! : plan.realPapers;
  if (coldDatabase) {
    const result = await section(ctx, `cold start at ${papersLabel(coldPapers)} ×${plan.coldStartRuns}`, () => benchColdStart({ database: coldDatabase, runs: plan.coldStartRuns, node: ctx.node }));
    if (result) {
      ctx.results['coldStart'] = result;
      ctx.rows.push(
        targetRow(
          `cold start, ${papersLabel(coldPapers)}`,
          `spawn to first answer byte: paperboy search "${COLD_START_QUERY}" --json`,
          formatSeconds(result.readyMs / 1000),
          `≤ ${TARGETS.readyMs / 1000} s${coldPapers === plan.largePapers ? '' : ' (set for 1,000,000)'}`,
          result.readyMs <= TARGETS.readyMs,
        ),
      );
    }
  }

  // Digest selection for a day, on the real corpus as the back catalogue.
  if (realImport && realFile) {
    const { digest } = plan;
    const result = await section(ctx, `digest: ${formatCount(digest.channels * digest.subscriptionsPerChannel)} subscriptions × ${formatCount(digest.newPapers)} new papers`, () =>
      runWorker<DigestWorkerResult>(
        'digest-worker.ts',
        {
          baseDatabase: realImport.database,
          workDatabase: join(options.workDir, 'digest.db'),
          corpusSource: realFile,
          newPapers: digest.newPapers,
          channels: digest.channels,
          subscriptionsPerChannel: digest.subscriptionsPerChannel,
          maxRuns: digest.maxRuns,
          budgetSeconds: digest.budgetSeconds,
        },
        ctx.node,
      ),
    );
    if (result) {
      ctx.results['digest'] = result;
      ctx.rows.push(
        targetRow(
          `digest, ${formatCount(result.subscriptions)} subscriptions × ${formatCount(result.newPapers)} new papers`,
          `selectDigest for ${formatCount(result.channels)} channels, ${formatCount(result.backCatalogue)} papers stored before (median of ${result.runSeconds.length})`,
          formatSeconds(result.seconds),
          `≤ ${TARGETS.digestSeconds} s${plan.mode === 'quick' ? ' (set for 10,000 × 5,000)' : ''}`,
          result.seconds <= TARGETS.digestSeconds,
        ),
      );
    }
  }

  // Issue 21: the PostgreSQL column (import, search, digest), in a scratch schema of the database
  // PAPERBOY_BENCH_DATABASE_URL names; a machine without PostgreSQL skips it and says why.
  const pgName = `PostgreSQL at ${describePgUrl(PG_BENCH_URL)}: import ${papersLabel(plan.postgres.papers)}, search, digest`;
  const pgUnavailable = await pgUnavailableReason(PG_BENCH_URL);
  if (pgUnavailable !== null) {
    progress(`▶ ${pgName}: skipped, ${pgUnavailable}`);
    ctx.rows.push(infoRow('PostgreSQL', 'import, search, digest', `skipped: ${pgUnavailable}`));
  } else {
    const pgSnapshot = await section(ctx, `corpus: ${papersLabel(plan.postgres.papers)} (real) for PostgreSQL`, async () => {
      if (plan.postgres.papers >= REAL_CORPUS_PAPERS) return REAL_CORPUS_FILE;
      const file = join(options.workDir, `arxiv-real-${plan.postgres.papers}.jsonl`);
      const written = await writeSnapshotPrefix(REAL_CORPUS_FILE, file, plan.postgres.papers);
      if (written !== plan.postgres.papers) throw new Error(`the real corpus has only ${written} papers`);
      return file;
    });
    const result = pgSnapshot ? await section(ctx, pgName, () => benchPostgres({ url: PG_BENCH_URL, plan, snapshot: pgSnapshot, node: ctx.node })) : null;
    if (result) {
      ctx.results['postgres'] = result;
      ctx.rows.push(...pgRows(result, pgSnapshot!.endsWith('.gz') ? 'real, .jsonl.gz' : 'real, .jsonl'));
    }
  }

  // Acks and event-loop stalls under concurrent commands, beside an import and a digest (issue 19).
  if (realImport) {
    const args: ChatLoadArgs = { database: realImport.database, workDir: options.workDir, corpusSource: REAL_CORPUS_FILE, ...plan.chatLoad };
    const result = await section(ctx, `chat load: ${formatCount(plan.chatLoad.burst)} concurrent commands per platform, idle / import / digest`, () =>
      runWorker<ChatLoadResult>('chat-load-bench.ts', args, ctx.node),
    );
    if (result) {
      ctx.results['chatLoad'] = result;
      ctx.rows.push(...chatLoadRows(result));
    }
  }

  // A serving process's memory with the search pool, as `paperboy serve` runs it from dist/ (issue 19).
  if (realImport) {
    const { rounds, perRound } = plan.servingMemory;
    const result = await section(ctx, `serving memory: ${rounds} rounds of ${formatCount(perRound)} commands, from dist/`, () =>
      runWorker<{ readings: MemoryReading[] }>('serving-memory.ts', { database: realImport.database, rounds, perRound, from: 'dist', workDir: join(options.workDir, 'serving-memory'), report: true }, ctx.node),
    );
    const readings = result?.readings ?? [];
    if (readings.length > 0) {
      const peak = Math.max(...readings.map((r) => r.rssMb));
      ctx.results['servingMemory'] = { peakRssMb: peak, readings };
      ctx.rows.push(servingMemoryRow(papersLabel(plan.realPapers), rounds, perRound, peak, readings.at(-1)!));
    }
  }

  // The Slack endpoint, through bench/slack-endpoint-bench.ts when it is there.
  const { slack } = plan;
  const slackName = `Slack endpoint, ${slack.ratePerSecond} signed slash commands/s × ${slack.seconds} s`;
  if (!slackEndpointBenchAvailable()) {
    ctx.rows.push(infoRow(slackName, 'answered/s · ack p50 / p99 · errors', 'not available (bench/slack-endpoint-bench.ts is missing)'));
  } else {
    const result = await section(ctx, `${slackName} ×${slack.runs}`, () => runWorker<SlackWorkerResult>('slack-worker.ts', slack, ctx.node));
    if (result?.available) {
      ctx.results['slack'] = result;
      const errors = result.runs.reduce((n, r) => n + r.errors, 0);
      const p50 = median(result.runs.map((r) => r.p50Ms));
      const p99 = median(result.runs.map((r) => r.p99Ms));
      const rate = median(result.runs.map((r) => r.commandsPerSecond));
      const value = `${rate.toFixed(1)}/s · ${formatMs(p50)} / ${formatMs(p99)} ms · ${errors} errors`;
      const measure = `answered/s · ack p50 / p99 · errors (median of ${result.runs.length}; errors summed)`;
      ctx.rows.push(
        result.target
          ? targetRow(slackName, measure, value, `${result.target.errors} errors, p99 < ${result.target.p99Ms} ms`, errors <= result.target.errors && p99 < result.target.p99Ms)
          : infoRow(slackName, measure, value),
      );
    } else if (result) {
      ctx.rows.push(infoRow(slackName, 'answered/s · ack p50 / p99 · errors', 'not available (bench/slack-endpoint-bench.ts is missing)'));
    }
  }

  // Issue 20: channels that learn from ratings, simulated on CSFCube (bench/learning-bench.ts, run on
  // its own, adds topic channels on the arXiv store); --quick: 10 queries, 1 draw. The model's fit
  // and scoring costs and /papers like's latency are measured on the store the import left.
  const learning = await section(ctx, 'learning: CSFCube channels, /papers like, the model’s costs', async () => {
    const csf = loadCsfcube();
    return {
      rows: plan.mode === 'quick' ? benchCsfcubeChannels(csf, [1], 10) : benchCsfcubeChannels(csf),
      like: await benchLike(csf),
      bm25: await benchBm25(csf),
      costs: realImport ? await measureStoreCosts(realImport.database) : null,
    };
  });
  if (learning) {
    ctx.results['learning'] = learning;
    for (const row of learning.rows) {
      ctx.rows.push(infoRow(`learning, CSFCube, ${row.ratings} ratings`, `nDCG@10 subscription only → with ratings (${row.channels} channels)`, `${row.subscriptionOnly.toFixed(3)} → ${row.learned.toFixed(3)}`));
    }
    ctx.rows.push(infoRow('learning, /papers like on CSFCube', 'MAP · NDCG%20 (CSFCube protocol, test folds)', `${learning.like.map.toFixed(3)} · ${learning.like.ndcgPercent20.toFixed(3)}`));
    ctx.rows.push(infoRow('learning, plain FTS5 BM25 on CSFCube (reference)', 'MAP · NDCG%20 (same protocol: the query paper\'s words, OR)', `${learning.bm25.map.toFixed(3)} · ${learning.bm25.ndcgPercent20.toFixed(3)}`));
    ctx.rows.push(...learningCostRows(learning.costs));
  }

  if (!options.keepDatabases) {
    for (const result of [realImport, largeImport]) if (result) removeDatabase(result.database);
  }
  return ctx;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      quick: { type: 'boolean', default: false },
      profile: { type: 'boolean', default: false },
      // Default: /tmp/paperboy-bench, and /tmp/paperboy-bench-quick for --quick, so a quick run (CI)
      // never touches the corpora and databases of a full run going on beside it.
      'work-dir': { type: 'string' },
      'keep-databases': { type: 'boolean', default: false },
    },
  });
  const plan = values.quick ? QUICK_PLAN : FULL_PLAN;
  const workDir = values['work-dir'] ?? (values.quick ? '/tmp/paperboy-bench-quick' : '/tmp/paperboy-bench');
  const startedAt = new Date().toISOString();
  const started = performance.now();
  const loadAtStart = loadavg();
  const machine = describeMachine();
  progress(`paperboy benchmark, ${plan.mode} run; work folder ${workDir}`);
  const ctx = await runBenchmark(plan, { workDir, profile: values.profile, keepDatabases: values['keep-databases'] });
  const header: ReportHeader = {
    title: `paperboy benchmark: ${plan.mode} run`,
    command: plan.mode === 'quick' ? 'npm run bench -- --quick' : 'npm run bench',
    machine,
    startedAt,
    totalSeconds: (performance.now() - started) / 1000,
    loadAverage: { start: loadAtStart, end: loadavg() },
    runsNote: runsNote(plan),
  };
  const engines = engineComparison(ctx.results as EngineResults);
  process.stdout.write(`\n${renderTextReport(header, ctx.rows)}\n`);
  if (engines.length > 0) process.stdout.write(`\nSQLite and PostgreSQL\n${engineComparisonMarkdown(engines)}\n`);
  mkdirSync(OUT_DIR, { recursive: true });
  const jsonFile = join(OUT_DIR, `bench-${plan.mode}.json`);
  writeFileSync(jsonFile, `${JSON.stringify({ ...header, plan, targets: TARGETS, rows: ctx.rows, results: ctx.results, failures: ctx.failures }, null, 2)}\n`);
  progress(`\nWrote ${jsonFile}`);
  if (plan.mode === 'full' && ctx.failures.length === 0) {
    writeFileSync(RESULTS_FILE, resultsMarkdown(header, ctx.rows, engines));
    progress(`Wrote ${RESULTS_FILE}`);
  }
  if (ctx.node.cpuProfileDir) progress(`CPU profiles: ${ctx.node.cpuProfileDir} (node bin/run-ts.js bench/summarize-profile.ts FILE)`);
  const misses = ctx.rows.filter((r) => r.result === 'MISS').length;
  progress(`${misses} target${misses === 1 ? '' : 's'} missed${ctx.failures.length > 0 ? `; ${ctx.failures.length} part${ctx.failures.length === 1 ? '' : 's'} of the benchmark FAILED` : ''}.`);
  // A missed target is a finding, not a failure; a benchmark that cannot run is.
  process.exitCode = ctx.failures.length > 0 ? 1 : 0;
}

await main();
