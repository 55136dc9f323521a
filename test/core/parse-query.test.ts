import { describe, it, expect } from 'vitest';
import { UserError } from '../../src/core/errors.ts';
import { parseQuery, parseSinceDate } from '../../src/core/search/parse-query.ts';
import type { QueryTerm, SearchQuery } from '../../src/core/search/search-query.ts';
import { HOSTILE_QUERIES } from './hostile-queries.ts';

/**
 * A query as one readable line per part: a term is its alternatives joined by " | ", a related
 * phrase (ranked a little lower) is marked "~", a quoted term is wrapped in quotes.
 */
function termText(term: QueryTerm): string {
  const alternatives = term.alternatives
    .map((alt, i) => (term.relatedFrom !== undefined && i >= term.relatedFrom ? '~' : '') + alt.join(' '))
    .join(' | ');
  return term.quoted ? `"${alternatives}"` : alternatives;
}

interface QuerySummary {
  terms: string[];
  excluded: string[];
  authors: string[];
  categories: string[];
  since: string | null;
  sort: SearchQuery['sort'];
  page: number;
  text: string;
}

function summarise(query: SearchQuery): QuerySummary {
  return {
    terms: query.terms.map(termText),
    excluded: query.excluded.map(termText),
    authors: query.authors.map((a) => a.join(' ')),
    categories: query.categories.map((c) => (c.subject === null ? c.archive : `${c.archive}.${c.subject}`)),
    since: query.since,
    sort: query.sort,
    page: query.page,
    text: query.text,
  };
}

function parsed(input: string): SearchQuery {
  const result = parseQuery(input);
  if (!result.ok) throw new Error(`expected "${input}" to parse, got ${result.error.code}: ${result.error.message}`);
  return result.value;
}

const NOTHING: Omit<QuerySummary, 'text'> = { terms: [], excluded: [], authors: [], categories: [], since: null, sort: 'relevance', page: 1 };

const COLD_START = 'cold start | coldstart | ~zero shot';

// [what the user types, what paperboy understands (fields left out are the defaults)]
const VALID: Array<[string, Partial<QuerySummary>]> = [
  ['transformers', { terms: ['transformers'], text: 'transformers' }],
  ['graph transformers', { terms: ['graph', 'transformers'] }],
  ['Ünïcödé Café', { terms: ['unicode', 'cafe'] }],
  ['"cold start"', { terms: ['"cold start"'], text: '"cold start"' }],
  ['"the state of the art"', { terms: ['"the state of the art"'] }],
  ['"a" "b"', { terms: ['"a"', '"b"'] }],
  ['-survey', { excluded: ['survey'], text: '-survey' }],
  ['llm -survey -benchmark', { terms: ['llm | large language model | llms'], excluded: ['survey', 'benchmark'] }],
  ['-"cold start"', { excluded: ['"cold start"'], text: '-"cold start"' }],
  ['-cold-start recommendation', { terms: ['recommendation'], excluded: ['cold start | coldstart'] }],
  ['author:"Anoop Deoras"', { authors: ['anoop deoras'], text: 'author:"Anoop Deoras"' }],
  ['au:Deoras', { authors: ['deoras'], text: 'author:Deoras' }],
  ['by:"Hao Ding" recsys', { authors: ['hao ding'], terms: ['recsys | recommendation | recommender'] }],
  ['AUTHOR:"Yifei Ma"', { authors: ['yifei ma'] }],
  ['author:"Hào Ding"', { authors: ['hao ding'] }],
  ['cat:cs.IR', { categories: ['cs.ir'], text: 'cat:cs.IR' }],
  ['cat:cs', { categories: ['cs'] }],
  ['category:stat.ML', { categories: ['stat.ml'] }],
  ['cat:q-bio.PE', { categories: ['q-bio.pe'], text: 'cat:q-bio.PE' }],
  ['cat:cond-mat.stat-mech', { categories: ['cond-mat.stat-mech'] }],
  ['cat:hep-th', { categories: ['hep-th'] }],
  ['since:2024', { since: '2024-01-01', text: 'since:2024' }],
  ['since:2024-06', { since: '2024-06-01' }],
  ['since:2024-06-01', { since: '2024-06-01' }],
  ['since:2024-6-5', { since: '2024-06-05' }],
  ['since:2024-02-29', { since: '2024-02-29' }],
  ['after:2025', { since: '2025-01-01' }],
  ['sort:new', { sort: 'new', text: 'sort:new' }],
  ['sort:top', { sort: 'top' }],
  ['sort:NEW', { sort: 'new' }],
  ['sort:relevance', { sort: 'relevance', text: '' }],
  ['page:2', { page: 2 }],
  ['page:20', { page: 20 }],
  ['cold-start', { terms: [COLD_START], text: 'cold-start' }],
  ['cold start', { terms: [COLD_START], text: 'cold start' }],
  ['Cold Start', { terms: [COLD_START] }],
  ['cold\u200dstart', { terms: [COLD_START] }],
  ['zero-shot', { terms: ['zero shot | zeroshot'] }],
  ['recommender system', { terms: ['recommender system | recommendersystem | ~recsys | ~recommendation'] }],
  ['large language model', { terms: ['large language model | ~llm | ~llms'] }],
  ['cold "start"', { terms: ['cold', '"start"'] }],
  ['-cold start', { terms: ['start'], excluded: ['cold'] }],
  ['recsys', { terms: ['recsys | recommendation | recommender'] }],
  ['RecSys', { terms: ['recsys | recommendation | recommender'] }],
  ['llm', { terms: ['llm | large language model | llms'] }],
  ['gnn', { terms: ['gnn | graph neural network | gnns'] }],
  ['rl', { terms: ['rl | reinforcement learning'] }],
  ['nlp', { terms: ['nlp | natural language processing'] }],
  ['cv', { terms: ['cv | computer vision'] }],
  [
    'recsys cold-start',
    { terms: ['recsys | recommendation | recommender', COLD_START], text: 'recsys cold-start' },
  ],
  [
    'author:"Anoop Deoras" cat:cs.IR since:2022-03 sort:new page:3 "item to item" -survey',
    {
      terms: ['"item to item"'],
      excluded: ['survey'],
      authors: ['anoop deoras'],
      categories: ['cs.ir'],
      since: '2022-03-01',
      sort: 'new',
      page: 3,
      text: 'author:"Anoop Deoras" cat:cs.IR since:2022-03 sort:new "item to item" -survey',
    },
  ],
  ['“smart quotes”', { terms: ['"smart quotes"'] }],
  ['https://github.com/org/repo', { terms: ['https github com org repo'] }],
  ['tab\tseparated\nlines', { terms: ['tab', 'separated', 'lines'] }],
  ['', { text: '' }],
  ['   ', {}],
];

