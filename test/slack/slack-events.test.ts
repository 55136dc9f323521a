/**
 * Events that pause digests, signed and sent through real Bolt: the recorded channel_left, and
 * channel_archive, app_uninstalled and tokens_revoked in the documented shapes.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eventEnvelope, pauseOf, readFixture, seedChannel, seedWorkspace, startHarness, type SlackHarness } from './slack-test-kit.ts';

let harness: SlackHarness;
beforeEach(async () => {
  harness = await startHarness({ processBeforeResponse: true });
});
afterEach(async () => {
  await harness.close();
});

/** An Events API request body for `event` in `teamId`. */
function envelope(teamId: string, event: Record<string, unknown>): string {
  return JSON.stringify(eventEnvelope(teamId, event));
}

async function sendEvent(body: string): Promise<void> {
  const response = await harness.postEvent(body);
  expect(response.status).toBe(200);
}

describe('events that pause digests', () => {
  it('pauses the channel the bot was removed from (recorded channel_left)', async () => {
    const recorded = readFixture('events-channel_left-bot-removed.json');
    const workspace = seedWorkspace(harness.app, 'T043DB835ML');
    seedChannel(harness.app, workspace, 'C043KSKGJUB');
    seedChannel(harness.app, workspace, 'C0STAYS');

    await sendEvent(recorded);

    expect(pauseOf(harness.app, 'T043DB835ML', 'C043KSKGJUB')).toEqual({ paused_at: expect.any(String), pause_reason: 'channel_left' });
    expect(pauseOf(harness.app, 'T043DB835ML', 'C0STAYS')).toEqual({ paused_at: null, pause_reason: null });
  });

  it('pauses an archived channel, public or private', async () => {
    const workspace = seedWorkspace(harness.app, 'T0ARCHIVE');
    seedChannel(harness.app, workspace, 'C024BE91L');
    seedChannel(harness.app, workspace, 'G024BE91L');

    await sendEvent(envelope('T0ARCHIVE', { type: 'channel_archive', channel: 'C024BE91L', user: 'U024BE7LH' }));
    await sendEvent(envelope('T0ARCHIVE', { type: 'group_archive', channel: 'G024BE91L' }));

    expect(pauseOf(harness.app, 'T0ARCHIVE', 'C024BE91L')?.pause_reason).toBe('channel_archive');
    expect(pauseOf(harness.app, 'T0ARCHIVE', 'G024BE91L')?.pause_reason).toBe('group_archive');
  });

  it('pauses every channel of a workspace that uninstalled the app, and only that workspace', async () => {
    const gone = seedWorkspace(harness.app, 'T0GONE');
    const other = seedWorkspace(harness.app, 'T0OTHER');
    seedChannel(harness.app, gone, 'C0ONE');
    seedChannel(harness.app, gone, 'C0TWO');
    seedChannel(harness.app, other, 'C0ONE');

    await sendEvent(envelope('T0GONE', { type: 'app_uninstalled' }));

    expect(pauseOf(harness.app, 'T0GONE', 'C0ONE')?.pause_reason).toBe('app_uninstalled');
    expect(pauseOf(harness.app, 'T0GONE', 'C0TWO')?.pause_reason).toBe('app_uninstalled');
    expect(pauseOf(harness.app, 'T0OTHER', 'C0ONE')?.pause_reason).toBeNull();
  });

  it('pauses a workspace whose bot token was revoked, not one where only user tokens were', async () => {
    const userOnly = seedWorkspace(harness.app, 'T0USERS');
    const bot = seedWorkspace(harness.app, 'T0BOT');
    seedChannel(harness.app, userOnly, 'C0A');
    seedChannel(harness.app, bot, 'C0B');

    await sendEvent(envelope('T0USERS', { type: 'tokens_revoked', tokens: { oauth: ['U0SOMEONE'] } }));
    await sendEvent(envelope('T0BOT', { type: 'tokens_revoked', tokens: { oauth: ['U0SOMEONE'], bot: ['UBOTUSER'] } }));

    expect(pauseOf(harness.app, 'T0USERS', 'C0A')?.pause_reason).toBeNull();
    expect(pauseOf(harness.app, 'T0BOT', 'C0B')?.pause_reason).toBe('tokens_revoked');
  });

  it('ignores an event for a channel paperboy does not know', async () => {
    const workspace = seedWorkspace(harness.app, 'T0KNOWN');
    seedChannel(harness.app, workspace, 'C0KNOWN');
    await sendEvent(envelope('T0KNOWN', { type: 'channel_left', channel: 'C0UNKNOWN', actor_id: 'U0X' }));
    expect(pauseOf(harness.app, 'T0KNOWN', 'C0KNOWN')?.pause_reason).toBeNull();
    expect(pauseOf(harness.app, 'T0KNOWN', 'C0UNKNOWN')).toBeUndefined();
  });
});
