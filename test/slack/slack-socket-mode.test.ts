/**
 * Socket Mode: the same handlers as HTTP, fed over a WebSocket by the fake Slack
 * (apps.connections.open, hello, envelopes, acks).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LogLevel, SocketModeReceiver } from '@slack/bolt';
import { createBoltLogger } from '../../src/adapters/slack/bolt-logger.ts';
import { SlackConfigError } from '../../src/adapters/slack/slack-mode.ts';
import {
  createSocketModeConnection,
  SOCKET_MODE_STABLE_CONNECTION_MS,
  socketModeReconnectDelayMs,
  type SocketModeConnection,
} from '../../src/adapters/slack/socket-mode-connection.ts';
import { silentLogger } from '../../src/core/logger.ts';
import { blockKitProblems, visibleText } from './block-kit-validator.ts';
import { startFakeSlack, type FakeSlack, type ScriptedResponse, type SocketEnvelope } from './fake-slack-api.ts';
import {
  capturingLogger,
  pauseOf,
  readFixture,
  seedChannel,
  seedWorkspace,
  slashCommandFields,
  startHarness,
  waitFor,
  type SlackHarness,
} from './slack-test-kit.ts';

const APP_TOKEN = 'xapp-1-A0PAPERBOY-1-test';

let harness: SlackHarness;
let logLines: string[];
beforeEach(async () => {
  const captured = capturingLogger();
  logLines = captured.lines;
  harness = await startHarness({ env: { SLACK_APP_TOKEN: APP_TOKEN, SLACK_BOT_TOKEN: 'xoxb-socket-mode-bot' }, log: captured.log });
});
afterEach(async () => {
  await harness.close();
});

async function acked(envelopeId: string) {
  return waitFor(() => harness.fake.socketAcks.find((a) => a.envelope_id === envelopeId), `the ack of ${envelopeId}`);
}

describe('Socket Mode', () => {
  it('connects with the app token and no public URL', () => {
    expect(harness.slack.mode).toEqual({ transport: 'socket', auth: 'token' });
    expect(harness.fake.socketConnected()).toBe(true);
    expect(harness.fake.callsOf('apps.connections.open').map((c) => c.token)).toEqual(['xapp-1-A0PAPERBOY-1-test']);
  });

  it('acks a slash command envelope and replies through its response_url', async () => {
    harness.fake.sendEnvelope({ envelope_id: 'env-slash-1', type: 'slash_commands', payload: slashCommandFields('recsys cold-start'), accepts_response_payload: true });
    await acked('env-slash-1');
    const hook = await waitFor(() => harness.fake.hooks[0], 'the reply');
    expect(hook.body['response_type']).toBe('ephemeral');
    expect(blockKitProblems(hook.body)).toEqual([]);
    expect(visibleText(hook.body)).toContain('Zero-Shot Recommender Systems');
    expect(harness.runs[0]!.invoker).toMatchObject({ platform: 'slack', workspaceId: 'T00FAKE00BB', channelId: 'C00FAKECHAN3', userId: 'U00FAKEUSER2' });
  });

  it('handles a share click and a channel_left event like HTTP does', async () => {
    harness.fake.sendEnvelope({
      envelope_id: 'env-click-1',
      type: 'interactive',
      payload: {
        type: 'block_actions',
        team: { id: 'T00FAKE00BB', domain: 'acme' },
        user: { id: 'U00FAKEUSER2', username: 'testuser', name: 'testuser', team_id: 'T00FAKE00BB' },
        channel: { id: 'C00FAKECHAN3', name: 'support' },
        container: { type: 'message', channel_id: 'C00FAKECHAN3', is_ephemeral: true },
        response_url: 'https://hooks.slack.com/actions/T00FAKE00BB/1/share',
        actions: [{ type: 'button', action_id: 'paperboy:share:2', value: '["search",{"query":"recsys cold-start"}]', text: { type: 'plain_text', text: 'Share to channel' } }],
      },
      accepts_response_payload: false,
    });
    await acked('env-click-1');
    const posted = await waitFor(() => harness.fake.messages[0], 'the shared message');
    expect(posted.channel).toBe('C00FAKECHAN3');
    expect(visibleText(posted)).toContain('Shared by <@U00FAKEUSER2>');

    const workspace = seedWorkspace(harness.app, 'T043DB835ML');
    seedChannel(harness.app, workspace, 'C043KSKGJUB');
    harness.fake.sendEnvelope({ envelope_id: 'env-event-1', type: 'events_api', payload: JSON.parse(readFixture('events-channel_left-bot-removed.json')) });
    await acked('env-event-1');
    await waitFor(() => pauseOf(harness.app, 'T043DB835ML', 'C043KSKGJUB')?.pause_reason === 'channel_left', 'the channel to pause');
  });
});

/**
 * Slack asks a Socket Mode app to reconnect by sending `disconnect` on the socket
 * (https://docs.slack.dev/apis/events-api/using-socket-mode#disconnect); the client then closes it.
 */
