/**
 * The recorded signed slash command from Slack's own worked example, replayed byte for byte under
 * a clock set to its timestamp (Bolt checks the timestamp with Date.now()).
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { blockKitProblems, visibleText } from './block-kit-validator.ts';
import { readFixture, readJsonFixture, startHarness, storeSnapshot, waitFor, type SlackHarness } from './slack-test-kit.ts';

interface SigningFixture {
  signing_secret: string;
  headers: Record<string, string>;
}

const signing = readJsonFixture<SigningFixture>('slash-command-webhook-collect.signing.json');
const body = readFixture('slash-command-webhook-collect.form.txt');
const recordedAt = Number(signing.headers['X-Slack-Request-Timestamp']) * 1000;

let harness: SlackHarness;
beforeEach(async () => {
  harness = await startHarness({ env: { SLACK_SIGNING_SECRET: signing.signing_secret, SLACK_BOT_TOKEN: 'xoxb-recorded-example' } });
  // Only Date is faked: Bolt's timers and the sockets keep real time.
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(recordedAt);
});
afterEach(async () => {
  vi.useRealTimers();
  await harness.close();
});

/** Posts to /slack/events and checks that nothing ran and nothing changed. */
async function expectRejected(requestBody: string, headers: Record<string, string>): Promise<void> {
  const callsBefore = harness.fake.calls.length;
  const storeBefore = storeSnapshot(harness.app);
  const response = await harness.post('/slack/events', requestBody, headers);
  // Bolt answers 401 after refusing the request, before any listener: nothing can still be running.
  expect(response.status).toBe(401);
  expect(harness.runs).toEqual([]);
  expect(harness.fake.calls.length).toBe(callsBefore);
  expect(harness.fake.hooks).toEqual([]);
  expect(storeSnapshot(harness.app)).toEqual(storeBefore);
}

describe('Slack request signing (recorded /webhook-collect example)', () => {
  it('accepts the recorded request and answers it through its response_url', async () => {
    const response = await harness.post('/slack/events', body, signing.headers);
    expect(response.status).toBe(200);
    expect(response.text).toBe('');

    const hook = await waitFor(() => harness.fake.hooks[0], 'the reply on the response_url');
    expect(hook.path).toBe('/hooks/commands/T1DC2JH3J/397700885554/96rGlfmibIGlgcZRskXaIFfN');
    expect(hook.body['response_type']).toBe('ephemeral');
    expect(blockKitProblems(hook.body)).toEqual([]);
    expect(visibleText(hook.body)).toContain('paperboy commands');
    expect(harness.runs).toHaveLength(1);
    expect(harness.runs[0]!.invoker).toEqual({
      platform: 'slack',
      workspaceId: 'T1DC2JH3J',
      channelId: 'G8PSS9T3V',
      userId: 'U2CERLKJA',
      userName: 'roadrunner',
      isAdmin: expect.any(Function),
      inOwnDirectMessage: expect.any(Function),
      postingCheck: expect.any(Function),
    });
  });

  it('rejects the request with one byte changed, or with another command swapped in', async () => {
    const swapped = body.replace('text=&', 'text=subscribe+x&');
    const oneByte = body.replace('user_name=roadrunner', 'user_name=roadrunnes');
    expect(oneByte.length).toBe(body.length);
    expect([...oneByte].filter((c, i) => c !== body[i])).toHaveLength(1);
    await expectRejected(oneByte, signing.headers);
    await expectRejected(swapped, signing.headers);
  });

  it('rejects the request once its timestamp is more than 5 minutes old', async () => {
    vi.setSystemTime(recordedAt + 5 * 60 * 1000 + 1000);
    await expectRejected(body, signing.headers);
  });

  it('rejects the request without a signature or without a timestamp', async () => {
    const { ['X-Slack-Signature']: _signature, ...unsigned } = signing.headers;
    await expectRejected(body, unsigned);
    const { ['X-Slack-Request-Timestamp']: _timestamp, ...untimed } = signing.headers;
    await expectRejected(body, untimed);
  });

  it('rejects a signature made with another secret', async () => {
    const forged = { ...signing.headers, 'X-Slack-Signature': `v0=${'0'.repeat(64)}` };
    await expectRejected(body, forged);
  });

  it('answers GET /healthz with 200 JSON', async () => {
    const response = await fetch(`${harness.url}/healthz`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(await response.json()).toEqual({ ok: true, database: { ok: true }, slack: { mode: 'http', auth: 'token', connected: true } });
  });
});
