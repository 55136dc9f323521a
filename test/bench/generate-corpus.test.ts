import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseSnapshotLine } from '../../src/adapters/snapshot/parse-snapshot-record.ts';
import { openDatabase } from '../../src/adapters/store/open-database.ts';
import { createSqlitePaperRepository } from '../../src/adapters/store/sqlite-paper-repository.ts';
import { importSnapshot } from '../../src/adapters/snapshot/import-snapshot.ts';
import { extendCorpus, syntheticIdentity } from '../../bench/generate-corpus.ts';
import { writeSnapshotPrefix } from '../../bench/snapshot-lines.ts';

const REAL_CORPUS = fileURLToPath(new URL('../../../shared/datasets/arxiv-cs-daily/arxiv-cs-2025-2026.snapshot.jsonl.gz', import.meta.url));
const REAL_PAPERS = 300;
const TOTAL = 1000;

let dir: string;
let source: string;
const lines = (file: string) => readFileSync(file, 'utf8').split('\n').filter(Boolean);
const words = (text: string) => text.split(/\s+/).filter(Boolean);

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'paperboy-generate-'));
  source = join(dir, 'real.jsonl');
  await writeSnapshotPrefix(REAL_CORPUS, source, REAL_PAPERS);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('extendCorpus', () => {
  it('writes the synthetic papers first, then every real paper unchanged', async () => {
    const out = join(dir, 'extended.jsonl');
    const summary = await extendCorpus({ source, out, papers: TOTAL, seed: 1 });
    expect(summary).toMatchObject({ real: REAL_PAPERS, synthetic: TOTAL - REAL_PAPERS, reused: false });
    const written = lines(out);
    expect(written).toHaveLength(TOTAL);
    expect(written.slice(TOTAL - REAL_PAPERS)).toEqual(lines(source));
  });

  it('gives papers the importer accepts, with new unique arXiv ids and real vocabulary, authors and lengths', async () => {
    const out = join(dir, 'extended-check.jsonl');
    await extendCorpus({ source, out, papers: TOTAL, seed: 2 });
    const real = lines(source).map((l) => JSON.parse(l) as { id: string; title: string; abstract: string; authors_parsed: string[][]; categories: string });
    const vocabulary = new Set(real.flatMap((r) => [...words(r.title), ...words(r.abstract)]));
    const abstractLengths = new Set(real.map((r) => words(r.abstract).length));
    const realAuthors = new Set(real.flatMap((r) => r.authors_parsed.map((a) => a.join('|'))));
    const realCategories = new Set(real.map((r) => r.categories));
    const synthetic = lines(out)
      .slice(0, TOTAL - REAL_PAPERS)
      .map((l) => JSON.parse(l) as { id: string; title: string; abstract: string; authors_parsed: string[][]; categories: string });
    const ids = new Set<string>();
    for (const [i, record] of synthetic.entries()) {
      const parsed = parseSnapshotLine(JSON.stringify(record));
      expect(parsed.ok).toBe(true);
      expect(record.id).toMatch(/^\d{4}\.\d{5}$/);
      expect(record.id < '2503').toBe(true);
      ids.add(record.id);
      expect(words(record.title).every((w) => vocabulary.has(w))).toBe(true);
      expect(words(record.abstract).every((w) => vocabulary.has(w))).toBe(true);
      expect(abstractLengths.has(words(record.abstract).length)).toBe(true);
      expect(record.authors_parsed.every((a) => realAuthors.has(a.join('|')))).toBe(true);
      expect(realCategories.has(record.categories)).toBe(true);
      expect(record.id).toBe(syntheticIdentity(i, TOTAL - REAL_PAPERS).id);
    }
    expect(ids.size).toBe(TOTAL - REAL_PAPERS);
  });

  it('writes the same corpus for the same seed, another for another seed, and reuses a matching file', async () => {
    const a = join(dir, 'a.jsonl');
    const b = join(dir, 'b.jsonl');
    const c = join(dir, 'c.jsonl');
    await extendCorpus({ source, out: a, papers: 400, seed: 5 });
    await extendCorpus({ source, out: b, papers: 400, seed: 5 });
    await extendCorpus({ source, out: c, papers: 400, seed: 6 });
    expect(readFileSync(a, 'utf8')).toBe(readFileSync(b, 'utf8'));
    expect(readFileSync(a, 'utf8')).not.toBe(readFileSync(c, 'utf8'));
    expect((await extendCorpus({ source, out: a, papers: 400, seed: 5, reuse: true })).reused).toBe(true);
    expect((await extendCorpus({ source, out: a, papers: 401, seed: 5, reuse: true })).reused).toBe(false);
  });

  it('imports into the store as that many papers, searchable by their words', async () => {
    const out = join(dir, 'import.jsonl');
    await extendCorpus({ source, out, papers: 500, seed: 3 });
    const database = openDatabase(':memory:');
    const papers = createSqlitePaperRepository(database.sqlite);
    const summary = await importSnapshot(out, papers, { seenAt: '2026-01-01T00:00:00.000Z' });
    expect(summary).toMatchObject({ lines: 500, inserted: 500, skipped: [] });
    expect((await papers.countPapers())).toBe(500);
    const first = (await papers.getPaper(syntheticIdentity(0, 200).id));
    expect(first?.published).toBe('2015-01-01');
    const titleWord = words(first!.title).find((w) => /^[a-z]{5,}$/i.test(w))!;
    const found = database.sqlite
      .prepare<[string], { id: string }>('SELECT p.id FROM papers_fts f JOIN papers p ON p.seq = f.rowid WHERE papers_fts MATCH ?')
      .all(`title : "${titleWord}"`)
      .map((r) => r.id);
    expect(found).toContain(first!.id);
    database.close();
  });
});
