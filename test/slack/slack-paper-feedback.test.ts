/**
 * 👍 / 👎 / Save on every paper a person reads in Slack (issue 20), through real Bolt over HTTP:
 * a click is a structured `rate` / `save` invocation, stored for the person who clicked in the
 * channel it was clicked in, and answered with a private note that leaves the message clicked on
 * as it was.
 */
import { describe, expect, it } from 'vitest';
import { ratingOfReaction } from '../../src/adapters/slack/rate-by-reaction.ts';
import type { PaperInput } from '../../src/core/paper.ts';
import type { Clock } from '../../src/core/ports.ts';
import { blockKitProblems, buttonsOf, visibleText } from './block-kit-validator.ts';
import { makePaper, paper } from '../support/papers.ts';
import {
  channelRatings,
  clickReply,
  sendReaction,
  harnessPerTest,
  postDigestOf,
  RECORDED_PLACE,
  slashReply,
  waitFor,
  type SlackHarness,
} from './slack-test-kit.ts';

const { team: TEAM, channel: CHANNEL, user: USER } = RECORDED_PLACE;

const COLD_START = 'We study cold-start recommendation for new users and items.';
const PAPERS = Array.from({ length: 3 }, (_, i) => paper(`Cold-start recommendation study ${i + 1}`, COLD_START, { id: `2611.${20000 + i}` }));

const perTest = harnessPerTest({ processBeforeResponse: true });
let harness: SlackHarness;

async function start(clock?: Clock): Promise<void> {
  harness = await perTest.start(clock ? { clock } : {});
}

const slash = (text: string) => slashReply(harness, text);
const click = (button: { action_id: string; value: string; text: string }, ephemeral: boolean) => clickReply(harness, button, { ephemeral });

/** The button labelled `text` whose invocation is about `paperId`. */
function feedbackButton(message: { blocks?: unknown }, text: string, paperId: string) {
  const found = buttonsOf(message).find((b) => b.text === text && (JSON.parse(b.value) as [string, { id?: string }])[1].id === paperId);
  if (!found) throw new Error(`no “${text}” button for ${paperId}`);
  return found;
}

const ratings = () => channelRatings(harness.app, TEAM, CHANNEL);

function savedPapers() {
  return harness.app.database.sqlite
    .prepare(`SELECT s.paper_id, s.user_id FROM saved_papers s JOIN channels c ON c.id = s.channel_id WHERE c.channel_id = ?`)
    .all(CHANNEL);
}

async function postDigest(papers: PaperInput[]) {
  const posted = await postDigestOf(perTest, papers);
  harness = perTest.harness;
  return posted;
}

/** USER adds `reaction` to the message `ts` in CHANNEL, paperboy's; Slack sends it, paperboy being in the digest's channel. */
async function react(reaction: string, ts: string): Promise<void> {
  expect(await sendReaction(harness, TEAM, 'reaction_added', { user: USER, reaction, channel: CHANNEL, ts, itemUser: 'UBOTUSER' })).toBe(true);
}

describe('feedback buttons on search results', () => {
  it('every result has 👍, 👎 and Save; 👍 stores the clicker’s rating in this channel and answers in a new private note', async () => {
    await start();
    await harness.app.papers.upsertPapers(PAPERS, '2026-11-20T00:00:00Z');
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
    await harness.app.papers.upsertPapers(PAPERS, '2026-11-20T00:00:00Z');
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
    await harness.app.papers.upsertPapers(PAPERS, '2026-11-20T00:00:00Z');
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
    // Each reaction's request was answered once its listener was done (processBeforeResponse).
    expect(ratings()).toEqual([]);
  });

  it('reads Slack’s names for 👍 and 👎, with or without a skin tone', () => {
    expect(['+1', 'thumbsup', '+1::skin-tone-2', '-1', 'thumbsdown', '-1::skin-tone-6', 'heart'].map(ratingOfReaction)).toEqual(['up', 'up', 'up', 'down', 'down', 'down', null]);
  });
});
