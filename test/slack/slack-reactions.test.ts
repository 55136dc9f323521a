/**
 * 👍 / 👎 reactions on paperboy's messages (issue 20), through real Bolt over HTTP against the fake
 * Slack, which sends reaction_added and reaction_removed as Slack's Events API does: a reaction on
 * a message that shows one paper (a one-paper digest message, a shared answer, an @mention or
 * Messages-tab answer with one card) rates it for the person who reacted, and removing the reaction
 * takes that rating back, unless the person rated otherwise since. Which papers a message shows
 * comes from the store (digest_messages, posted_messages), never from reading Slack back. Nothing
 * is ever posted in answer.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { POSTED_MESSAGE_RETENTION_DAYS } from '../../src/adapters/store/sqlite-posted-messages.ts';
import type { Invoker } from '../../src/commands/command-context.ts';
import { buttonsOf, visibleText } from './block-kit-validator.ts';
import { startFakeSlack, type PostedMessage } from './fake-slack-api.ts';
import { makePaper, paper } from '../support/papers.ts';
import {
  channelRatings,
  clickPayload,
  directMessages,
  eventEnvelope,
  formBody,
  interactivityBody,
  joinedBy,
  readJsonFixture,
  SINGLE_WORKSPACE_ENV,
  sendReaction,
  slashCommandFields,
  startHarness,
  waitFor,
  type SlackHarness,
} from './slack-test-kit.ts';

const RECORDED = readJsonFixture<{ slashCommandWithArgs: Record<string, string> }>('vercel-chat-slash-commands.replay.json').slashCommandWithArgs;
const TEAM = RECORDED['team_id']!;
const CHANNEL = RECORDED['channel_id']!;
/** The person of the recorded payloads: clickPayload clicks as them, and they react. */
const USER = RECORDED['user_id']!;
/** paperboy's bot user, as the fake's auth.test names it: the author of every message it posts. */
const BOT_USER = 'UBOTUSER';

const COLD_START = 'We study cold-start recommendation for new users and items.';
const PAPERS = Array.from({ length: 3 }, (_, i) => paper(`Cold-start recommendation study ${i + 1}`, COLD_START, { id: `2611.${21000 + i}` }));

let harness: SlackHarness;
afterEach(async () => {
  await harness.close();
});

/**
 * Starts paperboy, in CHANNEL unless `inChannel` is false: Slack sends reactions only from
 * conversations paperboy is in, as it is in every channel with a digest (joinedBy).
 */
async function start(now = () => new Date('2026-11-23T08:00:00Z'), { inChannel = true } = {}): Promise<void> {
  harness = await startHarness({ env: SINGLE_WORKSPACE_ENV, clock: { now }, processBeforeResponse: true });
  if (inChannel) joinedBy(harness, CHANNEL);
}

/** The stored ratings of CHANNEL, as the store holds them. */
function ratings() {
  return channelRatings(harness.app, TEAM, CHANNEL);
}

/** USER adds (or removes) `reaction` on the message `ts` of CHANNEL, written by `author`; Slack sends it, paperboy being in CHANNEL. */
async function react(type: 'reaction_added' | 'reaction_removed', reaction: string, ts: string, author = BOT_USER): Promise<void> {
  expect(await sendReaction(harness, TEAM, type, { user: USER, reaction, channel: CHANNEL, ts, itemUser: author })).toBe(true);
}

