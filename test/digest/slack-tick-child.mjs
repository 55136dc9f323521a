/**
 * Child process for the two-processes test: one paperboy process on a store file that runs one
 * scheduler tick against the fake Slack at SLACK_API_URL. It waits for START_AT (epoch ms) so
 * that two children tick at the same moment, as two `paperboy serve` on one store would.
 * Plain JavaScript on the compiled sources (dist/), as paperboy runs: no TypeScript loader to start.
 */
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
await new Promise((resolve) => setTimeout(resolve, Math.max(0, Number(process.env['START_AT']) - Date.now())));
const runs = await app.services.digests.runDue(now);
app.close();
process.stdout.write(`${JSON.stringify(runs.map((r) => ({ channel: r.channel.ref.channelId, status: r.outcome.status })))}\n`);
