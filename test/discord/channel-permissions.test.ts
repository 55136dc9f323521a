/**
 * Who may change a channel on Discord, through the real discord.js against the fake gateway and
 * REST API, replaying the recorded interactions: `/papers-channel` holds the channel-changing
 * subcommands, paperboy posts for a member only where that member may post (their own
 * `member.permissions` in the channel), and `/papers settings` shows and sets `admins_only`.
 */
import { PermissionFlagsBits } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { POSTED_BELOW_TEXT } from '../../src/adapters/discord/deliver-reply.ts';
import type { RecordedRequest } from './fake-discord-api.ts';
import {
  APPLICATION_ID,
  CHANNEL_DELETE_GUILD_ID,
  RECORDED_GUILD_ID,
  buttonInteraction,
  discordFixture,
  papersInteraction,
  startDiscordHarness,
  type DiscordHarness,
} from './discord-test-kit.ts';

const GUILD_FIXTURE = 'interaction-create-slash-subcommand-group-string-option-guild.gateway.json';
/** A guild the bot's gateway session knows, so its channels are cached as in production. */
const GUILD = RECORDED_GUILD_ID;
/** Channel types: https://discord.com/developers/docs/resources/channel#channel-object-channel-types */
const PUBLIC_THREAD = 11;

/** A member who may read the channel and use application commands, and nothing else. */
const READ_ONLY = PermissionFlagsBits.ViewChannel | PermissionFlagsBits.UseApplicationCommands;
/** An ordinary member (@everyone's defaults): may post, in channels and threads, but manages nothing. */
const MEMBER = READ_ONLY | PermissionFlagsBits.SendMessages | PermissionFlagsBits.SendMessagesInThreads;

let harness: DiscordHarness;
beforeAll(async () => {
  harness = await startDiscordHarness();
});
afterAll(async () => {
  await harness.close();
});

let channelCounter = 0;
const newChannelId = () => String(770_000_000_000_000_000n + BigInt(++channelCounter));
/** A new text channel in GUILD, announced over the gateway as Discord does (CHANNEL_CREATE). */
function freshChannel(guildId = GUILD): string {
  const id = newChannelId();
  harness.gateway.dispatch('CHANNEL_CREATE', { id, type: 0, guild_id: guildId, name: `papers-${channelCounter}`, position: channelCounter, permission_overwrites: [], parent_id: null, nsfw: false });
  return id;
}
/** A new public thread in CHANNEL_DELETE_GUILD_ID, announced over the gateway (THREAD_CREATE). */
function freshThread(): string {
  const id = newChannelId();
  const thread = structuredClone(discordFixture('gateway-thread-update.json').d);
  Object.assign(thread, { id, guild_id: CHANNEL_DELETE_GUILD_ID, newly_created: true });
  harness.gateway.dispatch('THREAD_CREATE', thread);
  return id;
}

type Interaction = ReturnType<typeof papersInteraction>;

/** The recorded member's interaction, in `channelId`, with `permissions` as the member's own (or as recorded: every permission). */
function interaction(
  subcommand: string,
  options: Record<string, string | number>,
  channelId: string,
  permissions?: bigint,
  where: { guildId?: string; command?: 'papers' | 'papers-channel' } = {},
): Interaction {
  const d = papersInteraction(GUILD_FIXTURE, subcommand, options, { guildId: where.guildId ?? GUILD, channelId, ...(where.command ? { command: where.command } : {}) });
  if (permissions !== undefined) d.member.permissions = String(permissions);
  return d;
}

/** A button click by the recorded member in `channelId` of `guildId`, with `permissions` as theirs. */
function click(customId: string, channelId: string, permissions: bigint, guildId = GUILD): Interaction {
  const d = buttonInteraction(customId, 'ephemeral');
  Object.assign(d, { guild_id: guildId, channel_id: channelId });
  d.channel = { ...d.channel, id: channelId, guild_id: guildId };
  d.message.channel_id = channelId;
  d.member.permissions = String(permissions);
  return d;
}

const editOf = (d: { token: string }) => (r: RecordedRequest) => r.method === 'PATCH' && r.path === `/webhooks/${APPLICATION_ID}/${d.token}/messages/@original`;
const followUpsOf = (d: { token: string }) => (r: RecordedRequest) => r.method === 'POST' && r.path === `/webhooks/${APPLICATION_ID}/${d.token}`;
const postsIn = (channelId: string) => harness.api.requests.filter((r) => r.method === 'POST' && r.path === `/channels/${channelId}/messages`);

