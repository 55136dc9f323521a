/**
 * Runs the Slack endpoint benchmark (bench/slack-endpoint-bench.ts: signed slash commands over
 * loopback at a fixed rate) in a child process of its own, `runs` times. Run by run-bench.ts:
 *
 *   node bin/run-ts.js bench/slack-worker.ts '{"ratePerSecond":100,"seconds":30,"runs":3}'
 */
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { readWorkerArgs, reportWorkerResult } from './worker-protocol.ts';

/** The benchmark module, written beside this file; loaded by URL so its absence is reported, not a crash. */
export const SLACK_ENDPOINT_BENCH = new URL('./slack-endpoint-bench.ts', import.meta.url);

export interface SlackEndpointRun {
  sent: number;
  errors: number;
  p50Ms: number;
  p99Ms: number;
  commandsPerSecond: number;
}

export interface SlackWorkerArgs {
  ratePerSecond: number;
  seconds: number;
  runs: number;
}

/** The endpoint's own target, when the benchmark module declares one (SLACK_ENDPOINT_TARGET). */
export interface SlackEndpointTarget {
  errors: number;
  p99Ms: number;
}

export type SlackWorkerResult = { available: false } | { available: true; runs: SlackEndpointRun[]; target: SlackEndpointTarget | null };

type BenchSlackEndpoint = (options: { ratePerSecond: number; seconds: number }) => Promise<SlackEndpointRun>;

export function slackEndpointBenchAvailable(): boolean {
  return existsSync(fileURLToPath(SLACK_ENDPOINT_BENCH));
}

async function main(): Promise<void> {
  const args = readWorkerArgs<SlackWorkerArgs>();
  if (!slackEndpointBenchAvailable()) {
    reportWorkerResult({ available: false } satisfies SlackWorkerResult);
    return;
  }
  const module = (await import(SLACK_ENDPOINT_BENCH.href)) as { benchSlackEndpoint?: BenchSlackEndpoint; SLACK_ENDPOINT_TARGET?: SlackEndpointTarget };
  if (typeof module.benchSlackEndpoint !== 'function') throw new Error('bench/slack-endpoint-bench.ts exports no benchSlackEndpoint function');
  const runs: SlackEndpointRun[] = [];
  for (let run = 0; run < args.runs; run++) runs.push(await module.benchSlackEndpoint({ ratePerSecond: args.ratePerSecond, seconds: args.seconds }));
  reportWorkerResult({ available: true, runs, target: module.SLACK_ENDPOINT_TARGET ?? null } satisfies SlackWorkerResult);
  // The endpoint benchmark may leave keep-alive sockets or timers behind; the result is in.
  process.exit(0);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
