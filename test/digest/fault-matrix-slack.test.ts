/**
 * The Slack fault matrix: the real digest job and the real Slack Web API client against the fake
 * Slack (test/slack/fake-slack-api.ts), which behaves as Slack documents, faults included. Each
 * row ends by asserting what the channel finally holds: every pick exactly once, in order, and,
 * where the platform cannot say, the channel or its subscriber told. The fault matrix in
 * docs/delivery.md lists these rows.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createSlackPoster, DIGEST_METADATA_EVENT_TYPE } from '../../src/adapters/slack/slack-poster.ts';
import type { SqliteApp } from '../../src/app.ts';
import { silentLogger } from '../../src/core/logger.ts';
import { startFakeSlack, type FakeSlack, type PostedMessage } from '../slack/fake-slack-api.ts';
import { invoker, manualClock, testApp } from './digest-helpers.ts';
import { paper } from '../support/papers.ts';

const TEAM = 'T0MATRIX';
/** The client's timeout here; production's is 15 s. A late answer comes after it. */
const TIMEOUT_MS = 400;
const LATE_MS = 1_200;

const apps: SqliteApp[] = [];
const fakes: FakeSlack[] = [];
const dirs: string[] = [];
afterEach(async () => {
  apps.splice(0).forEach((a) => a.close());
  await Promise.all(fakes.splice(0).map((f) => f.close()));
  dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true }));
});

interface Setup {
  fake: FakeSlack;
  app: SqliteApp;
  clock: ReturnType<typeof manualClock>;
  titles: string[];
  tick(at: string): Promise<void>;
}

function slackApp(fake: FakeSlack, clock: ReturnType<typeof manualClock>, databasePath = ':memory:', extra: Parameters<typeof testApp>[2] = {}): SqliteApp {
  const app = testApp(clock, databasePath, extra);
  app.registerPoster(
    'slack',
    createSlackPoster({ botTokenFor: async () => 'xoxb-matrix', clientOptions: { slackApiUrl: fake.apiUrl, timeout: TIMEOUT_MS }, log: silentLogger }),
  );
  apps.push(app);
  return app;
}

/** A Slack channel subscribed to a topic with `count` matching papers waiting for its 09:00 digest. */
async function setup(options: { count?: number; channel?: string; extra?: Parameters<typeof testApp>[2] } = {}): Promise<Setup> {
  const fake = await startFakeSlack();
  fakes.push(fake);
  fake.tokens.set('xoxb-matrix', TEAM);
  const clock = manualClock('2026-11-16T06:00:00Z');
  const app = slackApp(fake, clock, ':memory:', options.extra);
  clock.advance(60_000);
  const who = invoker('slack', TEAM, options.channel ?? 'C0MATRIX', true);
  await app.run('schedule 09:00 UTC weekdays picks 20', who);
  await app.run('subscribe recsys cold-start', who);
  const titles = Array.from({ length: options.count ?? 3 }, (_, i) => `Cold-start recommender number ${String(i + 1).padStart(2, '0')}`);
  await app.papers.upsertPapers(titles.map((t) => paper(t, 'A recommender system for the cold start problem.')), '2026-11-16T08:00:00Z');
  return {
    fake,
    app,
    clock,
    titles,
    async tick(at) {
      clock.set(at);
      await app.services.digests.runDue(new Date(at));
    },
  };
}

const digestMessages = (fake: FakeSlack, channel = 'C0MATRIX'): PostedMessage[] =>
  fake.messages.filter((m) => m.channel === channel && m.metadata?.event_type === DIGEST_METADATA_EVENT_TYPE);

/** The digest titles the channel shows, in the order a reader scrolls. */
function titlesIn(fake: FakeSlack, titles: string[], channel = 'C0MATRIX'): string[] {
  const text = digestMessages(fake, channel)
    .map((m) => JSON.stringify(m.blocks))
    .join('\n');
  return titles
    .flatMap((t) => {
      const found: number[] = [];
      for (let at = text.indexOf(t); at >= 0; at = text.indexOf(t, at + 1)) found.push(at);
      return found.map((at) => ({ t, at }));
    })
    .sort((a, b) => a.at - b.at)
    .map((x) => x.t);
}

