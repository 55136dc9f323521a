/**
 * The learning commands as a person uses them: in the console chat (app.run as the console
 * invoker) and through the stable command lines other tools drive (`paperboy chat "/papers rate
 * <id> up"`, `paperboy digest --channel console --dry-run --json`).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { SqliteApp } from '../../src/app.ts';
import { CONSOLE_INVOKER } from '../../src/adapters/console/console-chat.ts';
import { renderConsoleReply } from '../../src/adapters/console/render-console.ts';
import type { Invoker } from '../../src/commands/command-context.ts';
import type { Reply } from '../../src/core/reply.ts';
import { cliEnv, runCli } from '../cli/run-cli.ts';
import { invoker, manualClock, testApp } from '../digest/digest-helpers.ts';
import { makePaper } from '../support/papers.ts';
import { topicPaper, type Topic } from './topic-papers.ts';

const NOW = '2026-11-23T08:00:00Z';
const apps: SqliteApp[] = [];
const folders: string[] = [];

afterEach(() => {
  for (const app of apps.splice(0)) app.close();
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

function tempFolder(): string {
  const folder = mkdtempSync(join(tmpdir(), 'paperboy-learning-'));
  folders.push(folder);
  return folder;
}

function open(path = ':memory:'): SqliteApp {
  const app = testApp(manualClock(NOW), path);
  apps.push(app);
  return app;
}

/** The reply as the console prints it. */
async function say(app: SqliteApp, line: string, who: Invoker = CONSOLE_INVOKER): Promise<{ text: string; reply: Reply }> {
  const reply = await app.run(line, who);
  return { text: renderConsoleReply(reply, false), reply };
}

describe('/papers rate', () => {
  it('records, changes and clears one person’s rating, and shows the channel’s tally', async () => {
    const app = open();
    const [paper] = [makePaper({ title: 'Cold-start recommendation with meta learning' })];
    await app.papers.upsertPapers([paper!], NOW);
    const up = await say(app, `rate ${paper!.id} up`);
    expect(up.reply.visibility).toBe('ephemeral');
    expect(up.text).toContain('👍 on “Cold-start recommendation with meta learning”.');
    expect(up.text).toContain('This channel: 1 👍 · 0 👎');
    // Someone else in the same channel adds theirs.
    const colleague = { ...CONSOLE_INVOKER, userId: 'colleague', userName: 'Ana' };
    expect((await say(app, `rate ${paper!.id} up`, colleague)).text).toContain('This channel: 2 👍 · 0 👎');
    expect((await say(app, `rate ${paper!.id} up`)).text).toContain('You already rated');
    const down = await say(app, `rate ${paper!.id} down`);
    expect(down.text).toContain('👎 on “Cold-start recommendation with meta learning” (changed from 👍).');
    expect(down.text).toContain('This channel: 1 👍 · 1 👎');
    expect((await say(app, `rate https://arxiv.org/abs/${paper!.id}v2 clear`)).text).toContain('Cleared your 👎');
    expect((await say(app, `rate ${paper!.id} clear`)).text).toContain('You had not rated');
  });

  it('says how to fix a wrong rating word or an unknown paper', async () => {
    const app = open();
    const paper = makePaper();
    await app.papers.upsertPapers([paper], NOW);
    const sideways = await say(app, `rate ${paper.id} sideways`);
    expect(sideways.reply.failed).toBe(true);
    expect(sideways.text).toMatch(/up\|down\|clear|up, down or clear/);
    const unknown = await say(app, 'rate no-such-paper up');
    expect(unknown.reply.failed).toBe(true);
    expect(unknown.text).toContain('paperboy has no paper with id “no-such-paper”.');
  });

  it('clear if up takes back a 👍 only (what a removed 👍 reaction runs): a 👎 given since stays', async () => {
    const app = open();
    const paper = makePaper({ title: 'Cold-start bandits' });
    await app.papers.upsertPapers([paper], NOW);
    await say(app, `rate ${paper.id} down`);
    const kept = await say(app, `rate ${paper.id} clear if up`);
    expect(kept.text).toContain('Your rating of “Cold-start bandits” is 👎, not 👍; left as it is.');
    expect(app.database.sqlite.prepare('SELECT paper_id, value FROM paper_ratings').all()).toEqual([{ paper_id: paper.id, value: 'down' }]);
    expect((await say(app, `rate ${paper.id} clear if down`)).text).toContain('Cleared your 👎');
    const misplaced = await say(app, `rate ${paper.id} up if down`);
    expect(misplaced.reply.failed).toBe(true);
    expect(misplaced.text).toContain('“if” goes with clear');
  });
});

