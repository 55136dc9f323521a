import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/adapters/store/open-database.ts';
import { createSqlitePaperRepository } from '../../src/adapters/store/sqlite-paper-repository.ts';
import { createPaperSearch } from '../../src/core/search/paper-search.ts';
import { parseQuery } from '../../src/core/search/parse-query.ts';
import { relaxedQuery } from '../../src/core/search/relaxed-query.ts';
import { createSpellingSuggester } from '../../src/core/search/spelling-suggester.ts';
import { makePaper } from '../support/papers.ts';

// Small windows stand in for the real ones (10,000 and 1,000 matches) so the store stays small.
const RANK_WINDOW = 50;
const TAIL_WINDOW = 10;

const database = openDatabase(':memory:');
afterAll(() => database.close());
// Stored first, so the oldest row: the one paper with the rare word, far outside the newest matches.
const rarePaper = makePaper({ title: 'Quokka ecology on Rottnest Island', abstract: 'Where quokkas feed.', published: '2025-01-01' });
const papersOf = (options: { rankWindow: number; anyWordTailWindow: number }) => createSqlitePaperRepository(database.sqlite, options);
const store = papersOf({ rankWindow: RANK_WINDOW, anyWordTailWindow: TAIL_WINDOW });
await store.upsertPapers([rarePaper], '2026-11-01T00:00:00Z');
await store.upsertPapers(
  Array.from({ length: 120 }, (_, i) => makePaper({ title: `Field notes ${i + 1} on colony habits`, abstract: 'A colony of marsupials.', published: '2026-06-01' })),
  '2026-11-02T00:00:00Z',
);
const clock = { now: () => new Date('2026-11-22T00:00:00Z') };
const search = createPaperSearch({ papers: store, clock, suggester: createSpellingSuggester(() => new Map()) });
const query = (text: string) => {
  const parsed = parseQuery(text);
  if (!parsed.ok) throw parsed.error;
  return relaxedQuery(parsed.value);
};

describe('the any-word search ranks every paper with a rare word, however old', () => {
  it('finds the old paper with the rare word when the common word has far more newer matches than the window', async () => {
    // No paper has both words, so the search relaxes to any word; the 120 newer "colony" papers
    // fill the rank window, and the quokka paper is older than all of them.
    const outcome = (await search.searchText('quokka colony', 10));
    expect(outcome.hits[0]).toMatchObject({ paper: { id: rarePaper.id, title: 'Quokka ecology on Rottnest Island' }, partial: true });
    expect(outcome.hits).toHaveLength(10);
  });

  it('scores a paper found through its rare word as the whole query scores it', async () => {
    // With windows larger than the store every match is scored by the whole expression directly.
    const everyMatch = papersOf({ rankWindow: 10_000, anyWordTailWindow: 10_000 });
    const request = { query: query('quokka colony'), mode: 'any' as const, limit: 200, offset: 0 };
    const exact = new Map((await everyMatch.search(request)).hits.map((h) => [h.paper.id, h.relevance]));
    const windowed = (await store.search(request)).hits;
    expect(windowed.map((h) => h.paper.id)).toContain(rarePaper.id);
    for (const hit of windowed) expect(hit.relevance).toBeCloseTo(exact.get(hit.paper.id)!, 9);
  });

  it('says how many of the papers with only common words it ranked, and ranks all of them when they fit', async () => {
    expect((await store.search({ query: query('quokka colony'), mode: 'any', limit: 10, offset: 0 })).rankedNewest).toBe(TAIL_WINDOW);
    const fits = (await store.search({ query: query('quokka rottnest'), mode: 'any', limit: 10, offset: 0 }));
    expect(fits.rankedNewest).toBeNull();
    expect(fits.hits.map((h) => h.paper.id)).toEqual([rarePaper.id]);
  });
});
