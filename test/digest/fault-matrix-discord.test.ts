/**
 * The Discord fault matrix: the real digest job and discord.js's REST client against the fake
 * Discord API (test/discord/fake-discord-api.ts), which behaves as Discord documents: listings
 * without nonces, enforce_nonce only within a short window, history only with Read Message
 * History, 5xx after a stored message, late answers. Each row asserts what the channel finally
 * holds: every pick exactly once, in order, or the channel or its subscriber told.
 */
import { REST } from 'discord.js';
import { afterEach, describe, expect, it } from 'vitest';
import { createButtonIds } from '../../src/adapters/discord/button-ids.ts';
import { createDiscordPoster } from '../../src/adapters/discord/discord-poster.ts';
import type { SqliteApp } from '../../src/app.ts';
import { silentLogger } from '../../src/core/logger.ts';
import { startFakeDiscordApi, type FakeDiscordApi, type RecordedRequest } from '../discord/fake-discord-api.ts';
import { invoker, manualClock, testApp } from './digest-helpers.ts';
import { paper } from '../support/papers.ts';

const GUILD = '100000000000000000';
const CHANNEL = '700000000000000100';
const BOT = '200000000000000000';
const TIMEOUT_MS = 400;

const apps: SqliteApp[] = [];
const fakes: FakeDiscordApi[] = [];
afterEach(async () => {
  apps.splice(0).forEach((a) => a.close());
  await Promise.all(fakes.splice(0).map((f) => f.close()));
});

interface Setup {
  api: FakeDiscordApi;
  app: SqliteApp;
  titles: string[];
  tick(at: string): Promise<void>;
}

async function setup(options: { count?: number; extra?: Parameters<typeof testApp>[2] } = {}): Promise<Setup> {
  const api = await startFakeDiscordApi({ applicationId: BOT, botUserId: BOT });
  fakes.push(api);
  const clock = manualClock('2026-11-16T06:00:00Z');
  const app = testApp(clock, ':memory:', options.extra);
  apps.push(app);
  const rest = new REST({ api: api.url, retries: 0, timeout: TIMEOUT_MS }).setToken('discord-matrix-token');
  app.registerPoster('discord', createDiscordPoster({ rest, buttonIds: createButtonIds({ clock }), botUserId: () => BOT, log: silentLogger }));
  clock.advance(60_000);
  const who = invoker('discord', GUILD, CHANNEL, true);
  await app.run('schedule 09:00 UTC weekdays picks 20', who);
  await app.run('subscribe recsys cold-start', who);
  const titles = Array.from({ length: options.count ?? 3 }, (_, i) => `Cold-start recommender number ${String(i + 1).padStart(2, '0')}`);
  await app.papers.upsertPapers(titles.map((t) => paper(t, 'A recommender system for the cold start problem.')), '2026-11-16T08:00:00Z');
  return {
    api,
    app,
    titles,
    async tick(at) {
      clock.set(at);
      await app.services.digests.runDue(new Date(at));
    },
  };
}

const isPost = (r: RecordedRequest) => r.method === 'POST' && r.path === `/channels/${CHANNEL}/messages`;
const digestPosts = (api: FakeDiscordApi) => api.messagesIn(CHANNEL).filter((m) => String(m['content']).includes('paperboy digest'));

/** The digest titles the channel shows, in the order a member scrolls. */
function titlesIn(api: FakeDiscordApi): string[] {
  return digestPosts(api).flatMap((m) => (m['embeds'] as Array<{ title?: string }>).flatMap((e) => (e.title ? [e.title.replace(/^\d+\.\s*/, '')] : [])));
}

function expectEachOnceInOrder(s: Setup, expectedOrder?: string[]): void {
  const shown = titlesIn(s.api).filter((t) => s.titles.includes(t));
  expect([...shown].sort()).toEqual([...s.titles].sort());
  expect(new Set(shown).size).toBe(shown.length);
  if (expectedOrder) expect(shown).toEqual(expectedOrder);
}

const digestStatus = (app: SqliteApp) => (app.database.sqlite.prepare('SELECT status FROM digests').all() as Array<{ status: string }>).map((r) => r.status);

