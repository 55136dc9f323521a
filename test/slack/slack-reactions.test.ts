/**
 * 👍 / 👎 reactions on paperboy's messages (issue 20), through real Bolt over HTTP against the fake
 * Slack, which sends reaction_added and reaction_removed as Slack's Events API does: a reaction on
 * a message that shows one paper (a one-paper digest message, a shared answer with one card) rates
 * it for the person who reacted, and removing the reaction takes that rating back, unless the
 * person rated otherwise since. Nothing is ever posted in answer.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Invoker } from '../../src/commands/command-context.ts';
import { buttonsOf, visibleText } from './block-kit-validator.ts';
import { reactionEvent, type PostedMessage } from './fake-slack-api.ts';
import { makePaper, paper } from '../support/papers.ts';
import {
  clickPayload,
  eventEnvelope,
  formBody,
  interactivityBody,
  readJsonFixture,
  settle,
  slashCommandFields,
  startHarness,
  TEST_SIGNING_SECRET,
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

async function start(now = () => new Date('2026-11-23T08:00:00Z')): Promise<void> {
  harness = await startHarness({ env: { SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET, SLACK_BOT_TOKEN: 'xoxb-test-single-workspace' }, clock: { now } });
}

/** The stored ratings of CHANNEL, as the store holds them. */
function ratings() {
  return harness.app.database.sqlite
    .prepare(
      `SELECT r.paper_id, r.user_id, r.value FROM paper_ratings r JOIN channels c ON c.id = r.channel_id
       JOIN workspaces w ON w.id = c.workspace_id WHERE w.platform = 'slack' AND w.team_id = ? AND c.channel_id = ? ORDER BY r.paper_id`,
    )
    .all(TEAM, CHANNEL);
}

/** USER adds (or removes) `reaction` on the message `ts` of CHANNEL, written by `author`. */
async function react(type: 'reaction_added' | 'reaction_removed', reaction: string, ts: string, author = BOT_USER): Promise<void> {
  const event = reactionEvent(type, { user: USER, reaction, channel: CHANNEL, ts, itemUser: author });
  const response = await harness.postEvent(JSON.stringify(eventEnvelope(TEAM, event)));
  expect(response.status).toBe(200);
}

