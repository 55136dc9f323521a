/**
 * The benchmark's PostgreSQL section (issue 21): whether the database answers, the worker run in a
 * scratch schema dropped afterwards, its rows in the benchmark table, and the table of both
 * engines side by side for bench/RESULTS.md.
 */
import pg from 'pg';
import type { BenchPlan } from './bench-plan.ts';
import { formatCount, formatMb, formatMs, formatSeconds, infoRow, type BenchRow } from './bench-report.ts';
import { median } from './bench-stats.ts';
import type { DigestWorkerResult } from './digest-worker.ts';
import type { ImportBenchResult } from './import-bench.ts';
import { nodeArgv, PAPERBOY_ENV, REPO_ROOT, type NodeOptions } from './node-command.ts';
import { describePgUrl, urlInSchema } from './pg-url.ts';
import type { PgWorkerArgs, PgWorkerResult } from './pg-worker.ts';
import { runWorker } from './run-worker.ts';
import type { SearchWorkerResult } from './search-worker.ts';
import { spawnMeasured } from './spawn-measured.ts';

export { describePgUrl } from './pg-url.ts';

/** The database the section measures in, a scratch schema of it (env PAPERBOY_BENCH_DATABASE_URL). */
export const PG_BENCH_URL = process.env.PAPERBOY_BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** Why the section cannot run (PostgreSQL does not answer), or null when it can. */
export async function pgUnavailableReason(url: string): Promise<string | null> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return null;
  } catch (error) {
    return `PostgreSQL does not answer at ${describePgUrl(url)} (${error instanceof Error ? error.message : String(error)}); set PAPERBOY_BENCH_DATABASE_URL`;
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function resetSchema(url: string, schema: string, create: boolean): Promise<void> {
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    // paperboy opens its store in the schema the URL's search_path names, which must exist.
    if (create) await admin.query(`CREATE SCHEMA ${schema}`);
  } finally {
    await admin.end();
  }
}

export interface PgImportRun {
  papersPerSecond: number;
  wallSeconds: number;
  peakRssMb: number | null;
}

export interface PgImportResult {
  papers: number;
  runs: PgImportRun[];
  papersPerSecond: number;
  peakRssMb: number | null;
  rssMethod: string;
}

/** What the section measured: the import, then the worker's search and digest on the store it left. */
export type PgBenchResult = PgWorkerResult & { import: PgImportResult };

/**
 * `paperboy import FILE` with DATABASE_URL on a fresh scratch schema, `runs` times, as
 * import-bench.ts runs it into a fresh SQLite file: papers per second over the whole process
 * (start, opening, migrating and seeding the store, the import) and its peak RSS. `cli`: the built
 * paperboy (bin/paperboy.js, what the benchmark measures after `npm run build`) or its sources
 * (tests, which need no build). Leaves the last run's store.
 */
async function benchPgImport(options: { url: string; schema: string; snapshot: string; papers: number; runs: number; cli: 'dist' | 'sources'; node: NodeOptions }): Promise<PgImportResult> {
  const runs: PgImportRun[] = [];
  let rssMethod = 'none';
  const entry = options.cli === 'dist' ? ['bin/paperboy.js'] : ['bin/run-ts.js', 'src/cli.ts'];
  for (let run = 1; run <= options.runs; run++) {
    await resetSchema(options.url, options.schema, true);
    const result = await spawnMeasured(process.execPath, nodeArgv(entry[0]!, [...entry.slice(1), 'import', options.snapshot], options.node), {
      cwd: REPO_ROOT,
      env: { ...process.env, ...PAPERBOY_ENV, DATABASE_URL: urlInSchema(options.url, options.schema), LOG_LEVEL: 'warn' },
    });
    if (result.code !== 0) throw new Error(`paperboy import (PostgreSQL) exited with ${result.code}:\n${result.stderr.slice(-2000)}`);
    rssMethod = result.rssMethod;
    runs.push({ papersPerSecond: options.papers / (result.wallMs / 1000), wallSeconds: result.wallMs / 1000, peakRssMb: result.peakRssMb });
  }
  const peaks = runs.map((r) => r.peakRssMb).filter((m): m is number => m !== null);
  return { papers: options.papers, runs, papersPerSecond: median(runs.map((r) => r.papersPerSecond)), peakRssMb: peaks.length > 0 ? median(peaks) : null, rssMethod };
}

/**
 * The section: `paperboy import` of `snapshot` (the plan's `postgres.papers` papers) into a scratch
 * schema, then bench/pg-worker.ts on it; the schema is dropped afterwards, also when a step failed.
 */
