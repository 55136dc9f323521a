/**
 * Contract suite for the TitleSource port (issue 21): the titles the did-you-mean vocabulary is
 * built from, newest first, a page at a time, awaited as a serving process reads them, against the
 * SQLite store and the PostgreSQL one (a scratch schema per test). Papers go in through the same
 * store's PaperRepository.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/adapters/store/open-database.ts';
import { createPgPaperRepository } from '../../src/adapters/store/postgres/pg-paper-repository.ts';
import { createPgTitleSource } from '../../src/adapters/store/postgres/pg-title-source.ts';
import { createSqlitePaperRepository } from '../../src/adapters/store/sqlite-paper-repository.ts';
import { createSqliteTitleSource } from '../../src/adapters/store/sqlite-title-source.ts';
import type { Awaitable } from '../../src/core/awaitable.ts';
import type { PaperRepository } from '../../src/core/ports.ts';
import type { TitleSource } from '../../src/core/search/spelling-vocabulary.ts';
import { makePaper } from '../support/papers.ts';
import { describePg, openPgScratch } from './pg-scratch.ts';

interface Stores {
  papers: PaperRepository;
  titles: TitleSource;
  close(): Awaitable<void>;
}

const SEEN = '2026-11-01T00:00:00.000Z';

async function pagesOf(source: TitleSource, maxPapers: number, pageSize: number): Promise<string[][]> {
  const pages: string[][] = [];
  for await (const page of source.titlePages(maxPapers, pageSize)) pages.push(page);
  return pages;
}

function describeTitleSourceContract(name: string, open: () => Awaitable<Stores>): void {
  describe(`TitleSource contract: ${name}`, () => {
    let stores: Stores;
    beforeEach(async () => {
      stores = await open();
    });
    afterEach(async () => stores.close());

    it('has no titles and newest seq 0 in an empty store', async () => {
      expect(await stores.titles.newestSeq()).toBe(0);
      expect(await pagesOf(stores.titles, 10, 3)).toEqual([]);
    });

    it('gives the newest titles first, a page at a time, up to the number asked for', async () => {
      await stores.papers.upsertPapers(
        Array.from({ length: 5 }, (_, i) => makePaper({ id: `2611.0000${i + 1}`, title: `Paper number ${i + 1}` })),
        SEEN,
      );
      expect(await pagesOf(stores.titles, 4, 3)).toEqual([['Paper number 5', 'Paper number 4', 'Paper number 3'], ['Paper number 2']]);
      expect(await pagesOf(stores.titles, 10, 2)).toEqual([['Paper number 5', 'Paper number 4'], ['Paper number 3', 'Paper number 2'], ['Paper number 1']]);
      expect(await stores.titles.newestSeq()).toBe(5);
    });

    it('has a newer seq once papers are added, and their titles first', async () => {
      await stores.papers.upsertPapers([makePaper({ id: '2611.00001', title: 'Older' })], SEEN);
      const before = await stores.titles.newestSeq();
      await stores.papers.upsertPapers([makePaper({ id: '2611.00002', title: 'Newer' })], SEEN);
      expect(await stores.titles.newestSeq()).toBeGreaterThan(before);
      expect(await pagesOf(stores.titles, 1, 10)).toEqual([['Newer']]);
    });
  });
}

function openSqlite(): Stores {
  const database = openDatabase(':memory:');
  return { papers: createSqlitePaperRepository(database.sqlite), titles: createSqliteTitleSource(database.sqlite), close: () => database.close() };
}

async function openPg(): Promise<Stores> {
  const scratch = await openPgScratch();
  return { papers: createPgPaperRepository(scratch), titles: createPgTitleSource(scratch.db), close: scratch.close };
}

describeTitleSourceContract('SQLite', openSqlite);
describePg((name) => describeTitleSourceContract(name, openPg));
