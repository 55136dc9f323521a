/**
 * Socket Mode: the same handlers as HTTP, fed over a WebSocket by the fake Slack
 * (apps.connections.open, hello, envelopes, acks).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { blockKitProblems, visibleText } from './block-kit-validator.ts';
import { pauseOf, readFixture, seedChannel, seedWorkspace, slashCommandFields, startHarness, waitFor, type SlackHarness } from './slack-test-kit.ts';

let harness: SlackHarness;
beforeEach(async () => {
  harness = await startHarness({ env: { SLACK_APP_TOKEN: 'xapp-1-A0PAPERBOY-1-test', SLACK_BOT_TOKEN: 'xoxb-socket-mode-bot' } });
});
afterEach(async () => {
  await harness.close();
});

async function acked(envelopeId: string) {
  return waitFor(() => harness.fake.socketAcks.find((a) => a.envelope_id === envelopeId), `the ack of ${envelopeId}`);
}

describe('Socket Mode', () => {
  it('connects with the app token and no public URL', () => {
    expect(harness.slack.mode).toEqual({ transport: 'socket', auth: 'token' });
    expect(harness.fake.socketConnected()).toBe(true);
    expect(harness.fake.callsOf('apps.connections.open').map((c) => c.token)).toEqual(['xapp-1-A0PAPERBOY-1-test']);
  });

  it('acks a slash command envelope and replies through its response_url', async () => {
    harness.fake.sendEnvelope({ envelope_id: 'env-slash-1', type: 'slash_commands', payload: slashCommandFields('recsys cold-start'), accepts_response_payload: true });
    await acked('env-slash-1');
    const hook = await waitFor(() => harness.fake.hooks[0], 'the reply');
    expect(hook.body['response_type']).toBe('ephemeral');
    expect(blockKitProblems(hook.body)).toEqual([]);
    expect(visibleText(hook.body)).toContain('Zero-Shot Recommender Systems');
    expect(harness.runs[0]!.invoker).toMatchObject({ platform: 'slack', workspaceId: 'T00FAKE00BB', channelId: 'C00FAKECHAN3', userId: 'U00FAKEUSER2' });
  });

  it('handles a share click and a channel_left event like HTTP does', async () => {
    harness.fake.sendEnvelope({
      envelope_id: 'env-click-1',
      type: 'interactive',
      payload: {
        type: 'block_actions',
        team: { id: 'T00FAKE00BB', domain: 'acme' },
        user: { id: 'U00FAKEUSER2', username: 'testuser', name: 'testuser', team_id: 'T00FAKE00BB' },
        channel: { id: 'C00FAKECHAN3', name: 'support' },
        container: { type: 'message', channel_id: 'C00FAKECHAN3', is_ephemeral: true },
        response_url: 'https://hooks.slack.com/actions/T00FAKE00BB/1/share',
        actions: [{ type: 'button', action_id: 'paperboy:share:2', value: 'search recsys cold-start', text: { type: 'plain_text', text: 'Share to channel' } }],
      },
      accepts_response_payload: false,
    });
    await acked('env-click-1');
    const posted = await waitFor(() => harness.fake.messages[0], 'the shared message');
    expect(posted.channel).toBe('C00FAKECHAN3');
    expect(visibleText(posted)).toContain('Shared by <@U00FAKEUSER2>');

    const workspace = seedWorkspace(harness.app, 'T043DB835ML');
    seedChannel(harness.app, workspace, 'C043KSKGJUB');
    harness.fake.sendEnvelope({ envelope_id: 'env-event-1', type: 'events_api', payload: JSON.parse(readFixture('events-channel_left-bot-removed.json')) });
    await acked('env-event-1');
    await waitFor(() => pauseOf(harness.app, 'T043DB835ML', 'C043KSKGJUB')?.pause_reason === 'channel_left', 'the channel to pause');
  });
});
