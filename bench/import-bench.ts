import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { median } from './bench-stats.ts';
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

/** Removes a SQLite database, its WAL files, and the files an import keeps beside it (indexing lock, full-text scratch). */
export function removeDatabase(path: string): void {
  for (const suffix of ['', '-wal', '-shm', '-indexing.lock', '-fulltext.tmp']) rmSync(`${path}${suffix}`, { force: true });
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
