/**
 * Issue 20's must-shows, through the app as the console and the chat adapters drive it: ratings
 * taught through `/papers rate` reorder a broad channel's digest toward the narrow topic it
 * liked, each pick naming the liked paper it resembles; they survive a restart; and they stay in
 * their channel (another channel's, or another workspace's, picks never move).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { SqliteApp } from '../../src/app.ts';
import type { Invoker } from '../../src/commands/command-context.ts';
import type { PaperInput } from '../../src/core/paper.ts';
import type { Reply } from '../../src/core/reply.ts';
import { invoker, manualClock, testApp } from '../digest/digest-helpers.ts';
import { topicPaper, type Topic } from './topic-papers.ts';

const NOW = '2026-11-23T08:00:00Z';
const apps: SqliteApp[] = [];
const folders: string[] = [];

afterEach(() => {
  for (const app of apps.splice(0)) app.close();
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

function open(path = ':memory:'): SqliteApp {
  const app = testApp(manualClock(NOW), path);
  apps.push(app);
  return app;
}

async function run(app: SqliteApp, line: string, who: Invoker): Promise<Reply> {
  const reply = await app.run(line, who);
  expect(reply.failed, JSON.stringify(reply.blocks)).toBeFalsy();
  return reply;
}

/** The papers of a digest preview as the channel would read them: id and the reason line on its card. */
async function previewPicks(app: SqliteApp, who: Invoker): Promise<Array<{ id: string; reason: string }>> {
  const channel = (await app.services.subscriptions.findChannel({ platform: who.platform, workspaceId: who.workspaceId, channelId: who.channelId }))!;
  const { reply } = await app.services.digests.preview(channel, new Date(NOW));
  return (reply?.blocks ?? []).flatMap((b) => (b.type === 'paper' ? [{ id: b.paper.id, reason: b.paper.reason ?? '' }] : []));
}

/** The old papers the team rates (10 on one narrow topic) and the rest of the corpus. */
async function store(app: SqliteApp, papers: PaperInput[]): Promise<string[]> {
  await app.papers.upsertPapers(papers, NOW);
  return papers.map((p) => p.id);
}

const OTHER_TOPICS: Topic[] = ['vision', 'robots', 'speech', 'markets'];

/** The corpus before the subscription: 10 molecule papers to like, 40 on other topics. */
async function oldCorpus(app: SqliteApp): Promise<{ liked: PaperInput[] }> {
  const liked = Array.from({ length: 10 }, (_, n) => topicPaper('molecules', n, 1));
  await store(app, [...liked, ...Array.from({ length: 40 }, (_, n) => topicPaper(OTHER_TOPICS[n % 4]!, n, 1))]);
  return { liked };
}

/**
 * New papers after the subscription: 3 on the liked topic that say "learning" once, 12 on other
 * topics that say it three times (the better text matches for "learning"), and 1 on the liked
 * topic that never says it (outside the subscription).
 */
async function newPapers(app: SqliteApp): Promise<{ narrow: string[]; broad: string[]; outside: string }> {
  const narrow = (await store(app, [20, 21, 22].map((n) => topicPaper('molecules', n, 1))));
  const broad = (await store(app, Array.from({ length: 12 }, (_, n) => topicPaper(OTHER_TOPICS[n % 4]!, 100 + n, 3))));
  const [outside] = (await store(app, [topicPaper('molecules', 30, 0)]));
  return { narrow, broad, outside: outside! };
}

