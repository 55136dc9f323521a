/**
 * Shared setup for the Slack tests: a real paperboy app on a fresh in-memory store, its chat host
 * started with real Bolt against the fake Slack, plus request signing, fixtures and store snapshots.
 */
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, expect, vi } from 'vitest';
import { createApp, type SqliteApp } from '../../src/app.ts';
import { startSlack, type SlackRuntime } from '../../src/adapters/slack/start-slack.ts';
import type { ChatHost } from '../../src/commands/chat-host.ts';
import type { Invoker } from '../../src/commands/command-context.ts';
import type { PaperInput } from '../../src/core/paper.ts';
import { loadConfig } from '../../src/config.ts';
import { DEFAULT_COMMAND_NAME } from '../../src/core/command-name.ts';
import { silentLogger, type Logger } from '../../src/core/logger.ts';
import type { Clock } from '../../src/core/ports.ts';
import type { Invocation, Reply } from '../../src/core/reply.ts';
import { visibleText } from './block-kit-validator.ts';
import { reactionEvent, startFakeSlack, type FakeSlack, type PostedMessage } from './fake-slack-api.ts';

export const FIXTURES = fileURLToPath(new URL('../../../shared/fixtures/slack/', import.meta.url));
export const TEST_SIGNING_SECRET = 'paperboy-test-signing-secret';
export const SLACK_HOOKS_PREFIX = 'https://hooks.slack.com/';

/** The credentials a harness starts with unless told otherwise: one workspace, over HTTP (the signing secret). */
export const SINGLE_WORKSPACE_ENV: Record<string, string> = { SLACK_SIGNING_SECRET: TEST_SIGNING_SECRET, SLACK_BOT_TOKEN: 'xoxb-test-single-workspace' };

export function readFixture(name: string): string {
  return readFileSync(`${FIXTURES}${name}`, 'utf8');
}

export function readJsonFixture<T>(name: string): T {
  return JSON.parse(readFixture(name)) as T;
}

/** Headers Slack would send with `body`: X-Slack-Signature = v0=HMAC-SHA256(secret, v0:ts:body). */
export function signedHeaders(body: string, secret = TEST_SIGNING_SECRET, timestamp = Math.floor(Date.now() / 1000)): Record<string, string> {
  const signature = createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex');
  return {
    'content-type': 'application/x-www-form-urlencoded',
    'x-slack-request-timestamp': String(timestamp),
    'x-slack-signature': `v0=${signature}`,
  };
}

/** A slash command body as Slack form-encodes it. */
export function formBody(fields: Record<string, string>): string {
  return new URLSearchParams(fields).toString();
}

/** An interactivity body: the payload JSON in a `payload` form field. */
export function interactivityBody(payload: unknown): string {
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

/** A log that keeps every line, to check what reached it (no tokens). */
export function capturingLogger(): { log: Logger; lines: string[] } {
  const lines: string[] = [];
  const make = (bindings: object): Logger => {
    const write = (obj: object, msg?: string) => lines.push(JSON.stringify({ ...bindings, ...obj, msg }));
    return { debug: write, info: write, warn: write, error: write, child: (more) => make({ ...bindings, ...more }) };
  };
  return { log: make({}), lines };
}

export interface SlackHarness {
  app: SqliteApp;
  /** What Slack was started with: the app's host, recording every run. */
  host: ChatHost;
  slack: SlackRuntime;
  fake: FakeSlack;
  /** Base URL of paperboy's HTTP server. */
  url: string;
  /** Every `/papers` line (or button invocation) Slack ran through the host, with its invoker. */
  runs: { text: string | Invocation; invoker: Invoker; reply: Reply }[];
  post(path: string, body: string, headers: Record<string, string>): Promise<{ status: number; text: string }>;
  /** POSTs a form `body` to /slack/events, signed with the test secret at the current time. */
  postSigned(body: string, secret?: string): Promise<{ status: number; text: string }>;
  /** POSTs an Events API JSON `body` to /slack/events, signed with the test secret. */
  postEvent(body: string, secret?: string): Promise<{ status: number; text: string }>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  env?: Record<string, string>;
  clock?: Clock;
  log?: Logger;
  /** Use an already started fake (several apps against one Slack). */
  fake?: FakeSlack;
  /** The slash command the app is configured with (SLACK_COMMAND); `/papers` when absent. */
  slackCommand?: string;
  /**
   * Bolt answers each HTTP request only once its listeners are done (StartSlackOptions), so a test
   * that awaits postEvent / postSigned knows the work is over: "nothing happened" needs no wait.
   */
  processBeforeResponse?: boolean;
  /** Each command's run waits for this before it starts: what Slack is answered meanwhile shows. */
  holdRuns?: Promise<void>;
}

/**
 * Routes response_url posts (https://hooks.slack.com/…) to the fake. Must run before Bolt starts:
 * Bolt keeps the fetch it finds at construction for respond().
 */
export function routeResponseUrlsTo(fake: FakeSlack): void {
  const realFetch = globalThis.fetch;
  vi.stubGlobal('fetch', (input: string | URL | Request, init?: RequestInit) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    if (url.startsWith(SLACK_HOOKS_PREFIX)) return realFetch(`${fake.url}/hooks/${url.slice(SLACK_HOOKS_PREFIX.length)}`, init);
    return realFetch(input, init);
  });
}

