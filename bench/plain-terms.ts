/**
 * A benchmark query reduced to plain words, for the reference engines (raw FTS5, minisearch) that
 * do not speak paperboy's query language: sort:/since:/page: and -exclusions are dropped, field
 * prefixes (author:, cat:) are removed and their values kept as words, and the rest is split into
 * the same tokens the index uses.
 */
import { tokenize } from '../src/core/search/tokenize.ts';

export function plainTerms(query: string): string[] {
  const words = query
    .replace(/(^|\s)(?:sort|since|after|page):\S+/gi, ' ')
    .replace(/(^|\s)-(?:"[^"]*"|\S+)/g, ' ')
    .replace(/\b[a-z]+:/gi, ' ');
  return [...new Set(tokenize(words))];
}

/** The FTS5 MATCH expression of the plain words, every word a quoted string (no FTS5 syntax). */
export function plainFtsExpression(terms: readonly string[], operator: 'AND' | 'OR'): string {
  return terms.map((t) => `"${t.replace(/"/g, '""')}"`).join(` ${operator} `);
}
