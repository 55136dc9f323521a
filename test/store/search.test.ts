import type { Synchronous } from '../../src/core/awaitable.ts';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, it, expect } from 'vitest';
import { loadSeeds, readSeeds } from '../../src/adapters/seeds/load-seeds.ts';
import { openDatabase, type OpenDatabase } from '../../src/adapters/store/open-database.ts';
import { createSqlitePaperRepository } from '../../src/adapters/store/sqlite-paper-repository.ts';
import { searchReply } from '../../src/commands/definitions/search-command.ts';
import type { Clock, PaperRepository } from '../../src/core/ports.ts';
import { renderReplyText } from '../../src/core/render-text.ts';
import { createPaperSearch, type PaperSearch, type SearchOutcome } from '../../src/core/search/paper-search.ts';
import { createSpellingSuggester } from '../../src/core/search/spelling-suggester.ts';
import { parseQuery } from '../../src/core/search/parse-query.ts';
import { tokenize } from '../../src/core/search/tokenize.ts';
import { makePaper } from '../support/papers.ts';

const COLD_START_SEEDS = [
  'Zero-Shot Recommender Systems',
  'Contrastive Learning for Cold Start Recommendation with Adaptive Feature Fusion',
  'M2TRec: Metadata-aware Multi-task Transformer for Large-scale and Cold-start free Session-based Recommendations',
];

const clock: Clock = { now: () => new Date('2026-06-01T12:00:00Z') };
let dir: string;
/** The seeded store every test starts from a copy of. */
let template: string;
let tests = 0;
let path: string;
let database: OpenDatabase;
let papers: Synchronous<PaperRepository>;
let search: PaperSearch;

function connect(): void {
  database = openDatabase(path);
  papers = createSqlitePaperRepository(database.sqlite);
  search = createPaperSearch({
    papers,
    clock,
    suggester: createSpellingSuggester(() => papers.titleVocabulary(10_000)),
  });
}

// The seed papers stored once, in a file in a folder openDatabase creates; closing it leaves the
// whole store in that one file (no -wal).
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'paperboy-search-'));
  template = join(dir, 'nested', 'template.db');
  const seeded = openDatabase(template);
  loadSeeds(createSqlitePaperRepository(seeded.sqlite), clock.now().toISOString());
  seeded.close();
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

// A fresh store per test, a copy of that file: no test sees another's papers or depends on their order.
beforeEach(() => {
  const folder = join(dir, `test-${++tests}`);
  mkdirSync(folder);
  path = join(folder, 'paperboy.db');
  copyFileSync(template, path);
  connect();
});

afterEach(() => database.close());

const titles = (outcome: SearchOutcome) => outcome.hits.map((h) => h.paper.title);
const ids = (outcome: SearchOutcome) => outcome.hits.map((h) => h.paper.id).sort();
const text = (outcome: SearchOutcome) => ` ${outcome.hits.map((h) => tokenize(`${h.paper.title} ${h.paper.abstract}`).join(' ')).join(' | ')} `;

