import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { mean } from '../../bench/bench-stats.ts';
import { buildPlainFtsTable } from '../../bench/plain-fts-table.ts';
import { openDatabase } from '../../src/adapters/store/open-database.ts';
import { createSqlitePaperRepository } from '../../src/adapters/store/sqlite-paper-repository.ts';
import { makePaper } from '../support/papers.ts';

const dir = mkdtempSync(join(tmpdir(), 'paperboy-plain-fts-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the plain FTS5 table the search benchmark divides by', () => {
  it('holds the same papers and answers the AND of the plain words, porter-stemmed', async () => {
    const storePath = join(dir, 'store.db');
    const store = openDatabase(storePath);
    const papers = createSqlitePaperRepository(store.sqlite);
    await papers.upsertPapers(
      [
        makePaper({ title: 'Graph neural networks for recommendation', abstract: 'Graphs and more graphs.' }),
        makePaper({ title: 'Recommending with graphs', abstract: 'A neural recommender.', authors: ['Ada Lovelace'] }),
        makePaper({ title: 'Protein folding', abstract: 'Nothing about the others.' }),
      ],
      '2026-11-01T00:00:00Z',
    );
    store.close();
    const plain = buildPlainFtsTable(storePath, join(dir, 'plain.db'));
    try {
      // Both hold every word ("graphs", "recommending" stem to the same), the protein paper none.
      expect([...plain.search('graph neural recommendation')].sort()).toEqual([1, 2]);
      expect(plain.search('lovelace')).toEqual([2]);
      expect(plain.search('protein -folding sort:new')).toEqual([3]);
      expect(plain.search('sort:new')).toEqual([]);
    } finally {
      plain.close();
    }
  });

  it('mean of the samples', () => {
    expect(mean([1, 2, 6])).toBe(3);
    expect(() => mean([])).toThrow();
  });
});
