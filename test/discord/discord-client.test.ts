import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GatewayIntentBits, PermissionFlagsBits } from 'discord.js';
import { CHANNEL_DELETED_REASON, GUILD_REMOVED_REASON, THREAD_DELETED_REASON, startDiscord } from '../../src/adapters/discord/start-discord.ts';
import { createApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { silentLogger } from '../../src/core/logger.ts';
import { buildApplicationCommands } from '../../src/adapters/discord/application-commands.ts';
import { ALL_COMMANDS } from '../../src/commands/all-commands.ts';
import { startFakeDiscordApi } from './fake-discord-api.ts';
import {
  APPLICATION_ID,
  CHANNEL_DELETE_CHANNEL_ID,
  CHANNEL_DELETE_GUILD_ID,
  RECORDED_GUILD_ID,
  discordFixture,
  papersInteraction,
  startDiscordHarness,
  waitForLog,
  type DiscordHarness,
} from './discord-test-kit.ts';

const GUILD_FIXTURE = 'interaction-create-slash-subcommand-group-string-option-guild.gateway.json';
const OTHER_GUILD = '150000000000000000';

let harness: DiscordHarness;
beforeEach(async () => {
  harness = await startDiscordHarness();
});
afterEach(async () => {
  await harness.close();
});

async function subscribe(guildId: string, channelId: string) {
  const d = papersInteraction(GUILD_FIXTURE, 'subscribe', { query: 'cold start' }, { guildId, channelId });
  harness.gateway.dispatch('INTERACTION_CREATE', d);
  await harness.api.waitFor((r) => r.method === 'POST' && r.path === `/webhooks/${APPLICATION_ID}/${d.token}`, 'the subscription announcement');
}

const channel = (workspaceId: string, channelId: string) =>
  harness.app.services.subscriptions.findChannel({ platform: 'discord', workspaceId, channelId });

describe('the gateway connection', () => {
  it('identifies with the Guilds intent only: no privileged intents', () => {
    expect(harness.gateway.identifies).toHaveLength(1);
    expect(harness.gateway.identifies[0]!['intents']).toBe(GatewayIntentBits.Guilds);
  });

  it('says at startup when /papers and /papers-channel are not registered', async () => {
    const line = await waitForLog(harness.logger, (l) => l.msg?.startsWith('/papers and /papers-channel are not registered') === true, 'the registration warning');
    expect(line.level).toBe('warn');
    expect(line.msg).toContain('npx paperboy discord register');
  });

  it('with DISCORD_GUILD_ID set, commands registered globally (register --global) count as registered: no warning', async () => {
    const guildId = '123456789012345678';
    const global = await startDiscordHarness({ DISCORD_GUILD_ID: guildId }, undefined, {
      beforeStart: (api) => api.registeredCommands.set(`/applications/${APPLICATION_ID}/commands`, buildApplicationCommands(ALL_COMMANDS)),
    });
    try {
      const line = await waitForLog(global.logger, (l) => l.msg === '/papers and /papers-channel are registered with discord and current', 'the registration check');
      expect(line.fields['guild']).toBeNull();
      // The server was asked first, then the global commands.
      expect(global.api.requests.filter((r) => r.method === 'GET' && r.path.endsWith('/commands')).map((r) => r.path)).toEqual([
        `/applications/${APPLICATION_ID}/guilds/${guildId}/commands`,
        `/applications/${APPLICATION_ID}/commands`,
      ]);
      expect(global.logger.lines.filter((l) => l.msg?.startsWith('/papers and /papers-channel are not registered'))).toEqual([]);
    } finally {
      await global.close();
    }
  });
});

describe('who counts as an admin', () => {
  it('a member with Manage Server may change a channel where only admins may; one without it gets an ephemeral refusal', async () => {
    harness.app.database.sqlite.prepare(`INSERT INTO workspaces (platform, team_id, admins_only) VALUES ('discord', ?, 1)`).run(OTHER_GUILD);
    const admin = papersInteraction(GUILD_FIXTURE, 'subscribe', { query: 'cold start' }, { guildId: OTHER_GUILD, channelId: '730000000000000010' });
    const member = papersInteraction(GUILD_FIXTURE, 'subscribe', { query: 'cold start' }, { guildId: OTHER_GUILD, channelId: '730000000000000011' });
    member.member.permissions = String(PermissionFlagsBits.ViewChannel | PermissionFlagsBits.SendMessages | PermissionFlagsBits.SendMessagesInThreads);

    for (const d of [admin, member]) harness.gateway.dispatch('INTERACTION_CREATE', d);
    const edit = (d: { token: string }) =>
      harness.api.waitFor((r) => r.method === 'PATCH' && r.path === `/webhooks/${APPLICATION_ID}/${d.token}/messages/@original`, 'the edit');

    expect((await edit(admin)).body.content).toBe('Posted in the channel below.');
    expect((await edit(member)).body.embeds[0].description).toContain('only admins can change');
    expect(await channel(OTHER_GUILD, '730000000000000010')).not.toBeNull();
    expect(await channel(OTHER_GUILD, '730000000000000011')).toBeNull();
  });
});

describe('a bad token', () => {
  it('makes startDiscord reject with Discord’s answer instead of hanging', async () => {
    const api = await startFakeDiscordApi({ applicationId: APPLICATION_ID, botUserId: '1' });
    api.intercept(() => ({ status: 401, body: { message: '401: Unauthorized', code: 0 } }));
    const app = createApp(loadConfig({ DATABASE_PATH: ':memory:', DISCORD_TOKEN: 'revoked', DISCORD_APPLICATION_ID: APPLICATION_ID, DISCORD_API_URL: api.url }), { log: silentLogger });
    try {
      await expect(startDiscord({ host: app.host, config: app.config }, { log: silentLogger })).rejects.toThrow(/token/i);
    } finally {
      app.close();
      await api.close();
    }
  });
});

describe('recorded gateway events', () => {
  it('GUILD_DELETE with unavailable (an outage) pauses nothing; without it (the bot was removed) pauses every channel of that server', async () => {
    await subscribe(RECORDED_GUILD_ID, '730000000000000001');
    await subscribe(RECORDED_GUILD_ID, '730000000000000002');
    await subscribe(OTHER_GUILD, '730000000000000003');

    harness.gateway.dispatch('GUILD_DELETE', discordFixture('gateway-guild-delete-unavailable-outage.json').d);
    await waitForLog(harness.logger, (l) => l.msg === 'a discord server is unavailable (outage); nothing is paused', 'the outage');
    expect(await channel(RECORDED_GUILD_ID, '730000000000000001')).toMatchObject({ pausedAt: null });
    expect(await channel(RECORDED_GUILD_ID, '730000000000000002')).toMatchObject({ pausedAt: null });

    harness.gateway.dispatch('GUILD_DELETE', discordFixture('gateway-guild-delete-bot-removed.json').d);
    await waitForLog(harness.logger, (l) => l.msg === 'removed from a discord server; its digests are paused', 'the removal');
    expect(await channel(RECORDED_GUILD_ID, '730000000000000001')).toMatchObject({ pausedAt: expect.any(String), pauseReason: GUILD_REMOVED_REASON });
    expect(await channel(RECORDED_GUILD_ID, '730000000000000002')).toMatchObject({ pausedAt: expect.any(String), pauseReason: GUILD_REMOVED_REASON });
    expect(await channel(OTHER_GUILD, '730000000000000003')).toMatchObject({ pausedAt: null });
  });

  it('THREAD_DELETE (a thread discord.js never cached) pauses that thread only', async () => {
    await subscribe(CHANNEL_DELETE_GUILD_ID, '730000000000000021');
    await subscribe(CHANNEL_DELETE_GUILD_ID, '730000000000000022');
    // The payload Discord documents: a subset of the channel object.
    harness.gateway.dispatch('THREAD_DELETE', { id: '730000000000000021', guild_id: CHANNEL_DELETE_GUILD_ID, parent_id: '730000000000000020', type: 11 });
    await waitForLog(harness.logger, (l) => l.msg === 'a discord thread was deleted; its digests are paused', 'the thread deletion');
    expect(await channel(CHANNEL_DELETE_GUILD_ID, '730000000000000021')).toMatchObject({ pausedAt: expect.any(String), pauseReason: THREAD_DELETED_REASON });
    expect(await channel(CHANNEL_DELETE_GUILD_ID, '730000000000000022')).toMatchObject({ pausedAt: null });
  });

  it('CHANNEL_DELETE pauses that channel only', async () => {
    await subscribe(CHANNEL_DELETE_GUILD_ID, CHANNEL_DELETE_CHANNEL_ID);
    await subscribe(CHANNEL_DELETE_GUILD_ID, '730000000000000004');

    harness.gateway.dispatch('CHANNEL_DELETE', discordFixture('gateway-channel-delete-text.json').d);
    await waitForLog(harness.logger, (l) => l.msg === 'a discord channel was deleted; its digests are paused', 'the deletion');
    expect(await channel(CHANNEL_DELETE_GUILD_ID, CHANNEL_DELETE_CHANNEL_ID)).toMatchObject({ pausedAt: expect.any(String), pauseReason: CHANNEL_DELETED_REASON });
    expect(await channel(CHANNEL_DELETE_GUILD_ID, '730000000000000004')).toMatchObject({ pausedAt: null });
  });
});
