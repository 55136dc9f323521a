/**
 * 👍 / 👎 / Save on every paper a person reads in Slack (issue 20), through real Bolt over HTTP:
 * a click is a structured `rate` / `save` invocation, stored for the person who clicked in the
 * channel it was clicked in, and answered with a private note that leaves the message clicked on
 * as it was.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ratingOfReaction } from '../../src/adapters/slack/rate-by-reaction.ts';
import type { Invoker } from '../../src/commands/command-context.ts';
import type { Clock } from '../../src/core/ports.ts';
import { blockKitProblems, buttonsOf, visibleText } from './block-kit-validator.ts';
import { makePaper, paper } from '../support/papers.ts';
import {
  clickPayload,
  eventEnvelope,
  settle,
  formBody,
  interactivityBody,
  readJsonFixture,
  slashCommandFields,
  startHarness,
  TEST_SIGNING_SECRET,
  waitFor,
  type SlackHarness,
} from './slack-test-kit.ts';

const RECORDED = readJsonFixture<{ slashCommandWithArgs: Record<string, string> }>('vercel-chat-slash-commands.replay.json').slashCommandWithArgs;
const TEAM = RECORDED['team_id']!;
const CHANNEL = RECORDED['channel_id']!;
/** The person of the recorded payloads: clickPayload clicks as them. */
const USER = RECORDED['user_id']!;

const COLD_START = 'We study cold-start recommendation for new users and items.';
const PAPERS = Array.from({ length: 3 }, (_, i) => paper(`Cold-start recommendation study ${i + 1}`, COLD_START, { id: `2611.${20000 + i}` }));

let harness: SlackHarness;
/** Whether this test started a harness (the reaction-name test needs none). */
let started = false;
afterEach(async () => {
  if (started) await harness.close();
  started = false;
});

/** Sends a slash command and returns the reply posted to its response_url. */
async function slash(text: string) {
  const before = harness.fake.hooks.length;
  const response = await harness.postSigned(formBody(slashCommandFields(text)));
  expect(response.status).toBe(200);
  return (await waitFor(() => harness.fake.hooks[before], `the reply to /papers ${text}`)).body;
}

/** Clicks `button` (on a private reply, or on a message in the channel) and returns the response_url post it led to. */
async function click(button: { action_id: string; value: string; text: string }, ephemeral: boolean) {
  const before = harness.fake.hooks.length;
  const response = await harness.postSigned(interactivityBody(clickPayload(button, { ephemeral })));
  expect(response.status).toBe(200);
  return (await waitFor(() => harness.fake.hooks[before], `the answer to “${button.text}”`)).body;
}

