import { afterAll, describe, it, expect } from 'vitest';
import { compileFtsExpression } from '../../src/adapters/store/fts-expression.ts';
import { openDatabase } from '../../src/adapters/store/open-database.ts';
import type { MatchMode } from '../../src/core/ports.ts';
import { parseQuery } from '../../src/core/search/parse-query.ts';
import type { SearchQuery } from '../../src/core/search/search-query.ts';
import { HOSTILE_QUERIES } from '../core/hostile-queries.ts';

function query(text: string): SearchQuery {
  const result = parseQuery(text);
  if (!result.ok) throw new Error(`"${text}" should parse: ${result.error.message}`);
  return result.value;
}

// An FTS5 string: double quotes, with "" standing for a literal quote inside.
const FTS_STRING = /"(?:[^"]|"")*"/g;
// What may appear outside strings: the operators and column filters paperboy itself writes.
const OWN_SYNTAX = /^(?:\s+|\(|\)|:|\*|AND\b|OR\b|NOT\b|authors\b|category_codes\b)*$/;

/** Asserts that every user token sits inside a double-quoted FTS5 string holding only words. */
function expectOnlyQuotedTokens(expression: string): void {
  const strings = expression.match(FTS_STRING) ?? [];
  expect(strings.length).toBeGreaterThan(0);
  for (const s of strings) expect(s).toMatch(/^"[\p{L}\p{N}]+(?: [\p{L}\p{N}]+)*"$/u);
  expect(expression.replace(FTS_STRING, ' ')).toMatch(OWN_SYNTAX);
}

const database = openDatabase(':memory:');
afterAll(() => database.close());
const match = database.sqlite.prepare<[string], { n: number }>('SELECT count(*) AS n FROM papers_fts WHERE papers_fts MATCH ?');

describe('compileFtsExpression', () => {
  it.each<[string, MatchMode, string]>([
    ['transformers', 'all', '"transformers"'],
    ['graph transformers', 'all', '("graph" AND "transformers")'],
    ['graph transformers', 'any', '("graph" OR "transformers")'],
    ['"cold start"', 'all', '"cold start"'],
    ['cold-start', 'all', '("cold start" OR "coldstart" OR "zero shot")'],
    ['recsys', 'all', '("recsys" OR "recommendation" OR "recommender")'],
    ['the transformers', 'all', '("the" AND "transformers")'],
    ['the transformers', 'any', '"transformers"'],
    ['the of', 'any', '("the" OR "of")'],
    ['author:"Anoop Deoras"', 'all', 'authors : "anoop deoras"'],
    ['cat:cs.IR', 'all', 'category_codes : "catcsir"'],
    ['cat:cs', 'all', 'category_codes : "catcs" *'],
    ['cat:q-bio.NC', 'all', 'category_codes : "catqbionc"'],
    // "llms" is left out: the porter stemmer indexes it as "llm" already. So is "large language
    // model": the index holds "llm" as an alias wherever a paper writes it out (search-aliases.ts).
    ['llm cat:cs.CL', 'all', '"llm" AND category_codes : "catcscl"'],
    ['llm -survey', 'all', '"llm" NOT "survey"'],
    ['llm -survey -"position paper"', 'all', '"llm" NOT ("survey" OR "position paper")'],
    ['cnn', 'all', '("cnn" OR "convolutional")'],
    ['large language model', 'all', '"llm"'],
    // NOT binds tighter than AND and OR in FTS5: what it excludes from is always one group.
    ['graph transformers -survey', 'any', '("graph" OR "transformers") NOT "survey"'],
    ['llm cat:cs.CL -survey', 'all', '("llm" AND category_codes : "catcscl") NOT "survey"'],
    ['"large language model"', 'all', '"large language model"'],
  ])('%j (%s) → %s', (text, mode, expected) => {
    expect(compileFtsExpression(query(text), mode)).toBe(expected);
  });

  it('has nothing to match for filters that are not text (since:, sort:) and for exclusions alone', () => {
    expect(compileFtsExpression(query('since:2024 sort:new'), 'all')).toBeNull();
    expect(compileFtsExpression(query('-survey'), 'all')).toBeNull();
  });

  it('excludes with one flat NOT however many exclusions there are (nesting overflows FTS5’s parser)', () => {
    const expression = compileFtsExpression(query(`recsys ${'-x '.repeat(330)}`), 'all')!;
    expect(expression.match(/\bNOT\b/g)).toHaveLength(1);
    expect(() => match.get(expression)).not.toThrow();
  });

  it.each(HOSTILE_QUERIES.map((q) => [q.length > 60 ? `${q.slice(0, 60)}… (${q.length} chars)` : q, q]))(
    'hostile %j: only quoted tokens, valid FTS5 in both modes',
    (_label, text) => {
      const parsed = parseQuery(text);
      if (!parsed.ok) return;
      for (const mode of ['all', 'any'] as const) {
        const expression = compileFtsExpression(parsed.value, mode);
        if (expression === null) continue;
        expectOnlyQuotedTokens(expression);
        expect(match.get(expression)).toEqual({ n: 0 });
      }
    },
  );

  it('keeps an injected quote out of the syntax even when a query object is built by hand', () => {
    const handmade: SearchQuery = {
      terms: [{ label: 'x', alternatives: [['a" OR "b'], ['c*']], quoted: false }],
      excluded: [],
      authors: [['d" NEAR "e']],
      categories: [{ archive: 'cs" OR "x', subject: 'ir*' }],
      since: null,
      sort: 'relevance',
      page: 1,
      text: 'x',
    };
    const expression = compileFtsExpression(handmade, 'all')!;
    expect(expression).toBe('("a"" OR ""b" OR "c*") AND authors : "d"" NEAR ""e" AND category_codes : "catcsxir"');
    expect(() => match.get(expression)).not.toThrow();
  });
});
