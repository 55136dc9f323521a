import { afterEach, describe, expect, it } from 'vitest';
import type { SqliteApp } from '../../src/app.ts';
import { didYouMeanBlocks } from '../../src/commands/definitions/did-you-mean.ts';
import { renderReplyText } from '../../src/core/render-text.ts';
import { editDistance } from '../../src/core/search/edit-distance.ts';
import { correctionsOf, createSpellingSuggester, quoteCorrectedWords } from '../../src/core/search/spelling-suggester.ts';
import { manualClock, testApp } from '../digest/digest-helpers.ts';
import { paper } from '../support/papers.ts';

/** Title-word counts as a 78k-paper corpus has them (hallucination in 723 titles, decoding in 654…). */
const VOCABULARY = new Map<string, number>([
  ['hallucination', 723],
  ['hallucinations', 271],
  ['speculative', 171],
  ['decoding', 654],
  ['decodng', 1], // a typo that made it into one title
  ['vlm', 798],
  ['model', 9000],
  ['mode', 40],
  ['module', 300],
  ['agent', 2000],
  ['magnet', 3],
  ['recommender', 400],
  ['systems', 3000],
  ['into', 800],
  ['space', 500],
  ['retrieval', 1500],
  ['retriever', 60],
  ['rags', 12],
  ['multimodal', 900],
  ['multimodel', 2], // in two titles: rare, and multimodal is in 900 (≥ 20 × 2)
  ['retrievers', 2], // in two titles, but the stem is retriever's (62): not rare
  ['schrödinger', 5],
  ['pause', 4],
]);

const suggester = () => createSpellingSuggester(() => new Map(VOCABULARY));

describe('SpellingSuggester: every rare word with a much more frequent neighbour', () => {
  it.each([
    // query, suggestion
    ['halucination vlm', 'hallucination vlm'], // one typo of two: the other word matched
    ['speculitive decodng', 'speculative decoding'], // "decodng" is in a title, still rare
    ['recomender systms', 'recommender systems'],
    ['modle', 'model'], // a transposition is one edit
    ['agnet', 'agent'],
    ['"recomender systems"', '"recommender systems"'],
    ['-halucination vlm', '-hallucination vlm'],
    ['speculitive-decodng', 'speculative-decoding'],
    ['recomender author:"Hallucinaton Smith" cat:cs.IR', 'recommender author:"Hallucinaton Smith" cat:cs.IR'], // fields as typed
    ['Halucination', 'hallucination'],
    ['pauze', 'pause'],
    ['multimodel', 'multimodal'],
  ])('%j → %j', (query, expected) => {
    expect(suggester().suggest(query)).toBe(expected);
  });

  it.each([
    'hallucination vlm', // frequent words
    'hallucinations', // an inflection of a frequent word: the index stems it
    'dpo rlhf', // abbreviations the search expands
    'qwzxvb', // nothing close
    'hinton', // two edits from "into": too far for six letters
    'splade', // two edits from "space"
    'schrodinger', // accents folded as queries are
    'the with from', // stopwords
    'qwen3', // words with digits
    'retriever', // not rare (60 titles)
    'retrievers', // its stem is retriever's
  ])('%j → no suggestion', (query) => {
    expect(suggester().suggest(query)).toBeNull();
  });

  it('loads the vocabulary once, on the first query', () => {
    let loads = 0;
    const s = createSpellingSuggester(() => (loads++, new Map(VOCABULARY)));
    expect(loads).toBe(0);
    s.suggest('halucination');
    s.suggest('decodng');
    expect(loads).toBe(1);
  });

  it('says which words a suggestion changed, and quotes them to keep them as typed', () => {
    const corrections = correctionsOf('halucination "recomender systems" vlm', 'hallucination "recommender systems" vlm');
    expect(corrections).toEqual([
      { from: 'halucination', to: 'hallucination', quoted: false },
      { from: 'recomender', to: 'recommender', quoted: true },
    ]);
    expect(quoteCorrectedWords('halucination "recomender systems" vlm', corrections)).toBe('"halucination" "recomender systems" vlm');
    expect(quoteCorrectedWords('-halucination vlm', correctionsOf('-halucination vlm', '-hallucination vlm'))).toBe('-"halucination" vlm');
  });

  it.each([
    ['model', 'modle', 1],
    ['kitten', 'sitting', 3],
    ['', 'abc', 3],
    ['same', 'same', 0],
  ])('editDistance(%j, %j) = %i', (a, b, d) => {
    expect(editDistance(a, b)).toBe(d);
    expect(editDistance(a, b, 1)).toBe(Math.min(d, 2));
  });
});

describe('search offers the correction whatever it found', () => {
  let app: SqliteApp;
  afterEach(() => app?.close());

  async function store(): Promise<SqliteApp> {
    const a = testApp(manualClock('2026-11-22T10:00:00Z'));
    const papers = Array.from({ length: 25 }, (_, i) => paper(`Hallucination detection for VLM agents ${i + 1}`, 'We detect hallucination in VLMs.'));
    papers.push(...Array.from({ length: 5 }, (_, i) => paper(`A VLM for robots ${i + 1}`, 'Vision-language models for robots.')));
    papers.push(...Array.from({ length: 25 }, (_, i) => paper(`Speculative decoding at scale ${i + 1}`, 'Faster decoding with drafts.')));
    papers.push(paper('Decodng with typos', 'A title with a typo.'));
    await a.papers.upsertPapers(papers, '2026-11-21T00:00:00Z');
    return a;
  }

  it('"halucination vlm" finds VLM papers and still says “hallucination vlm”', async () => {
    app = (await store());
    const outcome = (await app.services.search.searchText('halucination vlm', 5));
    expect(outcome.hits.length).toBeGreaterThan(0);
    expect(outcome.suggestion).toBe('hallucination vlm');
  });

  it('"speculitive decodng" corrects both words, though "decodng" is in a title', async () => {
    app = (await store());
    expect((await app.services.search.searchText('speculitive decodng', 5)).suggestion).toBe('speculative decoding');
  });

  it('no suggestion when every word is common, and none for “more like this”', async () => {
    app = (await store());
    expect((await app.services.search.searchText('hallucination vlm', 5)).suggestion).toBeNull();
    const [first] = (await app.services.search.searchText('hallucination', 1)).hits;
    expect((await app.services.search.similarTo(first!.paper, 5)).suggestion).toBeNull();
  });

  it('the did-you-mean button runs a search, never the suggestion as a command', () => {
    const shown = renderReplyText({ blocks: didYouMeanBlocks('pause'), visibility: 'ephemeral' });
    expect(shown).toBe('Did you mean “pause”?\n[Search “pause”: /papers search pause]');
  });
});
