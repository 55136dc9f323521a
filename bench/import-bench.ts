/**
 * The import part of the benchmark (run-bench.ts), also on its own: `paperboy import` of the real
 * corpus (78,736 papers) into a fresh database, 3 times, after `npm run build`:
 *
 *   node bin/run-ts.js bench/import-bench.ts [--runs 3] [--file FILE --papers N] [--work-dir DIR]
 */
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { REAL_CORPUS_PAPERS } from './bench-plan.ts';
import { median } from './bench-stats.ts';
import { REAL_CORPUS } from './generate-corpus.ts';
import { nodeArgv, PAPERBOY_ENV, REPO_ROOT, type NodeOptions } from './node-command.ts';
import { spawnMeasured } from './spawn-measured.ts';

export interface ImportRun {
  papersPerSecond: number;
  /** The rate the import command itself reports (its loop only, without process start-up). */
  reportedPerSecond: number | null;
  wallSeconds: number;
  peakRssMb: number | null;
}

export interface ImportBenchResult {
  papers: number;
  runs: ImportRun[];
  papersPerSecond: number;
  peakRssMb: number | null;
  rssMethod: string;
  /** The database the last run left, for the search and cold-start benchmarks. */
  database: string;
}

/** Removes a SQLite database, its WAL files, and the indexing lock an import keeps beside it. */
export function removeDatabase(path: string): void {
  for (const suffix of ['', '-wal', '-shm', '-indexing.lock']) rmSync(`${path}${suffix}`, { force: true });
}

/**
 * `paperboy import FILE` into a fresh database, as a user runs it, `runs` times: papers per second
 * over the whole command (process start to exit) and the process's peak RSS. Keeps the last
 * run's database.
 */
export async function benchImport(options: {
  file: string;
  papers: number;
  runs: number;
  workDir: string;
  label: string;
  node?: NodeOptions;
}): Promise<ImportBenchResult> {
  const runs: ImportRun[] = [];
  let rssMethod = 'none';
  let database = '';
  for (let run = 1; run <= options.runs; run++) {
    if (database) removeDatabase(database);
    database = join(options.workDir, `${options.label}-import-${run}.db`);
    removeDatabase(database);
    const result = await spawnMeasured(process.execPath, nodeArgv('bin/paperboy.js', ['import', options.file], options.node), {
      cwd: REPO_ROOT,
      env: { ...process.env, ...PAPERBOY_ENV, DATABASE_PATH: database, LOG_LEVEL: 'warn' },
    });
    if (result.code !== 0) throw new Error(`paperboy import exited with ${result.code}:\n${result.stderr.slice(-2000)}`);
    const reported = /\(([\d,]+) lines\/s\)/.exec(result.stdout);
    rssMethod = result.rssMethod;
    runs.push({
      papersPerSecond: options.papers / (result.wallMs / 1000),
      reportedPerSecond: reported ? Number(reported[1]!.replace(/,/g, '')) : null,
      wallSeconds: result.wallMs / 1000,
      peakRssMb: result.peakRssMb,
    });
  }
  const peaks = runs.map((r) => r.peakRssMb).filter((m): m is number => m !== null);
  return {
    papers: options.papers,
    runs,
    papersPerSecond: median(runs.map((r) => r.papersPerSecond)),
    peakRssMb: peaks.length > 0 ? median(peaks) : null,
    rssMethod,
    database,
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      runs: { type: 'string', default: '3' },
      file: { type: 'string', default: fileURLToPath(REAL_CORPUS) },
      papers: { type: 'string', default: String(REAL_CORPUS_PAPERS) },
      'work-dir': { type: 'string', default: '/tmp/paperboy-bench' },
    },
  });
  mkdirSync(values['work-dir'], { recursive: true });
  const papers = Number(values.papers);
  const result = await benchImport({ file: values.file, papers, runs: Number(values.runs), workDir: values['work-dir'], label: `import-only-${papers}` });
  removeDatabase(result.database);
  for (const run of result.runs) {
    console.log(`${Math.round(run.papersPerSecond).toLocaleString('en-US')} papers/s in ${run.wallSeconds.toFixed(2)} s, peak RSS ${run.peakRssMb?.toFixed(0) ?? '?'} MB`);
  }
  console.log(
    `import of ${papers.toLocaleString('en-US')} papers, median of ${result.runs.length}: ${Math.round(result.papersPerSecond).toLocaleString('en-US')} papers/s, ` +
      `peak RSS ${result.peakRssMb?.toFixed(0) ?? '?'} MB (${result.rssMethod})`,
  );
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