const DISCONNECT = { type: 'disconnect', reason: 'refresh_requested', debug_info: { host: 'fake' } } as unknown as SocketEnvelope;

/** apps.connections.open answers (https://docs.slack.dev/reference/methods/apps.connections.open#errors). */
const OPEN_INTERNAL_ERROR: ScriptedResponse = { body: { ok: false, error: 'internal_error' } };
const OPEN_INVALID_AUTH: ScriptedResponse = { body: { ok: false, error: 'invalid_auth' } };
/** An outage in front of Slack: an HTTP 503 with no Web API body. */
const OPEN_HTTP_503: ScriptedResponse = { status: 503, body: { ok: false } };
/** Rate limited: HTTP 429 with Retry-After in seconds (https://docs.slack.dev/apis/web-api/rate-limits). */
const OPEN_RATE_LIMITED: ScriptedResponse = { status: 429, headers: { 'retry-after': '7' }, body: { ok: false, error: 'ratelimited' } };

async function health(): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${harness.url}/healthz`);
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe('/healthz in Socket Mode', () => {
  it('reports the socket and the database separately', async () => {
    expect(await health()).toEqual({
      status: 200,
      body: { ok: true, database: { ok: true }, slack: { mode: 'socket', auth: 'token', connected: true } },
    });
  });

  it('says 503, socket down, while Slack’s socket is lost and reconnecting with growing delays, then ok again', async () => {
    harness.fake.script('apps.connections.open', OPEN_INTERNAL_ERROR);
    harness.fake.sendEnvelope(DISCONNECT);
    // The first reconnection waits at least half a second: /healthz is polled until it says so.
    let sawDown: { status: number; body: Record<string, unknown> } | undefined;
    while (!sawDown) {
      const report = await health();
      if (report.status === 503) sawDown = report;
    }
    expect(sawDown).toEqual({ status: 503, body: { ok: false, database: { ok: true }, slack: { mode: 'socket', auth: 'token', connected: false } } });

    await waitFor(() => harness.fake.callsOf('apps.connections.open').length === 3 && harness.slack.connected(), 'the reconnection');
    expect((await health()).status).toBe(200);
    const delays = logLines.map((l) => JSON.parse(l) as { delayMs?: number; msg?: string }).filter((l) => l.delayMs !== undefined);
    expect(delays.map((l) => l.msg)).toEqual(['slack socket mode connection lost; reconnecting', 'slack socket mode connection failed; retrying']);
    expect(delays[0]!.delayMs).toBeGreaterThanOrEqual(500);
    expect(delays[0]!.delayMs).toBeLessThanOrEqual(1000);
    expect(delays[1]!.delayMs).toBeGreaterThanOrEqual(1000);
    expect(delays[1]!.delayMs).toBeLessThanOrEqual(2000);
  });
});

describe('Socket Mode reconnection', () => {
  it('backs off exponentially from about 1 s to at most 5 min, with jitter', () => {
    const low = Array.from({ length: 12 }, (_, n) => socketModeReconnectDelayMs(n, () => 0));
    const high = Array.from({ length: 12 }, (_, n) => socketModeReconnectDelayMs(n, () => 1));
    expect(high).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 32_000, 64_000, 128_000, 256_000, 300_000, 300_000, 300_000]);
    expect(low).toEqual(high.map((ms) => ms / 2));
  });

  let fake: FakeSlack;
  let connection: SocketModeConnection;
  let delays: number[];
  let clock: number;
  afterEach(async () => {
    await connection?.stop();
    await fake?.close();
  });

  /** The real Socket Mode client against a fake Slack, with the waits recorded instead of waited. */
  async function supervised(): Promise<void> {
    fake = await startFakeSlack();
    delays = [];
    clock = 0;
    const receiver = new SocketModeReceiver({
      appToken: APP_TOKEN,
      autoReconnectEnabled: false,
      installerOptions: { clientOptions: { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 }, rejectRateLimitedCalls: true } },
      logger: createBoltLogger(silentLogger, LogLevel.ERROR),
    });
    connection = createSocketModeConnection(receiver.client, {
      log: silentLogger,
      random: () => 0.5,
      now: () => clock,
      sleep: async (ms) => void delays.push(ms),
    });
  }

  it('retries an outage, an error and a rate limit (honouring Retry-After) with growing delays, then connects', async () => {
    await supervised();
    fake.script('apps.connections.open', OPEN_INTERNAL_ERROR, OPEN_HTTP_503, OPEN_RATE_LIMITED);
    await connection.start();
    expect(connection.connected()).toBe(true);
    expect(fake.socketConnected()).toBe(true);
    expect(fake.callsOf('apps.connections.open')).toHaveLength(4);
    // 0.75 of 1 s, 2 s and 4 s; the rate limit asked for 7 s.
    expect(delays).toEqual([750, 1_500, 7_000]);
  });

  it('backs off a socket that keeps dropping, and starts over after a stable connection', async () => {
    await supervised();
    await connection.start();
    for (const expectedOpens of [2, 3]) {
      fake.sendEnvelope(DISCONNECT);
      await waitFor(() => fake.callsOf('apps.connections.open').length === expectedOpens && connection.connected(), 'the reconnection');
    }
    expect(delays).toEqual([750, 1_500]);

    clock += SOCKET_MODE_STABLE_CONNECTION_MS;
    fake.sendEnvelope(DISCONNECT);
    await waitFor(() => fake.callsOf('apps.connections.open').length === 4 && connection.connected(), 'the reconnection');
    expect(delays).toEqual([750, 1_500, 750]);
  });

  it('fails at once, without retrying, when Slack refuses the app token at start', async () => {
    await supervised();
    fake.script('apps.connections.open', OPEN_INVALID_AUTH);
    const error = await connection.start().then(() => null, (e: unknown) => e);
    expect(error).toBeInstanceOf(SlackConfigError);
    expect((error as Error).message).toMatch(/^Slack rejected SLACK_APP_TOKEN \(invalid_auth\)\. .*app-level token \(xapp-…\) with the connections:write scope/);
    expect(fake.callsOf('apps.connections.open')).toHaveLength(1);
    expect(delays).toEqual([]);
  });

  it('reports the app token refused on a reconnect as a failure, and stops reconnecting', async () => {
    await supervised();
    await connection.start();
    fake.script('apps.connections.open', { body: { ok: false, error: 'token_revoked' } });
    fake.sendEnvelope(DISCONNECT);
    const failure = await connection.failed;
    expect(failure.message).toContain('Slack rejected SLACK_APP_TOKEN (token_revoked)');
    expect(connection.connected()).toBe(false);
    expect(fake.callsOf('apps.connections.open')).toHaveLength(2);
  });
});

describe('Socket Mode with OAuth installs', () => {
  it('serves /slack/install and the OAuth redirect on its own HTTP server, beside /healthz', async () => {
    const oauth = await startHarness({
      env: { SLACK_APP_TOKEN: APP_TOKEN, SLACK_CLIENT_ID: '1111.2222', SLACK_CLIENT_SECRET: 'client-secret-value', SLACK_STATE_SECRET: 'state-secret-value' },
    });
    try {
      expect(oauth.slack.mode).toEqual({ transport: 'socket', auth: 'oauth' });
      const start = await fetch(`${oauth.url}/slack/install`, { redirect: 'manual' });
      expect(start.status).toBe(302);
      const state = new URL(start.headers.get('location')!).searchParams.get('state')!;
      const cookie = start.headers.get('set-cookie')!.split(';')[0]!;
      oauth.fake.grants.set('code-1', { teamId: 'T0SOCKETA', teamName: 'Socket A', botToken: 'xoxb-socket-a' });
      const callback = await fetch(`${oauth.url}/slack/oauth_redirect?code=code-1&state=${encodeURIComponent(state)}`, { headers: { cookie } });
      expect(callback.status).toBe(200);
      expect(oauth.app.database.sqlite.prepare('SELECT install_key FROM slack_installations').all()).toEqual([{ install_key: 'T0SOCKETA' }]);
      const healthz = await fetch(`${oauth.url}/healthz`);
      expect(await healthz.json()).toEqual({ ok: true, database: { ok: true }, slack: { mode: 'socket', auth: 'oauth', connected: true } });
      expect((await fetch(`${oauth.url}/elsewhere`)).status).toBe(404);
    } finally {
      await oauth.close();
    }
  });
});