describe('search over a real migrated SQLite file with the seed papers', () => {
  it('stores the database as a file in WAL mode with foreign keys and a busy timeout', () => {
    expect(database.path).toBe(path);
    expect(database.sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(database.sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(Number(database.sqlite.pragma('busy_timeout', { simple: true }))).toBeGreaterThanOrEqual(1000);
    const tables = database.sqlite.prepare("SELECT name FROM sqlite_master WHERE type IN ('table', 'trigger')").pluck().all();
    expect(tables).toEqual(expect.arrayContaining(['papers', 'papers_fts', 'authors', 'paper_authors', 'papers_fts_after_update']));
  });

  it('holds every seed paper, and reopening the file (migrations again) keeps them', async () => {
    const count = readSeeds().length;
    expect((await papers.countPapers())).toBe(count);
    database.close();
    connect();
    expect((await papers.countPapers())).toBe(count);
    expect(loadSeeds(papers, clock.now().toISOString())).toEqual({ inserted: 0, updated: 0, unchanged: count });
  });

  it('puts the cold-start recommendation seeds in the top 5 of "recsys cold-start"', async () => {
    const outcome = (await search.searchText('recsys cold-start', 5));
    expect(outcome.hits).toHaveLength(5);
    expect(titles(outcome)).toEqual(expect.arrayContaining(COLD_START_SEEDS));
    expect(outcome.relaxed).toBe(false);
    expect(outcome.hits.every((h) => !h.partial)).toBe(true);
  });

  it('finds the same papers for cold-start, cold start and "Cold-Start"', async () => {
    const hyphen = (await search.searchText('cold-start', 50));
    expect(hyphen.hits.length).toBeGreaterThanOrEqual(4);
    expect(ids((await search.searchText('cold start', 50)))).toEqual(ids(hyphen));
    expect(ids((await search.searchText('Cold-Start', 50)))).toEqual(ids(hyphen));
    expect(titles(hyphen)).toEqual(expect.arrayContaining([...COLD_START_SEEDS, 'Serverless Cold Starts and Where to Find Them']));
  });

  it('stems: "recommenders" finds the papers "recommendation" finds', async () => {
    expect(ids((await search.searchText('recommenders', 50)))).toEqual(ids((await search.searchText('recommendation', 50))));
  });

  it('removes excluded words and phrases', async () => {
    const all = (await search.searchText('recsys cold-start', 50));
    expect(titles(all)).toContain('Zero-Shot Recommender Systems');
    const noZero = (await search.searchText('recsys cold-start -zero', 50));
    expect(noZero.hits.length).toBeGreaterThan(0);
    expect(text(noZero)).not.toContain(' zero ');
    const noServerless = (await search.searchText('cold start -serverless', 50));
    expect(titles(noServerless)).not.toContain('Serverless Cold Starts and Where to Find Them');
    expect(noServerless.hits.length).toBe((await search.searchText('cold start', 50)).hits.length - 1);
    const noPhrase = (await search.searchText('recommendation -"cold start"', 50));
    expect(noPhrase.hits.length).toBeGreaterThan(0);
    expect(text(noPhrase)).not.toMatch(/ cold start /);
  });

  it('excludes what was typed, not related phrases: -cold-start keeps the zero-shot paper', async () => {
    const outcome = (await search.searchText('recommendation -cold-start', 50));
    expect(titles(outcome)).toContain('Zero-Shot Recommender Systems');
    expect(titles(outcome)).not.toContain('Contrastive Learning for Cold Start Recommendation with Adaptive Feature Fusion');
    expect(text(outcome)).not.toMatch(/ cold start /);
  });

  it('author:"Anoop Deoras" returns exactly the papers with him among the authors', async () => {
    const expected = readSeeds()
      .filter((s) => s.authors.includes('Anoop Deoras'))
      .map((s) => s.title)
      .sort();
    expect(expected.length).toBeGreaterThanOrEqual(5);
    const outcome = (await search.searchText('author:"Anoop Deoras"', 50));
    expect(titles(outcome).sort()).toEqual(expected);
    for (const hit of outcome.hits) expect(hit.paper.authors).toContain('Anoop Deoras');
    const withWords = (await search.searchText('author:"Anoop Deoras" recommendation', 50));
    expect(withWords.hits.length).toBeGreaterThan(0);
    for (const hit of withWords.hits) expect(hit.paper.authors).toContain('Anoop Deoras');
  });

  it('author:"…" with several words matches them within one author, not across neighbouring names (accents folded)', async () => {
    const paper = (id: string, title: string, authors: string[]) =>
      makePaper({ id, title, abstract: 'Marsupial gait.', authors, categories: ['q-bio.PE'], published: '2025-02-01' });
    await papers.upsertPapers(
      [paper('2502.00001', 'Neighbours Tavi Orlun and Brenna Kask', ['Tavi Orlun', 'Brenna Kask']), paper('2502.00002', 'One author Órlun Brenna', ['Órlun Brenna', 'Sela Mott'])],
      clock.now().toISOString(),
    );
    const found = async (q: string) => ids((await search.searchText(q, 50)));
    expect(await found('author:"Orlun Brenna"')).toEqual(['2502.00002']);
    expect(await found('author:"orlun brenna" marsupial')).toEqual(['2502.00002']);
    expect(await found('author:"Brenna Kask"')).toEqual(['2502.00001']);
    // One word is a part of a name wherever it stands.
    expect(await found('author:Brenna')).toEqual(['2502.00001', '2502.00002']);
    expect(await found('author:"Sela Mott" sort:new')).toEqual(['2502.00002']);
  });

  it('pages through author:"…" hits when most matches straddle two names', async () => {
    const paper = (i: number, authors: string[]) =>
      makePaper({ id: `2503.${String(i).padStart(5, '0')}`, title: `Numbat survey ${i}`, abstract: 'Numbats.', authors, categories: ['q-bio.PE'], published: '2025-03-01' });
    const genuine = Array.from({ length: 12 }, (_, i) => paper(i, ['Orlun Brenna']));
    // The straddling papers rank first ("numbat" three times), so the genuine ones lie beyond the first fetch.
    const straddling = Array.from({ length: 60 }, (_, i) => ({ ...paper(100 + i, ['Tavi Orlun', 'Brenna Kask']), title: `Numbat numbat numbat ${i}` }));
    await papers.upsertPapers([...genuine, ...straddling], clock.now().toISOString());
    const parsed = parseQuery('author:"Orlun Brenna" numbat');
    if (!parsed.ok) throw parsed.error;
    const page = async (offset: number) => (await papers.search({ query: parsed.value, mode: 'all', limit: 5, offset })).hits.map((h) => h.paper.id);
    const pages = await Promise.all([page(0), page(5), page(10), page(15)]);
    expect(pages.map((p) => p.length)).toEqual([5, 5, 2, 0]);
    expect(pages.flat().sort()).toEqual(genuine.map((g) => g.id).sort());
  });

  it('cat: filters by category or by archive', async () => {
    const ir = (await search.searchText('cat:cs.IR', 50));
    const expected = readSeeds().filter((s) => s.category === 'cs.IR').length;
    expect(ir.hits).toHaveLength(expected);
    for (const hit of ir.hits) expect(hit.paper.categories).toContain('cs.IR');
    const cs = (await search.searchText('cat:cs', 50));
    expect(cs.hits.length).toBe(readSeeds().filter((s) => s.category?.startsWith('cs.')).length);
    for (const hit of cs.hits) expect(hit.paper.categories.some((c) => c.startsWith('cs.'))).toBe(true);
    const stat = (await search.searchText('cat:stat.ML', 50));
    expect(titles(stat)).toEqual([expect.stringMatching(/^Robust Projection based Anomaly Extraction/)]);
    const words = (await search.searchText('recommendation cat:cs.IR', 50));
    expect(words.hits.length).toBeGreaterThan(0);
    for (const hit of words.hits) expect(hit.paper.categories).toContain('cs.IR');
  });

  it('since: keeps papers published on or after the date, and drops undated ones', async () => {
    const outcome = (await search.searchText('llm since:2025', 50));
    expect(outcome.hits.length).toBeGreaterThan(0);
    for (const hit of outcome.hits) expect(hit.paper.published! >= '2025-01-01').toBe(true);
    const day = (await search.searchText('code since:2025-11-11', 50));
    expect(day.hits.length).toBeGreaterThan(0);
    for (const hit of day.hits) expect(hit.paper.published! >= '2025-11-11').toBe(true);
    expect(titles(day)).toContain('MURPHY: Multi-Turn GRPO for Self Correcting Code Generation');
    const unfiltered = (await search.searchText('llm', 50));
    expect(unfiltered.hits.length).toBeGreaterThan(outcome.hits.length);
  });

  it('sort:new orders by publication date, newest first, undated last', async () => {
    const outcome = (await search.searchText('recommendation sort:new', 50));
    expect(outcome.hits.length).toBeGreaterThan(5);
    const dates = outcome.hits.map((h) => h.paper.published);
    const firstUndated = dates.indexOf(null);
    const dated = (firstUndated === -1 ? dates : dates.slice(0, firstUndated)) as string[];
    expect(dated.length).toBeGreaterThan(2);
    expect(dated).toEqual([...dated].sort().reverse());
    if (firstUndated !== -1) expect(dates.slice(firstUndated).every((d) => d === null)).toBe(true);
    const filterOnly = (await search.searchText('cat:cs sort:new', 50));
    const filterDates = filterOnly.hits.map((h) => h.paper.published!);
    expect(filterDates).toEqual([...filterDates].sort().reverse());
  });

  it('sort:top orders by Hugging Face upvotes, the figure a card shows', async () => {
    const outcome = (await search.searchText('code sort:top', 50));
    const scores = outcome.hits.map((h) => h.paper.upvotes ?? -1);
    expect(scores.length).toBeGreaterThan(2);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
  });

  it('pages: page:2 continues where page 1 stopped', async () => {
    const first = (await search.searchText('recommendation', 3));
    const second = (await search.searchText('recommendation page:2', 3));
    const both = (await search.searchText('recommendation', 6));
    expect(first.hasMore).toBe(true);
    expect([...first.hits, ...second.hits].map((h) => h.paper.id)).toEqual(both.hits.map((h) => h.paper.id));
  });

  it('relaxes AND to OR when too few papers match every word, flags it and the reply says so', async () => {
    const outcome = (await search.searchText('serverless recsys', 5));
    expect(outcome.relaxed).toBe(true);
    expect(outcome.hits.length).toBe(5);
    expect(outcome.hits.some((h) => h.partial)).toBe(true);
    const partial = outcome.hits.map((h) => h.partial);
    expect(partial).toEqual([...partial].sort((a, b) => Number(a) - Number(b)));
    const shown = renderReplyText(searchReply(outcome, 5, 'Papers'));
    expect(shown).toMatch(/Few papers match every word/);
  });

  it('does not relax when enough papers match every word', async () => {
    const outcome = (await search.searchText('recsys cold-start', 5));
    expect(outcome.relaxed).toBe(false);
    expect(renderReplyText(searchReply(outcome, 5, 'Papers'))).not.toMatch(/Few papers match every word/);
  });

  it('suggests a correction for a misspelled query that matches nothing', async () => {
    const outcome = (await search.searchText('recomender systms', 5));
    expect(outcome.hits).toEqual([]);
    expect(outcome.suggestion).toBe('recommender systems');
    expect((await search.searchText(outcome.suggestion!, 5)).hits.length).toBeGreaterThan(0);
    const shown = renderReplyText(searchReply(outcome, 5, 'Papers'));
    expect(shown).toContain('Did you mean “recommender systems”?');
  });

  it('keeps quotes and fields around corrected words, so the suggestion parses and runs', async () => {
    const quoted = (await search.searchText('"recomender systems"', 5));
    expect(quoted.suggestion).toBe('"recommender systems"');
    expect((await search.searchText(quoted.suggestion!, 5)).hits.length).toBeGreaterThan(0);
    const withAuthor = (await search.searchText('recomender author:"Anoop Deoras"', 5));
    expect(withAuthor.suggestion).toBe('recommender author:"Anoop Deoras"');
    expect((await search.searchText(withAuthor.suggestion!, 5)).hits.length).toBeGreaterThan(0);
  });

  it('makes no suggestion when the words are known or nothing is close', async () => {
    expect((await search.searchText('recsys cold-start', 5)).suggestion).toBeNull();
    expect((await search.searchText('qwxzvbnm', 5)).suggestion).toBeNull();
  });
});

describe('the FTS index follows the papers table (triggers)', () => {
  const input = makePaper({
    id: '2501.99999',
    title: 'Quokka Habitat Modelling with Sparse Observations',
    abstract: 'We model marsupial habitats from wombatlike burrow counts.',
    authors: ['Ada Quokkason', 'Bo Marsupial'],
    categories: ['q-bio.PE', 'cs.LG'],
    published: '2025-01-15',
    updated: '2025-01-15',
  });
  const found = async (q: string) => (await search.searchText(q, 50)).hits.map((h) => h.paper.id);
  // rank 1 makes FTS5 compare the index with the papers table, not only with itself:
  // https://www.sqlite.org/fts5.html#the_integrity_check_command
  const integrityCheck = () => database.sqlite.prepare("INSERT INTO papers_fts(papers_fts, rank) VALUES ('integrity-check', 1)").run();
  /** Stores the quokka paper and checks that its words find it. */
  const storeQuokka = async () => {
    expect((await papers.upsertPapers([input], clock.now().toISOString()))).toEqual({ inserted: 1, updated: 0, unchanged: 0 });
    expect(await found('quokka')).toEqual(['2501.99999']);
  };

  it('indexes an inserted paper by title, abstract, authors and category', async () => {
    expect(await found('quokka')).toEqual([]);
    await storeQuokka();
    expect(await found('wombatlike')).toEqual(['2501.99999']);
    expect(await found('author:Quokkason')).toEqual(['2501.99999']);
    expect(await found('cat:q-bio.PE')).toEqual(['2501.99999']);
    expect(integrityCheck).not.toThrow();
  });

  it('re-indexes a paper updated through the repository (a new version)', async () => {
    await storeQuokka();
    const summary = (await papers.upsertPapers(
      [{ ...input, version: 2, title: 'Platypus Habitat Modelling', abstract: 'Now about monotremes.' }],
      clock.now().toISOString(),
    ));
    expect(summary).toEqual({ inserted: 0, updated: 1, unchanged: 0 });
    expect(await found('platypus')).toEqual(['2501.99999']);
    expect(await found('monotremes')).toEqual(['2501.99999']);
    expect(await found('quokka')).toEqual([]);
    expect(await found('wombatlike')).toEqual([]);
    expect(integrityCheck).not.toThrow();
  });

  it('re-indexes a row updated directly in SQL', async () => {
    await storeQuokka();
    database.sqlite.prepare("UPDATE papers SET title = 'Echidna Habitat Modelling', categories = 'cs.CV' WHERE id = ?").run(input.id);
    expect(await found('echidna')).toEqual(['2501.99999']);
    expect(await found('quokka')).toEqual([]);
    expect(await found('cat:cs.CV')).toContain('2501.99999');
    expect(await found('cat:q-bio')).toEqual([]);
    expect(integrityCheck).not.toThrow();
  });

  it('drops a deleted row from the index, and its author links with it', async () => {
    await storeQuokka();
    const seq = database.sqlite.prepare('SELECT seq FROM papers WHERE id = ?').pluck().get(input.id) as number;
    expect(database.sqlite.prepare('SELECT count(*) FROM paper_authors WHERE paper_seq = ?').pluck().get(seq)).toBe(2);
    database.sqlite.prepare('DELETE FROM papers WHERE id = ?').run(input.id);
    expect(await found('quokka')).toEqual([]);
    expect(await found('wombatlike')).toEqual([]);
    expect(await found('author:Quokkason')).toEqual([]);
    expect(database.sqlite.prepare('SELECT count(*) FROM paper_authors WHERE paper_seq = ?').pluck().get(seq)).toBe(0);
    expect(integrityCheck).not.toThrow();
  });
});
