/**
 * A reply's buttons run the command that made the reply (issue 18), through real Bolt over HTTP:
 * the recorded slash command and block_actions payloads, re-signed with the test secret.
 */
import { describe, expect, it } from 'vitest';
import { OUTDATED_BUTTON_TEXT } from '../../src/adapters/slack/handle-button-action.ts';
import { blockKitProblems, buttonsOf, visibleText } from './block-kit-validator.ts';
import { makePaper, paper } from '../support/papers.ts';
import {
  clickPayload,
  clickReply,
  harnessPerTest,
  interactivityBody,
  pauseOf,
  RECORDED_PLACE,
  seedChannel,
  seedWorkspace,
  SINGLE_WORKSPACE_ENV,
  slashReply,
  waitFor,
  type SlackHarness,
} from './slack-test-kit.ts';

const { team: TEAM, channel: CHANNEL } = RECORDED_PLACE;

/** What the liked paper and its neighbours are about: `like` finds them by these words. */
const COLD_START = 'We study cold-start recommendation for new users and items.';
/** The paper of the report: `/papers like 2602.13836` gave good results, its buttons did not. */
const LIKED = paper('Cold-start recommendation with sparse feedback', COLD_START, { id: '2602.13836', published: '2026-02-16' });
/** Papers like it: their titles share its words. */
const NEIGHBOURS = Array.from({ length: 12 }, (_, i) => paper(`Cold-start recommendation study ${i + 1}`, COLD_START, { id: `2611.${20000 + i}` }));
/** A paper whose title has "liking" in it: what a search for the words "like 2602.13836" found. */
const DECOY = paper('Texture Independently Drives Liking in AI-Generated Alternative Protein Burgers', 'Burgers.', { id: '2611.29999' });

const perTest = harnessPerTest({ processBeforeResponse: true });
let harness: SlackHarness;

async function start(env: Record<string, string> = {}): Promise<void> {
  harness = await perTest.start({ env: { ...SINGLE_WORKSPACE_ENV, ...env } });
}

const slash = (text: string) => slashReply(harness, text);
/** Clicks `button` on the person's private reply and returns the next response_url post. */
const click = (button: { action_id: string; value: string; text: string }) => clickReply(harness, button, { ephemeral: true });

const button = (reply: Record<string, unknown>, text: string) => buttonsOf(reply).find((b) => b.text === text);

describe('a like reply’s buttons run like', () => {
  it('More results and Share carry like with the paper id; More results shows its second page', async () => {
    await start();
    await harness.app.papers.upsertPapers([LIKED, ...NEIGHBOURS, DECOY], '2026-11-20T00:00:00Z');
    const reply = await slash('like 2602.13836');
    expect(visibleText(reply)).toContain('Papers like “Cold-start recommendation with sparse feedback”');

    expect(JSON.parse(button(reply, 'More results')!.value)).toEqual(['like', { id: '2602.13836', page: '2' }]);
    expect(JSON.parse(button(reply, 'Share to channel')!.value)).toEqual(['like', { id: '2602.13836' }]);

    const second = await click(button(reply, 'More results')!);
    expect(blockKitProblems(second)).toEqual([]);
    expect(visibleText(second)).toContain('Papers like “Cold-start recommendation with sparse feedback”');
    expect(visibleText(second)).toMatch(/Results 6–10/);
    expect(harness.runs.at(-1)!.text).toEqual({ command: 'like', args: { id: '2602.13836', page: '2' } });
  });

  it('Share of a like reply posts the like results in the channel, not a search for “like 2602.13836”', async () => {
    await start();
    await harness.app.papers.upsertPapers([LIKED, ...NEIGHBOURS, DECOY], '2026-11-20T00:00:00Z');
    const reply = await slash('like 2602.13836');
    await harness.postSigned(interactivityBody(clickPayload(button(reply, 'Share to channel')!, { ephemeral: true })));
    const posted = await waitFor(() => harness.fake.messages[0], 'the shared message');

    expect(posted.channel).toBe(CHANNEL);
    expect(blockKitProblems(posted)).toEqual([]);
    const shown = visibleText(posted);
    expect(shown).toContain('Papers like “Cold-start recommendation with sparse feedback”');
    // The same papers the like reply showed, in the same order.
    const titles = (text: string) => text.split('\n').filter((line) => /^\*\d+\. /.test(line));
    expect(titles(shown)).toEqual(titles(visibleText(reply)));
    expect(titles(shown)).toHaveLength(5);
    expect(shown).not.toContain('Burgers');
    expect(shown).not.toContain('Papers for');
  });

  it('/papers like <id> page:2 shows the second page', async () => {
    await start();
    await harness.app.papers.upsertPapers([LIKED, ...NEIGHBOURS], '2026-11-20T00:00:00Z');
    const reply = await slash('like 2602.13836 page:2');
    expect(blockKitProblems(reply)).toEqual([]);
    expect(visibleText(reply)).toMatch(/Results 6–10/);
    expect(JSON.parse(button(reply, 'Share to channel')!.value)).toEqual(['like', { id: '2602.13836', page: '2' }]);
  });
});

