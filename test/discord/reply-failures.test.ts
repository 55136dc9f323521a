/**
 * When the answer to a Discord command cannot be delivered as planned (issue 18), through the real
 * discord.js against the fake gateway and REST API: a dead interaction token (15 minutes; 10015
 * Unknown Webhook or 50027 Invalid Webhook Token), an announcement refused while the change was
 * stored, and the member check asked once per interaction.
 */
import { PermissionFlagsBits } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { POSTED_BELOW_TEXT } from '../../src/adapters/discord/deliver-reply.ts';
import { FAILED_TEXT } from '../../src/adapters/discord/handle-interaction.ts';
import type { RecordedRequest } from './fake-discord-api.ts';
import { APPLICATION_ID, RECORDED_GUILD_ID, papersInteraction, startDiscordHarness, waitForLog, type DiscordHarness } from './discord-test-kit.ts';

const GUILD_FIXTURE = 'interaction-create-slash-subcommand-group-string-option-guild.gateway.json';
const GUILD = RECORDED_GUILD_ID;
/** An ordinary member: may view, use commands and post in channels, but not in threads. */
const MEMBER_WITHOUT_THREADS = PermissionFlagsBits.ViewChannel | PermissionFlagsBits.UseApplicationCommands | PermissionFlagsBits.SendMessages;

let harness: DiscordHarness;
beforeAll(async () => {
  harness = await startDiscordHarness();
});
afterAll(async () => {
  await harness.close();
});

let channelCounter = 0;
/** A new text channel in GUILD, announced over the gateway (CHANNEL_CREATE), so it is cached as in production. */
function freshChannel(): string {
  const id = String(790_000_000_000_000_000n + BigInt(++channelCounter));
  harness.gateway.dispatch('CHANNEL_CREATE', { id, type: 0, guild_id: GUILD, name: `rf-${channelCounter}`, position: channelCounter, permission_overwrites: [], parent_id: null, nsfw: false });
  return id;
}

type Interaction = ReturnType<typeof papersInteraction>;
const interaction = (subcommand: string, options: Record<string, string>, channelId: string): Interaction =>
  papersInteraction(GUILD_FIXTURE, subcommand, options, { guildId: GUILD, channelId });

const onToken = (d: { token: string }) => (r: RecordedRequest) => r.path.startsWith(`/webhooks/${APPLICATION_ID}/${d.token}`);
const editOf = (d: { token: string }) => (r: RecordedRequest) => r.method === 'PATCH' && r.path === `/webhooks/${APPLICATION_ID}/${d.token}/messages/@original`;
const followUpsOf = (d: { token: string }) => (r: RecordedRequest) => r.method === 'POST' && r.path === `/webhooks/${APPLICATION_ID}/${d.token}`;
const postsIn = (channelId: string) => harness.api.requests.filter((r) => r.method === 'POST' && r.path === `/channels/${channelId}/messages`);
const subscriptionsIn = (channelId: string) =>
  harness.app.database.sqlite.prepare('SELECT s.query FROM subscriptions s JOIN channels c ON c.id = s.channel_id WHERE c.channel_id = ?').all(channelId);
const errorsAbout = (d: { id: string }) => harness.logger.lines.filter((l) => l.level === 'error' && l.fields['interaction'] === d.id);

describe('a dead interaction token (the command outlived its 15 minutes)', () => {
  it('10015 Unknown Webhook on the edit: the stored subscription’s announcement is posted as paperboy’s own message, nothing more on the token, no error', async () => {
    const channelId = freshChannel();
    const d = interaction('subscribe', { query: 'cold start' }, channelId);
    harness.api.expireToken(d.token, 10015);
    harness.gateway.dispatch('INTERACTION_CREATE', d);

    const post = await harness.api.waitFor((r) => r.method === 'POST' && r.path === `/channels/${channelId}/messages`, 'the announcement as a channel message');
    expect(post.body.content).toBe(`For <@${d.member.user.id}>, who used /papers-channel subscribe:`);
    expect(JSON.stringify(post.body.embeds)).toContain('Subscribed this channel to “cold start”');
    expect(post.body.allowed_mentions).toEqual({ parse: [] });
    expect(subscriptionsIn(channelId)).toEqual([{ query: 'cold start' }]);
    await waitForLog(harness.logger, (l) => l.fields['interaction'] === d.id && l.msg?.includes('posted the channel reply') === true, 'the late post');
    // One attempt on the dead token (the edit), no follow-up after it.
    expect(harness.api.requests.filter(onToken(d)).map((r) => r.method)).toEqual(['PATCH']);
    expect(errorsAbout(d)).toEqual([]);
  });

  it('50027 Invalid Webhook Token on the announcement’s follow-up: posted as paperboy’s own message instead, once', async () => {
    const channelId = freshChannel();
    const d = interaction('subscribe', { query: 'graph neural networks' }, channelId);
    harness.api.intercept((r) => (followUpsOf(d)(r) ? { status: 401, body: { message: 'Invalid Webhook Token', code: 50027 } } : undefined));
    harness.gateway.dispatch('INTERACTION_CREATE', d);

    const post = await harness.api.waitFor((r) => r.method === 'POST' && r.path === `/channels/${channelId}/messages`, 'the announcement as a channel message');
    expect(JSON.stringify(post.body.embeds)).toContain('Subscribed this channel to “graph neural networks”');
    await waitForLog(harness.logger, (l) => l.fields['interaction'] === d.id && l.msg?.includes('posted the channel reply') === true, 'the late post');
    expect(harness.api.requests.filter(onToken(d)).map((r) => r.method)).toEqual(['PATCH', 'POST']);
    expect(postsIn(channelId)).toHaveLength(1);
    expect(errorsAbout(d)).toEqual([]);
  });

  it('a personal answer (search) on a dead token is dropped: never posted to the channel, no follow-up, a warning in the log', async () => {
    const channelId = freshChannel();
    const d = interaction('search', { query: 'cold start' }, channelId);
    harness.api.expireToken(d.token, 10015);
    harness.gateway.dispatch('INTERACTION_CREATE', d);

    const line = await waitForLog(harness.logger, (l) => l.fields['interaction'] === d.id, 'the dead token');
    expect(line).toMatchObject({ level: 'warn', fields: { discordCode: 10015 } });
    expect(harness.api.requests.filter(onToken(d)).map((r) => r.method)).toEqual(['PATCH']);
    expect(postsIn(channelId)).toEqual([]);
    expect(JSON.stringify(harness.logger.lines)).not.toContain(d.token);
  });
});