/** Starts the fake, the app and Slack (HTTP, single workspace unless `env` says otherwise). */
export async function startHarness(options: HarnessOptions = {}): Promise<SlackHarness> {
  const fake = options.fake ?? (await startFakeSlack());
  routeResponseUrlsTo(fake);
  const config = loadConfig({
    DATABASE_PATH: ':memory:',
    LOG_LEVEL: 'info',
    SLACK_API_URL: fake.apiUrl,
    ...(options.env ?? SINGLE_WORKSPACE_ENV),
  });
  const app = createApp(config, { log: options.log ?? silentLogger, ...(options.clock ? { clock: options.clock } : {}) });
  const runs: SlackHarness['runs'] = [];
  const host: ChatHost = {
    ...app.host,
    run: async (text, invoker) => {
      await options.holdRuns;
      const reply = await app.host.run(text, invoker);
      runs.push({ text, invoker, reply });
      return reply;
    },
  };
  const slackConfig = options.slackCommand ? { ...app.config, SLACK_COMMAND: options.slackCommand } : app.config;
  const slack = await startSlack({ host, config: slackConfig }, { port: 0, host: '127.0.0.1', processBeforeResponse: options.processBeforeResponse === true });
  const url = `http://127.0.0.1:${slack.port}`;
  const post = async (path: string, body: string, headers: Record<string, string>) => {
    const res = await fetch(`${url}${path}`, { method: 'POST', body, headers });
    return { status: res.status, text: await res.text() };
  };
  return {
    app,
    host,
    slack,
    fake,
    url,
    runs,
    post,
    postSigned: (body, secret = TEST_SIGNING_SECRET) => post('/slack/events', body, signedHeaders(body, secret)),
    postEvent: (body, secret = TEST_SIGNING_SECRET) =>
      post('/slack/events', body, { ...signedHeaders(body, secret), 'content-type': 'application/json' }),
    async close() {
      await slack.stop();
      if (!options.fake) await fake.close();
      app.close();
      vi.unstubAllGlobals();
    },
  };
}

/** Slack credentials for Socket Mode (an app-level token) in place of the HTTP signing secret. */
export const SOCKET_MODE_ENV: Record<string, string> = { SLACK_APP_TOKEN: 'xapp-1-A0PAPERBOY-1-test', SLACK_BOT_TOKEN: 'xoxb-socket-mode-bot' };

export interface HarnessPerTest {
  /** Starts this test's paperboy and Slack, with a log that keeps its lines (`logLines`) unless `options.log` says otherwise. */
  start(options?: HarnessOptions): Promise<SlackHarness>;
  /** The harness `start` started in this test. */
  readonly harness: SlackHarness;
  /** Every line this test's harness logged. */
  readonly logLines: string[];
}