/** Posts a digest of `papers` into CHANNEL through the Slack poster; returns the messages showing them. */
async function postDigest(papers: ReturnType<typeof makePaper>[]): Promise<PostedMessage[]> {
  let now = new Date('2026-11-23T08:00:00Z'); // a Monday
  await start(() => new Date(now));
  harness.app.registerPoster('slack', harness.slack.poster);
  const subscriber: Invoker = { platform: 'slack', workspaceId: TEAM, channelId: CHANNEL, userId: 'U0SUBSCRIBER', userName: 'sub', isAdmin: false };
  expect((await harness.app.run('subscribe cold-start bandits', subscriber)).failed).toBeFalsy();
  now = new Date('2026-11-23T08:30:00Z');
  await harness.app.papers.upsertPapers(papers, now.toISOString());
  now = new Date('2026-11-23T09:30:00Z');
  await harness.app.services.digests.runDue(now);
  return harness.fake.messages.filter((m) => m.channel === CHANNEL && papers.some((p) => visibleText(m).includes(p.title)));
}

/** Runs `/papers <text>` as USER in CHANNEL, clicks the answer's Share, and returns the message it posted. */
async function share(text: string): Promise<PostedMessage> {
  const before = harness.fake.hooks.length;
  expect((await harness.postSigned(formBody(slashCommandFields(text)))).status).toBe(200);
  const answer = (await waitFor(() => harness.fake.hooks[before], `the answer to /papers ${text}`)).body;
  const shareButton = buttonsOf(answer).find((b) => b.text === 'Share to channel');
  if (!shareButton) throw new Error(`no Share button on the answer to /papers ${text}`);
  const posted = harness.fake.messages.length;
  await harness.postSigned(interactivityBody(clickPayload(shareButton, { ephemeral: true })));
  return waitFor(() => harness.fake.messages[posted], 'the shared message');
}

/**
 * Checks the stored value of USER's rating of `paperId` (null: none). The harness runs Bolt with
 * processBeforeResponse, so once a reaction's request is answered its rating is stored.
 */
function expectRating(paperId: string, value: 'up' | 'down' | null): void {
  const row = ratings().find((r) => (r as { paper_id: string }).paper_id === paperId) as { value: string } | undefined;
  expect(row?.value ?? null).toBe(value);
}

describe('removing a 👍 / 👎 reaction', () => {
  const picked = makePaper({ id: '2611.31001', title: 'Cold-start bandits for new users' });

  it('takes back the rating the reaction gave, with any skin tone, and posts nothing', async () => {
    const [digest] = await postDigest([picked]);
    const posted = harness.fake.messages.length;
    await react('reaction_added', '+1::skin-tone-3', digest!.ts);
    expectRating(picked.id, 'up');

    await react('reaction_removed', '+1::skin-tone-3', digest!.ts);
    expectRating(picked.id, null);
    expect(ratings()).toEqual([]);

    await react('reaction_added', 'thumbsdown', digest!.ts);
    expectRating(picked.id, 'down');
    await react('reaction_removed', '-1', digest!.ts);
    expectRating(picked.id, null);
    expect(harness.fake.messages).toHaveLength(posted);
    expect(harness.fake.hooks).toEqual([]);
  });

  it('leaves a rating the person changed since: 👍 by reaction, then the 👎 button, then the 👍 removed keeps 👎', async () => {
    const [digest] = await postDigest([picked]);
    await react('reaction_added', '+1', digest!.ts);
    expectRating(picked.id, 'up');
    const down = buttonsOf(digest!).find((b) => b.text === '👎')!;
    await harness.postSigned(interactivityBody(clickPayload(down, { ephemeral: false })));
    expectRating(picked.id, 'down');

    await react('reaction_removed', '+1', digest!.ts);
    expect(ratings()).toEqual([{ paper_id: picked.id, user_id: USER, value: 'down' }]);
  });

  it('changes nothing for someone who had not rated, or for another emoji', async () => {
    const [digest] = await postDigest([picked]);
    harness.app.database.sqlite.exec('DELETE FROM paper_ratings');
    await react('reaction_added', '-1', digest!.ts);
    expectRating(picked.id, 'down');
    await react('reaction_removed', 'heart', digest!.ts);
    await react('reaction_removed', '+1', digest!.ts);
    expect(ratings()).toEqual([{ paper_id: picked.id, user_id: USER, value: 'down' }]);
  });
});

