/**
 * The Messages tab: a person's message in their DM with paperboy (`message`, channel_type `im`,
 * https://docs.slack.dev/reference/events/message.im) runs as a command line and is answered in
 * that DM, through real Bolt over HTTP and Socket Mode. Bots, edits and paperboy itself get no answer.
 * The DM is a channel like any other: subscribe and the other channel commands set up a personal
 * digest there, from the Messages tab as from `/papers` typed in the same DM.
 */
import { describe, expect, it } from 'vitest';
import { makePaper } from '../support/papers.ts';
import { blockKitProblems, buttonsOf, visibleText } from './block-kit-validator.ts';
import {
  directMessages,
  eventEnvelope,
  harnessPerTest,
  readJsonFixture,
  seedWorkspace,
  slashReply,
  SOCKET_MODE_ENV,
  waitFor,
  type DirectMessages,
  type HarnessOptions,
  type SlackHarness,
} from './slack-test-kit.ts';

const TEAM = 'T0DMTEAM';
const DM = 'D0WITHBOT';
const PERSON = 'U0READER';

const perTest = harnessPerTest({ processBeforeResponse: true });
let harness: SlackHarness;
let dm: DirectMessages;

async function start(options: HarnessOptions = {}): Promise<void> {
  harness = await perTest.start(options);
  dm = directMessages(harness, { team: TEAM, channel: DM, user: PERSON });
}

/** A message event in the DM as Slack sends it, for the messages paperboy must not answer. */
function directMessage(text: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const ts = '1764000100.000200';
  return { type: 'message', channel: DM, user: PERSON, text, ts, event_ts: ts, channel_type: 'im', ...extra };
}

async function send(event: Record<string, unknown>): Promise<void> {
  expect((await harness.postEvent(JSON.stringify(eventEnvelope(TEAM, event)))).status).toBe(200);
}

/** `/papers <text>` typed in the same DM: Slack's slash command payload names the DM as its channel. */
const slashInDm = (text: string) => slashReply(harness, text, { team_id: TEAM, channel_id: DM, channel_name: 'directmessage', user_id: PERSON, user_name: 'reader' });

/** The DM's row in the store: its schedule and pause state, and what it follows. */
function dmChannel() {
  const { sqlite } = harness.app.database;
  const channel = sqlite
    .prepare(
      `SELECT c.id, c.post_time, c.time_zone, c.paused_at FROM channels c JOIN workspaces w ON w.id = c.workspace_id
       WHERE w.platform = 'slack' AND w.team_id = ? AND c.channel_id = ?`,
    )
    .get(TEAM, DM) as { id: number; post_time: string; time_zone: string; paused_at: string | null } | undefined;
  const follows = channel ? (sqlite.prepare('SELECT id, query FROM subscriptions WHERE channel_id = ? ORDER BY id').all(channel.id) as { id: number; query: string }[]) : [];
  return { channel, follows };
}

describe('a workspace where only admins may change channels', () => {
  /** `/papers <text>` typed by PERSON in another conversation: Slack's payload names it. */
  const slashIn = (channel: string, channelName: string, text: string) =>
    slashReply(harness, text, { team_id: TEAM, channel_id: channel, channel_name: channelName, user_id: PERSON, user_name: 'reader' });

  it('lets a member set up and change the digest of their own DM with paperboy, and refuses them in a channel as before', async () => {
    await start();
    seedWorkspace(harness.app, TEAM, true);

    expect(visibleText(await dm.ask('subscribe recsys cold-start'))).toContain('Subscribed this channel to “recsys cold-start”');
    await slashInDm('pause');
    expect(dmChannel().follows.map((f) => f.query)).toEqual(['recsys cold-start']);
    expect(dmChannel().channel?.paused_at).not.toBeNull();
    // Slack said the DM is PERSON's (conversations.info: is_im, user), so nobody asked whether they are an admin.
    expect(harness.fake.callsOf('users.info')).toEqual([]);

    const refused = visibleText(await slashIn('C0GENERAL', 'general', 'subscribe speculative decoding'));
    expect(refused).toContain('only admins can change');
    expect(harness.fake.callsOf('users.info').map((c) => c.params['user'])).toEqual([PERSON]);
    const channels = harness.app.database.sqlite.prepare('SELECT channel_id FROM channels ORDER BY id').all();
    expect(channels).toEqual([{ channel_id: DM }]);
  });

  it('does not count a DM between the member and someone else, which paperboy cannot see, as their own', async () => {
    await start();
    seedWorkspace(harness.app, TEAM, true);
    // Slack answers conversations.info for a DM the bot is not in with channel_not_found.
    harness.fake.conversations.set('D0TWOPEOPLE', { is_im: true, is_member: false });
    const refused = visibleText(await slashIn('D0TWOPEOPLE', 'directmessage', 'subscribe recsys cold-start'));
    expect(refused).toContain('only admins can change');
    expect(harness.app.database.sqlite.prepare('SELECT channel_id FROM channels').all()).toEqual([]);
  });
});

