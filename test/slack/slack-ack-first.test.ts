/**
 * Ack first (src/adapters/slack/slack-request-guard.ts): as `paperboy serve` runs, every signed
 * request is answered 200 before any of its work, and its work then runs once. Slack wants the
 * answer within 3 seconds whatever the work costs
 * (https://docs.slack.dev/interactivity/implementing-slash-commands#responding_to_commands,
 * https://docs.slack.dev/apis/events-api/#responding). What Bolt must answer itself still is:
 * URL verification with its challenge, an unsigned request with 401.
 */
import { afterEach, expect, it } from 'vitest';
import { formBody, harnessPerTest, slashCommandFields, TEST_SIGNING_SECRET, waitFor } from './slack-test-kit.ts';

const perTest = harnessPerTest();

let release: () => void = () => {};
afterEach(() => release());

it('answers a slash command before its search has run, then posts the answer once', async () => {
  const held = new Promise<void>((resolve) => (release = resolve));
  const harness = await perTest.start({ holdRuns: held });
  const answer = await harness.postSigned(formBody(slashCommandFields('recsys cold-start')));
  expect(answer).toEqual({ status: 200, text: '' });
  expect(harness.runs).toEqual([]);
  expect(harness.fake.hooks).toEqual([]);

  release();
  await waitFor(() => harness.fake.hooks[0], 'the answer through the response_url');
  expect(harness.runs.map((r) => r.text)).toEqual(['recsys cold-start']);
  await new Promise((resolve) => setTimeout(resolve, 100));
  expect(harness.fake.hooks).toHaveLength(1);
});

it('answers Slack’s URL verification with its challenge, and an unsigned command with 401, running nothing', async () => {
  const harness = await perTest.start();
  const challenge = await harness.postEvent(JSON.stringify({ type: 'url_verification', token: 'x', challenge: 'c-4711' }));
  expect(challenge.status).toBe(200);
  expect(challenge.text).toContain('c-4711');

  const unsigned = await harness.postSigned(formBody(slashCommandFields('recsys cold-start')), 'not-the-signing-secret');
  expect(unsigned.status).toBe(401);
  await new Promise((resolve) => setTimeout(resolve, 100));
  expect(harness.runs).toEqual([]);
  expect(harness.fake.hooks).toEqual([]);
});

it('answers a workspace it has no installation for with 200 and runs nothing for it, logging why', async () => {
  const harness = await perTest.start({
    env: { SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET, SLACK_CLIENT_ID: '1111.2222', SLACK_CLIENT_SECRET: 'client-secret-value', SLACK_STATE_SECRET: 'state-secret-value' },
  });
  const answer = await harness.postSigned(formBody(slashCommandFields('subscribe recsys', { team_id: 'T0NOTINSTALLED' })));
  expect(answer.status).toBe(200);
  await waitFor(() => perTest.logLines.find((line) => line.includes('not installed in')), 'the warning');
  expect(harness.runs).toEqual([]);
  expect(harness.fake.hooks).toEqual([]);
});