describe('reactions on paperboy’s other messages, found in the store (Slack is never asked)', () => {
  /** The rows of posted_messages, as the store holds them. */
  function postedRows() {
    return harness.app.database.sqlite
      .prepare(
        `SELECT w.team_id, c.channel_id, p.message_ref, p.paper_ids, p.posted_at FROM posted_messages p JOIN channels c ON c.id = p.channel_id
         JOIN workspaces w ON w.id = c.workspace_id ORDER BY p.posted_at, p.message_ref`,
      )
      .all();
  }

  /**
   * USER writes `@paperboy <text>` in CHANNEL; returns paperboy's answer, posted in a thread under
   * the mention. Slack sends app_mention only from a conversation paperboy is in (or is invited to
   * then, https://docs.slack.dev/reference/events/app_mention), as start() has it in CHANNEL.
   */
  async function mention(text: string, ts: string): Promise<PostedMessage> {
    const posted = harness.fake.messages.length;
    const event = { type: 'app_mention', user: USER, text: `<@${BOT_USER}> ${text}`, ts, channel: CHANNEL, event_ts: ts };
    expect((await harness.postEvent(JSON.stringify(eventEnvelope(TEAM, event)))).status).toBe(200);
    return waitFor(() => harness.fake.messages[posted], `the answer to @paperboy ${text}`);
  }

  it('a shared answer showing one paper is rated by :+1: and cleared when it is removed', async () => {
    await start();
    await harness.app.papers.upsertPapers(PAPERS, '2026-11-20T00:00:00Z');
    const message = await share(`paper ${PAPERS[0]!.id}`);
    expect(visibleText(message)).toContain(PAPERS[0]!.title);
    expect(postedRows()).toEqual([{ team_id: TEAM, channel_id: CHANNEL, message_ref: message.ts, paper_ids: JSON.stringify([PAPERS[0]!.id]), posted_at: '2026-11-23T08:00:00.000Z' }]);

    await react('reaction_added', '+1', message.ts);
    expectRating(PAPERS[0]!.id, 'up');
    expect(ratings()).toEqual([{ paper_id: PAPERS[0]!.id, user_id: USER, value: 'up' }]);
    await react('reaction_removed', '+1', message.ts);
    expectRating(PAPERS[0]!.id, null);
    expect(harness.fake.callsOf('conversations.history')).toEqual([]);
    expect(harness.fake.callsOf('conversations.replies')).toEqual([]);
  });

  it('a shared answer in a channel paperboy is not in is recorded, and rated once paperboy is invited: Slack sends no reaction from there before', async () => {
    await start(undefined, { inChannel: false });
    await harness.app.papers.upsertPapers(PAPERS, '2026-11-20T00:00:00Z');
    // Share posts with chat:write.public, without joining (which would announce paperboy in the channel).
    const message = await share(`paper ${PAPERS[0]!.id}`);
    expect(harness.fake.callsOf('conversations.join')).toEqual([]);
    expect(postedRows()).toEqual([{ team_id: TEAM, channel_id: CHANNEL, message_ref: message.ts, paper_ids: JSON.stringify([PAPERS[0]!.id]), posted_at: '2026-11-23T08:00:00.000Z' }]);

    const reaction = { user: USER, reaction: '+1', channel: CHANNEL, ts: message.ts, itemUser: BOT_USER };
    expect(await sendReaction(harness, TEAM, 'reaction_added', reaction)).toBe(false);
    expect(ratings()).toEqual([]);

    // Someone invites paperboy (/invite @paperboy): reactions there now reach it, and the message was recorded.
    joinedBy(harness, CHANNEL);
    await react('reaction_added', '+1', message.ts);
    expectRating(PAPERS[0]!.id, 'up');
  });

  it('an answer to an @mention, in a thread under it, is rated by :-1:', async () => {
    await start();
    await harness.app.papers.upsertPapers(PAPERS, '2026-11-20T00:00:00Z');
    const mentionTs = '1771287144.743569';
    const answer = await mention(`paper ${PAPERS[1]!.id}`, mentionTs);
    expect(harness.fake.callsOf('chat.postMessage').at(-1)!.params['thread_ts']).toBe(mentionTs);
    expect(visibleText(answer)).toContain(PAPERS[1]!.title);

    await react('reaction_added', 'thumbsdown', answer.ts);
    expectRating(PAPERS[1]!.id, 'down');
    expect(ratings()).toEqual([{ paper_id: PAPERS[1]!.id, user_id: USER, value: 'down' }]);
    expect(harness.fake.callsOf('conversations.history')).toEqual([]);
    expect(harness.fake.callsOf('conversations.replies')).toEqual([]);
  });

  it('an answer in the Messages tab is rated in that DM', async () => {
    await start();
    await harness.app.papers.upsertPapers(PAPERS, '2026-11-20T00:00:00Z');
    const dm = directMessages(harness, { team: TEAM, channel: 'D0PAPERBOYDM', user: USER });
    const answer = await dm.ask(`paper ${PAPERS[2]!.id}`);
    expect(await sendReaction(harness, TEAM, 'reaction_added', { user: USER, reaction: '+1', channel: 'D0PAPERBOYDM', ts: answer.ts, itemUser: BOT_USER })).toBe(true);
    expect(channelRatings(harness.app, TEAM, 'D0PAPERBOYDM')).toEqual([{ paper_id: PAPERS[2]!.id, user_id: USER, value: 'up' }]);
    expect(ratings()).toEqual([]);
  });

  it('a `rate` confirmation in the Messages tab shows no card: a 👎 on it rates nothing, though its Clear my rating button names the paper', async () => {
    await start();
    await harness.app.papers.upsertPapers(PAPERS, '2026-11-20T00:00:00Z');
    const DM = 'D0PAPERBOYDM';
    const dm = directMessages(harness, { team: TEAM, channel: DM, user: USER });
    const confirmation = await dm.ask(`rate ${PAPERS[0]!.id} up`);
    expect(buttonsOf(confirmation).map((b) => b.text)).toContain('Clear my rating');
    expect(postedRows()).toEqual([]);

    expect(await sendReaction(harness, TEAM, 'reaction_added', { user: USER, reaction: '-1', channel: DM, ts: confirmation.ts, itemUser: BOT_USER })).toBe(true);
    expect(channelRatings(harness.app, TEAM, DM)).toEqual([{ paper_id: PAPERS[0]!.id, user_id: USER, value: 'up' }]);
  });

  it('a shared answer or an @mention answer of several papers, and someone else’s message, rate nothing', async () => {
    await start();
    await harness.app.papers.upsertPapers(PAPERS, '2026-11-20T00:00:00Z');
    const several = await share('search cold-start recommendation');
    expect(PAPERS.every((p) => visibleText(several).includes(p.title))).toBe(true);
    const answer = await mention('cold-start recommendation', '1771287144.743570');
    expect(PAPERS.every((p) => visibleText(answer).includes(p.title))).toBe(true);
    await react('reaction_added', '+1', several.ts);
    await react('reaction_added', '-1', answer.ts);
    await react('reaction_added', '+1', '1771280000.000001', 'U0SOMEONE');

    expect(ratings()).toEqual([]);
    // Both are recorded with all the papers they show: a reaction cannot say which of them it is about.
    const shown = postedRows().map((r) => JSON.parse((r as { paper_ids: string }).paper_ids) as string[]);
    expect(shown).toEqual([expect.arrayContaining(PAPERS.map((p) => p.id)), expect.arrayContaining(PAPERS.map((p) => p.id))]);
    expect(harness.fake.callsOf('conversations.history')).toEqual([]);
  });

  it('another workspace’s message with the same channel id and ts never matches', async () => {
    await start();
    await harness.app.papers.upsertPapers(PAPERS, '2026-11-20T00:00:00Z');
    const message = await share(`paper ${PAPERS[0]!.id}`);
    const OTHER_TEAM = 'T0OTHERTEAM';
    // The same reaction, as Slack would send it from another workspace: not paperboy's message there.
    const elsewhere = { user: USER, reaction: '+1', channel: CHANNEL, ts: message.ts, itemUser: BOT_USER };
    expect(await sendReaction(harness, OTHER_TEAM, 'reaction_added', elsewhere)).toBe(true);
    expect(channelRatings(harness.app, OTHER_TEAM, CHANNEL)).toEqual([]);
    expect(ratings()).toEqual([]);

    // paperboy posted a message with the same ts in that workspace's channel of the same id, showing another paper:
    // each workspace's reaction rates its own message's paper.
    await harness.host.recordPostedPapers({ platform: 'slack', workspaceId: OTHER_TEAM, channelId: CHANNEL }, message.ts, [PAPERS[1]!.id]);
    expect(await sendReaction(harness, OTHER_TEAM, 'reaction_added', elsewhere)).toBe(true);
    await react('reaction_added', '+1', message.ts);
    expectRating(PAPERS[0]!.id, 'up');
    expect(channelRatings(harness.app, OTHER_TEAM, CHANNEL)).toEqual([{ paper_id: PAPERS[1]!.id, user_id: USER, value: 'up' }]);
    expect(ratings()).toEqual([{ paper_id: PAPERS[0]!.id, user_id: USER, value: 'up' }]);
  });

  it('still rates after a restart: the posted messages are in the store, not in memory', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'paperboy-reactions-'));
    const fake = await startFakeSlack();
    const env = { ...SINGLE_WORKSPACE_ENV, DATABASE_PATH: join(dir, 'paperboy.db') };
    try {
      harness = await startHarness({ env, fake, clock: { now: () => new Date('2026-11-23T08:00:00Z') }, processBeforeResponse: true });
      joinedBy(harness, CHANNEL);
      await harness.app.papers.upsertPapers(PAPERS, '2026-11-20T00:00:00Z');
      const message = await share(`paper ${PAPERS[0]!.id}`);
      await harness.close();

      harness = await startHarness({ env, fake, clock: { now: () => new Date('2026-11-24T08:00:00Z') }, processBeforeResponse: true });
      await react('reaction_added', '+1', message.ts);
      expectRating(PAPERS[0]!.id, 'up');
      expect(fake.callsOf('conversations.history')).toEqual([]);
    } finally {
      await fake.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it(`forgets a message ${POSTED_MESSAGE_RETENTION_DAYS} days after it was posted, when the next one is recorded`, async () => {
    let now = new Date('2026-11-23T08:00:00Z');
    await start(() => now);
    await harness.app.papers.upsertPapers(PAPERS, '2026-11-20T00:00:00Z');
    const old = await share(`paper ${PAPERS[0]!.id}`);
    now = new Date(now.getTime() + POSTED_MESSAGE_RETENTION_DAYS * 24 * 60 * 60 * 1000);
    const kept = await share(`paper ${PAPERS[1]!.id}`);
    expect(postedRows().map((r) => (r as { message_ref: string }).message_ref)).toEqual([old.ts, kept.ts]);

    now = new Date(now.getTime() + 1);
    const newest = await share(`paper ${PAPERS[2]!.id}`);
    expect(postedRows().map((r) => (r as { message_ref: string }).message_ref)).toEqual([kept.ts, newest.ts]);
    await react('reaction_added', '+1', old.ts);
    await react('reaction_added', '+1', kept.ts);
    expectRating(PAPERS[1]!.id, 'up');
    expect(ratings()).toEqual([{ paper_id: PAPERS[1]!.id, user_id: USER, value: 'up' }]);
  });
});