describe('a did-you-mean is a search', () => {
  /** "pause" is in 25 titles, so "pauze" gets it as a suggestion; the channel has digests. */
  async function startWithPauseTitles() {
    await start();
    const pausePapers = Array.from({ length: 25 }, (_, i) => makePaper({ id: `2611.${30000 + i}`, title: `Pause tokens for reasoning, part ${i + 1}` }));
    await harness.app.papers.upsertPapers(pausePapers, '2026-11-20T00:00:00Z');
    seedChannel(harness.app, seedWorkspace(harness.app, TEAM), CHANNEL);
  }

  it('“Search “pause”” offered for /papers search pauze runs a search for “pause”, and the channel’s digests stay on', async () => {
    await startWithPauseTitles();
    const reply = await slash('search pauze');
    expect(visibleText(reply)).toContain('Did you mean “pause”?');
    const suggestion = button(reply, 'Search “pause”')!;
    expect(JSON.parse(suggestion.value)).toEqual(['search', { query: 'pause' }]);

    const answer = await click(suggestion);
    expect(blockKitProblems(answer)).toEqual([]);
    expect(visibleText(answer)).toContain('Papers for “pause”');
    expect(visibleText(answer)).toContain('Pause tokens for reasoning');
    expect(harness.runs.at(-1)!.text).toEqual({ command: 'search', args: { query: 'pause' } });
    expect(pauseOf(harness.app, TEAM, CHANNEL)).toEqual({ paused_at: null, pause_reason: null });
  });

  it('a button value written as a command line (from an older message) is not run: “pause” pauses nothing', async () => {
    await startWithPauseTitles();
    const answer = await click({ action_id: 'paperboy:run:0', value: 'pause', text: 'Search “pause”' });
    expect(visibleText(answer)).toContain(OUTDATED_BUTTON_TEXT);
    expect(harness.runs).toEqual([]);
    expect(pauseOf(harness.app, TEAM, CHANNEL)).toEqual({ paused_at: null, pause_reason: null });
  });

  it('is shown under the header when the search found papers too', async () => {
    await startWithPauseTitles();
    const reply = await slash('pauze tokens');
    const text = visibleText(reply);
    expect(text).toContain('Pause tokens for reasoning');
    expect(text.indexOf('Did you mean “pause tokens”?')).toBeGreaterThan(text.indexOf('Papers for “pauze tokens”'));
    expect(text.indexOf('Did you mean “pause tokens”?')).toBeLessThan(text.indexOf('Pause tokens for reasoning'));
    expect(JSON.parse(button(reply, 'Search “pause tokens”')!.value)).toEqual(['search', { query: 'pause tokens' }]);
  });
});

describe('More results only when there is a next page', () => {
  it('is not offered on the last page of the results', async () => {
    await start();
    await harness.app.papers.upsertPapers(Array.from({ length: 12 }, (_, i) => makePaper({ id: `2611.${40000 + i}`, title: `Quokka field notes ${i + 1}` })), '2026-11-20T00:00:00Z');
    const second = await slash('quokka page:2');
    const third = await click(button(second, 'More results')!);
    expect(visibleText(third)).toMatch(/Results 11–12/);
    expect(buttonsOf(third).map((b) => b.text)).not.toContain('More results');
    expect(buttonsOf(third).map((b) => b.text)).toContain('Share to channel');
  });

  it('is not offered on page:20, the last page a search shows, though more papers match', async () => {
    await start({ RESULTS_PER_PAGE: '1' });
    await harness.app.papers.upsertPapers(Array.from({ length: 25 }, (_, i) => makePaper({ id: `2611.${40000 + i}`, title: `Quokka field notes ${i + 1}` })), '2026-11-20T00:00:00Z');
    const nineteenth = await slash('quokka page:19');
    const last = await click(button(nineteenth, 'More results')!);
    expect(blockKitProblems(last)).toEqual([]);
    expect(visibleText(last)).toMatch(/Results 20–20/);
    expect(visibleText(last)).not.toMatch(/not a page number/);
    expect(buttonsOf(last).map((b) => b.text)).not.toContain('More results');
  });
});
