/**
 * Child process for the two-processes test: one paperboy process on a store file that runs one
 * scheduler tick against the fake Slack at SLACK_API_URL. Once up it prints "ready" and reads a
 * start time (epoch ms) on stdin, then waits for it, so that two children tick at the same moment,
 * as two `paperboy serve` on one store would.
 * Plain JavaScript on the compiled sources (dist/), as paperboy runs: no TypeScript loader to start.
 */
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { createSlackPoster } from '../../dist/adapters/slack/slack-poster.js';
import { createApp } from '../../dist/app.js';
import { loadConfig } from '../../dist/config.js';
import { silentLogger } from '../../dist/core/logger.js';

const now = new Date(process.env['NOW']);
const app = createApp(loadConfig({ DATABASE_PATH: process.env['DATABASE_PATH'], LOG_LEVEL: 'silent' }), {
  clock: { now: () => now },
  log: silentLogger,
  authorLinker: null,
});
app.registerPoster(
  'slack',
  createSlackPoster({ botTokenFor: async () => 'xoxb-two', clientOptions: { slackApiUrl: process.env['SLACK_API_URL'], timeout: 5_000 }, log: silentLogger }),
);
process.stdout.write('ready\n');
const lines = createInterface({ input: process.stdin });
const [startAt] = await once(lines, 'line');
lines.close();
await new Promise((resolve) => setTimeout(resolve, Math.max(0, Number(startAt) - Date.now())));
const runs = await app.services.digests.runDue(now);
app.close();
process.stdout.write(`${JSON.stringify(runs.map((r) => ({ channel: r.channel.ref.channelId, status: r.outcome.status })))}\n`);