/** Posts a digest of `papers` into CHANNEL through the Slack poster; returns the messages showing them. */
async function postDigest(papers: ReturnType<typeof makePaper>[]): Promise<PostedMessage[]> {
  let now = new Date('2026-11-23T08:00:00Z'); // a Monday
  await start(() => new Date(now));
  harness.app.registerPoster('slack', harness.slack.poster);
  const subscriber: Invoker = { platform: 'slack', workspaceId: TEAM, channelId: CHANNEL, userId: 'U0SUBSCRIBER', userName: 'sub', isAdmin: false };
  expect((await harness.app.run('subscribe cold-start bandits', subscriber)).failed).toBeFalsy();
  now = new Date('2026-11-23T08:30:00Z');
  harness.app.papers.upsertPapers(papers, now.toISOString());
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

/** Waits until the stored value of USER's rating of `paperId` is `value` (null: none). */
async function ratingBecomes(paperId: string, value: 'up' | 'down' | null): Promise<void> {
  await waitFor(() => {
    const row = ratings().find((r) => (r as { paper_id: string }).paper_id === paperId) as { value: string } | undefined;
    return (row?.value ?? null) === value;
  }, `the rating of ${paperId} to become ${value}`);
}

describe('removing a 👍 / 👎 reaction', () => {
  const picked = makePaper({ id: '2611.31001', title: 'Cold-start bandits for new users' });

  it('takes back the rating the reaction gave, with any skin tone, and posts nothing', async () => {
    const [digest] = await postDigest([picked]);
    const posted = harness.fake.messages.length;
    await react('reaction_added', '+1::skin-tone-3', digest!.ts);
    await ratingBecomes(picked.id, 'up');

    await react('reaction_removed', '+1::skin-tone-3', digest!.ts);
    await ratingBecomes(picked.id, null);
    expect(ratings()).toEqual([]);

    await react('reaction_added', 'thumbsdown', digest!.ts);
    await ratingBecomes(picked.id, 'down');
    await react('reaction_removed', '-1', digest!.ts);
    await ratingBecomes(picked.id, null);
    expect(harness.fake.messages).toHaveLength(posted);
    expect(harness.fake.hooks).toEqual([]);
  });

  it('leaves a rating the person changed since: 👍 by reaction, then the 👎 button, then the 👍 removed keeps 👎', async () => {
    const [digest] = await postDigest([picked]);
    await react('reaction_added', '+1', digest!.ts);
    await ratingBecomes(picked.id, 'up');
    const down = buttonsOf(digest!).find((b) => b.text === '👎')!;
    await harness.postSigned(interactivityBody(clickPayload(down, { ephemeral: false })));
    await ratingBecomes(picked.id, 'down');

    await react('reaction_removed', '+1', digest!.ts);
    await settle(harness);
    expect(ratings()).toEqual([{ paper_id: picked.id, user_id: USER, value: 'down' }]);
  });

  it('changes nothing for someone who had not rated, or for another emoji', async () => {
    const [digest] = await postDigest([picked]);
    harness.app.database.sqlite.exec('DELETE FROM paper_ratings');
    await react('reaction_added', '-1', digest!.ts);
    await ratingBecomes(picked.id, 'down');
    await react('reaction_removed', 'heart', digest!.ts);
    await react('reaction_removed', '+1', digest!.ts);
    await settle(harness);
    expect(ratings()).toEqual([{ paper_id: picked.id, user_id: USER, value: 'down' }]);
  });
});

describe('reactions on paperboy’s other messages', () => {
  it('a shared answer showing one paper is rated by :+1: and cleared when it is removed', async () => {
    await start();
    harness.app.papers.upsertPapers(PAPERS, '2026-11-20T00:00:00Z');
    // paperboy reads its message back, which Slack allows in a conversation it is a member of.
    harness.fake.conversations.set(CHANNEL, { is_member: true });
    const message = await share(`paper ${PAPERS[0]!.id}`);
    expect(visibleText(message)).toContain(PAPERS[0]!.title);

    await react('reaction_added', '+1', message.ts);
    await ratingBecomes(PAPERS[0]!.id, 'up');
    expect(ratings()).toEqual([{ paper_id: PAPERS[0]!.id, user_id: USER, value: 'up' }]);
    await react('reaction_removed', '+1', message.ts);
    await ratingBecomes(PAPERS[0]!.id, null);
  });

  it('a shared answer of several papers, a message paperboy cannot read back and someone else’s message rate nothing', async () => {
    await start();
    harness.app.papers.upsertPapers(PAPERS, '2026-11-20T00:00:00Z');
    harness.fake.conversations.set(CHANNEL, { is_member: true });
    const several = await share('search cold-start recommendation');
    expect(PAPERS.every((p) => visibleText(several).includes(p.title))).toBe(true);
    await react('reaction_added', '+1', several.ts);

    // Someone else's message: not paperboy's, so Slack is not even asked.
    await react('reaction_added', '+1', '1771280000.000001', 'U0SOMEONE');

    // A one-paper message in a channel paperboy has left: history answers not_in_channel.
    const one = await share(`paper ${PAPERS[1]!.id}`);
    harness.fake.conversations.set(CHANNEL, { is_member: false });
    await react('reaction_added', '+1', one.ts);
    await settle(harness);

    expect(ratings()).toEqual([]);
    expect(harness.fake.callsOf('conversations.history').map((c) => c.params['latest'])).toEqual([several.ts, one.ts]);
    expect(harness.fake.messages.map((m) => m.ts)).toEqual([several.ts, one.ts]);
  });
});
