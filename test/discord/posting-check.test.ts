/**
 * “Can paperboy post here?” through the real discord.js against the fake gateway and REST API:
 * subscribe, follow, schedule and resume read the interaction's `app_permissions` and refuse, with
 * the permission to grant and nothing stored, where paperboy could not post its digests.
 */
import { PermissionFlagsBits } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { POSTED_BELOW_TEXT } from '../../src/adapters/discord/deliver-reply.ts';
import { APPLICATION_ID, CHANNEL_DELETE_GUILD_ID, RECORDED_GUILD_ID, discordFixture, papersInteraction, startDiscordHarness, type DiscordHarness } from './discord-test-kit.ts';

const GUILD_FIXTURE = 'interaction-create-slash-subcommand-group-string-option-guild.gateway.json';
const DM_FIXTURE = 'interaction-create-slash-command-dm.gateway.json';
/** A guild the bot's gateway session knows (its channels are cached, as in production). */
const GUILD = RECORDED_GUILD_ID;
/** A guild the session never heard of: its channels are not cached. */
const UNKNOWN_GUILD = '150000000000000000';
/** The recorded interaction's app_permissions: every permission up to bit 40 but Administrator. */
const RECORDED_APP_PERMISSIONS = 2199023255543n;
/** Channel types: https://discord.com/developers/docs/resources/channel#channel-object-channel-types */
const PUBLIC_THREAD = 11;

let harness: DiscordHarness;
beforeAll(async () => {
  harness = await startDiscordHarness();
});
afterAll(async () => {
  await harness.close();
});

let channelCounter = 0;
const newChannelId = () => String(760_000_000_000_000_000n + BigInt(++channelCounter));
/** A new text channel in GUILD, announced over the gateway as Discord does (CHANNEL_CREATE). */
function freshChannel(): string {
  const id = newChannelId();
  harness.gateway.dispatch('CHANNEL_CREATE', { id, type: 0, guild_id: GUILD, name: `papers-${channelCounter}`, position: channelCounter, permission_overwrites: [], parent_id: null, nsfw: false });
  return id;
}

type Interaction = ReturnType<typeof papersInteraction>;

/** The recorded guild interaction for `/papers <subcommand>`, in `channelId`, with `withoutPermissions` taken from app_permissions. */
function interaction(subcommand: string, options: Record<string, string | number>, channelId: string, withoutPermissions = 0n, guildId = GUILD): Interaction {
  const d = papersInteraction(GUILD_FIXTURE, subcommand, options, { guildId, channelId });
  // Discord sends permissions as a decimal string.
  d.app_permissions = String(RECORDED_APP_PERMISSIONS & ~withoutPermissions);
  return d;
}

/** Dispatches the interaction and returns all the text of its edited reply (embeds included). */
async function replyTo(d: Interaction): Promise<string> {
  harness.gateway.dispatch('INTERACTION_CREATE', d);
  const edit = await harness.api.waitFor((r) => r.method === 'PATCH' && r.path === `/webhooks/${APPLICATION_ID}/${d.token}/messages/@original`, 'the edit');
  if (edit.body.content === POSTED_BELOW_TEXT) {
    const followUp = await harness.api.waitFor((r) => r.method === 'POST' && r.path === `/webhooks/${APPLICATION_ID}/${d.token}`, 'the public follow-up');
    return JSON.stringify(followUp.body);
  }
  return JSON.stringify(edit.body);
}

const rowsIn = (channelId: string) => ({
  channels: harness.app.database.sqlite.prepare("SELECT c.id FROM channels c WHERE c.channel_id = ?").all(channelId),
  subscriptions: harness.app.database.sqlite.prepare('SELECT s.query FROM subscriptions s JOIN channels c ON c.id = s.channel_id WHERE c.channel_id = ?').all(channelId),
});
const channelLookups = (channelId: string) => harness.api.requests.filter((r) => r.method === 'GET' && r.path === `/channels/${channelId}`);

