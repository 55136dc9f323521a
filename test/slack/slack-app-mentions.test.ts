/**
 * `@paperboy recsys cold-start` in a channel (`app_mention`, https://docs.slack.dev/reference/events/app_mention):
 * a search, answered in a thread under the mention, through real Bolt over HTTP and Socket Mode.
 */
import { describe, expect, it } from 'vitest';
import { blockKitProblems, buttonsOf, visibleText } from './block-kit-validator.ts';
import { harnessPerTest, readJsonFixture, SOCKET_MODE_ENV, waitFor, type SlackHarness } from './slack-test-kit.ts';

const perTest = harnessPerTest({ processBeforeResponse: true });
let harness: SlackHarness;

async function start(env?: Record<string, string>): Promise<void> {
  harness = await perTest.start(env ? { env } : {});
}

/**
 * The recorded app_mention (vercel-chat-app-mention-and-block-actions.replay.json), mentioning the
 * fake's bot user (UBOTUSER, as its auth.test says) with `text` after the mention.
 */
function recordedMention(text: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const recorded = readJsonFixture<{ mention: Record<string, unknown> & { event: Record<string, unknown> } }>('vercel-chat-app-mention-and-block-actions.replay.json').mention;
  return { ...recorded, event: { ...recorded.event, text: `<@UBOTUSER> ${text}`, ...extra } };
}

const CHANNEL = 'C00FAKECHAN1';
const MENTION_TS = '1771287144.743569';

async function send(body: Record<string, unknown>): Promise<void> {
  expect((await harness.postEvent(JSON.stringify(body))).status).toBe(200);
}

describe('@paperboy in a channel', () => {
  it('searches for the words after the mention and answers in a thread under it', async () => {
    await start();
    await send(recordedMention('recsys cold-start'));

    const answer = await waitFor(() => harness.fake.messages[0], 'the answer');
    expect(answer.channel).toBe(CHANNEL);
    expect(harness.fake.callsOf('chat.postMessage')[0]!.params['thread_ts']).toBe(MENTION_TS);
    expect(visibleText(answer)).toContain('Zero-Shot Recommender Systems');
    expect(blockKitProblems(answer)).toEqual([]);
    // Everyone in the thread sees the answer: there is nothing to share from it.
    expect(buttonsOf(answer).map((b) => b.text)).not.toContain('Share to channel');
    expect(harness.runs[0]).toMatchObject({ text: 'recsys cold-start', invoker: { workspaceId: 'T00FAKE00AA', channelId: CHANNEL, userId: 'U00FAKEUSER1' } });
  });

  it('answers a mention inside a thread in that thread', async () => {
    await start();
    await send(recordedMention('recsys cold-start', { ts: '1771287200.000100', thread_ts: MENTION_TS }));
    await waitFor(() => harness.fake.messages[0], 'the answer');
    expect(harness.fake.callsOf('chat.postMessage')[0]!.params['thread_ts']).toBe(MENTION_TS);
  });

  it('gives the help for a bare mention, and no answer to a mention by another bot', async () => {
    await start();
    await send(recordedMention('', { bot_id: 'B0OTHERBOT' }));
    expect(harness.fake.messages).toEqual([]);

    await send(recordedMention(''));
    expect(visibleText(await waitFor(() => harness.fake.messages[0], 'the answer'))).toContain('paperboy commands');
  });

  it('logs a failed answer with its error', async () => {
    await start();
    harness.fake.script('chat.postMessage', { body: { ok: false, error: 'not_in_channel' } });
    await send(recordedMention('recsys cold-start'));
    const line = await waitFor(() => perTest.logLines.find((l) => l.includes('slack answer to a mention failed')), 'the log line');
    expect(JSON.parse(line)).toMatchObject({ reason: 'not_in_channel', err: { name: expect.any(String) }, channel: CHANNEL });
  });

  it('works the same in Socket Mode', async () => {
    await start(SOCKET_MODE_ENV);
    harness.fake.sendEnvelope({ envelope_id: 'env-mention-1', type: 'events_api', payload: recordedMention('recsys cold-start') });
    await waitFor(() => harness.fake.socketAcks.find((a) => a.envelope_id === 'env-mention-1'), 'the ack');
    const answer = await waitFor(() => harness.fake.messages[0], 'the answer');
    expect(visibleText(answer)).toContain('Zero-Shot Recommender Systems');
    expect(harness.fake.callsOf('chat.postMessage')[0]!.params['thread_ts']).toBe(MENTION_TS);
  });
});
