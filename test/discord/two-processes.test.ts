/**
 * Two paperboy processes serve one Discord bot on one store (issue 21's replicas; two processes on
 * one SQLite file the same way). Discord gives each gateway session every interaction (the fake
 * gateway dispatches to every session: fake-discord-gateway.ts cites the page), so both processes
 * receive each `/papers` command: one claims it in the store and answers, the other leaves it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createApp, type SqliteApp } from '../../src/app.ts';
import { startDiscord, type RunningDiscord } from '../../src/adapters/discord/start-discord.ts';
import { loadConfig } from '../../src/config.ts';
import { silentLogger } from '../../src/core/logger.ts';
import { startFakeDiscordApi, type FakeDiscordApi, type RecordedRequest } from './fake-discord-api.ts';
import { startFakeDiscordGateway, type FakeDiscordGateway } from './fake-discord-gateway.ts';
import { APPLICATION_ID, BOT_USER_ID, HARNESS_GUILDS, papersInteraction, RECORDED_GUILD_ID, recordingLogger } from './discord-test-kit.ts';

const GUILD_FIXTURE = 'interaction-create-slash-subcommand-group-string-option-guild.gateway.json';
const CHANNEL = '410000000000000000';

let api: FakeDiscordApi;
let gateway: FakeDiscordGateway;
let folder: string;
const processes: Array<{ app: SqliteApp; discord: RunningDiscord; logger: ReturnType<typeof recordingLogger> }> = [];

beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), 'paperboy-two-discord-'));
  let gatewayUrl = '';
  api = await startFakeDiscordApi({ applicationId: APPLICATION_ID, botUserId: BOT_USER_ID, gatewayUrl: () => gatewayUrl });
  gateway = await startFakeDiscordGateway({ applicationId: APPLICATION_ID, botUserId: BOT_USER_ID, guilds: HARNESS_GUILDS });
  gatewayUrl = gateway.url;
  for (let i = 0; i < 2; i++) {
    const app = createApp(
      loadConfig({ DATABASE_PATH: join(folder, 'paperboy.db'), DISCORD_TOKEN: 'fake-bot-token', DISCORD_APPLICATION_ID: APPLICATION_ID, DISCORD_API_URL: api.url }),
      { log: silentLogger, authorLinker: null },
    );
    const logger = recordingLogger();
    processes.push({ app, discord: await startDiscord({ host: app.host, config: app.config }, { log: logger }), logger });
  }
}, 60_000);

afterAll(async () => {
  for (const { app, discord } of processes) {
    await discord.stop();
    app.close();
  }
  await gateway.close();
  await api.close();
  rmSync(folder, { recursive: true, force: true });
});

const callbacksOf = (d: { id: string }) => (r: RecordedRequest) => r.method === 'POST' && r.path.startsWith(`/interactions/${d.id}/`);
const editOf = (d: { token: string }) => (r: RecordedRequest) => r.method === 'PATCH' && r.path === `/webhooks/${APPLICATION_ID}/${d.token}/messages/@original`;

it('each of five /papers subscribe commands is answered once, by one process, and subscribes once', async () => {
  const topics = ['recsys cold-start', 'graph neural networks', 'retrieval augmented generation', 'speech recognition', 'protein folding'];
  const sent = topics.map((topic) => {
    const d = papersInteraction(GUILD_FIXTURE, 'subscribe', { query: topic }, { guildId: RECORDED_GUILD_ID, channelId: CHANNEL });
    gateway.dispatch('INTERACTION_CREATE', d);
    return d;
  });
  for (const d of sent) await api.waitFor(editOf(d), `the answer to interaction ${d.id}`);
  for (const d of sent) {
    // One initial response per interaction: no process lost a race for it (that would be a 40060).
    expect(api.requests.filter(callbacksOf(d))).toHaveLength(1);
    expect(api.requests.filter(editOf(d))).toHaveLength(1);
  }
  const rows = processes[0]!.app.database.sqlite.prepare('SELECT query FROM subscriptions ORDER BY query').all() as Array<{ query: string }>;
  expect(rows.map((row) => row.query)).toEqual([...topics].sort());
  // Neither process logged a failed interaction: the one that did not claim left it alone.
  for (const { logger } of processes) expect(logger.lines.filter((line) => line.level === 'error')).toEqual([]);
});
