import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { SqliteApp } from '../../src/app.ts';
import type { Invoker, PostingProblem } from '../../src/commands/command-context.ts';
import { silentLogger, type Logger } from '../../src/core/logger.ts';
import { renderReplyText } from '../../src/core/render-text.ts';
import { invoker, manualClock, testApp } from './digest-helpers.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('subscription commands', () => {
  let app: SqliteApp;
  afterEach(() => app?.close());
  const member = invoker('slack', 'T-A', 'C-1');

  it('subscribe, list and unsubscribe, scoped to the channel', async () => {
    app = testApp(manualClock('2026-11-22T10:00:00Z'));
    const sub = renderReplyText(await app.run('/papers subscribe recsys cold-start', member));
    expect(sub).toMatch(/Subscribed this channel to “recsys cold-start” \(#1\)/);
    expect(sub).toMatch(/Next digest: Mon 23 Nov, 09:00 UTC/);
    expect(renderReplyText(await app.run('subscribe recsys cold-start', member))).toMatch(/already subscribed/);
    expect(renderReplyText(await app.run('list', member))).toMatch(/#1 topic: recsys cold-start/);
    // Another channel cannot remove this channel's subscription by number.
    const other = await app.run('unsubscribe 1', invoker('slack', 'T-A', 'C-2'));
    expect(other.failed).toBe(true);
    expect(renderReplyText(await app.run('unsubscribe #1', member))).toMatch(/Removed #1/);
    expect(renderReplyText(await app.run('list', member))).toMatch(/follows nothing yet/);
  });

  it('limits: 50 subscriptions per channel and 500-character queries, with messages that say how to fix it', async () => {
    app = testApp(manualClock('2026-11-22T10:00:00Z'));
    for (let i = 0; i < 50; i++) expect((await app.run(`subscribe topic${i}`, member)).failed).toBeUndefined();
    const full = await app.run('subscribe one more', member);
    expect(full.failed).toBe(true);
    expect(renderReplyText(full)).toMatch(/already has 50 subscriptions.*\n.*unsubscribe/s);
    const long = await app.run(`subscribe ${'x'.repeat(501)}`, invoker('slack', 'T-A', 'C-3'));
    expect(long.failed).toBe(true);
    expect(renderReplyText(long)).toMatch(/501 characters long; the limit is 500/);
  });

  it('changes are open to channel members unless the workspace restricts them to admins', async () => {
    app = testApp(manualClock('2026-11-22T10:00:00Z'));
    expect((await app.run('subscribe llm agents', member)).failed).toBeUndefined();
    app.database.sqlite.prepare("UPDATE workspaces SET admins_only = 1 WHERE team_id = 'T-A'").run();
    const denied = await app.run('subscribe gnn', member);
    expect(denied.failed).toBe(true);
    expect(renderReplyText(denied)).toMatch(/only admins/);
    expect((await app.run('recsys cold-start', member)).failed).toBeUndefined(); // anyone may search
    expect((await app.run('subscribe gnn', invoker('slack', 'T-A', 'C-1', true))).failed).toBeUndefined();
  });

  it('follow: an exact name resolves with evidence; an ambiguous one offers choices; an unknown one says how to fix it', async () => {
    app = testApp(manualClock('2026-11-22T10:00:00Z'));
    const exact = renderReplyText(await app.run('follow Anoop Deoras', member));
    expect(exact).toMatch(/now follows Anoop Deoras/);
    expect(exact).toMatch(/papers · latest: “/);
    const ambiguous = renderReplyText(await app.run('follow Ding', member));
    expect(ambiguous).toMatch(/More than one author could be “Ding”/);
    expect(ambiguous).toMatch(/Follow Hao Ding: \/papers follow #\d+/);
    const choice = /Follow Hao Ding: \/papers follow (#\d+)/.exec(ambiguous)![1]!;
    expect(renderReplyText(await app.run(`follow ${choice}`, member))).toMatch(/now follows Hao Ding/);
    const typo = renderReplyText(await app.run('follow Anop Deoras', member));
    expect(typo).toMatch(/Anoop Deoras/); // offered, not silently followed
    expect(typo).toMatch(/Which one should this channel follow/);
    const unknown = await app.run('follow Zzyzx Qwerty', member);
    expect(unknown.failed).toBe(true);
    expect(renderReplyText(unknown)).toMatch(/ORCID/);
    expect(renderReplyText(await app.run('unfollow anoop deoras', member))).toMatch(/no longer follows Anoop Deoras/);
  });

  it('follow by an external id keeps the id and matches every author row that carries it', async () => {
    app = testApp(manualClock('2026-11-22T10:00:00Z'));
    const reply = renderReplyText(await app.run('follow A5023888391', member));
    expect(reply).toMatch(/now follows A5023888391/);
    const row = app.database.sqlite.prepare("SELECT external_id, kind FROM subscriptions").get();
    expect(row).toEqual({ external_id: 'A5023888391', kind: 'author' });
  });

  it('schedule validates time, zone, days, picks and empty-day choice', async () => {
    app = testApp(manualClock('2026-11-22T10:00:00Z'));
    expect(renderReplyText(await app.run('schedule 08:30 Asia/Tokyo daily picks 10 quiet', member))).toMatch(
      /daily at 08:30 Asia\/Tokyo, up to 10 papers, quiet on empty days/,
    );
    for (const [input, message] of [
      ['schedule 25:00', /not a time of day/],
      ['schedule 09:00 Mars/Olympus', /not a time zone/],
      ['schedule 09:00 UTC picks 99', /picks must be a whole number from 1 to 20/],
    ] as const) {
      const r = await app.run(input, member);
      expect(r.failed).toBe(true);
      expect(renderReplyText(r)).toMatch(message);
    }
  });
});

describe('can paperboy post here? (the invoker’s postingCheck)', () => {
  let app: SqliteApp;
  afterEach(() => app?.close());
  const problem = { reason: 'it is a private channel paperboy was not invited to', fix: 'Invite it with /invite @paperboy' };
  /** An invoker whose platform answers `answer` to every check, counting the checks. */
  const checked = (answer: () => Promise<PostingProblem | null>, channelId = 'C-9') => {
    const calls = { count: 0 };
    const who: Invoker = { ...invoker('slack', 'T-A', channelId), postingCheck: () => (calls.count++, answer()) };
    return { who, calls };
  };
  const tables = () => ({
    channels: app.database.sqlite.prepare('SELECT channel_id, post_time, paused_at FROM channels').all(),
    subscriptions: app.database.sqlite.prepare('SELECT query FROM subscriptions').all(),
  });

  it('subscribe, follow and schedule answer with the fix as a user error and store nothing', async () => {
    app = testApp(manualClock('2026-11-22T10:00:00Z'));
    const { who, calls } = checked(async () => problem);
    const before = tables();
    for (const [text, again] of [
      ['subscribe recsys cold-start', 'subscribe recsys cold-start'],
      ['follow Anoop Deoras', 'follow Anoop Deoras'],
      ['follow Ding', 'follow Ding'], // before offering a choice, too
      ['schedule 08:30 Asia/Tokyo daily picks 10 quiet', 'schedule 08:30 Asia/Tokyo daily picks 10 quiet'],
    ] as const) {
      const reply = await app.run(text, who);
      expect(reply.failed).toBe(true);
      expect(reply.visibility).toBe('ephemeral');
      expect(renderReplyText(reply)).toContain(
        `paperboy cannot post in this channel: it is a private channel paperboy was not invited to.\nInvite it with /invite @paperboy, then run /papers ${again} again.`,
      );
    }
    expect(calls.count).toBe(4);
    expect(tables()).toEqual(before);
  });

  it('commands that set up no digest never ask: search, list, pause, schedule without options, input errors first', async () => {
    app = testApp(manualClock('2026-11-22T10:00:00Z'));
    const { who, calls } = checked(async () => problem);
    for (const text of ['recsys cold-start', 'list', 'schedule', 'pause', 'subscribe', 'follow Zzyzx Qwerty', 'schedule 25:00']) await app.run(text, who);
    expect(calls.count).toBe(0);
  });

  it('resume keeps a paused channel paused while paperboy cannot post there, and resumes once it can', async () => {
    app = testApp(manualClock('2026-11-22T10:00:00Z'));
    let answer: PostingProblem | null = null;
    const { who } = checked(async () => answer);
    expect((await app.run('subscribe recsys cold-start', who)).failed).toBeUndefined();
    await app.services.subscriptions.setPaused((await app.services.subscriptions.findChannel({ platform: 'slack', workspaceId: 'T-A', channelId: 'C-9' }))!.id, '2026-11-22T10:00:00Z', 'not_in_channel');
    answer = problem;
    const refused = await app.run('resume', who);
    expect(refused.failed).toBe(true);
    expect(renderReplyText(refused)).toMatch(/Invite it with \/invite @paperboy, then run \/papers resume again\./);
    expect(tables().channels).toEqual([{ channel_id: 'C-9', post_time: '09:00', paused_at: '2026-11-22T10:00:00Z' }]);
    answer = null;
    expect(renderReplyText(await app.run('resume', who))).toMatch(/back on \(they were paused: not_in_channel\)/);
    expect(tables().channels).toEqual([{ channel_id: 'C-9', post_time: '09:00', paused_at: null }]);
  });

  it('a check that cannot tell (rate limit, network) lets the command go ahead and logs why', async () => {
    const lines: { obj: object; msg: string | undefined }[] = [];
    const log: Logger = { ...silentLogger, warn: (obj, msg) => void lines.push({ obj, msg }), child: () => log };
    app = testApp(manualClock('2026-11-22T10:00:00Z'), ':memory:', { log });
    const { who } = checked(() => Promise.reject(new Error('slack conversations.info failed: http_429')));
    expect(renderReplyText(await app.run('subscribe recsys cold-start', who))).toMatch(/Subscribed this channel/);
    expect(lines).toEqual([
      {
        msg: 'could not check whether paperboy can post in the channel; going ahead',
        obj: { reason: 'slack conversations.info failed: http_429', command: 'subscribe', platform: 'slack', workspace: 'T-A', channel: 'C-9', user: 'U-C-9' },
      },
    ]);
  });
});

describe('the console flow a newcomer follows', () => {
  it('subscribe, import new papers, digest twice: the first posts the matches with reasons, the second nothing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'paperboy-flow-'));
    dirs.push(dir);
    const env = { ...process.env, DATABASE_PATH: join(dir, 'paperboy.db'), LOG_LEVEL: 'silent' };
    const cli = (...args: string[]) => spawnSync(process.execPath, ['bin/paperboy.js', ...args], { cwd: ROOT, env, encoding: 'utf8' });
    expect(cli('chat', '/papers subscribe recsys cold-start').stdout).toMatch(/Subscribed this channel/);
    const file = join(dir, 'new-papers.jsonl');
    const record = (id: string, title: string) =>
      JSON.stringify({ id, title, abstract: 'We address the cold-start problem of recommender systems.', authors: 'Ada Lovelace and Alan Turing', categories: 'cs.IR', versions: [{ version: 'v1', created: 'Mon, 23 Nov 2026 10:00:00 GMT' }] });
    writeFileSync(file, [record('2611.99001', 'Cold-start recommendation with LLM priors'), record('2611.99002', 'Meta-learning for cold start recommenders')].join('\n'));
    expect(cli('import', file).stdout).toMatch(/2 new/);
    const first = cli('digest', '--channel', 'console');
    expect(first.status).toBe(0);
    expect(first.stdout).toMatch(/posted 2 papers/);
    expect(first.stdout).toMatch(/Cold-start recommendation with LLM priors/);
    expect(first.stdout).toMatch(/matches: recsys cold-start/);
    const second = cli('digest', '--channel', 'console');
    expect(second.status).toBe(0);
    expect(second.stdout).toMatch(/no new papers since the last digest; nothing posted/);
  });
});