/**
 * For a test file whose tests each talk to one paperboy through real Bolt: call at the top of the
 * file; each test calls `start` (with `defaults` under its own options), and its harness is closed after it.
 */
export function harnessPerTest(defaults: HarnessOptions = {}): HarnessPerTest {
  let current: SlackHarness | undefined;
  let lines: string[] = [];
  afterEach(async () => {
    await current?.close();
    current = undefined;
  });
  return {
    async start(options = {}) {
      const captured = capturingLogger();
      lines = captured.lines;
      current = await startHarness({ log: captured.log, ...defaults, ...options });
      return current;
    },
    get harness() {
      if (!current) throw new Error('this test has not started its harness');
      return current;
    },
    get logLines() {
      return lines;
    },
  };
}

/** Polls until `check` returns a value (not undefined/false); fails after `timeoutMs`. */
export async function waitFor<T>(check: () => T | undefined | false | null, what: string, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value !== undefined && value !== false && value !== null) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const STORE_TABLES = ['workspaces', 'channels', 'subscriptions', 'digests', 'deliveries', 'slack_installations'] as const;

/** Every row of the tables a Slack request could change, for before/after comparisons. */
export function storeSnapshot(app: SqliteApp): Record<string, unknown[]> {
  return Object.fromEntries(STORE_TABLES.map((t) => [t, app.database.sqlite.prepare(`SELECT * FROM ${t} ORDER BY rowid`).all()]));
}

/** Inserts a workspace row and returns its id. */
export function seedWorkspace(app: SqliteApp, teamId: string, adminsOnly = false): number {
  const row = app.database.sqlite
    .prepare("INSERT INTO workspaces (platform, team_id, name, admins_only) VALUES ('slack', ?, ?, ?) RETURNING id")
    .get(teamId, `Workspace ${teamId}`, adminsOnly ? 1 : 0) as { id: number };
  return row.id;
}

/** Inserts a channel with one topic subscription and returns the channel row id. */
export function seedChannel(app: SqliteApp, workspaceRowId: number, channelId: string, query = 'recsys cold-start'): number {
  const { sqlite } = app.database;
  const channel = sqlite.prepare('INSERT INTO channels (workspace_id, channel_id, name) VALUES (?, ?, ?) RETURNING id').get(workspaceRowId, channelId, channelId) as {
    id: number;
  };
  sqlite.prepare("INSERT INTO subscriptions (channel_id, kind, query, created_by) VALUES (?, 'topic', ?, 'USEED')").run(channel.id, query);
  return channel.id;
}

/** The pause state of a channel row. */
export function pauseOf(app: SqliteApp, teamId: string, channelId: string): { paused_at: string | null; pause_reason: string | null } | undefined {
  return app.database.sqlite
    .prepare(
      `SELECT c.paused_at, c.pause_reason FROM channels c JOIN workspaces w ON w.id = c.workspace_id
       WHERE w.platform = 'slack' AND w.team_id = ? AND c.channel_id = ?`,
    )
    .get(teamId, channelId) as { paused_at: string | null; pause_reason: string | null } | undefined;
}

/**
 * A slash command body in the shape of the recorded vercel/chat replay, adapted to `/papers` (the
 * recording's app called its command `/test-feedback`), with the given text.
 */
export function slashCommandFields(text: string, overrides: Record<string, string> = {}): Record<string, string> {
  const recorded = readJsonFixture<{ slashCommandWithArgs: Record<string, string> }>('vercel-chat-slash-commands.replay.json').slashCommandWithArgs;
  return { ...recorded, command: DEFAULT_COMMAND_NAME, text, ...overrides };
}

const RECORDED_SLASH = readJsonFixture<{ slashCommandWithArgs: Record<string, string> }>('vercel-chat-slash-commands.replay.json').slashCommandWithArgs;

/** The workspace, channel and person of the recorded slash command: slashReply runs there, and clickPayload clicks as them. */
export const RECORDED_PLACE = { team: RECORDED_SLASH['team_id']!, channel: RECORDED_SLASH['channel_id']!, user: RECORDED_SLASH['user_id']! } as const;

