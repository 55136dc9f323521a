/**
 * The Messages tab: a person's message in their DM with paperboy (`message`, channel_type `im`,
 * https://docs.slack.dev/reference/events/message.im) runs as a command line and is answered in
 * that DM, through real Bolt over HTTP and Socket Mode. Bots, edits and paperboy itself get no answer.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { blockKitProblems, buttonsOf, visibleText } from './block-kit-validator.ts';
import {
  capturingLogger,
  eventEnvelope,
  readJsonFixture,
  settle,
  startHarness,
  storeSnapshot,
  waitFor,
  type SlackHarness,
} from './slack-test-kit.ts';

const TEAM = 'T0DMTEAM';
const DM = 'D0WITHBOT';
const PERSON = 'U0READER';

let harness: SlackHarness;
let logLines: string[];
afterEach(async () => {
  await harness.close();
});

async function start(env?: Record<string, string>): Promise<void> {
  const captured = capturingLogger();
  logLines = captured.lines;
  harness = await startHarness({ log: captured.log, ...(env ? { env } : {}) });
  harness.fake.conversations.set(DM, { is_im: true, is_member: true });
}

/** A message a person typed in their DM with paperboy, as Slack sends it (text formatted as Slack formats it). */
function directMessage(text: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const ts = '1764000100.000200';
  return { type: 'message', channel: DM, user: PERSON, text, ts, event_ts: ts, channel_type: 'im', ...extra };
}

async function send(event: Record<string, unknown>): Promise<void> {
  const response = await harness.postEvent(JSON.stringify(eventEnvelope(TEAM, event)));
  // Bolt acknowledges the event at once, whatever the answer then takes.
  expect(response.status).toBe(200);
}

const answerInDm = () => waitFor(() => harness.fake.messages.find((m) => m.channel === DM), 'the answer in the DM');

describe('a message to paperboy in its DM', () => {
  it('runs a search and answers in the same DM, without Share buttons', async () => {
    await start();
    await send(directMessage('recsys cold-start'));

    const answer = await answerInDm();
    expect(visibleText(answer)).toContain('Zero-Shot Recommender Systems');
    expect(blockKitProblems(answer)).toEqual([]);
    // A message in the DM is already where the person is: sharing it to “the channel” would share it to the DM.
    expect(buttonsOf(answer).map((b) => b.text)).not.toContain('Share to channel');
    expect(harness.runs.map((r) => r.text)).toEqual(['recsys cold-start']);
    expect(harness.runs[0]!.invoker).toMatchObject({ platform: 'slack', workspaceId: TEAM, channelId: DM, userId: PERSON });
  });

  it('answers help with the command list, and reads Slack’s formatting back to what was typed', async () => {
    await start();
    await send(directMessage('help'));
    expect(visibleText(await answerInDm())).toContain('paperboy commands');

    // Slack escapes & < > and writes a pasted link as <url>: the paper command gets the URL itself.
    await send(directMessage('paper <https://arxiv.org/abs/2604.23069v2>', { ts: '1764000101.000300' }));
    await waitFor(() => harness.runs.length === 2, 'the second command');
    expect(harness.runs[1]!.text).toBe('paper https://arxiv.org/abs/2604.23069v2');
  });

  it('escapes what it echoes back: a typed <!channel> notifies nobody', async () => {
    await start();
    // Slack sends what the person typed with < and > escaped.
    await send(directMessage('&lt;!channel&gt; &amp; friends'));
    const answer = await answerInDm();
    expect(harness.runs[0]!.text).toBe('<!channel> & friends');
    // blockKitProblems finds any unescaped < > & in mrkdwn; plain_text (the header) Slack never parses.
    expect(blockKitProblems(answer)).toEqual([]);
    expect(visibleText(answer)).toContain('No papers match “&lt;!channel&gt; friends”');
  });

  it('does not set up digests in the DM: it says to run subscribe in the channel, and stores nothing', async () => {
    await start();
    const before = storeSnapshot(harness.app);
    await send(directMessage('subscribe recsys cold-start'));

    const text = visibleText(await answerInDm());
    expect(text).toContain('this is your direct message with paperboy');
    expect(text).toContain('Go to the channel that should get the digests, then run /papers subscribe recsys cold-start again.');
    expect(storeSnapshot(harness.app)).toEqual(before);
    // Nothing was asked of Slack about the DM as a channel (no conversations.info, no join).
    expect(harness.fake.callsOf('conversations.info')).toEqual([]);
  });

  it('never answers a bot, an edit, a deletion or paperboy itself', async () => {
    await start();
    // The recorded bot message, moved into a DM: it carries bot_id.
    const recordedBot = readJsonFixture<{ event: Record<string, unknown> }>('events-message-bot-with-bot_profile.json').event;
    await send({ ...recordedBot, channel: DM, channel_type: 'im' });
    await send(directMessage('recsys', { subtype: 'message_changed', message: { text: 'recsys cold-start' } }));
    await send(directMessage('', { subtype: 'message_deleted' }));
    await send(directMessage('recsys cold-start', { user: 'UBOTUSER' }));
    // A message in a channel is no DM (paperboy is asked there by @mention or /papers).
    await send(directMessage('recsys cold-start', { channel: 'C0GENERAL', channel_type: 'channel' }));
    await settle(harness);

    expect(harness.runs).toEqual([]);
    expect(harness.fake.callsOf('chat.postMessage')).toEqual([]);
  });

  it('runs nothing for a message whose signature is not the app’s (Bolt verifies it first)', async () => {
    await start();
    const response = await harness.postEvent(JSON.stringify(eventEnvelope(TEAM, directMessage('subscribe recsys cold-start'))), 'not-the-signing-secret');
    expect(response.status).toBe(401);
    await settle(harness);
    expect(harness.runs).toEqual([]);
    expect(harness.fake.callsOf('chat.postMessage')).toEqual([]);
  });

  it('logs a failed answer with its error and shows no trace anywhere', async () => {
    await start();
    harness.fake.script('chat.postMessage', { body: { ok: false, error: 'channel_not_found' } });
    await send(directMessage('recsys cold-start'));
    const line = await waitFor(() => logLines.find((l) => l.includes('slack answer to a direct message failed')), 'the log line');
    expect(JSON.parse(line)).toMatchObject({ reason: 'channel_not_found', err: { name: expect.any(String) }, workspace: TEAM, channel: DM });
  });

  it('works the same in Socket Mode', async () => {
    await start({ SLACK_APP_TOKEN: 'xapp-1-A0PAPERBOY-1-test', SLACK_BOT_TOKEN: 'xoxb-socket-mode-bot' });
    harness.fake.sendEnvelope({ envelope_id: 'env-dm-1', type: 'events_api', payload: eventEnvelope(TEAM, directMessage('recsys cold-start')) });
    await waitFor(() => harness.fake.socketAcks.find((a) => a.envelope_id === 'env-dm-1'), 'the ack');
    expect(visibleText(await answerInDm())).toContain('Zero-Shot Recommender Systems');
  });
});
