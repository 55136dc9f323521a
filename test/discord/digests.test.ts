import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { POSTED_BELOW_TEXT } from '../../src/adapters/discord/deliver-reply.ts';
import { paper } from '../support/papers.ts';
import { manualClock } from '../digest/digest-helpers.ts';
import { APPLICATION_ID, discordFixture, discordLimitViolations, papersInteraction, startDiscordHarness, type DiscordHarness } from './discord-test-kit.ts';

const GUILD_FIXTURE = 'interaction-create-slash-subcommand-group-string-option-guild.gateway.json';
const GUILD = '150000000000000000';
const [NO_ACCESS, DELETED, HEALTHY] = ['720000000000000001', '720000000000000002', '720000000000000003'];

let harness: DiscordHarness;
const clock = manualClock('2026-11-16T08:00:00.000Z'); // a Monday

beforeEach(async () => {
  clock.set('2026-11-16T08:00:00.000Z');
  harness = await startDiscordHarness({}, clock);
  harness.app.registerPoster('discord', harness.discord.poster);
});
afterEach(async () => {
  await harness.close();
});

/** `/papers subscribe` run in a channel through the recorded guild interaction. */
async function subscribe(channelId: string, query: string) {
  const d = papersInteraction(GUILD_FIXTURE, 'subscribe', { query }, { guildId: GUILD, channelId });
  harness.gateway.dispatch('INTERACTION_CREATE', d);
  const edit = await harness.api.waitFor((r) => r.method === 'PATCH' && r.path === `/webhooks/${APPLICATION_ID}/${d.token}/messages/@original`, 'the edit');
  const announcement = await harness.api.waitFor((r) => r.method === 'POST' && r.path === `/webhooks/${APPLICATION_ID}/${d.token}`, 'the announcement');
  return { edit, announcement };
}

describe('digests posted to Discord channels', () => {
  it('a subscription made with /papers subscribe is announced publicly after the ephemeral deferral', async () => {
    const { edit, announcement } = await subscribe(HEALTHY, 'cold start');

    expect(edit.body.content).toBe(POSTED_BELOW_TEXT);
    expect(announcement.body.flags).toBeUndefined();
    expect(announcement.body.embeds[0].description).toMatch(/^Subscribed this channel to “cold start” \(#\d+\)\.\n\n\*Next digest: Mon 16 Nov, 09:00 UTC/);
    expect(announcement.body.allowed_mentions).toEqual({ parse: [] });
  });

  it('50001 and 10003 pause those channels with the reason stored; the third channel still gets its digest, pinging nobody', async () => {
    for (const channel of [NO_ACCESS, DELETED, HEALTHY]) await subscribe(channel, 'cold start');
    clock.set('2026-11-16T12:00:00.000Z');
    await harness.app.papers.upsertPapers(
      [paper('Cold start for @everyone and <@&123>', 'We study the cold start problem in recommender systems for new users and new items.', { id: '2611.20001', published: '2026-11-16' })],
      clock.now().toISOString(),
    );
    const missingAccess = discordFixture('error-50001-missing-access.json');
    harness.api.intercept((r) => (r.method === 'POST' && r.path === `/channels/${NO_ACCESS}/messages` ? { status: 403, body: missingAccess } : undefined));
    harness.api.intercept((r) =>
      r.method === 'POST' && r.path === `/channels/${DELETED}/messages` ? { status: 404, body: { message: 'Unknown Channel', code: 10003 } } : undefined,
    );

    clock.set('2026-11-17T10:00:00.000Z'); // Tuesday, after the 09:00 UTC weekday slot
    const runs = await harness.app.services.digests.runDue(clock.now());

    const outcome = (channelId: string) => runs.find((r) => r.channel.ref.channelId === channelId)?.outcome;
    // A pause keeps the reason, Discord's code and the fix: "<reason> [<code>]. <fix>".
    const noAccessReason = 'paperboy can no longer see this Discord channel [discord 50001]. In the channel’s settings, give paperboy View Channel, Send Messages';
    const deletedReason = 'this Discord channel no longer exists [discord 10003]. Subscribe in another channel';
    expect(outcome(NO_ACCESS)).toEqual({ status: 'paused', reason: expect.stringContaining(noAccessReason) });
    expect(outcome(DELETED)).toEqual({ status: 'paused', reason: expect.stringContaining(deletedReason) });
    expect(outcome(HEALTHY)).toMatchObject({ status: 'sent' });

    const stored = (channelId: string) => harness.app.services.subscriptions.findChannel({ platform: 'discord', workspaceId: GUILD, channelId });
    expect(await stored(NO_ACCESS)).toMatchObject({ pausedAt: expect.any(String), pauseReason: expect.stringContaining(noAccessReason) });
    expect(await stored(DELETED)).toMatchObject({ pausedAt: expect.any(String), pauseReason: expect.stringContaining(deletedReason) });
    expect(await stored(HEALTHY)).toMatchObject({ pausedAt: null, pauseReason: null });

    // Neither paused channel can take a notice, so the person who subscribed it is told by direct message.
    const dms = harness.api.requests.filter((r) => r.method === 'POST' && r.path === '/users/@me/channels');
    expect(dms).toHaveLength(2);
    const dmChannels = new Set(dms.map((r) => `9${String(r.body.recipient_id).slice(1)}`));
    const told = harness.api.requests.filter((r) => r.method === 'POST' && dmChannels.has(/^\/channels\/(\d+)\/messages$/.exec(r.path)?.[1] ?? ''));
    // What Discord shows: the embeds' descriptions with their markdown escapes (`\\[`) rendered.
    const toldText = told
      .flatMap((r) => r.body.embeds.map((e: { description?: string }) => e.description ?? ''))
      .join('\n')
      .replace(/\\([\\[\]*_~`|<>#-])/g, '$1');
    expect(toldText).toContain('paused this channel’s digests: paperboy can no longer see this Discord channel [discord 50001]');
    expect(toldText).toContain('paused this channel’s digests: this Discord channel no longer exists [discord 10003]');
    expect(told).toHaveLength(2);
    for (const notice of told) expect(notice.body.allowed_mentions).toEqual({ parse: [] });
    // One try each, nothing posted there.
    for (const channel of [NO_ACCESS, DELETED]) {
      expect(harness.api.requests.filter((r) => r.method === 'POST' && r.path === `/channels/${channel}/messages`)).toHaveLength(1);
      expect(harness.api.messagesIn(channel)).toEqual([]);
    }

    const [post] = harness.api.requests.filter((r) => r.method === 'POST' && r.path === `/channels/${HEALTHY}/messages`);
    expect(post!.body.allowed_mentions).toEqual({ parse: [] });
    expect(post!.body.enforce_nonce).toBe(true);
    // The line a look-up finds the message by, since Discord's listings carry no nonce.
    expect(post!.body.content).toMatch(/(^|\n)-# paperboy digest pb[\w-]+\.0$/);
    expect(discordLimitViolations(post!.body)).toEqual([]);
    const titles = post!.body.embeds.map((e: { title?: string }) => e.title ?? '').join('\n');
    expect(titles).toContain('Cold start for @\u200beveryone and \\<@\u200b&123>');
    // The digest's hint names the commands as Discord registers them: changes are /papers-channel.
    const descriptions = post!.body.embeds.map((e: { description?: string }) => e.description ?? '').join('\n');
    expect(descriptions).toContain('/papers list, /papers-channel subscribe, /papers-channel follow');
  });
});
