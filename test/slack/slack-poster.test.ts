/**
 * The Slack Poster against the fake Web API, alone and inside the real digest job.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { CHANNEL_GONE_ERRORS } from '../../src/adapters/slack/slack-api-errors.ts';
import { classifySlackError } from '../../src/adapters/slack/slack-post-errors.ts';
import { DIGEST_METADATA_EVENT_TYPE } from '../../src/adapters/slack/slack-poster.ts';
import type { Invoker } from '../../src/commands/command-context.ts';
import type { ChannelRef, MessageMarker, SendOutcome } from '../../src/core/delivery-ports.ts';
import type { Clock } from '../../src/core/ports.ts';
import type { Reply } from '../../src/core/reply.ts';
import { blockKitProblems, buttonsOf, visibleText } from './block-kit-validator.ts';
import { makePaper } from '../support/papers.ts';
import { pauseOf, startHarness, type SlackHarness } from './slack-test-kit.ts';

const TEAM = 'T0POSTER';
const REPLY: Reply = {
  blocks: [
    { type: 'header', text: 'Daily papers' },
    { type: 'text', text: 'Two new papers.' },
    {
      type: 'actions',
      buttons: [
        { kind: 'run', label: 'More like this', invocation: { command: 'like', args: { id: '2611.00001' } } },
        { kind: 'share', label: 'Share to channel', invocation: { command: 'search', args: { query: 'x' } } },
      ],
    },
  ],
  visibility: 'channel',
};
const channel = (channelId: string): ChannelRef => ({ platform: 'slack', workspaceId: TEAM, channelId });

let harness: SlackHarness;
afterEach(async () => {
  await harness.close();
});

const MARKER: MessageMarker = { id: 'pbTEST.0', position: 0, count: 1 };

/** Renders a reply and sends its one message with `marker`, as the digest job does. */
async function sendDigest(channelId: string, reply: Reply = REPLY, marker: MessageMarker = MARKER): Promise<SendOutcome> {
  const { poster } = harness.slack;
  const messages = poster.render(reply);
  expect(messages).toHaveLength(1);
  return poster.send(channel(channelId), messages[0]!.payload, marker);
}

