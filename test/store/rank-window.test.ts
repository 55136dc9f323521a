import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/adapters/store/open-database.ts';
import { createSqlitePaperRepository } from '../../src/adapters/store/sqlite-paper-repository.ts';
import { searchReply } from '../../src/commands/definitions/search-command.ts';
import { renderReplyText } from '../../src/core/render-text.ts';
import { createPaperSearch } from '../../src/core/search/paper-search.ts';
import { parseQuery } from '../../src/core/search/parse-query.ts';
import { createSpellingSuggester } from '../../src/core/search/spelling-suggester.ts';
import { makePaper } from '../support/papers.ts';

// A small window stands in for the real one (10,000 matches) so the store stays small.
const WINDOW = 50;

/** Paper number n, in q-bio.PE, published on the first of a month that n picks. */
const paper = (n: number, title: string) =>
  makePaper({
    id: `2611.${String(10000 + n)}`,
    title,
    abstract: `A study of marsupial habits, number ${n}.`,
    categories: ['q-bio.PE'],
    published: `2026-${String(1 + (n % 12)).padStart(2, '0')}-01`,
  });

const database = openDatabase(':memory:');
afterAll(() => database.close());
const papers = createSqlitePaperRepository(database.sqlite, { rankWindow: WINDOW });
// Stored first, so the oldest row: the best title match of all, outside the newest 50 matches.
await papers.upsertPapers([paper(0, 'Quokka quokka quokka: the quokka paper')], '2026-11-01T00:00:00Z');
await papers.upsertPapers(Array.from({ length: 120 }, (_, i) => paper(i + 1, `Field notes ${i + 1} on a quokka colony`)), '2026-11-02T00:00:00Z');
await papers.upsertPapers([paper(500, 'A rare wombat survey')], '2026-11-03T00:00:00Z');
// At the window's edge: 51 platypus papers, the oldest the best match; exactly 50 echidna papers, likewise.
await papers.upsertPapers([paper(600, 'Platypus platypus platypus'), paper(700, 'Echidna echidna echidna')], '2026-11-04T00:00:00Z');
await papers.upsertPapers(Array.from({ length: 50 }, (_, i) => paper(601 + i, `Platypus burrow ${i + 1}`)), '2026-11-05T00:00:00Z');
await papers.upsertPapers(Array.from({ length: 49 }, (_, i) => paper(701 + i, `Echidna burrow ${i + 1}`)), '2026-11-05T00:00:00Z');
const search = createPaperSearch({ papers, clock: { now: () => new Date('2026-11-22T00:00:00Z') }, suggester: createSpellingSuggester(() => new Map()) });

describe('ranking window for queries that match a great many papers', () => {
  it('ranks only the newest matches when more match than the window, and says so', async () => {
    const outcome = (await search.searchText('quokka', 10));
    expect(outcome.rankedNewest).toBe(WINDOW);
    expect(outcome.hits).toHaveLength(10);
    // Every hit is among the 50 newest quokka papers (Field notes 71–120); the oldest is not ranked.
    for (const hit of outcome.hits) expect(Number(/notes (\d+)/.exec(hit.paper.title)?.[1])).toBeGreaterThanOrEqual(71);
    const text = renderReplyText(searchReply(outcome, 10, 'Papers'));
    expect(text).toContain('More than 50 papers match, so these are the best of the newest 50. Add a word or a cat: filter to narrow the search.');
  });

  it('ranks every match when fewer match than the window', async () => {
    const outcome = (await search.searchText('wombat', 10));
    expect(outcome.rankedNewest).toBeNull();
    expect(outcome.hits.map((h) => h.paper.title)).toEqual(['A rare wombat survey']);
    expect(renderReplyText(searchReply(outcome, 10, 'Papers'))).not.toContain('More than');
  });

  it('sorts the window by date for sort:new, and applies cat: and since: inside it', async () => {
    const newest = (await search.searchText('quokka sort:new', 5));
    expect(newest.rankedNewest).toBe(WINDOW);
    const dates = newest.hits.map((h) => h.paper.published!);
    expect(dates).toEqual([...dates].sort().reverse());
    const filtered = (await search.searchText('quokka cat:q-bio since:2026-12-01', 50));
    expect(filtered.hits.length).toBeGreaterThan(0);
    for (const hit of filtered.hits) expect(hit.paper.published).toBe('2026-12-01');
  });

  it('matches cat: by the category code, never a word of it', async () => {
    // "bio" and "pe" are pieces of q-bio.PE: as words they match no paper here.
    expect((await search.searchText('bio', 10)).hits).toEqual([]);
    expect((await search.searchText('wombat cat:q-bio.PE', 10)).hits).toHaveLength(1);
    expect((await search.searchText('wombat cat:q-bio', 10)).hits).toHaveLength(1);
    expect((await search.searchText('wombat cat:q-fin', 10)).hits).toHaveLength(0);
  });

  it('ranks every match at exactly the window, and leaves out only the oldest one past it', async () => {
    const atWindow = (await search.searchText('echidna', 60));
    expect(atWindow.rankedNewest).toBeNull();
    expect(atWindow.hits).toHaveLength(50);
    expect(atWindow.hits[0]!.paper.title).toBe('Echidna echidna echidna');
    const pastWindow = (await search.searchText('platypus', 60));
    expect(pastWindow.rankedNewest).toBe(WINDOW);
    expect(pastWindow.hits).toHaveLength(50);
    expect(pastWindow.hits.map((h) => h.paper.title)).not.toContain('Platypus platypus platypus');
  });

  it('says the matches overflow the window even when the filters leave no paper on the page', async () => {
    const query = parseQuery('quokka since:2031-01-01');
    if (!query.ok) throw new Error('query did not parse');
    const outcome = (await papers.search({ query: query.value, mode: 'all', limit: 10, offset: 0 }));
    expect(outcome.hits).toEqual([]);
    expect(outcome.rankedNewest).toBe(WINDOW);
    const narrow = parseQuery('wombat since:2031-01-01');
    if (!narrow.ok) throw new Error('query did not parse');
    expect((await papers.search({ query: narrow.value, mode: 'all', limit: 10, offset: 0 })).rankedNewest).toBeNull();
  });
});
