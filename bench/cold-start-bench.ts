import { median } from './bench-stats.ts';
import { nodeArgv, PAPERBOY_ENV, REPO_ROOT, type NodeOptions } from './node-command.ts';
import { spawnMeasured } from './spawn-measured.ts';

/** The search the cold process answers: a common two-word research query. */
export const COLD_START_QUERY = 'graph neural networks';

export interface ColdStartResult {
  runs: number;
  /** Spawn to the first byte of the search answer on stdout: process start, config, database open and migration check, one search. */
  readyMs: number;
  /** Spawn to exit. */
  exitMs: number;
  readySamples: number[];
}

/**
 * Cold start as a user meets it: `paperboy search "<query>" --json` in a new process against an
 * existing database, timed from spawn to the answer's first byte on stdout. The OS page cache is
 * not dropped, so this is a process cold start, not a cold disk.
 */
export async function benchColdStart(options: { database: string; runs: number; node?: NodeOptions }): Promise<ColdStartResult> {
  const ready: number[] = [];
  const exit: number[] = [];
  for (let run = 0; run < options.runs; run++) {
    const result = await spawnMeasured(process.execPath, nodeArgv('bin/paperboy.js', ['search', COLD_START_QUERY, '--json', '--limit', '5'], options.node), {
      cwd: REPO_ROOT,
      env: { ...process.env, ...PAPERBOY_ENV, DATABASE_PATH: options.database, LOG_LEVEL: 'warn' },
    });
    if (result.code !== 0 || result.firstOutputMs === null) throw new Error(`paperboy search exited with ${result.code}:\n${result.stderr.slice(-2000)}`);
    const answer = JSON.parse(result.stdout) as unknown[];
    if (!Array.isArray(answer) || answer.length === 0) throw new Error(`paperboy search "${COLD_START_QUERY}" found nothing in ${options.database}`);
    ready.push(result.firstOutputMs);
    exit.push(result.wallMs);
  }
  return { runs: options.runs, readyMs: median(ready), exitMs: median(exit), readySamples: ready };
}