/** The button labelled `text` whose invocation is about `paperId`. */
function feedbackButton(message: { blocks?: unknown }, text: string, paperId: string) {
  const found = buttonsOf(message).find((b) => b.text === text && (JSON.parse(b.value) as [string, { id?: string }])[1].id === paperId);
  if (!found) throw new Error(`no “${text}” button for ${paperId}`);
  return found;
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

function savedPapers() {
  return harness.app.database.sqlite
    .prepare(`SELECT s.paper_id, s.user_id FROM saved_papers s JOIN channels c ON c.id = s.channel_id WHERE c.channel_id = ?`)
    .all(CHANNEL);
}

/**
 * Posts a digest of `papers` (new papers matching the channel's subscription) into CHANNEL
 * through the Slack poster, and returns the posted messages.
 */
async function postDigest(papers: ReturnType<typeof makePaper>[]) {
  let now = new Date('2026-11-23T08:00:00Z'); // a Monday
  await start({ now: () => new Date(now) });
  harness.app.registerPoster('slack', harness.slack.poster);
  const subscriber: Invoker = { platform: 'slack', workspaceId: TEAM, channelId: CHANNEL, userId: 'U0SUBSCRIBER', userName: 'sub', isAdmin: false };
  expect((await harness.app.run('subscribe cold-start bandits', subscriber)).failed).toBeFalsy();
  now = new Date('2026-11-23T08:30:00Z');
  harness.app.papers.upsertPapers(papers, now.toISOString());
  now = new Date('2026-11-23T09:30:00Z');
  await harness.app.services.digests.runDue(now);
  return harness.fake.messages.filter((m) => m.channel === CHANNEL && papers.some((p) => visibleText(m).includes(p.title)));
}

/** The reaction_added event Slack sends when USER adds `reaction` to the message `ts` in CHANNEL (the reference's example shape). */
async function react(reaction: string, ts: string): Promise<void> {
  const event = { type: 'reaction_added', user: USER, reaction, item_user: 'UBOTUSER', item: { type: 'message', channel: CHANNEL, ts }, event_ts: '1771287200.000100' };
  const response = await harness.postEvent(JSON.stringify(eventEnvelope(TEAM, event)));
  expect(response.status).toBe(200);
}

async function start(clock?: Clock): Promise<void> {
  harness = await startHarness({ env: { SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET, SLACK_BOT_TOKEN: 'xoxb-test-single-workspace' }, ...(clock ? { clock } : {}) });
  started = true;
}

describe('feedback buttons on search results', () => {
  it('every result has 👍, 👎 and Save; 👍 stores the clicker’s rating in this channel and answers in a new private note', async () => {
    await start();
    harness.app.papers.upsertPapers(PAPERS, '2026-11-20T00:00:00Z');
    const results = await slash('search cold-start recommendation');
    expect(blockKitProblems(results)).toEqual([]);
    for (const p of PAPERS) {
      expect(JSON.parse(feedbackButton(results, '👍', p.id).value)).toEqual(['rate', { id: p.id, rating: 'up' }]);
      expect(JSON.parse(feedbackButton(results, '👎', p.id).value)).toEqual(['rate', { id: p.id, rating: 'down' }]);
      expect(JSON.parse(feedbackButton(results, 'Save', p.id).value)).toEqual(['save', { id: p.id }]);
    }

    const note = await click(feedbackButton(results, '👍', PAPERS[1]!.id), true);
    expect(ratings()).toEqual([{ paper_id: PAPERS[1]!.id, user_id: USER, value: 'up' }]);
    // Quiet: private, and the results it was clicked on stay (a new message, not a replacement).
    expect(note).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    expect(visibleText(note)).toContain('👍 on “Cold-start recommendation study 2”');
    expect(blockKitProblems(note)).toEqual([]);
    expect(harness.fake.messages).toEqual([]);
  });

  it('👎 after 👍 changes the rating, and the note’s Clear my rating removes it', async () => {
    await start();
    harness.app.papers.upsertPapers(PAPERS, '2026-11-20T00:00:00Z');
    const results = await slash('search cold-start recommendation');
    const id = PAPERS[0]!.id;
    await click(feedbackButton(results, '👍', id), true);
    const changed = await click(feedbackButton(results, '👎', id), true);
    expect(visibleText(changed)).toContain('(changed from 👍)');
    expect(ratings()).toEqual([{ paper_id: id, user_id: USER, value: 'down' }]);

    const clear = feedbackButton(changed, 'Clear my rating', id);
    expect(JSON.parse(clear.value)).toEqual(['rate', { id, rating: 'clear' }]);
    const cleared = await click(clear, true);
    expect(cleared).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    expect(visibleText(cleared)).toContain('Cleared your 👎');
    expect(ratings()).toEqual([]);
  });

  it('Save puts the paper on the channel’s reading list, saved by the clicker', async () => {
    await start();
    harness.app.papers.upsertPapers(PAPERS, '2026-11-20T00:00:00Z');
    const results = await slash('search cold-start recommendation');
    const note = await click(feedbackButton(results, 'Save', PAPERS[2]!.id), true);
    expect(note).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    expect(visibleText(note)).toContain('Saved “Cold-start recommendation study 3” to this channel’s reading list.');
    expect(savedPapers()).toEqual([{ paper_id: PAPERS[2]!.id, user_id: USER }]);
  });
});

describe('feedback buttons on a digest', () => {
  it('a digest message in the channel carries them; a click rates privately and the digest is left as posted', async () => {
    const picked = makePaper({ id: '2611.30001', title: 'Cold-start bandits for new users' });
    const [digest] = await postDigest([picked]);
    expect(blockKitProblems(digest!)).toEqual([]);
    const postedBefore = harness.fake.messages.length;
    const note = await click(feedbackButton(digest!, '👍', picked.id), false);

    expect(note).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    expect(visibleText(note)).toContain('👍 on “Cold-start bandits for new users”');
    expect(ratings()).toEqual([{ paper_id: picked.id, user_id: USER, value: 'up' }]);
    expect(harness.fake.messages).toHaveLength(postedBefore);
  });
});

describe('👍 / 👎 reactions on a one-paper digest message', () => {
  const picked = makePaper({ id: '2611.30002', title: 'Cold-start bandits for new items' });

  it(':+1: rates the message’s paper for the person who reacted, :thumbsdown: changes it, and nothing is posted', async () => {
    const [digest] = await postDigest([picked]);
    const postedBefore = harness.fake.messages.length;
    await react('+1', digest!.ts);
    await waitFor(() => ratings().length > 0, 'the rating from the reaction');
    expect(ratings()).toEqual([{ paper_id: picked.id, user_id: USER, value: 'up' }]);

    await react('thumbsdown', digest!.ts);
    await waitFor(() => (ratings()[0] as { value?: string } | undefined)?.value === 'down', 'the changed rating');
    expect(ratings()).toEqual([{ paper_id: picked.id, user_id: USER, value: 'down' }]);
    expect(harness.fake.messages).toHaveLength(postedBefore);
    expect(harness.fake.hooks).toEqual([]);
  });

  it('other emoji, messages paperboy did not post, and messages of several papers rate nothing', async () => {
    const [digest] = await postDigest([picked, makePaper({ id: '2611.30003', title: 'Cold-start bandits in ranking' })]);
    await react('heart', digest!.ts);
    await react('+1', '1771280000.000001');
    await react('+1::skin-tone-2', digest!.ts);
    await settle(harness);
    expect(ratings()).toEqual([]);
  });

  it('reads Slack’s names for 👍 and 👎, with or without a skin tone', () => {
    expect(['+1', 'thumbsup', '+1::skin-tone-2', '-1', 'thumbsdown', '-1::skin-tone-6', 'heart'].map(ratingOfReaction)).toEqual(['up', 'up', 'up', 'down', 'down', 'down', null]);
  });
});