describe('a message to paperboy in its DM', () => {
  it('runs a search and answers in the same DM, without Share buttons', async () => {
    await start();
    const answer = await dm.ask('recsys cold-start');
    expect(visibleText(answer)).toContain('Zero-Shot Recommender Systems');
    expect(blockKitProblems(answer)).toEqual([]);
    // A message in the DM is already where the person is: sharing it to “the channel” would share it to the DM.
    expect(buttonsOf(answer).map((b) => b.text)).not.toContain('Share to channel');
    expect(harness.runs.map((r) => r.text)).toEqual(['recsys cold-start']);
    expect(harness.runs[0]!.invoker).toMatchObject({ platform: 'slack', workspaceId: TEAM, channelId: DM, userId: PERSON });
  });

  it('answers help with the command list, and reads Slack’s formatting back to what was typed', async () => {
    await start();
    expect(visibleText(await dm.ask('help'))).toContain('paperboy commands');

    // Slack escapes & < > and writes a pasted link as <url>: the paper command gets the URL itself.
    await dm.type('paper <https://arxiv.org/abs/2604.23069v2>');
    await waitFor(() => harness.runs.length === 2, 'the second command');
    expect(harness.runs[1]!.text).toBe('paper https://arxiv.org/abs/2604.23069v2');
  });

  it('escapes what it echoes back: a typed <!channel> notifies nobody', async () => {
    await start();
    // Slack sends what the person typed with < and > escaped.
    const answer = await dm.ask('&lt;!channel&gt; &amp; friends');
    expect(harness.runs[0]!.text).toBe('<!channel> & friends');
    // blockKitProblems finds any unescaped < > & in mrkdwn; plain_text (the header) Slack never parses.
    expect(blockKitProblems(answer)).toEqual([]);
    expect(visibleText(answer)).toContain('No papers match “&lt;!channel&gt; friends”');
  });

  it('subscribe sets up a personal digest in the DM, the same as /papers subscribe typed there', async () => {
    await start();
    const answer = await dm.ask('subscribe recsys cold-start');
    expect(visibleText(answer)).toContain('Subscribed this channel to “recsys cold-start”');
    expect(blockKitProblems(answer)).toEqual([]);

    const slashAnswer = await slashInDm('subscribe speculative decoding');
    expect(visibleText(slashAnswer)).toContain('Subscribed this channel to “speculative decoding”');

    // One channel, the DM, with both: neither path treats it differently.
    expect(dmChannel().follows.map((f) => f.query)).toEqual(['recsys cold-start', 'speculative decoding']);
    // Both asked Slack whether paperboy can post there (conversations.info says is_im), and neither joined anything.
    expect(harness.fake.callsOf('conversations.info').map((c) => c.params['channel'])).toEqual([DM, DM]);
    expect(harness.fake.callsOf('conversations.join')).toEqual([]);
  });

  it('posts the DM’s digest in the DM', async () => {
    let now = new Date('2026-11-23T08:00:00Z'); // a Monday; digests come at 09:00 UTC on weekdays by default
    await start({ clock: { now: () => new Date(now) } });
    harness.app.registerPoster('slack', harness.slack.poster);
    await dm.ask('subscribe cold-start bandits');

    now = new Date('2026-11-23T08:30:00Z');
    await harness.app.papers.upsertPapers([makePaper({ id: '2611.30101', title: 'Cold-start bandits for new users' })], now.toISOString());
    now = new Date('2026-11-23T09:30:00Z');
    await harness.app.services.digests.runDue(now);

    const digest = await waitFor(() => dm.posted().find((m) => visibleText(m).includes('Cold-start bandits for new users')), 'the digest in the DM');
    expect(blockKitProblems(digest)).toEqual([]);
  });

  it('schedule, pause, resume, list and unsubscribe change the DM’s digest, from the Messages tab as from /papers', async () => {
    await start();
    await dm.ask('subscribe recsys cold-start');
    const [subscription] = dmChannel().follows;

    await dm.ask('schedule 7:30 Berlin');
    expect(dmChannel().channel).toMatchObject({ post_time: '07:30', time_zone: 'Europe/Berlin' });
    await dm.ask('pause');
    expect(dmChannel().channel?.paused_at).not.toBeNull();
    await slashInDm('resume');
    expect(dmChannel().channel?.paused_at).toBeNull();
    expect(visibleText(await dm.ask('list'))).toContain('recsys cold-start');
    await slashInDm(`unsubscribe ${subscription!.id}`);
    expect(dmChannel().follows).toEqual([]);
    for (const answer of dm.posted()) expect(visibleText(answer)).not.toContain('cannot post');
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

    expect(harness.runs).toEqual([]);
    expect(harness.fake.callsOf('chat.postMessage')).toEqual([]);
  });

  it('runs nothing for a message whose signature is not the app’s (Bolt verifies it first)', async () => {
    await start();
    const response = await harness.postEvent(JSON.stringify(eventEnvelope(TEAM, directMessage('subscribe recsys cold-start'))), 'not-the-signing-secret');
    expect(response.status).toBe(401);
    expect(harness.runs).toEqual([]);
    expect(harness.fake.callsOf('chat.postMessage')).toEqual([]);
  });

  it('logs a failed answer with its error and shows no trace anywhere', async () => {
    await start();
    harness.fake.script('chat.postMessage', { body: { ok: false, error: 'channel_not_found' } });
    await dm.type('recsys cold-start');
    const line = await waitFor(() => perTest.logLines.find((l) => l.includes('slack answer to a direct message failed')), 'the log line');
    expect(JSON.parse(line)).toMatchObject({ reason: 'channel_not_found', err: { name: expect.any(String) }, workspace: TEAM, channel: DM });
  });

  it('works the same in Socket Mode', async () => {
    await start({ env: SOCKET_MODE_ENV });
    harness.fake.sendEnvelope({ envelope_id: 'env-dm-1', type: 'events_api', payload: eventEnvelope(TEAM, directMessage('recsys cold-start')) });
    await waitFor(() => harness.fake.socketAcks.find((a) => a.envelope_id === 'env-dm-1'), 'the ack');
    expect(visibleText(await waitFor(() => dm.posted()[0], 'the answer in the DM'))).toContain('Zero-Shot Recommender Systems');
  });
});
