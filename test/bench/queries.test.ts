import { describe, expect, it } from 'vitest';
import { parseQuery } from '../../src/core/search/parse-query.ts';
import { FIELD_ABBREVIATIONS } from '../../src/core/search/abbreviations.ts';
import { loadBenchQueries } from '../../bench/bench-queries.ts';
import { plainTerms } from '../../bench/plain-terms.ts';

const queries = loadBenchQueries();

describe('the committed benchmark queries (bench/queries.txt)', () => {
  it('are 200 distinct queries that paperboy accepts', () => {
    expect(queries).toHaveLength(200);
    expect(new Set(queries).size).toBe(200);
    for (const query of queries) {
      const parsed = parseQuery(query);
      expect(parsed.ok, query).toBe(true);
    }
  });

  it('are short research queries: one to four words besides an author name', () => {
    for (const query of queries) {
      const words = query.replace(/author:"[^"]*"/g, '').replace(/(^|\s)(cat|since|sort):\S+/g, ' ').split(/\s+/).filter(Boolean);
      expect(words.length, query).toBeLessThanOrEqual(4);
      expect(plainTerms(query).length, query).toBeGreaterThan(0);
    }
  });

  it('mix field abbreviations, hyphenated and quoted terms, and filters', () => {
    const count = (test: (q: string) => boolean) => queries.filter(test).length;
    expect(count((q) => q.split(' ').some((w) => w in FIELD_ABBREVIATIONS))).toBeGreaterThanOrEqual(20);
    expect(count((q) => /\w-\w/.test(q))).toBeGreaterThanOrEqual(10);
    expect(count((q) => q.startsWith('"'))).toBeGreaterThanOrEqual(5);
    for (const filter of ['cat:', 'since:', 'author:', 'sort:', ' -']) expect(count((q) => q.includes(filter)), filter).toBeGreaterThanOrEqual(3);
  });
});
