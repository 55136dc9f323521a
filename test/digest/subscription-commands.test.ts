import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.ts';
import { renderReplyText } from '../../src/core/render-text.ts';
import { invoker, manualClock, testApp } from './digest-helpers.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('subscription commands', () => {
  let app: App;
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
