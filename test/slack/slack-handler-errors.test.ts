/**
 * A Slack handler that fails logs the error under `err`, as the Discord side does: name, code and
 * stack kept, what it wraps followed, and tokens, secrets and response_url paths blanked out.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { slackErrorForLog } from '../../src/adapters/slack/slack-api-errors.ts';
import { capturingLogger, formBody, slashCommandFields, startHarness, waitFor, type SlackHarness } from './slack-test-kit.ts';

const RESPONSE_URL = 'https://hooks.slack.com/commands/T0TEAM/1234/SeCrEtPaTh';

describe('slackErrorForLog', () => {
  it('keeps name, code and stack, follows what the error wraps, and blanks out tokens and response_url paths', () => {
    const original = new Error(`connect ECONNRESET while posting to ${RESPONSE_URL} with xoxb-1234-5678-abcdef`);
    const error = Object.assign(new Error('An API error occurred: internal_error'), {
      code: 'slack_webapi_platform_error',
      data: { ok: false, error: 'internal_error', response_metadata: { headers: { authorization: 'Bearer xoxb-in-data' } } },
      original,
    });
    const logged = slackErrorForLog(error);

    expect(logged).toMatchObject({ name: 'Error', code: 'slack_webapi_platform_error', slackError: 'internal_error', message: 'An API error occurred: internal_error' });
    expect(logged.stack).toMatch(/\n\s+at /);
    expect(logged.cause?.message).toBe('connect ECONNRESET while posting to https://hooks.slack.com/[redacted] with xoxb-[redacted]');
    expect(logged.cause?.stack).toMatch(/\n\s+at /);
    const json = JSON.stringify(logged);
    for (const secret of ['SeCrEtPaTh', 'xoxb-1234', 'xoxb-in-data']) expect(json).not.toContain(secret);
  });

  it('describes a thrown value that is not an Error', () => {
    expect(slackErrorForLog('client_secret=shh')).toEqual({ name: 'string', message: 'client_secret=[redacted]' });
  });
});

describe('a slash command whose reply cannot be delivered', () => {
  let harness: SlackHarness | undefined;
  afterEach(async () => {
    await harness?.close();
  });

  it('logs the failure with its stack and no secret', async () => {
    const captured = capturingLogger();
    // Bolt keeps the fetch it finds at start for respond(): this one refuses every response_url.
    const realFetch = globalThis.fetch;
    vi.stubGlobal('fetch', async (input: string | URL | Request, init?: RequestInit) => {
      const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
      if (url.includes('/hooks/')) throw new TypeError('fetch failed', { cause: new Error(`socket hang up: ${RESPONSE_URL} xoxb-9999-leak`) });
      return realFetch(input, init);
    });
    harness = await startHarness({ log: captured.log });

    const response = await harness.postSigned(formBody(slashCommandFields('recsys cold-start', { response_url: RESPONSE_URL })));
    expect(response.status).toBe(200);
    const line = await waitFor(() => captured.lines.find((l) => l.includes('slack reply to a slash command failed')), 'the failure log line');
    const { err } = JSON.parse(line) as { err: { name: string; stack: string; cause: { message: string } } };

    expect(err.name).toBe('TypeError');
    expect(err.stack).toMatch(/\n\s+at /);
    expect(err.cause.message).toBe('socket hang up: https://hooks.slack.com/[redacted] xoxb-[redacted]');
    expect(captured.lines.join('\n')).not.toContain('SeCrEtPaTh');
    expect(captured.lines.join('\n')).not.toContain('xoxb-9999');
  });
});