/** Dispatches the interaction; returns its edited reply's text, the public follow-up's when the reply went to the channel. */
async function replyTo(d: Interaction): Promise<{ text: string; public: boolean }> {
  harness.gateway.dispatch('INTERACTION_CREATE', d);
  const edit = await harness.api.waitFor(editOf(d), `the edit of ${d.token}`);
  if (edit.body.content === POSTED_BELOW_TEXT) {
    const followUp = await harness.api.waitFor(followUpsOf(d), 'the public follow-up');
    return { text: JSON.stringify(followUp.body), public: true };
  }
  return { text: JSON.stringify(edit.body), public: false };
}

const subscriptionsIn = (channelId: string) =>
  harness.app.database.sqlite.prepare('SELECT s.query FROM subscriptions s JOIN channels c ON c.id = s.channel_id WHERE c.channel_id = ?').all(channelId);
const adminsOnlyOf = (guildId: string) =>
  (harness.app.database.sqlite.prepare("SELECT admins_only FROM workspaces WHERE platform = 'discord' AND team_id = ?").get(guildId) as { admins_only: number } | undefined)
    ?.admins_only;

/** The custom id of the Share button of a `/papers search` reply in `channelId`. */
async function shareButtonIn(channelId: string): Promise<string> {
  const d = interaction('search', { query: 'cold start' }, channelId);
  harness.gateway.dispatch('INTERACTION_CREATE', d);
  const edit = await harness.api.waitFor(editOf(d), 'the search reply');
  const buttons = (edit.body.components as { components: { label: string; custom_id: string }[] }[]).flatMap((row) => row.components);
  return buttons.find((b) => b.label === 'Share to channel')!.custom_id;
}

describe('a member who may only view the channel and use commands (View Channel + Use Application Commands)', () => {
  it('cannot make paperboy share into the channel: nothing is posted, and they are told why, privately', async () => {
    const channelId = freshChannel();
    const d = click(await shareButtonIn(channelId), channelId, READ_ONLY);
    harness.gateway.dispatch('INTERACTION_CREATE', d);
    const edit = await harness.api.waitFor(editOf(d), 'the answer to Share');

    expect(edit.body.content).toBe('paperboy shares into a channel only for members who may post in this channel, and you lack the Send Messages permission here.');
    expect(postsIn(channelId)).toEqual([]);
  });

  it('cannot subscribe the channel: no announcement, no subscription, so no daily digest either', async () => {
    const channelId = freshChannel();
    const reply = await replyTo(interaction('subscribe', { query: 'cold start' }, channelId, READ_ONLY));

    expect(reply.public).toBe(false);
    expect(reply.text).toContain('paperboy changes what it posts in a channel only for members who may post in this channel, and you lack the Send Messages permission here.');
    expect(subscriptionsIn(channelId)).toEqual([]);
  });

  it('cannot post a digest now, pause or resume', async () => {
    const channelId = freshChannel();
    for (const [subcommand, options] of [['digest', { action: 'now' }], ['pause', {}], ['resume', {}]] as const) {
      const reply = await replyTo(interaction(subcommand, options, channelId, READ_ONLY));
      expect(reply.text, subcommand).toContain('you lack the Send Messages permission here');
    }
    expect(postsIn(channelId)).toEqual([]);
  });

  it('may still search and preview: reading needs nothing more', async () => {
    const channelId = freshChannel();
    expect((await replyTo(interaction('search', { query: 'cold start' }, channelId, READ_ONLY))).text).toContain('Papers for “cold start”');
    expect((await replyTo(interaction('digest', { action: 'preview' }, channelId, READ_ONLY))).text).toContain('This channel follows nothing yet');
  });
});

describe('an ordinary member (Send Messages)', () => {
  it('shares and subscribes as before', async () => {
    const channelId = freshChannel();
    const d = click(await shareButtonIn(channelId), channelId, MEMBER);
    harness.gateway.dispatch('INTERACTION_CREATE', d);
    expect((await harness.api.waitFor(editOf(d), 'the answer to Share')).body.content).toBe(`Shared in <#${channelId}>.`);
    expect(postsIn(channelId)).toHaveLength(1);

    const reply = await replyTo(interaction('subscribe', { query: 'cold start' }, channelId, MEMBER));
    expect(reply.public).toBe(true);
    expect(reply.text).toContain('Subscribed this channel to “cold start”');
  });
});