describe('parseQuery: what a query means', () => {
  it.each(VALID)('%j', (input, expected) => {
    const summary = summarise(parsed(input));
    const { text, ...rest } = expected;
    expect({ ...summary, text: undefined }).toEqual({ ...NOTHING, ...rest, text: undefined });
    if (text !== undefined) expect(summary.text).toBe(text);
  });

  it('normalises a query to text that parses back to the same query (used by "More results")', () => {
    for (const [input] of VALID) {
      const first = parsed(input);
      const again = parsed(first.text);
      expect({ ...summarise(again), text: '', page: 1 }, input).toEqual({ ...summarise(first), text: '', page: 1 });
    }
  });
});

// [what the user types, the error code they get]
const INVALID: Array<[string, string]> = [
  ['"cold start', 'query.unbalanced_quote'],
  ['cold start"', 'query.unbalanced_quote'],
  ['"a" "b', 'query.unbalanced_quote'],
  ['author:"Anoop Deoras', 'query.unbalanced_quote'],
  ['foo:bar', 'query.unknown_field'],
  ['title:transformers', 'query.unknown_field'],
  ['recsys year:2024', 'query.unknown_field'],
  ['since:2024-13-01', 'query.bad_date'],
  ['since:2023-02-30', 'query.bad_date'],
  ['since:2024-00', 'query.bad_date'],
  ['since:yesterday', 'query.bad_date'],
  ['since:24', 'query.bad_date'],
  ['since:1066', 'query.bad_date'],
  ['since:2024/06/01', 'query.bad_date'],
  ['sort:best', 'query.bad_sort'],
  ['sort:"new new"', 'query.bad_sort'],
  ['page:0', 'query.bad_page'],
  ['page:21', 'query.bad_page'],
  ['page:two', 'query.bad_page'],
  ['page:1.5', 'query.bad_page'],
  ['author:', 'query.empty_field'],
  ['author:""', 'query.empty_field'],
  ['author:"   "', 'query.empty_field'],
  ['author:"!!"', 'query.empty_field'],
  ['cat:', 'query.empty_field'],
  ['since:', 'query.empty_field'],
  ['sort:', 'query.empty_field'],
  ['cat:cs.IR.extra', 'query.bad_category'],
  ['cat:"!"', 'query.bad_category'],
  ['cat:cs.*', 'query.bad_category'],
  ['cat:cs..IR', 'query.bad_category'],
  ['cat:"cs IR"', 'query.bad_category'],
  ['-author:"Anoop Deoras" recsys', 'query.negated_field'],
  ['-cat:cs.IR llm', 'query.negated_field'],
  ['x'.repeat(10_000), 'query.too_long'],
  ['recsys '.repeat(1_500), 'query.too_long'],
  ['😀'.repeat(1_001), 'query.too_long'],
];

