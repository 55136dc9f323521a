/**
 * Contract suite for the AuthorDirectory port (issue 21), through the ports only and awaited,
 * against the SQLite store and the PostgreSQL one (a scratch schema per test). Author rows and links
 * are written as the app writes them: by upserting papers through the same store's PaperRepository.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/adapters/store/open-database.ts';
import { createPgAuthorDirectory } from '../../src/adapters/store/postgres/pg-author-directory.ts';
import { createPgPaperRepository } from '../../src/adapters/store/postgres/pg-paper-repository.ts';
import { createSqliteAuthorDirectory } from '../../src/adapters/store/sqlite-author-directory.ts';
import { createSqlitePaperRepository } from '../../src/adapters/store/sqlite-paper-repository.ts';
import type { Awaitable } from '../../src/core/awaitable.ts';
import type { PaperInput } from '../../src/core/paper.ts';
import type { PaperRepository } from '../../src/core/ports.ts';
import type { AuthorDirectory } from '../../src/core/subscriptions/subscription-ports.ts';
import { makePaper } from '../support/papers.ts';
import { describePg, openPgScratch } from './pg-scratch.ts';

interface Stores {
  papers: PaperRepository;
  authors: AuthorDirectory;
  close(): Awaitable<void>;
}

const SEEN = '2026-01-01T00:00:00.000Z';

const paper = (id: string, title: string, published: string | null, authors: string[], extra: Partial<PaperInput> = {}) =>
  makePaper({ id, title, published, authors, ...extra });

/**
 * Ada Byron's three papers: one undated; Bea Stone on two of them; three co-authors once each whose
 * names sort differently by code point (SQLite's BINARY: upper case first) than by a locale.
 */
const ADA = [
  paper('p1', 'First dated', '2025-01-01', ['Ada Byron', 'Bea Stone', 'al lower'], { categories: ['cs.LG', 'stat.ML'] }),
  paper('p2', 'Undated', null, ['Bea Stone', 'Ada Byron', 'Zed Quinn']),
  paper('p3', 'Newest', '2025-06-01T12:00:00Z', ['Cy Young', 'Ada Byron']),
];

function describeAuthorDirectoryContract(name: string, open: () => Awaitable<Stores>): void {
  describe(`AuthorDirectory contract: ${name}`, () => {
    let stores: Stores;
    let authors: AuthorDirectory;
    beforeEach(async () => {
      stores = await open();
      authors = stores.authors;
    });
    afterEach(async () => stores.close());

    it('profiles an author by name key: papers, newest titles (undated last), most frequent co-authors by code point', async () => {
      await stores.papers.upsertPapers(ADA, SEEN);
      const found = await authors.exact('ada byron');
      expect(found).toEqual([
        {
          id: expect.any(Number),
          name: 'Ada Byron',
          paperCount: 3,
          recentTitles: ['Newest', 'First dated'],
          coAuthors: ['Bea Stone', 'Cy Young', 'Zed Quinn'],
          affiliation: null,
          orcid: null,
          openalexId: null,
          semanticScholarId: null,
        },
      ]);
      expect(await authors.profile(found[0]!.id)).toEqual(found[0]);
      expect(await authors.exact('ada')).toEqual([]);
      expect(await authors.profile(found[0]!.id + 1000)).toBeNull();
      expect(await authors.byExternalId('0000-0002-1825-0097')).toEqual([]);
    });

    it('lists an author’s papers newest first, undated last, each with its other authors in order', async () => {
      await stores.papers.upsertPapers(ADA, SEEN);
      const [ada] = await authors.exact('ada byron');
      const list = await authors.papersOf(ada!.id, 10);
      expect(list.map((p) => [p.paperId, p.title, p.published])).toEqual([
        ['p3', 'Newest', '2025-06-01'],
        ['p1', 'First dated', '2025-01-01'],
        ['p2', 'Undated', null],
      ]);
      expect(list[1]!.categories).toEqual(['cs.LG', 'stat.ML']);
      expect(list[1]!.coAuthors.map((a) => [a.name, a.nameKey])).toEqual([
        ['Bea Stone', 'bea stone'],
        ['al lower', 'al lower'],
      ]);
      expect(list[2]!.coAuthors.map((a) => a.name)).toEqual(['Bea Stone', 'Zed Quinn']);
      const [bea] = await authors.exact('bea stone');
      expect(list[1]!.coAuthors[0]!.id).toBe(bea!.id);
      expect((await authors.papersOf(ada!.id, 2)).map((p) => p.paperId)).toEqual(['p3', 'p1']);
      expect(await authors.papersOf(ada!.id + 1000, 10)).toEqual([]);
    });

    it('offers candidates sharing a three-letter prefix with a name token, at a name’s or a word’s start', async () => {
      await stores.papers.upsertPapers(
        [paper('c1', 'One', '2025-01-01', ['Anoop Deoras', 'Deon Smith', 'Ideo Gram']), paper('c2', 'Two', '2025-01-02', ['Hao Ding', 'Yifei Ma'])],
        SEEN,
      );
      const names = async (tokens: string[], limit = 10) => (await authors.candidates(tokens, limit)).map((c) => c.name).sort();
      // "Deoraz": a typo past the prefix still finds Deoras; "Ideo" is not at a word's start.
      expect(await names(['deoraz'])).toEqual(['Anoop Deoras', 'Deon Smith']);
      expect(await names(['deoraz', 'ding'])).toEqual(['Anoop Deoras', 'Deon Smith', 'Hao Ding']);
      // Tokens shorter than two letters narrow nothing.
      expect(await names(['x'])).toEqual([]);
      expect(await names(['ma'])).toEqual(['Yifei Ma']);
      expect(await authors.candidates(['deoraz'], 1)).toHaveLength(1);
      const [one] = await authors.candidates(['hao'], 5);
      expect(one).toEqual({ id: (await authors.exact('hao ding'))[0]!.id, name: 'Hao Ding' });
    });

    it('counts given and family names over the author rows, and counts again as rows are added', async () => {
      await stores.papers.upsertPapers(
        [paper('n1', 'One', '2025-01-01', ['Wei Wang', 'Wei Zhang', 'Li Wang', 'Madonna']), paper('n2', 'Two', '2025-01-02', ['Wei Wang', 'Mary Jane Wang'])],
        SEEN,
      );
      const stats = await authors.nameStatistics();
      expect(stats.authors).toBe(5);
      expect(stats.withGivenNames('wei')).toBe(2);
      expect(stats.withGivenNames('mary jane')).toBe(1);
      expect(stats.withFamilyName('wang')).toBe(3);
      // A one-word name has neither.
      expect(stats.withGivenNames('madonna')).toBe(0);
      expect(stats.withFamilyName('madonna')).toBe(0);
      await stores.papers.upsertPapers([paper('n3', 'Three', '2025-01-03', ['Wei Chen'])], SEEN);
      const after = await authors.nameStatistics();
      expect(after.authors).toBe(6);
      expect(after.withGivenNames('wei')).toBe(3);
    });
  });
}

function openSqlite(): Stores {
  const database = openDatabase(':memory:');
  return { papers: createSqlitePaperRepository(database.sqlite), authors: createSqliteAuthorDirectory(database.db), close: () => database.close() };
}

async function openPg(): Promise<Stores> {
  const scratch = await openPgScratch();
  return { papers: createPgPaperRepository(scratch), authors: createPgAuthorDirectory(scratch.db), close: scratch.close };
}

describeAuthorDirectoryContract('SQLite', openSqlite);
describePg((name) => describeAuthorDirectoryContract(name, openPg));
