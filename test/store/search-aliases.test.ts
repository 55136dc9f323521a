import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/adapters/store/open-database.ts';
import { createSqlitePaperRepository } from '../../src/adapters/store/sqlite-paper-repository.ts';
import { createPaperSearch } from '../../src/core/search/paper-search.ts';
import { SEARCH_ALIAS_TABLE_VERSION } from '../../src/core/search/search-aliases.ts';
import { createSpellingSuggester } from '../../src/core/search/spelling-suggester.ts';
import { makePaper } from '../support/papers.ts';

const paper = (n: number, title: string, abstract: string) => makePaper({ id: `2611.${String(20000 + n)}`, title, abstract, categories: ['cs.CL'] });

const PAPERS = [
  paper(1, 'Large Language Models as Tutors', 'We study tutoring.'),
  paper(2, 'An LLM for tutoring', 'We study tutoring.'),
  paper(3, 'Tutoring with rules', 'We fine-tuned large-language-models with low-rank adaptation.'),
  paper(4, 'Tutoring without models', 'Large, well-documented language corpora.'),
];

const dir = mkdtempSync(join(tmpdir(), 'paperboy-aliases-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function open(path: string) {
  const database = openDatabase(path);
  const papers = createSqlitePaperRepository(database.sqlite);
  const search = createPaperSearch({ papers, clock: { now: () => new Date('2026-11-22T00:00:00Z') }, suggester: createSpellingSuggester(() => new Map()) });
  const titlesFor = async (query: string) => (await search.searchText(query, 10)).hits.map((h) => h.paper.title).sort();
  return { database, papers, titlesFor };
}

const LLM_TITLES = ['An LLM for tutoring', 'Large Language Models as Tutors', 'Tutoring with rules'];

describe('search aliases (index-time synonyms for the field abbreviations)', () => {
  it('finds a paper that writes "large language models" out when you search llm, and the reverse', async () => {
    const { database, papers, titlesFor } = open(':memory:');
    await papers.upsertPapers(PAPERS, '2026-11-01T00:00:00Z');
    expect(await titlesFor('llm')).toEqual(LLM_TITLES);
    expect(await titlesFor('large language model')).toEqual(LLM_TITLES);
    expect(await titlesFor('lora')).toEqual(['Tutoring with rules']);
    const row = database.sqlite.prepare('SELECT title_aliases, abstract_aliases FROM papers WHERE id = ?').get('2611.20003');
    expect(row).toEqual({ title_aliases: '', abstract_aliases: 'llm lora' });
    database.close();
  });

  it('ranks a long form in the title above one in the abstract, as the phrase did', async () => {
    const { database, papers } = open(':memory:');
    await papers.upsertPapers(PAPERS, '2026-11-01T00:00:00Z');
    const search = createPaperSearch({ papers, clock: { now: () => new Date('2026-11-22T00:00:00Z') }, suggester: createSpellingSuggester(() => new Map()) });
    const titles = (await search.searchText('llm', 10)).hits.map((h) => h.paper.title);
    expect(titles.indexOf('Large Language Models as Tutors')).toBeLessThan(titles.indexOf('Tutoring with rules'));
    database.close();
  });

  it('computes the aliases again when a paper’s text changes', async () => {
    const { database, papers, titlesFor } = open(':memory:');
    await papers.upsertPapers(PAPERS, '2026-11-01T00:00:00Z');
    await papers.upsertPapers([{ ...paper(4, 'Tutoring without models', 'A mixture of experts.'), version: 2 }], '2026-11-02T00:00:00Z');
    expect(await titlesFor('moe')).toEqual(['Tutoring without models']);
    database.close();
  });

  it('indexes a store made with another abbreviation table again when it opens, and then searches it the same way', async () => {
    const path = join(dir, 'old-table.db');
    let store = open(path);
    await store.papers.upsertPapers(PAPERS, '2026-11-01T00:00:00Z');
    // As a store of an older paperboy would be: no aliases, another table version.
    store.database.sqlite.exec("UPDATE fts_sync_state SET alias_table = 'an older table'");
    store.database.sqlite.exec('UPDATE papers SET title_aliases = NULL, abstract_aliases = NULL');
    store.database.sqlite.exec("INSERT INTO papers_fts(papers_fts) VALUES('rebuild')");
    expect(await store.titlesFor('llm')).toEqual(['An LLM for tutoring']);
    store.database.close();

    store = open(path);
    expect(await store.titlesFor('llm')).toEqual(LLM_TITLES);
    const state = store.database.sqlite.prepare('SELECT alias_table, deferred FROM fts_sync_state').get();
    expect(state).toEqual({ alias_table: SEARCH_ALIAS_TABLE_VERSION, deferred: 0 });
    // The index agrees with the papers table, row for row.
    expect(() => store.database.sqlite.exec("INSERT INTO papers_fts(papers_fts, rank) VALUES('integrity-check', 1)")).not.toThrow();
    store.database.close();
  });
});
