/**
 * `/papers export bibtex|ris` in Slack (issue 20), through real Bolt over HTTP: the reading list
 * arrives as a file through files.uploadV2 (files.getUploadURLExternal, the upload, and
 * files.completeUploadExternal on the fake Slack API), shared in the conversation it belongs to.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { visibleText } from './block-kit-validator.ts';
import { makePaper } from '../support/papers.ts';
import { eventEnvelope, formBody, readJsonFixture, slashCommandFields, startHarness, TEST_SIGNING_SECRET, waitFor, type SlackHarness } from './slack-test-kit.ts';

const RECORDED = readJsonFixture<{ slashCommandWithArgs: Record<string, string> }>('vercel-chat-slash-commands.replay.json').slashCommandWithArgs;
const CHANNEL = RECORDED['channel_id']!;
const TEAM = RECORDED['team_id']!;

let harness: SlackHarness;
afterEach(async () => {
  await harness.close();
});

async function slash(text: string) {
  const before = harness.fake.hooks.length;
  const response = await harness.postSigned(formBody(slashCommandFields(text)));
  expect(response.status).toBe(200);
  return (await waitFor(() => harness.fake.hooks[before], `the reply to /papers ${text}`)).body;
}

describe('/papers export in Slack', () => {
  it('shares the reading list as a BibTeX file in the channel, and tells the person privately', async () => {
    harness = await startHarness({ env: { SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET, SLACK_BOT_TOKEN: 'xoxb-test-single-workspace' } });
    const saved = makePaper({ id: '2611.50001', title: 'Graph {neural} networks & 100% drugs', authors: ['Ada Lovelace', 'Alan Turing'] });
    await harness.app.papers.upsertPapers([saved], '2026-11-20T00:00:00Z');
    await slash(`save ${saved.id}`);

    const answer = await slash('export bibtex');
    expect(answer).toMatchObject({ response_type: 'ephemeral' });
    expect(visibleText(answer)).toContain('This channel’s reading list: 1 paper as BibTeX');
    expect(visibleText(answer)).toMatch(/Shared reading-list-\S+\.bib in this conversation\./);

    expect(harness.fake.files).toHaveLength(1);
    const file = harness.fake.files[0]!;
    expect(file.channel).toBe(CHANNEL);
    expect(file.filename).toMatch(new RegExp(`^reading-list-${CHANNEL}-\\d{4}-\\d{2}-\\d{2}\\.bib$`));
    expect(file.initialComment).toBe('This channel’s reading list: 1 paper as BibTeX');
    expect(file.content).toContain('@misc{');
    expect(file.content).toContain(`eprint = {2611.50001}`);
    // The declared length is the bytes that arrived (files.getUploadURLExternal's `length`).
    expect(Number(harness.fake.callsOf('files.getUploadURLExternal')[0]!.params['length'])).toBe(Buffer.byteLength(file.content));
  });

  it('says why when Slack refuses the upload, and shares nothing', async () => {
    harness = await startHarness({ env: { SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET, SLACK_BOT_TOKEN: 'xoxb-test-single-workspace' } });
    const saved = makePaper({ id: '2611.50002' });
    await harness.app.papers.upsertPapers([saved], '2026-11-20T00:00:00Z');
    await slash(`save ${saved.id}`);
    harness.fake.script('files.completeUploadExternal', { body: { ok: false, error: 'not_in_channel' } });

    const answer = await slash('export ris');
    expect(visibleText(answer)).toContain('paperboy cannot share files in this conversation. Invite it with /invite @paperboy, then export again.');
    expect(harness.fake.files).toEqual([]);
  });

  it('@paperboy export bibtex in a channel shares the file there too', async () => {
    harness = await startHarness({ env: { SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET, SLACK_BOT_TOKEN: 'xoxb-test-single-workspace' } });
    const saved = makePaper({ id: '2611.50003' });
    await harness.app.papers.upsertPapers([saved], '2026-11-20T00:00:00Z');
    await slash(`save ${saved.id}`);
    // https://docs.slack.dev/reference/events/app_mention: the mention's text names the bot as <@U…>.
    const event = { type: 'app_mention', user: RECORDED['user_id'], text: '<@UBOTUSER> export bibtex', ts: '1771287300.000200', channel: CHANNEL, event_ts: '1771287300.000200' };
    const response = await harness.postEvent(JSON.stringify(eventEnvelope(TEAM, event)));
    expect(response.status).toBe(200);
    const file = await waitFor(() => harness.fake.files[0], 'the shared file');
    expect(file.channel).toBe(CHANNEL);
    expect(file.content).toContain('eprint = {2611.50003}');
  });
});