describe('a channel', () => {
  it('with every permission paperboy needs: subscribed, and Discord asked nothing', async () => {
    const channelId = freshChannel();
    expect(await replyTo(interaction('subscribe', { query: 'cold start' }, channelId))).toContain('Subscribed this channel to “cold start”');
    expect(rowsIn(channelId).subscriptions).toEqual([{ query: 'cold start' }]);
    expect(channelLookups(channelId)).toEqual([]);
  });

  it('whose app_permissions lack Send Messages: the permission to grant, and nothing stored', async () => {
    const channelId = freshChannel();
    const text = await replyTo(interaction('subscribe', { query: 'cold start' }, channelId, PermissionFlagsBits.SendMessages));
    expect(text).toContain('paperboy cannot post in this channel: paperboy lacks the Send Messages permission here.');
    expect(text).toContain('A server admin can give paperboy Send Messages in this channel’s settings (Edit Channel → Permissions), then run /papers-channel subscribe cold start again.');
    expect(rowsIn(channelId)).toEqual({ channels: [], subscriptions: [] });
  });

  it('names every missing permission at once', async () => {
    const channelId = freshChannel();
    const text = await replyTo(interaction('follow', { author: 'Anoop Deoras' }, channelId, PermissionFlagsBits.EmbedLinks | PermissionFlagsBits.ReadMessageHistory));
    expect(text).toContain('lacks the Embed Links and Read Message History permissions here');
    expect(text).toContain('then run /papers-channel follow Anoop Deoras again.');
    expect(rowsIn(channelId)).toEqual({ channels: [], subscriptions: [] });
  });

  it('where paperboy is an administrator needs nothing more', async () => {
    const channelId = freshChannel();
    const d = interaction('subscribe', { query: 'cold start' }, channelId);
    d.app_permissions = String(PermissionFlagsBits.Administrator);
    expect(await replyTo(d)).toContain('Subscribed this channel');
  });
});