describe('a channel that learns from its ratings', () => {
  it('puts the liked narrow topic first in a broad subscription, each pick naming the liked paper it resembles', async () => {
    const app = open();
    const team = invoker('console', 'console', 'console');
    const { liked } = await oldCorpus(app);
    for (const paper of liked) await run(app, `rate ${paper.id} up`, team);
    await run(app, 'subscribe learning', team);
    const { narrow, broad, outside } = await newPapers(app);

    const picks = await previewPicks(app, team);
    // The channel's 5 picks: the 3 narrow papers first, then the best of the broad ones.
    expect(picks.slice(0, 3).map((p) => p.id).sort()).toEqual([...narrow].sort());
    expect(broad).toContain(picks[3]!.id);
    const likedTitles = liked.map((p) => p.title);
    for (const pick of picks.slice(0, 3)) {
      const named = /like ‘(.+)’ \(1 👍\)/.exec(pick.reason);
      expect(named, pick.reason).not.toBeNull();
      expect(likedTitles).toContain(named![1]);
      expect(pick.reason).toContain('matches: learning');
    }
    // The liked topic's paper outside the subscription comes as "you may also like", labelled.
    const extra = picks.find((p) => p.id === outside);
    expect(extra?.reason).toMatch(/^you may also like · like ‘.+’ \(1 👍\)$/);
  });

  it('adds at most two papers from outside the subscriptions, the ones most like what the channel liked', async () => {
    const app = open();
    const team = invoker('console', 'console', 'console');
    const { liked } = await oldCorpus(app);
    for (const paper of liked) await run(app, `rate ${paper.id} up`, team);
    await run(app, 'subscribe learning', team);
    const first = (await newPapers(app)).outside;
    // Three more on the liked topic that never say "learning", and one on another topic.
    const outside = [first, ...(await store(app, [31, 32, 33].map((n) => topicPaper('molecules', n, 0))))];
    const [unliked] = (await store(app, [topicPaper('markets', 34, 0)]));
    const extras = (await previewPicks(app, team)).filter((p) => p.reason.startsWith('you may also like'));
    expect(extras).toHaveLength(2);
    for (const extra of extras) expect(outside).toContain(extra.id);
    expect(extras.map((p) => p.id)).not.toContain(unliked);
  });

  it('with no ratings, picks are the subscription’s alone: the better text matches first, nothing from outside', async () => {
    const app = open();
    const team = invoker('console', 'console', 'console');
    await oldCorpus(app);
    await run(app, 'subscribe learning', team);
    const { broad, outside } = await newPapers(app);
    const picks = await previewPicks(app, team);
    expect(picks).toHaveLength(5);
    for (const pick of picks) {
      expect(broad).toContain(pick.id);
      expect(pick.reason).toBe('matches: learning');
    }
    expect(picks.map((p) => p.id)).not.toContain(outside);
  });

  it('keeps ratings across a restart: the reopened store gives the same learned picks', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'paperboy-learning-'));
    folders.push(folder);
    const path = join(folder, 'paperboy.db');
    const team = invoker('console', 'console', 'console');
    const first = open(path);
    const { liked } = await oldCorpus(first);
    for (const paper of liked) await run(first, `rate ${paper.id} up`, team);
    await run(first, 'subscribe learning', team);
    const { narrow } = await newPapers(first);
    const before = await previewPicks(first, team);
    first.close();
    apps.splice(apps.indexOf(first), 1);

    const reopened = open(path);
    const after = await previewPicks(reopened, team);
    expect(after).toEqual(before);
    expect(after.slice(0, 3).map((p) => p.id).sort()).toEqual([...narrow].sort());
    const channel = (await reopened.services.subscriptions.findChannel({ platform: 'console', workspaceId: 'console', channelId: 'console' }))!;
    expect([...(await reopened.services.learning.tallies(channel.id)).values()]).toEqual(liked.map(() => ({ ups: 1, downs: 0 })));
  });

  it('never lets another channel’s or another workspace’s ratings change this channel’s picks', async () => {
    const app = open();
    const here = invoker('slack', 'T1', 'C-general');
    const sameWorkspace = invoker('slack', 'T1', 'C-chem');
    const otherWorkspace = invoker('slack', 'T2', 'C-general');
    const { liked } = await oldCorpus(app);
    for (const who of [here, sameWorkspace, otherWorkspace]) await run(app, 'subscribe learning', who);
    await newPapers(app);
    const untaught = await previewPicks(app, here);

    for (const paper of liked) {
      await run(app, `rate ${paper.id} up`, sameWorkspace);
      await run(app, `rate ${paper.id} up`, otherWorkspace);
    }
    expect(await previewPicks(app, here)).toEqual(untaught);
    // The channels that rated did learn: their picks moved.
    expect(await previewPicks(app, sameWorkspace)).not.toEqual(untaught);
    expect(await previewPicks(app, otherWorkspace)).not.toEqual(untaught);
  });
});