describe('/papers save, reading-list and export', () => {
  it('keeps the first saver, lists who and when with the 👍 count, and exports BibTeX and RIS files', async () => {
    const folder = tempFolder();
    const app = open(join(folder, 'paperboy.db'));
    const first = makePaper({ title: 'Graph {neural} networks & 100% drugs', authors: ['Ada Lovelace', 'Alan Turing'], categories: ['cs.LG', 'q-bio.BM'], published: '2026-11-02' });
    const second = makePaper({ title: 'Sequential recommendation', authors: ['Grace Hopper'], published: '2025-05-01' });
    await app.papers.upsertPapers([first, second], NOW);
    expect((await say(app, 'export bibtex')).text).toContain('reading list is empty: nothing to export');
    expect((await say(app, `save ${first.id}`)).text).toContain('Saved “Graph {neural} networks & 100% drugs” to this channel’s reading list.');
    await say(app, `save ${second.id}`, { ...CONSOLE_INVOKER, userId: 'U2', userName: 'Grace' });
    expect((await say(app, `save ${first.id}`, { ...CONSOLE_INVOKER, userId: 'U2', userName: 'Grace' })).text).toContain('already on this channel’s reading list (saved by you on 2026-11-23)');
    await say(app, `rate ${first.id} up`);

    const list = (await say(app, 'reading-list')).text;
    expect(list).toContain('Reading list · 2 papers');
    expect(list).toContain('saved by you on 2026-11-23 · 1 👍');
    expect(list).toContain('saved by Grace on 2026-11-23 · 0 👍');

    const bib = (await say(app, 'export bibtex')).text;
    const bibPath = /to (\S+\.bib)/.exec(bib)![1]!;
    expect(bibPath.startsWith(join(folder, 'exports'))).toBe(true);
    const bibtex = readFileSync(bibPath, 'utf8');
    expect(bibtex).toContain('title = {{Graph \\{neural\\} networks \\& 100\\% drugs}}');
    expect(bibtex).toContain('author = {Ada Lovelace and Alan Turing}');
    expect(bibtex).toContain(`eprint = {${first.id}}`);
    expect(bibtex).toContain('primaryClass = {cs.LG}');
    expect(bibtex.match(/@misc\{/g)).toHaveLength(2);

    const ris = readFileSync(/to (\S+\.ris)/.exec((await say(app, 'export ris')).text)![1]!, 'utf8');
    expect(ris).toContain('TY  - ELEC\nTI  - Graph {neural} networks & 100% drugs\nAU  - Ada Lovelace\nAU  - Alan Turing\nPY  - 2026');
    expect(ris).toContain(`AN  - arXiv:${first.id}`);
    expect(ris.match(/^ER {2}- $/gm)).toHaveLength(2);
  });

  it('in Slack hands the file to the adapter with the reply (Reply.file) instead of writing one', async () => {
    const app = open();
    const paper = makePaper();
    await app.papers.upsertPapers([paper], NOW);
    const slack = invoker('slack', 'T1', 'C1');
    await say(app, `save ${paper.id}`, slack);
    const { text, reply } = await say(app, 'export ris', slack);
    expect(text).toContain('This channel’s reading list: 1 paper as RIS');
    expect(text).not.toMatch(/Wrote/);
    expect(reply.file).toMatchObject({ mimeType: 'application/x-research-info-systems', title: 'This channel’s reading list: 1 paper as RIS' });
    expect(reply.file!.name).toMatch(/^reading-list-C1-\d{4}-\d{2}-\d{2}\.ris$/);
    expect(reply.file!.content).toContain(`AN  - arXiv:${paper.id}`);
  });
});

describe('/papers why and recommend', () => {
  const OTHER: Topic[] = ['vision', 'robots', 'speech', 'markets'];

  async function taughtChannel(app: SqliteApp) {
    const liked = Array.from({ length: 6 }, (_, n) => topicPaper('molecules', n, 1));
    const disliked = [topicPaper('markets', 50, 1)];
    await app.papers.upsertPapers([...liked, ...disliked, ...Array.from({ length: 30 }, (_, n) => topicPaper(OTHER[n % 4]!, n, 1))], '2026-11-10T00:00:00Z');
    for (const paper of liked) await say(app, `rate ${paper.id} up`);
    await say(app, `rate ${disliked[0]!.id} down`);
    await say(app, 'subscribe learning');
    return { liked, disliked };
  }

  it('explains a paper: the subscription it matches, the nearest liked and disliked papers, the strongest terms', async () => {
    const app = open();
    const { liked, disliked } = await taughtChannel(app);
    const fresh = topicPaper('molecules', 40, 1);
    await app.papers.upsertPapers([fresh], NOW);
    const text = (await say(app, `why ${fresh.id}`)).text;
    expect(text).toMatch(/topic “learning”\S*\s+matches \(learning\)/);
    expect(text).toMatch(/\d+% wanted · weighs \d+% of a digest score after 7 ratings and saves/);
    const nearest = /Nearest liked\S*\s+“([^”]+)” \((\S+), 1 👍, similarity [01]\.\d\d\)/.exec(text);
    expect(nearest, text).not.toBeNull();
    expect(liked.map((p) => p.id)).toContain(nearest![2]);
    expect(text).toContain(`“${disliked[0]!.title}” (${disliked[0]!.id}, 1 👎`);
    expect(text).toMatch(/Strongest terms\S*\s+.*\+0\.\d\d/);
  });

  it('before any rating, says the picks follow the subscriptions and how to teach them', async () => {
    const app = open();
    const paper = makePaper({ title: 'Anything at all' });
    await app.papers.upsertPapers([paper], NOW);
    const text = (await say(app, `why ${paper.id}`)).text;
    expect(text).toContain('This channel follows nothing yet');
    expect(text).toContain(`its picks follow its subscriptions alone: /papers rate ${paper.id} up`);
  });

  it('recommends from the last week with each pick’s reason, leaving out older papers', async () => {
    const app = open();
    await taughtChannel(app);
    const old = topicPaper('molecules', 60, 1);
    await app.papers.upsertPapers([old], '2026-11-01T00:00:00Z');
    const week = [topicPaper('molecules', 61, 1), topicPaper('vision', 62, 3), topicPaper('molecules', 63, 0)];
    await app.papers.upsertPapers(week, NOW);
    const { reply, text } = await say(app, 'recommend 3');
    const picks = reply.blocks.flatMap((b) => (b.type === 'paper' ? [b.paper] : []));
    expect(picks.map((p) => p.id)).not.toContain(old.id);
    expect(picks[0]!.id, text).toBe(week[0]!.id);
    expect(picks[0]!.reason).toMatch(/^matches: learning · like ‘.+’ \(1 👍\)$/);
    expect(picks.find((p) => p.id === week[2]!.id)?.reason).toMatch(/^you may also like · like ‘/);
    expect(text).toContain('Picks for this channel · last 7 days');
  });
});

describe('the command lines other tools drive', () => {
  it('paperboy chat "/papers rate <id> up" and "/papers save <id>" act for the console channel; digest --dry-run --json prints its picks in order', async () => {
    const folder = tempFolder();
    const path = join(folder, 'paperboy.db');
    const setup = open(path);
    const liked = Array.from({ length: 10 }, (_, n) => topicPaper('molecules', n, 1));
    await setup.papers.upsertPapers([...liked, ...Array.from({ length: 30 }, (_, n) => topicPaper((['vision', 'robots', 'speech'] as const)[n % 3]!, n, 1))], NOW);
    for (const paper of liked.slice(1)) await say(setup, `rate ${paper.id} up`);
    await say(setup, 'subscribe learning');
    const narrow = [topicPaper('molecules', 20, 1), topicPaper('molecules', 21, 1)];
    await setup.papers.upsertPapers([...narrow, ...Array.from({ length: 6 }, (_, n) => topicPaper('vision', 100 + n, 3))], NOW);
    setup.close();
    apps.splice(apps.indexOf(setup), 1);

    const env = cliEnv({ DATABASE_PATH: path });
    const rated = await runCli(['chat', `/papers rate ${liked[0]!.id} up`], env);
    expect(rated.code, rated.stderr).toBe(0);
    expect(rated.stdout).toContain(`👍 on “${liked[0]!.title}”.`);
    expect(rated.stdout).toContain('This channel: 1 👍 · 0 👎');

    const saved = await runCli(['chat', `/papers save ${liked[1]!.id}`], env);
    expect(saved.code, saved.stderr).toBe(0);
    expect(saved.stdout).toContain(`Saved “${liked[1]!.title}” to this channel’s reading list.`);

    const digest = await runCli(['digest', '--channel', 'console', '--dry-run', '--json'], env);
    expect(digest.code, digest.stderr).toBe(0);
    const picks = JSON.parse(digest.stdout) as Array<{ id: string; title: string; reason: string; score: number }>;
    expect(picks.length).toBe(5);
    expect(picks.map((p) => Object.keys(p))).toEqual(picks.map(() => ['id', 'title', 'reason', 'score']));
    expect(picks.slice(0, 2).map((p) => p.id).sort()).toEqual(narrow.map((p) => p.id).sort());
    for (const pick of picks.slice(0, 2)) expect(pick.reason).toMatch(/^matches: learning · like ‘.+’ \(1 👍\)$/);
    const scores = picks.map((p) => p.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));

    const withoutDryRun = await runCli(['digest', '--channel', 'console', '--json'], env);
    expect(withoutDryRun.code).toBe(2);
    expect(withoutDryRun.stderr).toContain('paperboy digest --channel console --dry-run --json');
  });
});