describe('a thread (Send Messages in Threads, not Send Messages)', () => {
  it('paperboy knows from the gateway: lacking Send Messages in Threads gets that fix', async () => {
    const threadId = newChannelId();
    const thread = structuredClone(discordFixture('gateway-thread-update.json').d);
    Object.assign(thread, { id: threadId, guild_id: CHANNEL_DELETE_GUILD_ID, newly_created: true });
    harness.gateway.dispatch('THREAD_CREATE', thread);
    const d = interaction('subscribe', { query: 'cold start' }, threadId, PermissionFlagsBits.SendMessagesInThreads, CHANNEL_DELETE_GUILD_ID);
    d.channel = { ...d.channel, type: PUBLIC_THREAD, parent_id: thread.parent_id, guild_id: CHANNEL_DELETE_GUILD_ID };

    const text = await replyTo(d);
    expect(text).toContain('paperboy lacks the Send Messages in Threads permission in this thread.');
    expect(text).toContain('give paperboy Send Messages in Threads in this thread’s parent channel’s settings');
    expect(rowsIn(threadId)).toEqual({ channels: [], subscriptions: [] });
    expect(channelLookups(threadId)).toEqual([]); // known from the cache
  });

  it('an uncached thread is looked up; with Send Messages in Threads but not Send Messages it is fine', async () => {
    const threadId = newChannelId();
    harness.api.intercept((r) =>
      r.method === 'GET' && r.path === `/channels/${threadId}`
        ? { status: 200, body: { id: threadId, type: PUBLIC_THREAD, guild_id: UNKNOWN_GUILD, parent_id: '720000000000000099', name: 'reading' } }
        : undefined,
    );
    const refused = await replyTo(interaction('subscribe', { query: 'cold start' }, threadId, PermissionFlagsBits.SendMessagesInThreads, UNKNOWN_GUILD));
    expect(refused).toContain('Send Messages in Threads');
    const allowed = await replyTo(interaction('subscribe', { query: 'cold start' }, threadId, PermissionFlagsBits.SendMessages, UNKNOWN_GUILD));
    expect(allowed).toContain('Subscribed this channel');
    expect(rowsIn(threadId).subscriptions).toEqual([{ query: 'cold start' }]);
    expect(channelLookups(threadId)).toHaveLength(2);
  });

  it('a channel Discord will not show paperboy (a private thread it is not in) says how to add it', async () => {
    const threadId = newChannelId();
    const missingAccess = discordFixture('error-50001-missing-access.json');
    harness.api.intercept((r) => (r.method === 'GET' && r.path === `/channels/${threadId}` ? { status: 403, body: missingAccess } : undefined));
    const text = await replyTo(interaction('subscribe', { query: 'cold start' }, threadId, PermissionFlagsBits.SendMessagesInThreads, UNKNOWN_GUILD));
    expect(text).toContain('Discord does not let paperboy see this channel');
    // The renderer defuses @ (a zero-width space after it); the words stay.
    expect(text).toMatch(/mentioning @\u200b?paperboy in it/);
    expect(rowsIn(threadId)).toEqual({ channels: [], subscriptions: [] });
  });

  it('a lookup that fails for another reason does not block the user when one send permission is there', async () => {
    const channelId = newChannelId();
    harness.api.intercept((r) => (r.method === 'GET' && r.path === `/channels/${channelId}` ? { status: 500, body: { message: '500: Internal Server Error', code: 0 } } : undefined));
    const text = await replyTo(interaction('subscribe', { query: 'cold start' }, channelId, PermissionFlagsBits.SendMessagesInThreads, UNKNOWN_GUILD));
    expect(text).toContain('Subscribed this channel');
  });

  it('without either send permission paperboy cannot post, whatever the lookup says', async () => {
    const channelId = newChannelId();
    harness.api.intercept((r) => (r.method === 'GET' && r.path === `/channels/${channelId}` ? { status: 500, body: { message: '500: Internal Server Error', code: 0 } } : undefined));
    const text = await replyTo(
      interaction('subscribe', { query: 'cold start' }, channelId, PermissionFlagsBits.SendMessages | PermissionFlagsBits.SendMessagesInThreads, UNKNOWN_GUILD),
    );
    expect(text).toContain('give paperboy Send Messages (Send Messages in Threads in a thread) in this channel’s settings');
    expect(rowsIn(channelId)).toEqual({ channels: [], subscriptions: [] });
  });
});

describe('schedule and resume', () => {
  it('schedule is refused with its own command line; resume keeps a paused channel paused until paperboy can post', async () => {
    const channelId = freshChannel();
    expect(await replyTo(interaction('subscribe', { query: 'cold start' }, channelId))).toContain('Subscribed');
    expect(await replyTo(interaction('pause', {}, channelId))).toContain('paused');

    const schedule = await replyTo(interaction('schedule', { time: '07:30', timezone: 'Europe/Berlin' }, channelId, PermissionFlagsBits.ViewChannel));
    expect(schedule).toContain('give paperboy View Channel');
    expect(schedule).toContain('then run /papers-channel schedule 07:30 Europe/Berlin again.');

    const resume = await replyTo(interaction('resume', {}, channelId, PermissionFlagsBits.SendMessages));
    expect(resume).toContain('paperboy cannot post in this channel: paperboy lacks the Send Messages permission here.');
    expect(resume).toContain('then run /papers-channel resume again.');
    const paused = () => harness.app.database.sqlite.prepare('SELECT paused_at IS NOT NULL AS paused, post_time FROM channels WHERE channel_id = ?').get(channelId);
    expect(paused()).toMatchObject({ paused: 1, post_time: '09:00' });

    expect(await replyTo(interaction('resume', {}, channelId))).toContain('back on');
    expect(paused()).toMatchObject({ paused: 0 });
  });
});

describe('a DM with paperboy', () => {
  it('is always a place paperboy can post (the recorded DM interaction carries no app_permissions)', async () => {
    const d = papersInteraction(DM_FIXTURE, 'subscribe', { query: 'cold start' });
    expect(await replyTo(d)).toContain('Subscribed this channel');
  });
});
