/**
 * The Slack Poster against the fake Web API, alone and inside the real digest job.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { CHANNEL_GONE_ERRORS } from '../../src/adapters/slack/slack-api-errors.ts';
import { DIGEST_METADATA_EVENT_TYPE } from '../../src/adapters/slack/slack-poster.ts';
import type { Invoker } from '../../src/commands/command-context.ts';
import type { ChannelRef } from '../../src/core/delivery-ports.ts';
import type { Clock } from '../../src/core/ports.ts';
import type { Reply } from '../../src/core/reply.ts';
import { blockKitProblems, buttonsOf, visibleText } from './block-kit-validator.ts';
import { testPaper } from './slack-papers.ts';
import { pauseOf, startHarness, type SlackHarness } from './slack-test-kit.ts';

const TEAM = 'T0POSTER';
const REPLY: Reply = {
  blocks: [
    { type: 'header', text: 'Daily papers' },
    { type: 'text', text: 'Two new papers.' },
    { type: 'actions', buttons: [{ kind: 'run', label: 'More like this', command: 'like 2611.00001' }, { kind: 'share', label: 'Share to channel', command: 'x' }] },
  ],
  visibility: 'channel',
};
const channel = (channelId: string): ChannelRef => ({ platform: 'slack', workspaceId: TEAM, channelId });

let harness: SlackHarness;
afterEach(async () => {
  await harness.close();
});

describe('Slack poster', () => {
  it('retries a 429 after its Retry-After and then posts once', async () => {
    harness = await startHarness();
    harness.fake.script('chat.postMessage', {
      status: 429,
      headers: { 'Retry-After': '1' },
      body: { ok: false, error: 'ratelimited' },
    });

    const result = await harness.slack.poster.post({ channel: channel('C0RATE'), reply: REPLY, idempotencyKey: 'pb1-202611230900' });

    expect(result).toEqual({ status: 'sent', messageRef: harness.fake.messages[0]!.ts });
    const attempts = harness.fake.callsOf('chat.postMessage');
    expect(attempts).toHaveLength(2);
    // The second attempt came no sooner than Slack asked.
    expect(attempts[1]!.at - attempts[0]!.at).toBeGreaterThanOrEqual(1000);
    expect(harness.fake.messages).toHaveLength(1);
  });

  it('posts the digest with its key in the message metadata, without share buttons, and finds it again', async () => {
    harness = await startHarness();
    const result = await harness.slack.poster.post({ channel: channel('C0DIGEST'), reply: REPLY, idempotencyKey: 'pb7-202611230900' });
    expect(result.status).toBe('sent');

    const posted = harness.fake.messages[0]!;
    expect(posted.metadata).toEqual({ event_type: DIGEST_METADATA_EVENT_TYPE, event_payload: { key: 'pb7-202611230900' } });
    expect(blockKitProblems(posted)).toEqual([]);
    expect(buttonsOf(posted).map((b) => b.text)).toEqual(['More like this']);
    expect(harness.fake.callsOf('chat.postMessage')[0]!.params).toMatchObject({ unfurl_links: 'false', unfurl_media: 'false' });

    expect(await harness.slack.poster.findPosted(channel('C0DIGEST'), 'pb7-202611230900')).toBe(posted.ts);
    expect(await harness.slack.poster.findPosted(channel('C0DIGEST'), 'pb7-202611240900')).toBeNull();
    expect(await harness.slack.poster.findPosted(channel('C0OTHER'), 'pb7-202611230900')).toBeNull();
    expect(harness.fake.callsOf('conversations.history')[0]!.params).toMatchObject({ channel: 'C0DIGEST', include_all_metadata: 'true' });
  });

  it('reports every "cannot post here any more" error as channel-gone, and other errors as failed', async () => {
    harness = await startHarness();
    for (const code of CHANNEL_GONE_ERRORS) {
      harness.fake.script('chat.postMessage', { body: { ok: false, error: code } });
      expect(await harness.slack.poster.post({ channel: channel('C0GONE'), reply: REPLY, idempotencyKey: `k-${code}` })).toEqual({
        status: 'channel-gone',
        reason: code,
      });
    }
    harness.fake.script('chat.postMessage', { body: { ok: false, error: 'msg_too_long' } });
    expect(await harness.slack.poster.post({ channel: channel('C0GONE'), reply: REPLY, idempotencyKey: 'k-long' })).toEqual({
      status: 'failed',
      reason: 'msg_too_long',
    });
    expect(harness.fake.messages).toEqual([]);
  });

  it('in the digest job, pauses the channel that is gone and still posts to the next one', async () => {
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
    harness.app.papers.upsertPapers([testPaper('2611.30001', { title: 'Cold-start bandits for new users' })], now.toISOString());
    harness.fake.deletedChannels.add('C0AGONE');

    now = new Date('2026-11-23T09:30:00Z');
    const runs = await harness.app.services.digests.runDue(now);

    expect(runs.map((r) => [r.channel.ref.channelId, r.outcome.status])).toEqual([
      ['C0AGONE', 'paused'],
      ['C0BOK', 'sent'],
    ]);
    expect(pauseOf(harness.app, TEAM, 'C0AGONE')).toEqual({ paused_at: now.toISOString(), pause_reason: 'channel_not_found' });
    expect(pauseOf(harness.app, TEAM, 'C0BOK')).toEqual({ paused_at: null, pause_reason: null });
    const posted = harness.fake.messages.filter((m) => m.channel === 'C0BOK');
    expect(posted).toHaveLength(1);
    expect(blockKitProblems(posted[0]!)).toEqual([]);
    expect(visibleText(posted[0]!)).toContain('Cold-start bandits for new users');
    expect(posted[0]!.metadata?.event_type).toBe(DIGEST_METADATA_EVENT_TYPE);
  });
});
