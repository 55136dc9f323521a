/**
 * The benchmark's PostgreSQL section (issue 21): whether the database answers, the worker run in a
 * scratch schema dropped afterwards, its rows in the benchmark table, and the table of both
 * engines side by side for bench/RESULTS.md.
 */
import pg from 'pg';
import type { BenchPlan } from './bench-plan.ts';
import { formatCount, formatMs, formatSeconds, infoRow, type BenchRow } from './bench-report.ts';
import type { DigestWorkerResult } from './digest-worker.ts';
import type { ImportBenchResult } from './import-bench.ts';
import type { NodeOptions } from './node-command.ts';
import type { PgWorkerArgs, PgWorkerResult } from './pg-worker.ts';
import { runWorker } from './run-worker.ts';
import type { SearchWorkerResult } from './search-worker.ts';

/** The database the section measures in, a scratch schema of it (env PAPERBOY_BENCH_DATABASE_URL). */
export const PG_BENCH_URL = process.env.PAPERBOY_BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** The URL for people: host, port and database, never the password. */
export function describePgUrl(url: string): string {
  const parsed = new URL(url);
  return `${parsed.host}${parsed.pathname}`;
}

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

async function dropSchema(url: string, schema: string): Promise<void> {
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  } finally {
    await admin.end();
  }
}

/** Runs bench/pg-worker.ts on `snapshot`; the scratch schema is dropped afterwards, also when the worker failed. */
export async function benchPostgres(options: { url: string; plan: BenchPlan; snapshot: string; node: NodeOptions }): Promise<PgWorkerResult> {
  const { postgres } = options.plan;
  const schema = `paperboy_bench_${process.pid}`;
  const args: PgWorkerArgs = {
    url: options.url,
    schema,
    snapshot: options.snapshot,
    importRuns: postgres.importRuns,
    searchPasses: postgres.searchPasses,
    digest: { corpusSource: options.snapshot, ...postgres.digest },
  };
  try {
    return await runWorker<PgWorkerResult>('pg-worker.ts', args, options.node);
  } finally {
    await dropSchema(options.url, schema);
  }
}

const latencies = (l: { p50: number; p95: number; p99: number }) => `${formatMs(l.p50)} / ${formatMs(l.p95)} / ${formatMs(l.p99)} ms`;

/** The section's rows in the benchmark table: measurements, held to no target of their own. */
export function pgRows(result: PgWorkerResult, snapshotLabel: string): BenchRow[] {
  const papers = `${formatCount(result.import.papers)} papers`;
  const { search, digest } = result;
  return [
    infoRow(`PostgreSQL ${result.serverVersion} import, ${papers} (${snapshotLabel})`, `papers/s, opening the store to the import's end (median of ${result.import.runs.length})`, formatCount(result.import.papersPerSecond)),
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
  postgres?: PgWorkerResult;
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