export async function benchPostgres(options: { url: string; plan: BenchPlan; snapshot: string; node: NodeOptions; cli?: 'dist' | 'sources' }): Promise<PgBenchResult> {
  const { postgres } = options.plan;
  const schema = `paperboy_bench_${process.pid}`;
  try {
    const imported = await benchPgImport({
      url: options.url,
      schema,
      snapshot: options.snapshot,
      papers: postgres.papers,
      runs: postgres.importRuns,
      cli: options.cli ?? 'dist',
      node: options.node,
    });
    const args: PgWorkerArgs = { url: options.url, schema, searchPasses: postgres.searchPasses, digest: { corpusSource: options.snapshot, ...postgres.digest } };
    const measured = await runWorker<PgWorkerResult>('pg-worker.ts', args, options.node);
    return { ...measured, import: imported };
  } finally {
    await resetSchema(options.url, schema, false);
  }
}

const latencies = (l: { p50: number; p95: number; p99: number }) => `${formatMs(l.p50)} / ${formatMs(l.p95)} / ${formatMs(l.p99)} ms`;

/** The section's rows in the benchmark table: measurements, held to no target of their own. */
export function pgRows(result: PgBenchResult, snapshotLabel: string): BenchRow[] {
  const papers = `${formatCount(result.import.papers)} papers`;
  const { search, digest } = result;
  const importName = `PostgreSQL ${result.serverVersion} import, ${papers} (${snapshotLabel})`;
  return [
    infoRow(importName, `papers/s, process start to exit (median of ${result.import.runs.length})`, formatCount(result.import.papersPerSecond)),
    infoRow(importName, `peak RSS of paperboy import (${result.import.rssMethod})`, formatMb(result.import.peakRssMb)),
    // Labelled by the corpus, as the SQLite rows are (both stores also hold the seed papers).
    infoRow(`PostgreSQL search, ${papers}`, 'paperboy end to end p50 / p95 / p99', latencies(search.paperboy)),
    infoRow(`PostgreSQL search, ${papers}`, 'queries answered with papers / with none / rejected', `${search.queries - search.emptyReplies - search.rejected} / ${search.emptyReplies} / ${search.rejected}`),
    infoRow(
      `PostgreSQL digest, ${formatCount(digest.subscriptions)} subscriptions × ${formatCount(digest.newPapers)} new papers`,
      `selectDigest for ${formatCount(digest.channels)} channels, ${formatCount(digest.backCatalogue)} papers stored before (median of ${digest.runSeconds.length})`,
      formatSeconds(digest.seconds),
    ),
  ];
}

export interface EngineComparisonRow {
  measure: string;
  sqlite: string;
  postgres: string;
}

/** What the two engines measured, as much of it as both measured. */
export interface EngineResults {
  importReal?: ImportBenchResult;
  searchReal?: SearchWorkerResult;
  digest?: DigestWorkerResult;
  postgres?: PgBenchResult;
}

/**
 * Both engines side by side. Each cell names its corpus size where the two differ (the quick run
 * imports fewer papers into PostgreSQL), so no figure is read against another size's.
 */
export function engineComparison(results: EngineResults): EngineComparisonRow[] {
  const pgResult = results.postgres;
  if (!pgResult) return [];
  const missing = 'not measured';
  const sized = (value: string, papers: number, other: number) => (papers === other ? value : `${value} (${formatCount(papers)} papers)`);
  const { importReal, searchReal, digest } = results;
  const pgPapers = pgResult.import.papers;
  const pgDigest = pgResult.digest;
  return [
    {
      measure: `import, papers/s (${formatCount(pgPapers)} real papers)`,
      sqlite: importReal ? sized(formatCount(importReal.papersPerSecond), importReal.papers, pgPapers) : missing,
      postgres: formatCount(pgResult.import.papersPerSecond),
    },
    {
      measure: `search p50 / p95, 200 chat queries (${formatCount(pgPapers)} real papers)`,
      sqlite: searchReal ? sized(`${formatMs(searchReal.paperboy.p50)} / ${formatMs(searchReal.paperboy.p95)} ms`, searchReal.papers, pgResult.search.papers) : missing,
      postgres: `${formatMs(pgResult.search.paperboy.p50)} / ${formatMs(pgResult.search.paperboy.p95)} ms`,
    },
    {
      measure: `digest selection, ${formatCount(pgDigest.subscriptions)} subscriptions × ${formatCount(pgDigest.newPapers)} new papers`,
      sqlite: digest
        ? digest.subscriptions === pgDigest.subscriptions && digest.newPapers === pgDigest.newPapers
          ? formatSeconds(digest.seconds)
          : `${formatSeconds(digest.seconds)} (${formatCount(digest.subscriptions)} × ${formatCount(digest.newPapers)})`
        : missing,
      postgres: formatSeconds(pgDigest.seconds),
    },
  ];
}

/** The side-by-side table as Markdown (or plain text: the same pipes read well in a terminal). */
export function engineComparisonMarkdown(rows: EngineComparisonRow[]): string {
  return ['| measure | SQLite | PostgreSQL |', '|---|---|---|', ...rows.map((r) => `| ${r.measure} | ${r.sqlite} | ${r.postgres} |`)].join('\n');
}