const digestRows = (app: SqliteApp) => app.database.sqlite.prepare('SELECT status, error FROM digests').all() as Array<{ status: string; error: string | null }>;
const notices = (fake: FakeSlack) => fake.messages.filter((m) => !m.metadata);

/** Every pick exactly once, in the digest's order (the titles are ranked alike, so in store order or its reverse). */
function expectEachOnce(s: Setup): void {
  const shown = titlesIn(s.fake, s.titles);
  expect([...shown].sort()).toEqual([...s.titles].sort());
  expect(new Set(shown).size).toBe(shown.length);
}

describe('Slack fault matrix: a digest arrives exactly once', () => {
  it('a post Slack records but answers after the client timed out: looked up, not posted again', async () => {
    const s = await setup();
    s.fake.fault('chat.postMessage', { delayMs: LATE_MS });
    await s.tick('2026-11-16T09:00:00Z');
    expect(digestRows(s.app)[0]!.status).toBe('pending');
    await new Promise((resolve) => setTimeout(resolve, LATE_MS));
    await s.tick('2026-11-16T09:01:00Z');
    expectEachOnce(s);
    expect(s.fake.callsOf('chat.postMessage')).toHaveLength(1);
    expect(digestRows(s.app)).toEqual([{ status: 'sent', error: null }]);
  });

  it.each([
    ['internal_error after the post was recorded', { answer: { body: { ok: false, error: 'internal_error' } } }],
    ['fatal_error after the post was recorded', { answer: { body: { ok: false, error: 'fatal_error' } } }],
    ['HTTP 500 after the post was recorded', { answer: { status: 500, body: { ok: false } } }],
    ['HTTP 503 after the post was recorded', { answer: { status: 503, body: { ok: false } } }],
  ])('%s: looked up, not posted again', async (_name, fault) => {
    const s = await setup();
    s.fake.fault('chat.postMessage', fault);
    await s.tick('2026-11-16T09:00:00Z');
    await s.tick('2026-11-16T09:01:00Z');
    expectEachOnce(s);
    expect(s.fake.callsOf('chat.postMessage')).toHaveLength(1);
    expect(digestRows(s.app)[0]!.status).toBe('sent');
  });

  it('a 429 with Retry-After: not posted by Slack, so sent again after the wait, once', async () => {
    const s = await setup();
    s.fake.script('chat.postMessage', { status: 429, headers: { 'Retry-After': '30' }, body: { ok: false, error: 'ratelimited' } });
    await s.tick('2026-11-16T09:00:00Z');
    expect((await s.app.services.digests.pending())[0]!.lastError).toContain('ratelimited');
    // /papers list says the digest is late, why, and when paperboy tries again.
    const list = JSON.stringify((await s.app.run('list', invoker('slack', TEAM, 'C0MATRIX'))).blocks);
    expect(list).toContain('not delivered yet');
    expect(list).toContain('next try');
    await s.tick('2026-11-16T09:02:00Z');
    expectEachOnce(s);
    expect(s.fake.callsOf('chat.postMessage')).toHaveLength(2);
  });

  it('a crash after the post, in a public channel paperboy only posts to (chat:write.public): it joins to read history, finds the post', async () => {
    const s = await setup({
      extra: {
        onDeliveryStep: (step) => {
          if (step === 'posted#0') throw new Error('killed');
        },
      },
    });
    await s.tick('2026-11-16T09:00:00Z');
    expect(digestMessages(s.fake)).toHaveLength(1);
    expect(s.fake.conversations.get('C0MATRIX')?.is_member ?? false).toBe(false);
    await s.tick('2026-11-16T09:01:00Z');
    expect(s.fake.callsOf('conversations.join')).toHaveLength(1);
    expectEachOnce(s);
    expect(digestRows(s.app)[0]!.status).toBe('sent');
  });

  it('a look-up Slack cannot answer (history rate-limited): nothing is posted again, the channel is told, and it settles once Slack answers', async () => {
    const s = await setup();
    s.fake.conversations.set('C0MATRIX', { is_member: true });
    s.fake.fault('chat.postMessage', { answer: { body: { ok: false, error: 'internal_error' } } });
    const limited = { status: 429, headers: { 'Retry-After': '1' }, body: { ok: false, error: 'ratelimited' } };
    s.fake.script('conversations.history', limited, limited, limited);
    for (const at of ['2026-11-16T09:00:00Z', '2026-11-16T09:01:00Z', '2026-11-16T09:03:00Z', '2026-11-16T09:07:00Z']) await s.tick(at);
    expect(digestMessages(s.fake)).toHaveLength(1);
    expect(notices(s.fake).map((m) => m.text).join(' ')).toContain('could not confirm whether the digest');
    expect((await s.app.services.digests.pending())[0]!.lastError).toContain('ratelimited');
    await s.tick('2026-11-16T09:20:00Z');
    expectEachOnce(s);
    expect(digestRows(s.app)[0]!.status).toBe('sent');
  });

  it('205 messages after the digest: the look-up pages through history by the post’s time and finds it', async () => {
    const s = await setup({
      extra: {
        onDeliveryStep: (step) => {
          if (step === 'posted#0') throw new Error('killed');
        },
      },
    });
    s.fake.conversations.set('C0MATRIX', { is_member: true });
    await s.tick('2026-11-16T09:00:00Z');
    const [digest] = digestMessages(s.fake);
    for (let i = 1; i <= 205; i++) s.fake.messages.push({ ts: `${Number(digest!.ts.split('.')[0]) + i}.000000`, channel: 'C0MATRIX', text: `chatter ${i}`, blocks: [] });
    await s.tick('2026-11-16T09:01:00Z');
    expectEachOnce(s);
    expect(s.fake.callsOf('conversations.history').length).toBeGreaterThanOrEqual(2);
  });

  it('a two-message digest whose second message gets a 500 after Slack recorded it: each paper once, in order', async () => {
    const s = await setup({ count: 15 });
    s.fake.fault('chat.postMessage', {}, { answer: { status: 500, body: { ok: false } } });
    await s.tick('2026-11-16T09:00:00Z');
    await s.tick('2026-11-16T09:01:00Z');
    expect(digestMessages(s.fake)).toHaveLength(2);
    expectEachOnce(s);
  });

  it.each([
    ['missing_scope', false],
    ['restricted_action', false],
    ['ekm_access_denied', false],
    ['invalid_blocks', true],
    ['msg_too_long', true],
  ])('%s pauses the channel with the reason and the fix, after one try, and tells people', async (code, reachable) => {
    const s = await setup();
    s.fake.script('chat.postMessage', { body: { ok: false, error: code } });
    await s.tick('2026-11-16T09:00:00Z');
    await s.tick('2026-11-16T09:05:00Z');
    const channel = (await s.app.services.subscriptions.findChannel({ platform: 'slack', workspaceId: TEAM, channelId: 'C0MATRIX' }))!;
    expect(channel.pausedAt).not.toBeNull();
    expect(channel.pauseReason).toContain(code);
    const told = notices(s.fake);
    // Into the channel when it can still take a message; otherwise to whoever set up its subscriptions.
    expect(told.map((m) => m.channel)).toEqual([reachable ? 'C0MATRIX' : 'U-C0MATRIX']);
    expect(told[0]!.text).toContain('paused');
    expect(digestRows(s.app)[0]!.status).toBe('failed');
    const list = await s.app.run('list', invoker('slack', TEAM, 'C0MATRIX'));
    expect(JSON.stringify(list.blocks)).toContain('paused');
    const status = await s.app.run('status', invoker('slack', TEAM, 'C0OTHER'));
    expect(JSON.stringify(status.blocks)).toContain('Paused: C0MATRIX');
    // Whoever uses /papers there next is told too, in case the notice reached nobody.
    const search = await s.app.run('recsys', invoker('slack', TEAM, 'C0MATRIX'));
    expect(JSON.stringify(search.blocks)).toContain('digests are paused');
    // The papers were given back: resumed, the channel gets them.
    s.fake.script('conversations.info', { body: { ok: true, channel: { id: 'C0MATRIX', is_member: true, is_channel: true } } });
    await s.app.run('resume', invoker('slack', TEAM, 'C0MATRIX', true));
    await s.tick('2026-11-17T09:00:00Z');
    expectEachOnce(s);
  });

  it('an error code Slack does not document: three tries with backoff, then a pause that shows the raw code', async () => {
    const s = await setup();
    const weird = { body: { ok: false, error: 'brand_new_error' } };
    s.fake.script('chat.postMessage', weird, weird, weird);
    for (const at of ['2026-11-16T09:00:00Z', '2026-11-16T09:02:00Z', '2026-11-16T09:05:00Z', '2026-11-16T09:10:00Z']) await s.tick(at);
    expect(s.fake.callsOf('chat.postMessage').filter((c) => c.params['metadata'])).toHaveLength(3);
    const channel = (await s.app.services.subscriptions.findChannel({ platform: 'slack', workspaceId: TEAM, channelId: 'C0MATRIX' }))!;
    expect(channel.pauseReason).toContain('brand_new_error');
  });

  it('a failed scheduled post and a manual digest in the same minute: two digests, two keys, every paper once', async () => {
    const s = await setup();
    s.fake.script('chat.postMessage', { body: { ok: false, error: 'ratelimited' } });
    await s.tick('2026-11-16T09:00:00Z');
    await s.app.papers.upsertPapers([paper('Cold-start recommender late arrival', 'A recommender system for the cold start problem.')], '2026-11-16T09:00:20Z');
    s.clock.set('2026-11-16T09:00:40Z');
    await s.app.run('digest now', invoker('slack', TEAM, 'C0MATRIX', true));
    await s.tick('2026-11-16T09:05:00Z');
    const keys = digestMessages(s.fake).map((m) => m.metadata!.event_payload['key']);
    expect(new Set(keys).size).toBe(keys.length);
    const all = [...s.titles, 'Cold-start recommender late arrival'];
    const shown = titlesIn(s.fake, all);
    expect([...shown].sort()).toEqual([...all].sort());
  });
});

