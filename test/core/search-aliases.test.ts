import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';
import { stemmer } from 'stemmer';
import { describe, expect, it } from 'vitest';
import { FIELD_ABBREVIATIONS } from '../../src/core/search/abbreviations.ts';
import { aliasesOfLongForm, searchAliases } from '../../src/core/search/search-aliases.ts';
import { tokenize } from '../../src/core/search/tokenize.ts';
import { ARXIV_CS_SNAPSHOT } from '../store/arxiv-slice.ts';

/** The definition searchAliases implements, written the slow way: every word stemmed, every long form tried at every word. */
function aliasesWordByWord(text: string): string {
  const forms = Object.entries(FIELD_ABBREVIATIONS).flatMap(([abbreviation, expansions]) =>
    expansions.map((e) => ({ stems: tokenize(e).map((w) => stemmer(w)), abbreviation })).filter((f) => f.stems.length > 1),
  );
  const stems = tokenize(text).map((w) => stemmer(w));
  const found: string[] = [];
  for (let i = 0; i < stems.length; i++) {
    for (const form of forms) if (form.stems.every((s, k) => stems[i + k] === s)) found.push(form.abbreviation);
  }
  return found.join(' ');
}

describe('searchAliases', () => {
  it.each([
    ['Large Language Models are few-shot learners', 'llm'],
    ['We fine-tuned an LLM with low-rank adaptation (LoRA).', 'lora'],
    ['supervised fine-tuning and a Mixture-of-Experts', 'sft moe'],
    ['reinforcement learning from human feedback', 'rlhf rl'],
    ['multimodal large language models', 'mllm llm'],
    ['large language model, then another large language model', 'llm llm'],
    ['a language model that is large', ''],
    ['', ''],
  ])('%j → %j', (text, expected) => {
    expect(searchAliases(text).split(' ').sort().join(' ')).toBe(expected.split(' ').sort().join(' '));
  });

  it('needs each long form to start at a word: "malarge language model" is not one', () => {
    expect(searchAliases('malarge language model')).toBe('');
  });

  it('treats letters outside ASCII as letters, before a long form and inside its words', () => {
    // A letter before the long form, precomposed and as a surrogate pair (mathematical bold A).
    expect(searchAliases('élarge language model')).toBe('');
    expect(searchAliases('\u{1D400}large language model')).toBe('');
    // Not letters: a long form after punctuation, an emoji or a combining accent still counts.
    expect(searchAliases('«large language model»')).toBe('llm');
    expect(searchAliases('\u{1F600}large language model')).toBe('llm');
    expect(searchAliases('large\u0301 language model')).toBe(aliasesWordByWord('large\u0301 language model'));
    // Accents are folded before stemming, so an accent inside a word is part of it: "languagés" is "languages".
    expect(searchAliases('large languagés model')).toBe('llm');
    expect(searchAliases('large language modelé')).toBe('llm');
    expect(searchAliases('large language modelĳ')).toBe(aliasesWordByWord('large language modelĳ'));
    // Separators beyond ASCII: a no-break space and an em dash.
    expect(searchAliases('large\u00a0language—model')).toBe('llm');
    // What case-insensitive Unicode matching folds onto ASCII letters: the Kelvin sign and the long s.
    expect(searchAliases('\u212anowledge graph')).toBe('kg');
    expect(searchAliases('ſpeech recognition')).toBe('asr');
    expect(searchAliases('LARGE LANGUAGE MODELS')).toBe('llm');
  });

  it('finds what stemming every word finds on text with accents, odd separators and folded letters', () => {
    const pieces = ['large', 'languagés', 'modèl', 'model', 'é', 'graph', '\u212anowledge', 'ſpeech', 'recognition', 'neural', 'network', '_', '-', '\u00a0', '—', ' ', ' ', 'Lärge', 'in', 'context', 'learning', '\u{1D400}', 'x'];
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    for (let i = 0; i < 3000; i++) {
      const text = Array.from({ length: 4 + Math.floor(next() * 8) }, () => pieces[Math.floor(next() * pieces.length)]).join(next() < 0.5 ? ' ' : '');
      expect(searchAliases(text), text).toBe(aliasesWordByWord(text));
    }
  });

  it('names the abbreviations a long form stands for, and nothing for other words', () => {
    expect(aliasesOfLongForm(['large', 'language', 'model'])).toEqual(['llm']);
    expect(aliasesOfLongForm(['speech', 'recognition'])).toEqual(['asr']);
    expect(aliasesOfLongForm(['cold', 'start'])).toEqual([]);
  });

  it('finds exactly what stemming every word finds, on 3,000 real titles and abstracts', async () => {
    const reader = createInterface({ input: createReadStream(ARXIV_CS_SNAPSHOT).pipe(createGunzip()), crlfDelay: Infinity });
    let papers = 0;
    let withAliases = 0;
    for await (const line of reader) {
      const { title, abstract } = JSON.parse(line) as { title: string; abstract: string };
      for (const text of [title, abstract]) expect(searchAliases(text), text).toBe(aliasesWordByWord(text));
      if (searchAliases(abstract) !== '') withAliases++;
      if (++papers === 3000) break;
    }
    reader.close();
    expect(withAliases).toBeGreaterThan(300);
  });
});