/** Sends `/papers <text>` (the recorded slash command, with `overrides`) and returns the reply posted to its response_url. */
export async function slashReply(harness: SlackHarness, text: string, overrides: Record<string, string> = {}): Promise<Record<string, unknown>> {
  const before = harness.fake.hooks.length;
  const response = await harness.postSigned(formBody(slashCommandFields(text, overrides)));
  expect(response.status).toBe(200);
  return (await waitFor(() => harness.fake.hooks[before], `the reply to /papers ${text}`)).body;
}

/** Clicks `button` (on a private reply, or on a message in the channel) and returns the response_url post it led to. */
export async function clickReply(harness: SlackHarness, button: { action_id: string; value: string; text: string }, options: { ephemeral: boolean }): Promise<Record<string, unknown>> {
  const before = harness.fake.hooks.length;
  const response = await harness.postSigned(interactivityBody(clickPayload(button, options)));
  expect(response.status).toBe(200);
  return (await waitFor(() => harness.fake.hooks[before], `the answer to “${button.text}”`)).body;
}

/**
 * A digest of `papers` posted in `place`'s channel through the Slack poster, the way the scheduler
 * posts one: the channel subscribes to “cold-start bandits” on Monday 23 Nov 2026 at 08:00 UTC, the
 * papers arrive at 08:30, and the 09:00 digest runs at 09:30. Starts the test's harness on a clock
 * that moves so; returns the posted messages that show the papers.
 */
export async function postDigestOf(perTest: HarnessPerTest, papers: PaperInput[], place: { team: string; channel: string } = RECORDED_PLACE): Promise<PostedMessage[]> {
  let now = new Date('2026-11-23T08:00:00Z');
  const harness = await perTest.start({ clock: { now: () => new Date(now) } });
  harness.app.registerPoster('slack', harness.slack.poster);
  joinedBy(harness, place.channel);
  const subscriber: Invoker = { platform: 'slack', workspaceId: place.team, channelId: place.channel, userId: 'U0SUBSCRIBER', userName: 'sub', isAdmin: false };
  expect((await harness.app.run('subscribe cold-start bandits', subscriber)).failed).toBeFalsy();
  now = new Date('2026-11-23T08:30:00Z');
  await harness.app.papers.upsertPapers(papers, now.toISOString());
  now = new Date('2026-11-23T09:30:00Z');
  await harness.app.services.digests.runDue(now);
  return harness.fake.messages.filter((m) => m.channel === place.channel && papers.some((p) => visibleText(m).includes(p.title)));
}

/**
 * paperboy is in `channel`, as it is in every channel with a digest: the posting check
 * (slack-posting-check.ts) joins a public channel when it is subscribed, and a private one takes
 * an invitation. Subscribing with `app.run` skips that check, so a test that does says so here.
 */
export function joinedBy(harness: SlackHarness, channel: string): void {
  harness.fake.conversations.set(channel, { ...harness.fake.conversations.get(channel), is_member: true });
}

/**
 * `reaction.user` adds or removes an emoji on the message `reaction.ts` of `reaction.channel`, and
 * Slack sends paperboy the event, if it sends one: only from a conversation paperboy is in
 * (FakeSlack.sendsEventsFrom). Returns whether it was sent.
 */
export async function sendReaction(
  harness: SlackHarness,
  teamId: string,
  type: 'reaction_added' | 'reaction_removed',
  reaction: { user: string; reaction: string; channel: string; ts: string; itemUser?: string },
): Promise<boolean> {
  if (!harness.fake.sendsEventsFrom(reaction.channel)) return false;
  const response = await harness.postEvent(JSON.stringify(eventEnvelope(teamId, reactionEvent(type, reaction))));
  expect(response.status).toBe(200);
  return true;
}

/** The 👍 / 👎 ratings a Slack channel holds, as the store holds them. */
export function channelRatings(app: SqliteApp, teamId: string, channelId: string): unknown[] {
  return app.database.sqlite
    .prepare(
      `SELECT r.paper_id, r.user_id, r.value FROM paper_ratings r JOIN channels c ON c.id = r.channel_id
       JOIN workspaces w ON w.id = c.workspace_id WHERE w.platform = 'slack' AND w.team_id = ? AND c.channel_id = ? ORDER BY r.paper_id`,
    )
    .all(teamId, channelId);
}

