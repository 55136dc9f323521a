/**
 * Loopback load test of the Slack HTTP receiver: signed `/papers` slash commands at a fixed rate
 * against real Bolt and the seeded store, with the Web API and response_url faked on 127.0.0.1.
 * The ack time is what Slack's 3-second limit applies to; a command counts as done when its reply
 * reached the response_url. paperboy runs in a child process of its own, so the load generator
 * and the fake do not hold up its event loop (they still share the machine's cores).
 *
 *   node bin/run-ts.js bench/slack-endpoint-bench.ts [--rate 100] [--seconds 30]
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { Agent } from 'node:http';
import { createInterface } from 'node:readline';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { startSlack } from '../src/adapters/slack/start-slack.ts';
import { createApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { silentLogger } from '../src/core/logger.ts';
import { startFakeSlack } from '../test/slack/fake-slack-api.ts';
import { percentile } from './bench-stats.ts';
import { REPO_ROOT } from './node-command.ts';
import { BENCH_SIGNING_SECRET, postSignedSlashCommand, slashCommandBody } from './signed-slash-command.ts';

export interface SlackEndpointBenchResult {
  /** Slash commands sent. */
  sent: number;
  /** Commands not acked with 200, or whose reply never reached the response_url. */
  errors: number;
  /** Ack time (request sent to response received), milliseconds. */
  p50Ms: number;
  p99Ms: number;
  /** Commands acked and answered per second, over the whole run. */
  commandsPerSecond: number;
}

/** What the issue asks of this endpoint. */
export const SLACK_ENDPOINT_TARGET = { errors: 0, p99Ms: 300 };

/** A request without a response in this time counts as an error (Slack gives up after 3 s). */
const REQUEST_TIMEOUT_MS = 3000;
/** How long replies may still arrive after the last ack. */
const REPLY_DRAIN_MS = 10_000;
const QUERIES = [
  'recsys cold-start',
  'graph neural network',
  'llm evaluation',
  'contrastive learning recommendation',
  'zero-shot recommender',
  'help',
  'sequential recommendation transformer',
  'retrieval augmented generation',
];

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Sends `ratePerSecond` signed slash commands per second for `seconds` seconds. */
export async function benchSlackEndpoint(opts: { ratePerSecond: number; seconds: number }): Promise<SlackEndpointBenchResult> {
  const fake = await startFakeSlack();
  const server = await startServerProcess(fake.apiUrl);
  const endpoint = new URL(`http://127.0.0.1:${server.port}/slack/events`);
  const agent = new Agent({ keepAlive: true, maxSockets: 512 });
  const total = Math.max(1, Math.round(opts.ratePerSecond * opts.seconds));
  const latencies: number[] = [];
  let failedAcks = 0;
  try {
    const startedWall = Date.now();
    const started = performance.now();
    const inflight: Promise<void>[] = [];
    for (let i = 0; i < total; i++) {
      // Open loop: each command leaves at its own time, whether earlier ones were answered or not.
      const wait = started + (i * 1000) / opts.ratePerSecond - performance.now();
      if (wait > 0) await sleep(wait);
      inflight.push(
        postSignedSlashCommand(endpoint, agent, slashCommandBody(i, QUERIES[i % QUERIES.length]!, fake.url), REQUEST_TIMEOUT_MS).then(
          (ms) => void latencies.push(ms),
          () => void (failedAcks += 1),
        ),
      );
    }
    await Promise.all(inflight);
    const drainUntil = performance.now() + REPLY_DRAIN_MS;
    while (fake.hooks.length < latencies.length && performance.now() < drainUntil) await sleep(20);
    const replied = new Set(fake.hooks.map((h) => h.path)).size;
    const lastReplyAt = fake.hooks.reduce((latest, h) => Math.max(latest, h.at), startedWall);
    return {
      sent: total,
      errors: failedAcks + Math.max(0, latencies.length - replied),
      p50Ms: latencies.length > 0 ? percentile(latencies, 50) : Number.NaN,
      p99Ms: latencies.length > 0 ? percentile(latencies, 99) : Number.NaN,
      commandsPerSecond: replied / Math.max(0.001, (lastReplyAt - startedWall) / 1000),
    };
  } finally {
    agent.destroy();
    await server.stop();
    await fake.close();
  }
}

/** paperboy with Slack over HTTP in a child process; resolves once it listens. */
async function startServerProcess(apiUrl: string): Promise<{ port: number; stop(): Promise<void> }> {
  const child: ChildProcess = spawn(process.execPath, ['bin/run-ts.js', 'bench/slack-endpoint-bench.ts', '--serve', apiUrl], {
    cwd: REPO_ROOT,
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout! });
  const [line] = (await Promise.race([once(lines, 'line'), once(child, 'exit').then(() => [null])])) as [string | null];
  const port = Number(/^listening (\d+)$/.exec(line ?? '')?.[1]);
  if (!port) throw new Error(`the paperboy server process did not start (${line ?? 'exited'})`);
  return {
    port,
    async stop() {
      // Closing stdin asks the child to stop; it exits once Bolt and the store are closed.
      const exited = once(child, 'exit');
      child.stdin!.end();
      await exited;
    },
  };
}

/** The child side: serve until stdin closes, then stop cleanly. */
async function serve(apiUrl: string): Promise<void> {
  const app = createApp(
    loadConfig({ DATABASE_PATH: ':memory:', LOG_LEVEL: 'silent', SLACK_SIGNING_SECRET: BENCH_SIGNING_SECRET, SLACK_BOT_TOKEN: 'xoxb-bench', SLACK_API_URL: apiUrl }),
    { log: silentLogger },
  );
  const slack = await startSlack(app, { port: 0, host: '127.0.0.1' });
  process.stdout.write(`listening ${slack.port}\n`);
  process.stdin.resume();
  await once(process.stdin, 'end');
  await slack.stop();
  app.close();
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { rate: { type: 'string', default: '100' }, seconds: { type: 'string', default: '30' }, serve: { type: 'boolean', default: false } },
  });
  if (values.serve) return serve(positionals[0]!);
  const ratePerSecond = Number(values.rate);
  const seconds = Number(values.seconds);
  if (!(ratePerSecond > 0) || !(seconds > 0)) throw new Error('--rate and --seconds must be positive numbers');
  process.stderr.write(`Slack endpoint: ${ratePerSecond} signed slash commands/s for ${seconds} s on 127.0.0.1…\n`);
  const result = await benchSlackEndpoint({ ratePerSecond, seconds });
  const met = result.errors <= SLACK_ENDPOINT_TARGET.errors && result.p99Ms < SLACK_ENDPOINT_TARGET.p99Ms;
  process.stdout.write(
    `sent ${result.sent}, errors ${result.errors}, ack p50 ${result.p50Ms.toFixed(1)} ms, p99 ${result.p99Ms.toFixed(1)} ms, ` +
      `${result.commandsPerSecond.toFixed(1)} commands/s answered; target (no errors, p99 < ${SLACK_ENDPOINT_TARGET.p99Ms} ms) ${met ? 'met' : 'MISSED'}\n`,
  );
  process.stdout.write(`${JSON.stringify(result)}\n`);
  if (!met) process.exitCode = 1;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
