/**
 * The SQLite feedback store: what it holds after each change, across a reopen of the file, and
 * only for the channel asked about.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type OpenDatabase } from '../../src/adapters/store/open-database.ts';
import { createSqliteFeedbackStore } from '../../src/adapters/store/sqlite-feedback-store.ts';
import { createSqliteLearningCorpus } from '../../src/adapters/store/sqlite-learning-corpus.ts';
import { createSqlitePaperRepository } from '../../src/adapters/store/sqlite-paper-repository.ts';
import { createSqliteSubscriptionStore } from '../../src/adapters/store/sqlite-subscription-store.ts';
import { makePaper } from '../support/papers.ts';

const folders: string[] = [];
const databases: OpenDatabase[] = [];
afterEach(() => {
  for (const database of databases.splice(0)) database.close();
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

function open(path = ':memory:'): OpenDatabase {
  const database = openDatabase(path);
  databases.push(database);
  return database;
}

const ana = { userId: 'U1', userName: 'Ana' };
const bo = { userId: 'U2', userName: null };

function channelsOf(database: OpenDatabase) {
  const store = createSqliteSubscriptionStore(database.db);
  const channel = (workspaceId: string, channelId: string) =>
    store.ensureChannel({ platform: 'slack', workspaceId, channelId }, { timeZone: 'UTC', now: '2026-11-23T08:00:00Z' }).id;
  return { here: channel('T1', 'C1'), sameWorkspace: channel('T1', 'C2'), otherWorkspace: channel('T2', 'C1') };
}

describe('the feedback store', () => {
  it('sets, changes and clears each person’s rating, answering the rating before', async () => {
    const database = open();
    const feedback = createSqliteFeedbackStore(database.db);
    const { here } = channelsOf(database);
    expect((await feedback.setRating(here, '2611.00001', ana, 'up', '2026-11-23T08:00:00Z'))).toBeNull();
    expect((await feedback.setRating(here, '2611.00001', bo, 'down', '2026-11-23T08:01:00Z'))).toBeNull();
    expect((await feedback.setRating(here, '2611.00001', ana, 'down', '2026-11-23T08:02:00Z'))).toBe('up');
    expect((await feedback.ratingsOf(here))).toEqual([
      { paperId: '2611.00001', userId: 'U2', userName: null, value: 'down', ratedAt: '2026-11-23T08:01:00Z' },
      { paperId: '2611.00001', userId: 'U1', userName: 'Ana', value: 'down', ratedAt: '2026-11-23T08:02:00Z' },
    ]);
    expect((await feedback.setRating(here, '2611.00001', ana, null, '2026-11-23T08:03:00Z'))).toBe('down');
    expect((await feedback.setRating(here, '2611.00001', ana, null, '2026-11-23T08:04:00Z'))).toBeNull();
    expect((await feedback.ratingsOf(here)).map((r) => r.userId)).toEqual(['U2']);
  });

  it('keeps a paper’s first saver and lists the newest save first', async () => {
    const database = open();
    const feedback = createSqliteFeedbackStore(database.db);
    const { here } = channelsOf(database);
    expect((await feedback.save(here, 'a', ana, '2026-11-20T00:00:00Z')).created).toBe(true);
    const again = (await feedback.save(here, 'a', bo, '2026-11-21T00:00:00Z'));
    expect(again).toEqual({ created: false, saved: { paperId: 'a', userId: 'U1', userName: 'Ana', savedAt: '2026-11-20T00:00:00Z' } });
    await feedback.save(here, 'b', bo, '2026-11-22T00:00:00Z');
    expect((await feedback.savesOf(here)).map((s) => s.paperId)).toEqual(['b', 'a']);
  });

  it('reads a channel’s rows only: not another channel’s, not another workspace’s channel of the same id', async () => {
    const database = open();
    const feedback = createSqliteFeedbackStore(database.db);
    const { here, sameWorkspace, otherWorkspace } = channelsOf(database);
    await feedback.setRating(sameWorkspace, 'x', ana, 'up', '2026-11-23T08:00:00Z');
    await feedback.setRating(otherWorkspace, 'y', ana, 'up', '2026-11-23T08:00:00Z');
    await feedback.save(otherWorkspace, 'y', ana, '2026-11-23T08:00:00Z');
    expect((await feedback.ratingsOf(here))).toEqual([]);
    expect((await feedback.savesOf(here))).toEqual([]);
    expect((await feedback.ratingsOf(sameWorkspace)).map((r) => r.paperId)).toEqual(['x']);
    expect((await feedback.ratingsOf(otherWorkspace)).map((r) => r.paperId)).toEqual(['y']);
  });

  it('holds ratings and saves across a reopen of the file', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'paperboy-feedback-'));
    folders.push(folder);
    const path = join(folder, 'paperboy.db');
    const first = open(path);
    const { here } = channelsOf(first);
    await createSqliteFeedbackStore(first.db).setRating(here, 'p', ana, 'up', '2026-11-23T08:00:00Z');
    await createSqliteFeedbackStore(first.db).save(here, 'p', ana, '2026-11-23T08:00:00Z');
    first.close();
    databases.splice(databases.indexOf(first), 1);
    const reopened = createSqliteFeedbackStore(open(path).db);
    expect((await reopened.ratingsOf(here))).toEqual([{ paperId: 'p', userId: 'U1', userName: 'Ana', value: 'up', ratedAt: '2026-11-23T08:00:00Z' }]);
    expect((await reopened.savesOf(here)).map((s) => s.paperId)).toEqual(['p']);
  });
});

describe('the learning corpus', () => {
  it('draws the same background for the same seed, every paper when the store holds fewer, and reads a range newest first', async () => {
    const database = open();
    const papers = createSqlitePaperRepository(database.sqlite);
    const before = (await papers.countPapers());
    await papers.upsertPapers(Array.from({ length: 30 }, () => makePaper()), '2026-11-23T08:00:00Z');
    const corpus = createSqliteLearningCorpus(database.db);
    const all = (await corpus.samplePapers(1000, 1));
    expect(all).toHaveLength(before + 30);
    const some = (await corpus.samplePapers(10, 7)).map((p) => p.id);
    expect(new Set(some).size).toBe(10);
    expect((await corpus.samplePapers(10, 7)).map((p) => p.id)).toEqual(some);
    expect((await corpus.samplePapers(10, 8)).map((p) => p.id)).not.toEqual(some);
    const range = (await corpus.papersInRange({ after: before + 25, through: before + 28 }, 10)).map((p) => p.id);
    expect(range).toHaveLength(3);
    expect(range).toEqual([...range].sort().reverse());
  });
});