describe('in a thread, Send Messages in Threads is what counts', () => {
  it('a member with Send Messages but not Send Messages in Threads may not share there', async () => {
    const threadId = freshThread();
    const d = click(await shareButtonIn(threadId), threadId, READ_ONLY | PermissionFlagsBits.SendMessages, CHANNEL_DELETE_GUILD_ID);
    d.channel = { ...d.channel, type: PUBLIC_THREAD };
    harness.gateway.dispatch('INTERACTION_CREATE', d);
    const edit = await harness.api.waitFor(editOf(d), 'the answer to Share');

    expect(edit.body.content).toContain('you lack the Send Messages in Threads permission here.');
    expect(postsIn(threadId)).toEqual([]);
  });

  it('a member with Send Messages in Threads but not Send Messages may', async () => {
    const threadId = freshThread();
    const d = click(await shareButtonIn(threadId), threadId, READ_ONLY | PermissionFlagsBits.SendMessagesInThreads, CHANNEL_DELETE_GUILD_ID);
    harness.gateway.dispatch('INTERACTION_CREATE', d);
    expect((await harness.api.waitFor(editOf(d), 'the answer to Share')).body.content).toBe(`Shared in <#${threadId}>.`);
    expect(postsIn(threadId)).toHaveLength(1);
  });
});

describe('/papers-channel', () => {
  it('a change sent through /papers (a registration from before the split) is refused: servers could not limit it', async () => {
    const channelId = freshChannel();
    const reply = await replyTo(interaction('subscribe', { query: 'cold start' }, channelId, undefined, { command: 'papers' }));

    expect(reply.text).toContain('On Discord, changing this channel is /papers-channel subscribe, a command each server can limit in Server Settings → Integrations.');
    expect(subscriptionsIn(channelId)).toEqual([]);
  });

  it('runs the same subcommands the same way: digest now from /papers-channel', async () => {
    harness.app.registerPoster('discord', harness.discord.poster);
    const channelId = freshChannel();
    await replyTo(interaction('subscribe', { query: 'cold start' }, channelId));
    const reply = await replyTo(interaction('digest', { action: 'now' }, channelId));
    expect(reply.text).toMatch(/Posted the digest to this channel|Nothing new since the last digest/);
  });

  it('names itself in hints: a subscription’s fix says /papers-channel, a preview hint stays /papers', async () => {
    const channelId = freshChannel();
    const reply = await replyTo(interaction('pause', {}, channelId));
    expect(reply.text).toContain('/papers-channel subscribe recsys cold-start');
  });
});

describe('/papers settings', () => {
  it('shows who may change channels; only an admin may limit it to admins, and then members are refused', async () => {
    const guildId = '310000000000000000';
    const channelId = freshChannel(guildId);
    const show = await replyTo(interaction('settings', {}, channelId, MEMBER, { guildId }));
    expect(show.text).toContain('Every member of a channel may change what it follows, its schedule and its digests (admins-only is off).');
    expect(show.text).toContain('Admins here: members with Manage Server or Manage Channels.');
    expect(show.text).toContain('/papers-channel settings admins-only on');

    const refused = await replyTo(interaction('settings', { 'admins-only': 'on' }, channelId, MEMBER, { guildId }));
    expect(refused.text).toContain('Only a workspace admin can change who may change channels.');
    expect(adminsOnlyOf(guildId)).toBeUndefined();

    const set = await replyTo(interaction('settings', { 'admins-only': 'on' }, channelId, MEMBER | PermissionFlagsBits.ManageChannels, { guildId }));
    expect(set.public).toBe(false);
    expect(set.text).toContain('Done. Only workspace admins may change what a channel follows, its schedule and its digests (admins-only is on).');
    expect(adminsOnlyOf(guildId)).toBe(1);

    const member = await replyTo(interaction('subscribe', { query: 'cold start' }, channelId, MEMBER, { guildId }));
    expect(member.text).toContain('In this workspace only admins can change what a channel follows');
    expect(subscriptionsIn(channelId)).toEqual([]);
    expect((await replyTo(interaction('settings', {}, channelId, MEMBER, { guildId }))).text).toContain('(admins-only is on)');

    // A member cannot turn it back off either; a Manage Server admin can.
    expect((await replyTo(interaction('settings', { 'admins-only': 'off' }, channelId, MEMBER, { guildId }))).text).toContain('only admins can change');
    await replyTo(interaction('settings', { 'admins-only': 'off' }, channelId, MEMBER | PermissionFlagsBits.ManageGuild, { guildId }));
    expect(adminsOnlyOf(guildId)).toBe(0);
    expect((await replyTo(interaction('subscribe', { query: 'cold start' }, channelId, MEMBER, { guildId }))).text).toContain('Subscribed this channel');
  });
});