describe('Slack: two paperboy processes on one store', () => {
  it('10 channels due in the same minute, Slack answering in 200 ms: each digest posted once', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'paperboy-two-'));
    dirs.push(dir);
    const databasePath = join(dir, 'paperboy.db');
    const fake = await startFakeSlack();
    fakes.push(fake);
    fake.tokens.set('xoxb-matrix', TEAM);
    const clock = manualClock('2026-11-16T06:00:00Z');
    const first = slackApp(fake, clock, databasePath);
    clock.advance(60_000);
    const channels = Array.from({ length: 10 }, (_, i) => `C0TWO${i}`);
    for (const id of channels) {
      const who = invoker('slack', TEAM, id, true);
      await first.run('schedule 09:00 UTC weekdays', who);
      await first.run('subscribe recsys cold-start', who);
    }
    await first.papers.upsertPapers([paper('Cold-start recommender shared by all', 'A recommender system for the cold start problem.')], '2026-11-16T08:00:00Z');
    const second = slackApp(fake, clock, databasePath);
    fake.fault('chat.postMessage', ...Array.from({ length: 20 }, () => ({ delayMs: 200 })));
    clock.set('2026-11-16T09:00:00Z');
    await Promise.all([(await first.services.digests.runDue(clock.now())), (await second.services.digests.runDue(clock.now()))]);
    clock.set('2026-11-16T09:01:00Z');
    await Promise.all([(await first.services.digests.runDue(clock.now())), (await second.services.digests.runDue(clock.now()))]);
    for (const id of channels) expect(digestMessages(fake, id), id).toHaveLength(1);
    expect(first.database.sqlite.prepare("SELECT count(*) AS n FROM digests WHERE status = 'sent'").get()).toEqual({ n: 10 });
  });
});