describe('Slack poster', () => {
  it('answers a 429 with retry after its Retry-After, posting nothing and never re-sending on its own', async () => {
    harness = await startHarness();
    harness.fake.script('chat.postMessage', {
      status: 429,
      headers: { 'Retry-After': '1' },
      body: { ok: false, error: 'ratelimited' },
    });

    const result = await sendDigest('C0RATE');

    // The digest job sends it again after the wait (test/digest/fault-matrix-slack.test.ts).
    expect(result).toEqual({ status: 'retry', reason: expect.stringContaining('ratelimited'), retryAfterMs: 1000 });
    expect(harness.fake.callsOf('chat.postMessage')).toHaveLength(1);
    expect(harness.fake.messages).toEqual([]);
  });

  it('posts the digest with its marker in the message metadata, without share buttons, and finds it again', async () => {
    harness = await startHarness();
    const result = await sendDigest('C0DIGEST');

    const posted = harness.fake.messages[0]!;
    expect(result).toEqual({ status: 'sent', messageRef: posted.ts });
    expect(posted.metadata).toEqual({ event_type: DIGEST_METADATA_EVENT_TYPE, event_payload: { key: 'pbTEST.0' } });
    expect(blockKitProblems(posted)).toEqual([]);
    expect(buttonsOf(posted).map((b) => b.text)).toEqual(['More like this']);
    expect(harness.fake.callsOf('chat.postMessage')[0]!.params).toMatchObject({ unfurl_links: 'false', unfurl_media: 'false' });

    const { poster } = harness.slack;
    const since = new Date(Date.now() - 60_000);
    // paperboy posted into the public channel without being in it (chat:write.public); it joins once to read the history.
    expect(await poster.lookup(channel('C0DIGEST'), MARKER, since)).toEqual({ status: 'found', messageRef: posted.ts });
    expect(harness.fake.callsOf('conversations.join').map((c) => c.params['channel'])).toEqual(['C0DIGEST']);
    expect(await poster.lookup(channel('C0DIGEST'), { id: 'pbOTHER.0', position: 0, count: 1 }, since)).toEqual({ status: 'absent' });
    expect(await poster.lookup(channel('C0OTHER'), MARKER, since)).toEqual({ status: 'absent' });
    expect(harness.fake.callsOf('conversations.history')[0]!.params).toMatchObject({ channel: 'C0DIGEST', include_all_metadata: 'true' });
    // A private channel paperboy is not in: Slack cannot say, so the look-up does not claim "absent".
    harness.fake.conversations.set('C0PRIVATE', { is_private: true });
    expect(await poster.lookup(channel('C0PRIVATE'), MARKER, since)).toEqual({ status: 'unknown', reason: 'channel_not_found' });
    expect(harness.fake.messages).toHaveLength(1);
  });

  it('reports every "cannot post here any more" error as permanent with its reason and fix, and a message Slack refused as permanent but reachable', async () => {
    harness = await startHarness();
    for (const code of CHANNEL_GONE_ERRORS) {
      harness.fake.script('chat.postMessage', { body: { ok: false, error: code } });
      const known = classifySlackError(code);
      expect(known, code).toMatchObject({ kind: 'permanent', reason: expect.any(String), fix: expect.any(String) });
      const { reason, fix } = known as { reason: string; fix: string };
      expect(await sendDigest('C0GONE', REPLY, { id: `pb-${code}.0`, position: 0, count: 1 })).toEqual({
        status: 'permanent',
        failure: { code, reason, fix, channelReachable: false },
      });
    }
    harness.fake.script('chat.postMessage', { body: { ok: false, error: 'channel_not_found' } });
    expect(await sendDigest('C0GONE')).toEqual({
      status: 'permanent',
      failure: {
        code: 'channel_not_found',
        reason: 'paperboy cannot see this channel: it was deleted, or it is private and paperboy is not in it',
        fix: 'Invite paperboy to the channel with /invite @paperboy, or subscribe in another channel',
        channelReachable: false,
      },
    });
    // The channel can still take a short notice about a digest Slack found too long.
    harness.fake.script('chat.postMessage', { body: { ok: false, error: 'msg_too_long' } });
    expect(await sendDigest('C0GONE', REPLY, { id: 'pb-long.0', position: 0, count: 1 })).toEqual({
      status: 'permanent',
      failure: { code: 'msg_too_long', reason: 'the digest was too long for Slack', fix: expect.stringContaining('/papers schedule picks 5'), channelReachable: true },
    });
    expect(harness.fake.messages).toEqual([]);
  });

  it('in the digest job, pauses the channel that is gone with the reason and the fix, tells its subscriber, and still posts to the next one', async () => {
    let now = new Date('2026-11-23T08:00:00Z'); // a Monday
    const clock: Clock = { now: () => new Date(now) };
    harness = await startHarness({ clock });
    harness.app.registerPoster('slack', harness.slack.poster);
    const as = (channelId: string): Invoker => ({ platform: 'slack', workspaceId: TEAM, channelId, userId: 'U0SUBSCRIBER', userName: 'sub', isAdmin: false });
    for (const channelId of ['C0AGONE', 'C0BOK']) {
      const reply = await harness.app.run('subscribe cold-start bandits', as(channelId));
      expect(reply.failed).toBeFalsy();
    }
    now = new Date('2026-11-23T08:30:00Z');
    await harness.app.papers.upsertPapers([makePaper({ id: '2611.30001', title: 'Cold-start bandits for new users' })], now.toISOString());
    harness.fake.deletedChannels.add('C0AGONE');

    now = new Date('2026-11-23T09:30:00Z');
    const runs = await harness.app.services.digests.runDue(now);

    expect(runs.map((r) => [r.channel.ref.channelId, r.outcome.status]).sort()).toEqual([
      ['C0AGONE', 'paused'],
      ['C0BOK', 'sent'],
    ]);
    expect(pauseOf(harness.app, TEAM, 'C0AGONE')).toEqual({
      paused_at: now.toISOString(),
      pause_reason:
        'paperboy cannot see this channel: it was deleted, or it is private and paperboy is not in it [channel_not_found]. Invite paperboy to the channel with /invite @paperboy, or subscribe in another channel.',
    });
    expect(pauseOf(harness.app, TEAM, 'C0BOK')).toEqual({ paused_at: null, pause_reason: null });
    // The deleted channel cannot take a notice: the person who subscribed it gets one in a direct message.
    const told = harness.fake.messages.filter((m) => m.channel === 'U0SUBSCRIBER');
    expect(told).toHaveLength(1);
    expect(visibleText(told[0]!)).toContain('paperboy paused this channel’s digests');
    expect(visibleText(told[0]!)).toContain('[channel_not_found]');
    expect(told[0]!.metadata).toBeUndefined();
    const posted = harness.fake.messages.filter((m) => m.channel === 'C0BOK');
    expect(posted).toHaveLength(1);
    expect(blockKitProblems(posted[0]!)).toEqual([]);
    expect(visibleText(posted[0]!)).toContain('Cold-start bandits for new users');
    expect(posted[0]!.metadata).toEqual({ event_type: DIGEST_METADATA_EVENT_TYPE, event_payload: { key: expect.stringMatching(/^pb[\w-]+\.0$/) } });
    expect(buttonsOf(posted[0]!).map((b) => b.text)).not.toContain('Share to channel');
  });
});
