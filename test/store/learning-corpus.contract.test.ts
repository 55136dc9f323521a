/**
 * Contract suite for the LearningCorpus port (issue 21), through the ports only and awaited,
 * against the SQLite store and the PostgreSQL one (a scratch schema per test). Papers are written
 * through the same store's PaperRepository, in batches seen at different times, so the store
 * sequences the corpus answers with are learnt through seqBefore, never assumed.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/adapters/store/open-database.ts';
import { createPgLearningCorpus } from '../../src/adapters/store/postgres/pg-learning-corpus.ts';
import { createPgPaperRepository } from '../../src/adapters/store/postgres/pg-paper-repository.ts';
import { createSqliteLearningCorpus } from '../../src/adapters/store/sqlite-learning-corpus.ts';
import { createSqlitePaperRepository } from '../../src/adapters/store/sqlite-paper-repository.ts';
import type { Awaitable } from '../../src/core/awaitable.ts';
import type { LearningCorpus } from '../../src/core/learning/feedback-ports.ts';
import type { PaperRepository } from '../../src/core/ports.ts';
import { makePaper } from '../support/papers.ts';
import { describePg, openPgScratch } from './pg-scratch.ts';

interface Stores {
  papers: PaperRepository;
  corpus: LearningCorpus;
  close(): Awaitable<void>;
}

const DAY_1 = '2026-03-01T06:00:00.000Z';
const DAY_2 = '2026-03-02T06:00:00.000Z';
const DAY_3 = '2026-03-03T06:00:00.000Z';

const batch = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => makePaper({ id: `${prefix}${String(i).padStart(2, '0')}`, title: `${prefix} paper ${i}` }));
const ids = (papers: Array<{ id: string }>) => papers.map((p) => p.id);
const sortedIds = (papers: Array<{ id: string }>) => ids(papers).sort();

function describeLearningCorpusContract(name: string, open: () => Awaitable<Stores>): void {
  describe(`LearningCorpus contract: ${name}`, () => {
    let stores: Stores;
    let corpus: LearningCorpus;
    beforeEach(async () => {
      stores = await open();
      corpus = stores.corpus;
    });
    afterEach(async () => stores.close());

    it('answers an empty store with nothing', async () => {
      expect(await corpus.samplePapers(10, 1)).toEqual([]);
      expect(await corpus.papersInRange({ after: 0, through: 1000 }, 10)).toEqual([]);
      expect(await corpus.seqBefore(DAY_1)).toBe(0);
    });

    it('samples every paper when the store holds no more than asked', async () => {
      await stores.papers.upsertPapers(batch('a', 6), DAY_1);
      expect(sortedIds(await corpus.samplePapers(6, 7))).toEqual(ids(batch('a', 6)));
      expect(sortedIds(await corpus.samplePapers(50, 7))).toEqual(ids(batch('a', 6)));
    });

    it('samples `size` distinct stored papers, the same for the same seed, others for other seeds', async () => {
      await stores.papers.upsertPapers(batch('a', 40), DAY_1);
      await stores.papers.upsertPapers(batch('b', 40), DAY_2);
      const first = await corpus.samplePapers(12, 42);
      expect(first).toHaveLength(12);
      expect(new Set(ids(first)).size).toBe(12);
      const stored = new Set([...ids(batch('a', 40)), ...ids(batch('b', 40))]);
      expect(ids(first).every((id) => stored.has(id))).toBe(true);
      // Whole papers, as getPaper reads them.
      expect(first[0]).toEqual(await stores.papers.getPaper(first[0]!.id));
      expect(sortedIds(await corpus.samplePapers(12, 42))).toEqual(sortedIds(first));
      const others = await Promise.all([1, 2, 3, 4].map((seed) => corpus.samplePapers(12, seed)));
      expect(others.some((sample) => sortedIds(sample).join() !== sortedIds(first).join())).toBe(true);
      // Drawn evenly: with 12 of 80 from two halves, each half is nearly always there.
      expect(ids(first).some((id) => id.startsWith('a')) && ids(first).some((id) => id.startsWith('b'))).toBe(true);
    });

    it('samples `size` papers where store sequences have gaps (two writers inserting the same papers at once)', async () => {
      // PostgreSQL draws a seq for each row an insert tries, and the writer that loses the race
      // inserts none of its rows: its draws stay unused. SQLite has one writer and no gaps.
      await Promise.all([stores.papers.upsertPapers(batch('a', 30), DAY_1), stores.papers.upsertPapers(batch('a', 30), DAY_1)]);
      await stores.papers.upsertPapers(batch('b', 30), DAY_2);
      const sample = await corpus.samplePapers(40, 9);
      expect(sample).toHaveLength(40);
      expect(new Set(ids(sample)).size).toBe(40);
      expect(sortedIds(await corpus.samplePapers(40, 9))).toEqual(sortedIds(sample));
    });

    it('finds the last paper seen before a time, and the papers of a seq range newest first', async () => {
      await stores.papers.upsertPapers(batch('a', 5), DAY_1);
      await stores.papers.upsertPapers(batch('b', 4), DAY_2);
      // A known paper seen again later keeps its place.
      await stores.papers.upsertPapers([...batch('a', 1), ...batch('c', 3)], DAY_3);
      expect(await corpus.seqBefore(DAY_1)).toBe(0);
      const endOfDay1 = await corpus.seqBefore(DAY_2);
      const endOfDay2 = await corpus.seqBefore(DAY_3);
      expect(endOfDay1).toBeGreaterThan(0);
      expect(endOfDay2).toBeGreaterThan(endOfDay1);
      expect(await corpus.seqBefore('2027-01-01T00:00:00.000Z')).toBeGreaterThan(endOfDay2);

      expect(ids(await corpus.papersInRange({ after: endOfDay1, through: endOfDay2 }, 10))).toEqual(['b03', 'b02', 'b01', 'b00']);
      expect(ids(await corpus.papersInRange({ after: endOfDay2, through: Number.MAX_SAFE_INTEGER }, 10))).toEqual(['c02', 'c01', 'c00']);
      expect(ids(await corpus.papersInRange({ after: 0, through: endOfDay1 }, 2))).toEqual(['a04', 'a03']);
      expect(await corpus.papersInRange({ after: endOfDay2, through: endOfDay2 }, 10)).toEqual([]);
      const [newest] = await corpus.papersInRange({ after: 0, through: Number.MAX_SAFE_INTEGER }, 1);
      expect(newest).toEqual(await stores.papers.getPaper('c02'));
    });
  });
}

function openSqlite(): Stores {
  const database = openDatabase(':memory:');
  return { papers: createSqlitePaperRepository(database.sqlite), corpus: createSqliteLearningCorpus(database.db), close: () => database.close() };
}

async function openPg(): Promise<Stores> {
  const scratch = await openPgScratch();
  return { papers: createPgPaperRepository(scratch), corpus: createPgLearningCorpus(scratch.db), close: scratch.close };
}

describeLearningCorpusContract('SQLite', openSqlite);
describePg((name) => describeLearningCorpusContract(name, openPg));