describe('Discord fault matrix: a digest arrives exactly once', () => {
  it('a three-message digest whose message 2 fails with HTTP 500 four times: all 20 papers once, in order', async () => {
    const s = await setup({ count: 20 });
    let failures = 0;
    let posts = 0;
    s.api.intercept((r) => {
      if (!isPost(r)) return undefined;
      posts++;
      // The second message of the digest, not stored: an outage on Discord's side.
      if (posts >= 2 && failures < 4 && String(r.body?.content).includes('part 2 of')) {
        failures++;
        return { status: 500, body: { message: '500: Internal Server Error', code: 0 } };
      }
      return undefined;
    });
    for (const at of ['09:00', '09:01', '09:03', '09:07', '09:15', '09:31']) await s.tick(`2026-11-16T${at}:00Z`);
    expect(failures).toBe(4);
    expect(digestPosts(s.api)).toHaveLength(3);
    expectEachOnceInOrder(s);
    expect(digestStatus(s.app)).toEqual(['sent']);
  });

  it('a 500 after Discord stored message 2: found by its marker, not posted again', async () => {
    const s = await setup({ count: 20 });
    s.api.fault((r) => isPost(r) && String(r.body?.content).includes('part 2 of'), { answer: { status: 502, body: { message: 'Bad Gateway', code: 0 } } });
    await s.tick('2026-11-16T09:00:00Z');
    await s.tick('2026-11-16T09:01:00Z');
    expect(digestPosts(s.api)).toHaveLength(3);
    expectEachOnceInOrder(s);
  });

  it('an answer after the client’s timeout although the message was stored: found, not posted again', async () => {
    const s = await setup();
    s.api.fault(isPost, { delayMs: 1_200 });
    await s.tick('2026-11-16T09:00:00Z');
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    await s.tick('2026-11-16T09:01:00Z');
    expect(digestPosts(s.api)).toHaveLength(1);
    expectEachOnceInOrder(s);
  });

  it('killed after message 1 was posted and restarted 30 minutes later, past enforce_nonce’s window: message 1 once, then 2 and 3', async () => {
    let killed = false;
    const s = await setup({
      count: 20,
      extra: {
        onDeliveryStep: (step) => {
          if (step === 'posted#1' && !killed) {
            killed = true;
            throw new Error('killed');
          }
        },
      },
    });
    await s.tick('2026-11-16T09:00:00Z');
    s.api.nonceWindow.ms = 0;
    await s.tick('2026-11-16T09:30:00Z');
    expect(digestPosts(s.api)).toHaveLength(3);
    expectEachOnceInOrder(s);
  });

  it('a 429 with Retry-After: discord.js waits it out and posts once', async () => {
    const s = await setup();
    let limited = false;
    s.api.intercept((r) => {
      if (!isPost(r) || limited) return undefined;
      limited = true;
      return { status: 429, headers: { 'retry-after': '1', 'x-ratelimit-scope': 'user' }, body: { message: 'You are being rate limited.', retry_after: 0.2, global: false } };
    });
    await s.tick('2026-11-16T09:00:00Z');
    expect(digestPosts(s.api)).toHaveLength(1);
    expectEachOnceInOrder(s);
  });

  it.each([
    [50013, 'Missing Permissions', false],
    [50001, 'Missing Access', false],
    [10003, 'Unknown Channel', false],
    [50035, 'Invalid Form Body', true],
  ])('JSON code %i (%s) pauses the channel with the reason and the fix after one try, and tells people', async (code, message, reachable) => {
    const s = await setup();
    let answered = false;
    s.api.intercept((r) => {
      if (!isPost(r) || answered || !String(r.body?.content).includes('paperboy digest')) return undefined;
      answered = true;
      return { status: code === 10003 ? 404 : code === 50035 ? 400 : 403, body: { message, code } };
    });
    await s.tick('2026-11-16T09:00:00Z');
    await s.tick('2026-11-16T09:05:00Z');
    const channel = (await s.app.services.subscriptions.findChannel({ platform: 'discord', workspaceId: GUILD, channelId: CHANNEL }))!;
    expect(channel.pauseReason).toContain(`discord ${code}`);
    expect(s.api.requests.filter((r) => isPost(r) && String(r.body?.content).includes('paperboy digest'))).toHaveLength(1);
    const dm = s.api.requests.filter((r) => r.method === 'POST' && r.path === '/users/@me/channels');
    const toldInChannel = s.api.messagesIn(CHANNEL).some((m) => JSON.stringify(m['embeds']).includes('paused'));
    expect(toldInChannel || dm.length === 1).toBe(true);
    if (reachable) expect(toldInChannel).toBe(true);
    else expect(dm.map((r) => r.body.recipient_id)).toEqual([`U-${CHANNEL}`]);
  });

  it('a JSON code Discord does not list: three tries with backoff, then a pause showing the raw code', async () => {
    const s = await setup();
    s.api.intercept((r) => (isPost(r) && String(r.body?.content).includes('paperboy digest') ? { status: 400, body: { message: 'Something new', code: 777777 } } : undefined));
    for (const at of ['09:00', '09:02', '09:05', '09:10']) await s.tick(`2026-11-16T${at}:00Z`);
    const channel = (await s.app.services.subscriptions.findChannel({ platform: 'discord', workspaceId: GUILD, channelId: CHANNEL }))!;
    expect(channel.pauseReason).toContain('777777');
    expect(s.api.requests.filter((r) => isPost(r) && String(r.body?.content).includes('paperboy digest'))).toHaveLength(3);
  });

  it('a look-up without Read Message History: nothing is posted again, the channel is told, and it settles once it can read', async () => {
    const s = await setup();
    s.api.noHistory.add(CHANNEL);
    s.api.fault(isPost, { answer: { status: 503, body: { message: 'Service Unavailable', code: 0 } } });
    for (const at of ['09:00', '09:01', '09:03', '09:07']) await s.tick(`2026-11-16T${at}:00Z`);
    expect(digestPosts(s.api)).toHaveLength(1);
    expect(s.api.messagesIn(CHANNEL).some((m) => JSON.stringify(m['embeds']).includes('could not confirm'))).toBe(true);
    s.api.noHistory.delete(CHANNEL);
    await s.tick('2026-11-16T09:30:00Z');
    expect(digestPosts(s.api)).toHaveLength(1);
    expectEachOnceInOrder(s);
    expect(digestStatus(s.app)).toEqual(['sent']);
  });
});
