/**
 * A command typed into paperboy's DM (the Messages tab, `message.im`) with the slash command's name
 * in front, as people type it out of habit: `/papers recsys` is the command itself, and a near miss
 * (`/paper recsys`) is asked about rather than searched as the text "/paper recsys". Through real
 * Bolt over HTTP against the fake Slack (test/slack/fake-slack-api.ts).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { blockKitProblems, buttonsOf, visibleText } from './block-kit-validator.ts';
import { eventEnvelope, startHarness, waitFor, type HarnessOptions, type SlackHarness } from './slack-test-kit.ts';

const TEAM = 'T0DMTEAM';
const DM = 'D0WITHBOT';

let harness: SlackHarness;
afterEach(async () => {
  await harness.close();
});

async function start(options: HarnessOptions = {}): Promise<void> {
  harness = await startHarness(options);
  harness.fake.conversations.set(DM, { is_im: true, is_member: true });
}

/** Types `text` into the DM as a person (https://docs.slack.dev/reference/events/message.im) and returns paperboy's answer there. */
async function typeInDm(text: string) {
  const before = harness.fake.messages.filter((m) => m.channel === DM).length;
  const ts = `1764000100.${String(before).padStart(6, '0')}`;
  const event = { type: 'message', channel: DM, user: 'U0READER', text, ts, event_ts: ts, channel_type: 'im' };
  const response = await harness.postEvent(JSON.stringify(eventEnvelope(TEAM, event)));
  expect(response.status).toBe(200);
  return waitFor(() => harness.fake.messages.filter((m) => m.channel === DM)[before], `the answer to ${text}`);
}

describe('the command name typed into the DM', () => {
  it('/paper recsys gets “Did you mean /papers recsys?” and a button whose value is the search, not the text', async () => {
    await start();
    const answer = await typeInDm('/paper recsys');

    expect(blockKitProblems(answer)).toEqual([]);
    expect(visibleText(answer)).toContain('Did you mean /papers recsys?');
    expect(visibleText(answer)).not.toContain('Papers for');
    expect(buttonsOf(answer)).toEqual([expect.objectContaining({ text: 'Search “recsys”', value: '["search",{"query":"recsys"}]' })]);
  });

  it('/papers recsys cold-start runs the search for recsys cold-start', async () => {
    await start();
    const answer = await typeInDm('/papers recsys cold-start');
    expect(visibleText(answer)).toContain('Papers for “recsys cold-start”');
    expect(visibleText(answer)).toContain('Zero-Shot Recommender Systems');
  });

  it('names the command as this app is configured to call it (SLACK_COMMAND)', async () => {
    await start({ slackCommand: '/pb' });
    const answer = await typeInDm('/pappers recsys');
    expect(visibleText(answer)).toContain('Did you mean /pb recsys?');
  });
});
