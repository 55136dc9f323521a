/**
 * The benchmark's PostgreSQL section (issue 21): its rows and the side-by-side table from given
 * results, and one small run of bench/pg-worker.ts against the PostgreSQL the tests use (a
 * 1,000-paper prefix of the real corpus), which leaves no schema behind.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { FULL_PLAN, QUICK_PLAN, REAL_CORPUS_PAPERS, type BenchPlan } from '../../bench/bench-plan.ts';
import type { ReportHeader } from '../../bench/bench-report.ts';
import type { DigestWorkerResult } from '../../bench/digest-worker.ts';
import { REAL_CORPUS } from '../../bench/generate-corpus.ts';
import type { ImportBenchResult } from '../../bench/import-bench.ts';
import { benchPostgres, describePgUrl, engineComparison, engineComparisonMarkdown, pgRows, pgUnavailableReason, type PgBenchResult } from '../../bench/pg-section.ts';
import { resultsMarkdown } from '../../bench/results-markdown.ts';
import type { SearchWorkerResult } from '../../bench/search-worker.ts';
import { writeSnapshotPrefix } from '../../bench/snapshot-lines.ts';
import { readSeeds, seedToPaperInput } from '../../src/adapters/seeds/load-seeds.ts';
import { describePg, PG_URL } from '../store/pg-scratch.ts';

const latency = (p50: number, p95: number) => ({ p50, p95, p99: p95 * 1.5, max: p95 * 2 });

const pgResult: PgBenchResult = {
  serverVersion: '15.8',
  import: { papers: 78_736, runs: [{ wallSeconds: 100, papersPerSecond: 787.36, peakRssMb: 250.4 }], papersPerSecond: 787.36, peakRssMb: 250.4, rssMethod: 'gnu-time' },
  search: { papers: 78_736, queries: 200, paperboy: latency(9.5, 41.2), paperboyMeanMs: 14, emptyReplies: 2, rejected: 0, slowest: [] },
  digest: { backCatalogue: 78_736, newPapers: 5000, channels: 2000, subscriptions: 10_000, byKind: { topic: 7000, author: 2000, category: 1000 }, seconds: 31.4, runSeconds: [31.4], channelsWithPicks: 2000, picks: 10_000 },
};
const sqliteImport = { papers: 78_736, papersPerSecond: 7214 } as ImportBenchResult;
const sqliteSearch = { papers: 78_736, paperboy: latency(2.1, 9.87) } as SearchWorkerResult;
const sqliteDigest = { subscriptions: 10_000, newPapers: 5000, seconds: 2.14 } as DigestWorkerResult;

describe('the PostgreSQL section of the benchmark table', () => {
  it('puts both engines side by side: import rate, search p50 / p95, digest selection', () => {
    const rows = engineComparison({ importReal: sqliteImport, searchReal: sqliteSearch, digest: sqliteDigest, postgres: pgResult });
    expect(engineComparisonMarkdown(rows).split('\n')).toEqual([
      '| measure | SQLite | PostgreSQL |',
      '|---|---|---|',
      '| import, papers/s (78,736 real papers) | 7,214 | 787 |',
      '| search p50 / p95, 200 chat queries (78,736 real papers) | 2.10 / 9.87 ms | 9.50 / 41.2 ms |',
      '| digest selection, 10,000 subscriptions × 5,000 new papers | 2.14 s | 31.4 s |',
    ]);
  });

  it('names the corpus size of a SQLite figure measured at another size (the quick run), and says what is missing', () => {
    const rows = engineComparison({ importReal: { ...sqliteImport, papers: 20_000 }, postgres: { ...pgResult, import: { ...pgResult.import, papers: 5000 } } });
    expect(rows[0]).toEqual({ measure: 'import, papers/s (5,000 real papers)', sqlite: '7,214 (20,000 papers)', postgres: '787' });
    expect(rows[1]!.sqlite).toBe('not measured');
    expect(engineComparison({ importReal: sqliteImport })).toEqual([]);
  });

  it('adds rows held to no target, and RESULTS.md gets the side-by-side table', () => {
    const rows = pgRows(pgResult, 'real, .jsonl.gz');
    expect(rows.map((r) => `${r.benchmark} | ${r.measure} | ${r.value} | ${r.result || 'info'}`)).toEqual([
      'PostgreSQL 15.8 import, 78,736 papers (real, .jsonl.gz) | papers/s, process start to exit (median of 1) | 787 | info',
      'PostgreSQL 15.8 import, 78,736 papers (real, .jsonl.gz) | peak RSS of paperboy import (gnu-time) | 250 MB | info',
      'PostgreSQL search, 78,736 papers | paperboy end to end p50 / p95 / p99 | 9.50 / 41.2 / 61.8 ms | info',
      'PostgreSQL search, 78,736 papers | queries answered with papers / with none / rejected | 198 / 2 / 0 | info',
      'PostgreSQL digest, 10,000 subscriptions × 5,000 new papers | selectDigest for 2,000 channels, 78,736 papers stored before (median of 1) | 31.4 s | info',
    ]);
    const header: ReportHeader = {
      title: 't',
      command: 'npm run bench',
      machine: { cores: 2, cpuModel: 'Test CPU', memoryGb: 4, platform: 'linux', node: 'v20', sqlite: '3.50.0' },
      startedAt: '2026-12-04T00:00:00Z',
      totalSeconds: 1,
      loadAverage: { start: [0, 0, 0], end: [0, 0, 0] },
      runsNote: 'n',
    };
    const markdown = resultsMarkdown(header, rows, engineComparison({ importReal: sqliteImport, searchReal: sqliteSearch, digest: sqliteDigest, postgres: pgResult }));
    expect(markdown).toContain('## SQLite and PostgreSQL');
    expect(markdown).toContain('| import, papers/s (78,736 real papers) | 7,214 | 787 |');
    expect(resultsMarkdown(header, rows)).not.toContain('## SQLite and PostgreSQL');
  });

  it('measures the whole corpus in the full run and a small slice in the quick one', () => {
    expect(FULL_PLAN.postgres.papers).toBe(REAL_CORPUS_PAPERS);
    expect(FULL_PLAN.postgres.digest.channels * FULL_PLAN.postgres.digest.subscriptionsPerChannel).toBe(10_000);
    expect(FULL_PLAN.postgres.digest).toEqual(FULL_PLAN.digest);
    expect(QUICK_PLAN.postgres.papers).toBeLessThanOrEqual(5000);
  });

  it('says why it is skipped where PostgreSQL does not answer, without the password', async () => {
    const reason = await pgUnavailableReason('postgres://bench:secret@127.0.0.1:1/nowhere');
    expect(reason).toMatch(/^PostgreSQL does not answer at 127\.0\.0\.1:1\/nowhere \(.+\); set PAPERBOY_BENCH_DATABASE_URL$/);
    expect(reason).not.toContain('secret');
    expect(describePgUrl('postgres://u:pw@db.example:5432/paperboy')).toBe('db.example:5432/paperboy');
  });
});

describePg((name) =>
  describe(`${name}: bench/pg-worker.ts on 1,000 real papers`, () => {
    const dir = mkdtempSync(join(tmpdir(), 'paperboy-pg-bench-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('imports with paperboy import, searches and selects a digest, and drops its scratch schema', async () => {
      const snapshot = join(dir, 'real-1000.jsonl');
      await writeSnapshotPrefix(fileURLToPath(REAL_CORPUS), snapshot, 1000);
      const plan: BenchPlan = { ...QUICK_PLAN, postgres: { papers: 1000, importRuns: 1, searchPasses: 1, digest: { newPapers: 50, channels: 10, subscriptionsPerChannel: 2, maxRuns: 1, budgetSeconds: 10 } } };
      // paperboy from its sources: the tests of test:bench need no build.
      const result = await benchPostgres({ url: PG_URL, plan, snapshot, node: {}, cli: 'sources' });
      expect(result.import.papers).toBe(1000);
      // The store holds the seed papers too, as `paperboy import` leaves a new store on either engine.
      const seeds = new Set(readSeeds().map((seed) => seedToPaperInput(seed).id)).size;
      expect(result.search).toMatchObject({ papers: 1000 + seeds, queries: 200, rejected: 0 });
      expect(result.search.emptyReplies).toBeLessThan(200);
      expect(result.search.slowest).toHaveLength(5);
      expect(result.digest).toMatchObject({ backCatalogue: 1000 + seeds, newPapers: 50, channels: 10, subscriptions: 20 });
      const admin = new pg.Client({ connectionString: PG_URL });
      await admin.connect();
      try {
        // benchPostgres names the schema after this process.
        const { rows } = await admin.query('SELECT nspname FROM pg_namespace WHERE nspname = $1', [`paperboy_bench_${process.pid}`]);
        expect(rows).toEqual([]);
      } finally {
        await admin.end();
      }
    }, 180_000);
  }),
);
