import { fileURLToPath } from 'node:url';
import { nodeArgv, PAPERBOY_ENV, REPO_ROOT, type NodeOptions } from './node-command.ts';
import { spawnMeasured } from './spawn-measured.ts';
import { parseWorkerResult } from './worker-protocol.ts';

/**
 * Runs a benchmark worker (bench/*-worker.ts) in a child process through the TypeScript loader
 * and returns what it reported, with the child's peak RSS. The workers run paperboy's code (the
 * search worker is a serving process), so they get paperboy's process environment. A worker that
 * fails throws, with the end of its stderr.
 */
export async function runWorker<T>(worker: string, args: unknown, node: NodeOptions = {}): Promise<T & { workerPeakRssMb: number | null }> {
  const script = fileURLToPath(new URL(`./${worker}`, import.meta.url));
  const run = await spawnMeasured(process.execPath, nodeArgv('bin/run-ts.js', [script, JSON.stringify(args)], node), { cwd: REPO_ROOT, env: { ...process.env, ...PAPERBOY_ENV } });
  if (run.code !== 0) throw new Error(`${worker} exited with ${run.code}:\n${run.stderr.replace(/\n\s*Command being timed:[\s\S]*$/, '').slice(-3000)}`);
  return { ...parseWorkerResult<T>(run.stdout, worker), workerPeakRssMb: run.peakRssMb };
}