describe('an announcement refused while the change was stored', () => {
  it('AutoMod blocks the subscribe announcement: the member is told privately that it is stored, why the announcement is missing, and what to do', async () => {
    const channelId = freshChannel();
    const d = interaction('subscribe', { query: 'speculative decoding' }, channelId);
    // https://discord.com/developers/docs/topics/opcodes-and-status-codes#json-json-error-codes: 200000 Message was blocked by automatic moderation.
    harness.api.intercept((r) => (followUpsOf(d)(r) ? { status: 400, body: { message: 'Message was blocked by automatic moderation', code: 200000 } } : undefined));
    harness.gateway.dispatch('INTERACTION_CREATE', d);

    await harness.api.waitFor(followUpsOf(d), 'the refused announcement');
    const edits = async () => harness.api.requests.filter(editOf(d));
    await harness.api.waitFor((r) => editOf(d)(r) && r.body.content !== POSTED_BELOW_TEXT, 'the private note');
    const note = (await edits()).at(-1)!.body;

    expect(note.content).toBe(
      'The announcement could not be posted in the channel: Discord refused it: Message was blocked by automatic moderation (code 200000). ' +
        'Done, and stored: nothing needs to be run again (/papers list shows what this channel follows). A server admin lets paperboy’s messages through AutoMod.',
    );
    expect(JSON.stringify(note.embeds)).toContain('Subscribed this channel to “speculative decoding”');
    expect(subscriptionsIn(channelId)).toEqual([{ query: 'speculative decoding' }]);
    // Not “something went wrong, try again”, and not an error.
    expect(harness.api.requests.filter(followUpsOf(d)).map((r) => r.body.content)).not.toContain(FAILED_TEXT);
    expect(errorsAbout(d)).toEqual([]);
  });

  it('a permission refusal (50013) names what paperboy lacks and the permissions to give, from the one table of Discord codes', async () => {
    const channelId = freshChannel();
    const d = interaction('follow', { author: 'Anoop Deoras' }, channelId);
    harness.api.intercept((r) => (followUpsOf(d)(r) ? { status: 403, body: { message: 'Missing Permissions', code: 50013 } } : undefined));
    harness.gateway.dispatch('INTERACTION_CREATE', d);

    const note = await harness.api.waitFor((r) => editOf(d)(r) && r.body.content !== POSTED_BELOW_TEXT, 'the private note');
    expect(note.body.content).toContain(
      'The announcement could not be posted in the channel: paperboy is not allowed to post in this Discord channel (Missing Permissions, 50013). Done, and stored',
    );
    expect(note.body.content).toContain('In the channel’s settings, give paperboy View Channel, Send Messages');
    expect(JSON.stringify(note.body.embeds)).toContain('This channel now follows Anoop Deoras');
    expect(errorsAbout(d)).toEqual([]);
  });
});

describe('the member’s permission to post, asked once per interaction', () => {
  it('a subscribe in an uncached channel looks the channel up once, not once for the refusal check and again for the announcement', async () => {
    const channelId = String(791_000_000_000_000_000n);
    // Not announced over the gateway: discord.js has not cached it, so whether it is a thread takes a GET.
    // https://discord.com/developers/docs/resources/channel#get-channel
    harness.api.intercept((r) => (r.method === 'GET' && r.path === `/channels/${channelId}` ? { status: 200, body: { id: channelId, type: 0, guild_id: GUILD, name: 'uncached' } } : undefined));
    const d = interaction('subscribe', { query: 'cold start' }, channelId);
    d.member.permissions = String(MEMBER_WITHOUT_THREADS);
    harness.gateway.dispatch('INTERACTION_CREATE', d);

    const followUp = await harness.api.waitFor(followUpsOf(d), 'the announcement');
    expect(JSON.stringify(followUp.body.embeds)).toContain('Subscribed this channel to “cold start”');
    expect(harness.api.requests.filter((r) => r.method === 'GET' && r.path === `/channels/${channelId}`)).toHaveLength(1);
  });
});
