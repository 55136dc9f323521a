import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as schema from '../../src/adapters/store/schema.ts';
import { createSqliteAuthorDirectory } from '../../src/adapters/store/sqlite-author-directory.ts';
import { authorNameKey } from '../../src/core/author-name.ts';
import { coAuthorCircles, judgeAuthor, judgeNamesakes, nameCommonness } from '../../src/core/subscriptions/namesakes.ts';
import type { AuthorPaper, NameStatistics } from '../../src/core/subscriptions/subscription-ports.ts';
import { buildSliceStore } from './author-slice-store.ts';

/** Name statistics of a store with `authors` rows and these given / family name counts. */
function stats(authors: number, given: Record<string, number>, family: Record<string, number>): NameStatistics {
  return { authors, withGivenNames: (g) => given[g] ?? 0, withFamilyName: (f) => family[f] ?? 0 };
}

let nextId = 1000;
/** A paper with these co-authors (names; the id follows the name), dated `published`. */
function paper(coAuthors: string[], published = '2026-01-15'): AuthorPaper {
  nextId++;
  return {
    paperId: `2601.${nextId}`,
    title: `Paper ${nextId}`,
    published,
    categories: ['cs.CV'],
    coAuthors: coAuthors.map((name) => ({ id: name.length * 7919 + name.charCodeAt(0), name, nameKey: authorNameKey(name) })),
  };
}

/** `groups` separate circles of `size` papers each, every circle with its own distinctive co-author. */
function circles(groups: number, size: number): AuthorPaper[] {
  return Array.from({ length: groups }, (_, g) => Array.from({ length: size }, () => paper([`Zorblax${'q'.repeat(g)} Unique`]))).flat();
}

const store = stats(180_000, { wei: 1_500, hao: 1_400, anoop: 3, guangtao: 4 }, { zhang: 3_700, tang: 100, deoras: 1, zhai: 40, unique: 1 });

describe('who is behind a name: the rule, one line per case', () => {
  it('name commonness is given-name rows × family-name rows ÷ all rows; one-word names and empty stores have none', () => {
    expect(nameCommonness('wei zhang', store)).toBeCloseTo((1_500 * 3_700) / 180_000);
    expect(nameCommonness('anoop deoras', store)).toBeCloseTo(3 / 180_000);
    expect(nameCommonness('deoras', store)).toBe(0);
    expect(nameCommonness('wei zhang', stats(0, {}, {}))).toBe(0);
  });

  it('co-author circles join papers through distinctive co-authors only', () => {
    const shared = paper(['Ada Lovelace', 'Wei Wang']);
    const papers = [shared, paper(['Ada Lovelace']), paper(['Wei Wang']), paper(['Grace Hopper'])];
    // Bridging through everyone: the common-named co-author joins a stranger's paper.
    expect(coAuthorCircles(papers, () => true).map((c) => c.papers)).toEqual([3, 1]);
    expect(coAuthorCircles(papers, (c) => c.nameKey !== 'wei wang').map((c) => c.papers)).toEqual([2, 1, 1]);
    expect(coAuthorCircles(papers, () => true)[0]).toMatchObject({ coAuthors: ['Ada Lovelace', 'Wei Wang'], categories: ['cs.CV'], latestTitle: shared.title });
  });

  it.each([
    ['a common name with one paper (its namesakes are still to come)', 'Wei Zhang', [paper(['Ada Lovelace'])], true],
    ['a distinctive name in one circle', 'Anoop Deoras', circles(1, 9), false],
    ['a distinctive, prolific name in seven circles (one busy lab head)', 'Guangtao Zhai', circles(7, 4), false],
    ['a fairly common name in five separate circles of 3+', 'Hao Tang', circles(5, 3), true],
    ['a fairly common name in four', 'Hao Tang', circles(4, 3), false],
    ['a distinctive name with more papers in a year than anyone writes', 'Guangtao Zhai', circles(1, 251), true],
    ['the same papers spread over two years', 'Guangtao Zhai', [...circles(1, 150), ...Array.from({ length: 150 }, () => paper(['Zorblax Unique'], '2024-06-01'))], false],
  ] as const)('%s: shared %s', (_case, name, papers, shared) => {
    const judgement = judgeNamesakes(name, papers, store);
    expect(judgement.shared).toBe(shared);
    expect(judgement.reasons.length > 0).toBe(shared);
  });
});

describe('who is behind a name, on the real arXiv snapshot', () => {
  let slice: Awaited<ReturnType<typeof buildSliceStore>>;
  let sqlite: Database.Database;
  beforeAll(async () => {
    slice = await buildSliceStore();
    sqlite = new Database(slice.copy(), { readonly: true });
  }, 60_000);
  afterAll(() => {
    sqlite?.close();
    slice?.close();
  });

  it('common names are several people; distinctive ones, prolific or not, are one', async () => {
    const directory = createSqliteAuthorDirectory(drizzle(sqlite, { schema }));
    const judge = async (name: string) => {
      const [author] = (await directory.exact(authorNameKey(name)));
      if (!author) throw new Error(`${name} is not in the slice`);
      return judgeAuthor(directory, author);
    };
    for (const name of ['Wei Zhang', 'Wei Wang', 'Yang Liu']) expect(await judge(name), name).toMatchObject({ shared: true });
    for (const name of ['Guangtao Zhai', 'Dacheng Tao', 'Philip S. Yu', 'Hao Ding']) expect(await judge(name), name).toMatchObject({ shared: false });
    expect((await judge('Wei Zhang')).reasons[0]).toMatch(/common name: .* to expect 2\.\d people called that/);
    // Each paper once, newest first, with its other authors.
    const papers = (await directory.papersOf((await directory.exact('guangtao zhai'))[0]!.id, 1000));
    expect(papers).toHaveLength(19);
    expect(papers.every((p) => p.coAuthors.length > 0 && !p.coAuthors.some((c) => c.nameKey === 'guangtao zhai'))).toBe(true);
    expect(papers.map((p) => p.published)).toEqual([...papers.map((p) => p.published)].sort().reverse());
  });
});