/** A block_actions payload for a click on `button` of a message, as Slack sends it. */
export function clickPayload(button: { action_id: string; value: string; text: string }, options: { ephemeral: boolean; responsePath?: string }) {
  return {
    type: 'block_actions',
    user: { id: RECORDED_SLASH['user_id'], username: RECORDED_SLASH['user_name'], name: RECORDED_SLASH['user_name'], team_id: RECORDED_SLASH['team_id'] },
    api_app_id: RECORDED_SLASH['api_app_id'],
    token: RECORDED_SLASH['token'],
    container: { type: 'message', message_ts: '1771287149.605429', channel_id: RECORDED_SLASH['channel_id'], is_ephemeral: options.ephemeral },
    trigger_id: '10518733222661.3901254001572.936ae4d48e9645d620cee6cdf8af6692',
    team: { id: RECORDED_SLASH['team_id'], domain: RECORDED_SLASH['team_domain'] },
    enterprise: null,
    is_enterprise_install: false,
    channel: { id: RECORDED_SLASH['channel_id'], name: RECORDED_SLASH['channel_name'] },
    state: { values: {} },
    response_url: `https://hooks.slack.com/actions/${RECORDED_SLASH['team_id']}/${options.responsePath ?? '10522162348242/cwSz6xkHs9KAoerR2SmGYMun'}`,
    actions: [
      {
        action_id: button.action_id,
        block_id: 'kXGLy',
        text: { type: 'plain_text', text: button.text, emoji: true },
        value: button.value,
        type: 'button',
        action_ts: '1771287154.085947',
      },
    ],
  };
}

/**
 * An Events API request body for `event` in `teamId`, wrapped as Slack wraps every event
 * (https://docs.slack.dev/apis/events-api/#callback-field), the shape of the recorded
 * events-channel_left-bot-removed.json.
 */
export function eventEnvelope(teamId: string, event: Record<string, unknown>): Record<string, unknown> {
  return {
    token: 'aaaa',
    team_id: teamId,
    api_app_id: 'A0PAPERBOY',
    event,
    type: 'event_callback',
    event_id: `Ev${Math.random().toString(36).slice(2, 12).toUpperCase()}`,
    event_time: 1764000000,
    authorizations: [{ enterprise_id: null, team_id: teamId, user_id: 'UBOTUSER', is_bot: true, is_enterprise_install: false }],
  };
}

/** A person's DM with paperboy (the Messages tab), as the fake Slack knows it: conversations.info says is_im. */
export interface DirectMessages {
  /** Sends what the person typed as Slack's message.im event (https://docs.slack.dev/reference/events/message.im), with `extra` fields over it. */
  type(text: string, extra?: Record<string, unknown>): Promise<void>;
  /** What paperboy has posted in the DM so far. */
  posted(): PostedMessage[];
  /** Types `text` and returns paperboy's answer to it in the DM. */
  ask(text: string): Promise<PostedMessage>;
}

export function directMessages(harness: SlackHarness, where: { team: string; channel: string; user: string }): DirectMessages {
  harness.fake.conversations.set(where.channel, { is_im: true, is_member: true, user: where.user });
  let sent = 0;
  const posted = () => harness.fake.messages.filter((m) => m.channel === where.channel);
  const type = async (text: string, extra: Record<string, unknown> = {}) => {
    const ts = `1764000100.${String(++sent).padStart(6, '0')}`;
    const event = { type: 'message', channel: where.channel, user: where.user, text, ts, event_ts: ts, channel_type: 'im', ...extra };
    // Bolt acknowledges an event at once, whatever the answer then takes.
    expect((await harness.postEvent(JSON.stringify(eventEnvelope(where.team, event)))).status).toBe(200);
  };
  return {
    type,
    posted,
    async ask(text) {
      const before = posted().length;
      await type(text);
      return waitFor(() => posted()[before], `the answer to “${text}” in the DM`);
    },
  };
}
