/**
 * Contract suite for the AuthorNameIndex port (issue 21): the names `follow` offers while someone
 * types, through the port and awaited, against the SQLite store and the PostgreSQL one (a scratch
 * schema per test). Author rows are written as the app writes them: by upserting papers through the
 * same store's PaperRepository.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/adapters/store/open-database.ts';
import { createPgAuthorNameIndex } from '../../src/adapters/store/postgres/pg-author-name-index.ts';
import { createPgPaperRepository } from '../../src/adapters/store/postgres/pg-paper-repository.ts';
import { createSqliteAuthorNameIndex } from '../../src/adapters/store/sqlite-author-name-index.ts';
import { createSqlitePaperRepository } from '../../src/adapters/store/sqlite-paper-repository.ts';
import type { Awaitable } from '../../src/core/awaitable.ts';
import type { PaperRepository } from '../../src/core/ports.ts';
import type { AuthorNameIndex } from '../../src/core/subscriptions/author-name-index.ts';
import { makePaper } from '../support/papers.ts';
import { describePg, openPgScratch } from './pg-scratch.ts';

interface Stores {
  papers: PaperRepository;
  names: AuthorNameIndex;
  close(): Awaitable<void>;
}

const SEEN = '2026-01-01T00:00:00.000Z';

/**
 * Name keys that a locale collation orders otherwise than code points do (SQLite's BINARY): it
 * would skip the space ("adab zed" before "ada zu") and put "ø" beside "o".
 */
const NAMES = ['Ada Zu', 'Adab Zed', 'Ada Byron', 'Øystein Ore', 'Oz Ada', 'Bea Stone', 'ADA Ørsted'];

function describeAuthorNameIndexContract(name: string, open: () => Awaitable<Stores>): void {
  describe(`AuthorNameIndex contract: ${name}`, () => {
    let stores: Stores;
    let names: AuthorNameIndex;
    beforeEach(async () => {
      stores = await open();
      names = stores.names;
      await stores.papers.upsertPapers(
        NAMES.map((author, i) => makePaper({ id: `2601.0000${i}`, title: `Paper ${i}`, authors: [author] })),
        SEEN,
      );
    });
    afterEach(async () => stores.close());

    it('lists the display names whose name key starts with the prefix, in code point order', async () => {
      expect(await names.namesStartingWith('ada', 10)).toEqual(['Ada Byron', 'Ada Zu', 'ADA Ørsted', 'Adab Zed']);
      expect(await names.namesStartingWith('ada ', 10)).toEqual(['Ada Byron', 'Ada Zu', 'ADA Ørsted']);
      expect(await names.namesStartingWith('ada ø', 10)).toEqual(['ADA Ørsted']);
      expect(await names.namesStartingWith('o', 10)).toEqual(['Oz Ada']);
      expect(await names.namesStartingWith('ø', 10)).toEqual(['Øystein Ore']);
    });

    it('gives at most the limit, the first in order', async () => {
      expect(await names.namesStartingWith('ada', 2)).toEqual(['Ada Byron', 'Ada Zu']);
    });

    it('lists none for an empty prefix, a limit of zero, or a prefix no key starts with', async () => {
      expect(await names.namesStartingWith('', 10)).toEqual([]);
      expect(await names.namesStartingWith('ada', 0)).toEqual([]);
      expect(await names.namesStartingWith('zz', 10)).toEqual([]);
      // Only the start of the key counts: "oz ada" holds "ada" but does not start with it.
      expect(await names.namesStartingWith('ada b', 10)).toEqual(['Ada Byron']);
    });
  });
}

function openSqlite(): Stores {
  const database = openDatabase(':memory:');
  return { papers: createSqlitePaperRepository(database.sqlite), names: createSqliteAuthorNameIndex(database.db), close: () => database.close() };
}

async function openPg(): Promise<Stores> {
  const scratch = await openPgScratch();
  return { papers: createPgPaperRepository(scratch), names: createPgAuthorNameIndex(scratch.db), close: scratch.close };
}

describeAuthorNameIndexContract('SQLite', openSqlite);
describePg((name) => describeAuthorNameIndexContract(name, openPg));
/**
 * PostgreSQL where the name keys compare by a locale's collation, as in a database created with one:
 * ICU's root collation (`und-x-icu`) puts "ø" beside "o" where code points put it after "z". The
 * index must still answer in SQLite's code point order.
 */
describePg((name) =>
  describeAuthorNameIndexContract(`${name}, name keys in a locale's collation`, async () => {
    const scratch = await openPgScratch();
    await scratch.pool.query('ALTER TABLE authors ALTER COLUMN name_key TYPE text COLLATE "und-x-icu"');
    return { papers: createPgPaperRepository(scratch), names: createPgAuthorNameIndex(scratch.db), close: scratch.close };
  }),
);