describe('parseQuery: malformed input gets a clear message', () => {
  it.each(INVALID)('%j → %s', (input, code) => {
    const result = parseQuery(input);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error).toBeInstanceOf(UserError);
    expect(result.error.code).toBe(code);
    expect(result.error.message.length).toBeGreaterThan(10);
    expect(result.error.hint).toBeTruthy();
  });

  it('names the problem in the message', () => {
    const message = (input: string) => {
      const result = parseQuery(input);
      return result.ok ? '' : `${result.error.message} ${result.error.hint}`;
    };
    expect(message('"cold start')).toMatch(/quote/);
    expect(message('foo:bar')).toContain('foo:');
    expect(message('since:2024-13-01')).toContain('2024-13-01');
    expect(message('since:2024-13-01')).toContain('since:2024-06-01');
    expect(message('sort:best')).toMatch(/sort:new/);
    expect(message('x'.repeat(10_000))).toContain('10,000');
  });

  it('accepts exactly the longest query and counts characters, not UTF-16 units', () => {
    expect(parseQuery('x'.repeat(1000)).ok).toBe(true);
    expect(parseQuery('😀'.repeat(1000)).ok).toBe(true);
  });
});

describe('parseSinceDate', () => {
  it.each([
    ['2024', '2024-01-01'],
    ['2024-06', '2024-06-01'],
    ['2024-06-01', '2024-06-01'],
    ['2000-02-29', '2000-02-29'],
  ])('%s → %s', (input, expected) => {
    expect(parseSinceDate(input)).toEqual({ ok: true, value: expected });
  });

  it.each(['1900-02-29', '2023-02-29', '2024-04-31', '2024-13', '20240601', ''])('rejects %j', (input) => {
    const result = parseSinceDate(input);
    expect(result.ok).toBe(false);
  });
});


describe('parseQuery: hostile input parses or fails cleanly', () => {
  it.each(HOSTILE_QUERIES.map((q) => [q.length > 60 ? `${q.slice(0, 60)}… (${q.length} chars)` : q, q]))('%j', (_label, input) => {
    let result: ReturnType<typeof parseQuery> | undefined;
    expect(() => (result = parseQuery(input))).not.toThrow();
    if (!result!.ok) {
      expect(result!.error).toBeInstanceOf(UserError);
      expect(result!.error.code).toMatch(/^query\./);
      return;
    }
    const query = result!.value;
    // Every token that can reach the index is a run of letters or digits: no operator survives.
    const tokens = [...query.terms, ...query.excluded].flatMap((t) => t.alternatives.flat());
    for (const token of [...tokens, ...query.authors.flat()]) {
      expect(token).toMatch(/^[\p{L}\p{N}]+$/u);
    }
    for (const category of query.categories) expect(`${category.archive}.${category.subject ?? ''}`).toMatch(/^[a-z-]+\.[a-z-]*$/);
    expect(query.text).not.toMatch(/[\p{Cc}]/u);
  });

  it('reads FTS5 keywords and column names as plain words', () => {
    expect(summarise(parsed('cold AND start')).terms).toEqual(['cold', 'and', 'start']);
    expect(summarise(parsed('NEAR(a b)')).terms).toEqual(['near a | neara', 'b']);
    expect(summarise(parsed('{title}:x')).terms).toEqual(['title x | titlex']);
  });

  it('turns control characters, zero-width and direction marks into separators', () => {
    expect(summarise(parsed('a\u0000b\u0007c')).terms).toEqual(['a', 'b', 'c']);
    expect(summarise(parsed('\u200fمرحبا بالعالم\u200f')).terms).toEqual(['مرحبا', 'بالعالم']);
    expect(summarise(parsed('\u200b\u200c\u200d\ufeff')).terms).toEqual([]);
  });

  it('gives an empty query, not an error, for emoji only and lone dashes (the search then asks for words)', () => {
    for (const input of ['😀🎉🚀', '-', '--', '   ']) {
      expect(summarise(parsed(input)).terms, input).toEqual([]);
    }
  });
});
