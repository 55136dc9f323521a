import type { Synchronous } from '../../src/core/awaitable.ts';
import { createReadStream, createWriteStream, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { afterAll, beforeAll, describe, it, expect } from 'vitest';
import { importSnapshot, type ImportSummary } from '../../src/adapters/snapshot/import-snapshot.ts';
import { SnapshotReadError } from '../../src/adapters/snapshot/read-snapshot-in-worker.ts';
import { openDatabase, type OpenDatabase } from '../../src/adapters/store/open-database.ts';
import { createSqlitePaperRepository } from '../../src/adapters/store/sqlite-paper-repository.ts';
import { mergePaper, newPaper } from '../../src/core/merge-paper.ts';
import type { Paper, PaperInput } from '../../src/core/paper.ts';
import type { PaperRepository } from '../../src/core/ports.ts';
import { makePaper } from '../support/papers.ts';
import { writeSnapshotSlice } from './arxiv-slice.ts';

const SLICE_LINES = 2000;
const PROBLEMS_FILE = fileURLToPath(new URL('../fixtures-local/snapshot-with-problems.jsonl', import.meta.url));
const FIRST_SEEN = '2026-01-01T00:00:00.000Z';
const LATER = '2026-02-01T00:00:00.000Z';

let dir: string;
let slice: string;
let sliceGz: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'paperboy-import-'));
  slice = join(dir, 'arxiv-slice.jsonl');
  sliceGz = join(dir, 'arxiv-slice.jsonl.gz');
  await writeSnapshotSlice(slice, SLICE_LINES);
  await pipeline(createReadStream(slice), createGzip(), createWriteStream(sliceGz));
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

function freshStore(): { database: OpenDatabase; papers: Synchronous<PaperRepository> } {
  const database = openDatabase(':memory:');
  return { database, papers: createSqlitePaperRepository(database.sqlite) };
}

function counts(database: OpenDatabase) {
  const count = (table: string) => database.sqlite.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;
  return { papers: count('papers'), authors: count('authors'), paperAuthors: count('paper_authors'), fts: count('papers_fts') };
}

const summaryCounts = (s: ImportSummary) => ({ lines: s.lines, inserted: s.inserted, updated: s.updated, unchanged: s.unchanged, skipped: s.skipped });

describe('importSnapshot of a 2,000-line slice of the arXiv cs snapshot', () => {
  it('stores 2,000 papers with their fields, then a second import changes and duplicates nothing', async () => {
    const { database, papers } = freshStore();
    const first = await importSnapshot(slice, papers, { seenAt: FIRST_SEEN });
    expect(summaryCounts(first)).toEqual({ lines: 2000, inserted: 2000, updated: 0, unchanged: 0, skipped: [] });
    const after = counts(database);
    expect(after.papers).toBe(2000);
    expect(after.fts).toBe(2000);
    // Every author of every paper is linked, in order, to an author row.
    const authorSlots = database.sqlite.prepare('SELECT sum(json_array_length(authors)) FROM papers').pluck().get();
    expect(after.paperAuthors).toBe(authorSlots);
    expect(after.authors).toBeGreaterThan(5000);

    expect((await papers.getPaper('2503.11677'))).toEqual({
      id: '2503.11677',
      version: 1,
      title: 'Simulation of prosthetic vision with PRIMA system and enhancement of face representation',
      abstract: expect.stringMatching(/^Objective\. Patients implanted with the PRIMA photovoltaic subretinal prosthesis in geographic .* essential for face recognition\.$/),
      authors: ['Jungyeon Park', 'Anna Kochnev Goldstein', 'Yueming Zhou', 'Nathan Jensen', 'Daniel Palanker'],
      authorsTruncated: false,
      categories: ['cs.HC', 'cs.CV'],
      published: '2025-03-18',
      updated: '2025-03-18',
      comment: null,
      doi: null,
      journalRef: null,
      absUrl: 'https://arxiv.org/abs/2503.11677',
      pdfUrl: 'https://arxiv.org/pdf/2503.11677',
      codeUrl: null,
      org: null,
      score: null,
      upvotes: null,
      sources: ['snapshot'],
      firstSeenAt: FIRST_SEEN,
    });
    const cordic = (await papers.getPaper('2503.11685'))!;
    expect(cordic.title).toBe('CORDIC Is All You Need');
    expect(cordic.categories).toEqual(['cs.AR', 'cs.CV', 'eess.IV']);
    expect(cordic.authors).toHaveLength(9);
    expect(cordic.authors[0]).toBe('Omkar Kokane');
    expect(cordic.authors[6]).toBe('S. V. Jaya Chand');
    expect(cordic.authors[8]).toBe('Santosh Kumar Vishvakarma');
    expect(cordic.abstract).not.toMatch(/\n/);

    const timeZero = (await papers.getPaper('2503.13377'))!;
    expect(timeZero.title).toBe('TimeZero: Temporal Video Grounding with Reasoning-Guided LVLM');
    expect(timeZero.categories[0]).toBe('cs.CV');
    expect(timeZero.comment).toBe('Code: https://github.com/www-Ye/TimeZero');
    expect(timeZero.codeUrl).toBe('https://github.com/www-Ye/TimeZero');

    // A group author list: "NVIDIA, :, Hassan Abu Alhaija, …" has no author called ":".
    const cosmos = (await papers.getPaper('2503.14492'))!;
    expect(cosmos.authors.slice(0, 2)).toEqual(['NVIDIA', 'Hassan Abu Alhaija']);
    expect(cosmos.authors).not.toContain(':');

    const last = (await papers.getPaper('2503.21208'))!;
    expect(last.title).toBe('An improved EfficientNetV2 for garbage classification');
    expect(last.authors).toEqual(['Wenxuan Qiu', 'Chengxin Xie', 'Jingui Huang']);
    expect(last.published).toBe('2025-03-28');

    const second = await importSnapshot(slice, papers, { seenAt: LATER });
    expect(summaryCounts(second)).toEqual({ lines: 2000, inserted: 0, updated: 0, unchanged: 2000, skipped: [] });
    expect(counts(database)).toEqual(after);
    expect((await papers.getPaper('2503.11677'))!.firstSeenAt).toBe(FIRST_SEEN);
    const integrityCheck = database.sqlite.prepare("INSERT INTO papers_fts(papers_fts, rank) VALUES ('integrity-check', 1)");
    expect(() => integrityCheck.run()).not.toThrow();
    database.close();
  });

  it('reads the gzipped file the same as the plain one', async () => {
    const { database, papers } = freshStore();
    const gz = await importSnapshot(sliceGz, papers, { seenAt: FIRST_SEEN });
    expect(summaryCounts(gz)).toEqual({ lines: 2000, inserted: 2000, updated: 0, unchanged: 0, skipped: [] });
    const plain = await importSnapshot(slice, papers, { seenAt: LATER });
    expect(summaryCounts(plain)).toEqual({ lines: 2000, inserted: 0, updated: 0, unchanged: 2000, skipped: [] });
    expect((await papers.getPaper('2503.11685'))!.categories).toEqual(['cs.AR', 'cs.CV', 'eess.IV']);
    database.close();
  });

  it('reports progress per batch with bytes read', async () => {
    const { database, papers } = freshStore();
    const seen: number[] = [];
    await importSnapshot(slice, papers, { seenAt: FIRST_SEEN, onProgress: (p) => seen.push(p.lines) });
    expect(seen.at(-1)).toBe(2000);
    database.close();
  });
});

describe('importSnapshot of a file with problems', () => {
  it('skips malformed lines and ids that are not arXiv or source ids by number, and ignores blank lines', async () => {
    const { database, papers } = freshStore();
    const summary = await importSnapshot(PROBLEMS_FILE, papers, { seenAt: FIRST_SEEN });
    expect(summary.lines).toBe(7);
    expect(summary.inserted).toBe(2);
    expect(summary.skipped.map((s) => s.line)).toEqual([2, 4, 5, 6]);
    expect(summary.skipped[0]!.reason).toMatch(/JSON/);
    // A HAL id is neither an arXiv id nor one of the source ids (openalex:W…, s2:…, hf:…): refused, by name.
    expect(summary.skipped[1]!.reason).toMatch(/"hal-01234567" is not an arXiv id/);
    expect(summary.skipped[2]!.reason).toMatch(/object/);
    expect(summary.skipped[3]!.reason).toMatch(/title/);

    const versioned = (await papers.getPaper('2501.00001'))!;
    expect(versioned).toMatchObject({
      version: 2,
      title: 'A Versioned Identifier',
      abstract: 'First line. Second line.',
      authors: ['Ada Lovelace', 'Alan Turing'],
      categories: ['cs.IR', 'cs.LG'],
      published: '2025-01-06',
      updated: '2025-01-13',
      codeUrl: 'https://github.com/example/versioned',
    });
    expect((await papers.getPaper('2501.00001v2'))).toBeNull();

    expect((await papers.getPaper('hal-01234567'))).toBeNull();

    expect((await papers.getPaper('hep-th/9901001'))).toMatchObject({ authors: ['Ed Witten'], published: '1999-01-01', categories: ['hep-th'] });

    const again = await importSnapshot(PROBLEMS_FILE, papers, { seenAt: LATER });
    expect(again).toMatchObject({ inserted: 0, updated: 0, unchanged: 2 });
    database.close();
  });

  it('stops at a truncated .gz with a reason, keeping every paper read before the damage searchable', async () => {
    const { database, papers } = freshStore();
    const truncated = join(dir, 'truncated.jsonl.gz');
    const whole = readFileSync(sliceGz);
    writeFileSync(truncated, whole.subarray(0, Math.floor(whole.length * 0.6)));
    const attempt = importSnapshot(truncated, papers, { seenAt: FIRST_SEEN });
    await expect(attempt).rejects.toBeInstanceOf(SnapshotReadError);
    await expect(attempt).rejects.toThrow(/unexpected end of file/);
    const stored = counts(database);
    expect(stored.papers).toBeGreaterThan(0);
    expect(stored.fts).toBe(stored.papers);
    // The whole file afterwards adds the rest and duplicates nothing.
    const retry = await importSnapshot(sliceGz, papers, { seenAt: LATER });
    expect(retry.inserted + retry.unchanged).toBe(SLICE_LINES);
    expect(counts(database).papers).toBe(SLICE_LINES);
    database.close();
  });

  it('names a file that is not gzip at all', async () => {
    const { database, papers } = freshStore();
    const notGzip = join(dir, 'not-gzip.jsonl.gz');
    writeFileSync(notGzip, 'this is not gzip');
    await expect(importSnapshot(notGzip, papers, { seenAt: FIRST_SEEN })).rejects.toThrow(`Could not read ${notGzip}: incorrect header check`);
    expect(counts(database).papers).toBe(0);
    database.close();
  });
});

/** A paper as a source delivers it: version 1 of 2503.11731, from the arXiv API. */
function input(overrides: Partial<PaperInput> = {}): PaperInput {
  return makePaper({
    id: '2503.11731',
    title: 'Cold-Start Recommendation, First Draft',
    abstract: 'The first abstract.',
    authors: ['Hao Ding', 'Yifei Ma'],
    categories: ['cs.IR', 'cs.LG'],
    published: '2025-03-14',
    updated: '2025-03-14',
    comment: '10 pages',
    pdfUrl: 'https://arxiv.org/pdf/2503.11731',
    sources: ['arxiv-api'],
    ...overrides,
  });
}

/** The same paper as the store holds it, first seen at FIRST_SEEN. */
function paper(overrides: Partial<Paper> = {}): Paper {
  return { ...input(), firstSeenAt: FIRST_SEEN, ...overrides };
}

describe('mergePaper', () => {
  it('takes the text of a newer version and keeps when the store first saw the paper', () => {
    const merged = mergePaper(
      paper(),
      input({
        version: 2,
        title: 'Cold-Start Recommendation, Revised',
        abstract: 'The revised abstract.',
        authors: ['Hao Ding', 'Yifei Ma', 'Anoop Deoras'],
        updated: '2025-04-02',
        comment: '12 pages, camera ready',
        sources: ['arxiv-oai'],
      }),
    );
    expect(merged).toMatchObject({
      version: 2,
      title: 'Cold-Start Recommendation, Revised',
      abstract: 'The revised abstract.',
      authors: ['Hao Ding', 'Yifei Ma', 'Anoop Deoras'],
      published: '2025-03-14',
      updated: '2025-04-02',
      comment: '12 pages, camera ready',
      sources: ['arxiv-api', 'arxiv-oai'],
      firstSeenAt: FIRST_SEEN,
    });
  });

  it('keeps the newer text when an older version arrives later', () => {
    const current = paper({ version: 3, title: 'Third Version' });
    const merged = mergePaper(current, input({ version: 1, title: 'First Version', updated: '2025-03-14' }));
    expect(merged.title).toBe('Third Version');
    expect(merged.version).toBe(3);
  });

  it('adds cross-listed categories and keeps the known primary category first', () => {
    const merged = mergePaper(paper(), input({ categories: ['cs.CL', 'cs.IR', 'stat.ML'], sources: ['arxiv-rss'] }));
    expect(merged.categories).toEqual(['cs.IR', 'cs.LG', 'cs.CL', 'stat.ML']);
    expect(merged.categories[0]).toBe('cs.IR');
  });

  it('takes upvotes, organisation and code from Hugging Face-like input without erasing anything', () => {
    const hf = input({
      version: null,
      abstract: '',
      authors: [],
      categories: [],
      published: null,
      updated: null,
      comment: null,
      absUrl: null,
      pdfUrl: null,
      codeUrl: 'https://github.com/amazon-science/cold-start',
      org: 'amazon-science',
      upvotes: 42,
      sources: ['huggingface'],
    });
    const merged = mergePaper(paper(), hf);
    expect(merged).toMatchObject({
      version: 1,
      title: 'Cold-Start Recommendation, First Draft',
      abstract: 'The first abstract.',
      authors: ['Hao Ding', 'Yifei Ma'],
      categories: ['cs.IR', 'cs.LG'],
      published: '2025-03-14',
      comment: '10 pages',
      absUrl: 'https://arxiv.org/abs/2503.11731',
      codeUrl: 'https://github.com/amazon-science/cold-start',
      org: 'amazon-science',
      upvotes: 42,
      sources: ['arxiv-api', 'huggingface'],
    });
    // A later arXiv update carries no upvotes or org: they stay.
    const later = mergePaper(merged, input({ version: 2, title: 'Revised', sources: ['arxiv-api'] }));
    expect(later).toMatchObject({ title: 'Revised', upvotes: 42, org: 'amazon-science', codeUrl: 'https://github.com/amazon-science/cold-start' });
  });

  it('replaces a truncated author list ("et al.") with a full one', () => {
    const merged = mergePaper(paper({ authors: ['Hao Ding'], authorsTruncated: true }), input({ authors: ['Hao Ding', 'Yifei Ma', 'Anoop Deoras'] }));
    expect(merged.authors).toEqual(['Hao Ding', 'Yifei Ma', 'Anoop Deoras']);
    expect(merged.authorsTruncated).toBe(false);
  });

  it('finds a code URL in the comment and keeps it when a later version drops it', () => {
    expect(newPaper(input({ comment: 'Accepted at RecSys. Code: https://github.com/org/repo.' }), FIRST_SEEN).codeUrl).toBe(
      'https://github.com/org/repo',
    );
    const withCode = mergePaper(paper(), input({ version: 2, comment: 'Code at https://github.com/org/repo' }));
    expect(withCode.codeUrl).toBe('https://github.com/org/repo');
    const v3 = mergePaper(withCode, input({ version: 3, comment: '14 pages' }));
    expect(v3.comment).toBe('14 pages');
    expect(v3.codeUrl).toBe('https://github.com/org/repo');
  });

  it('is idempotent through the repository: same input twice is one insert and one unchanged', async () => {
    const { database, papers } = freshStore();
    expect((await papers.upsertPapers([input()], FIRST_SEEN))).toEqual({ inserted: 1, updated: 0, unchanged: 0 });
    expect((await papers.upsertPapers([input()], LATER))).toEqual({ inserted: 0, updated: 0, unchanged: 1 });
    expect((await papers.upsertPapers([input({ version: 2, title: 'Revised' })], LATER))).toEqual({ inserted: 0, updated: 1, unchanged: 0 });
    expect((await papers.getPaper('2503.11731'))).toMatchObject({ version: 2, title: 'Revised', firstSeenAt: FIRST_SEEN });
    expect((await papers.countPapers())).toBe(1);
    database.close();
  });

  it('links a paper to the right author after a caller\'s transaction that added that author rolled back', async () => {
    const { database, papers } = freshStore();
    const authorsOf = (id: string) =>
      database.sqlite
        .prepare('SELECT a.display_name FROM paper_authors pa JOIN authors a ON a.id = pa.author_id JOIN papers p ON p.seq = pa.paper_seq WHERE p.id = ? ORDER BY pa.position')
        .pluck()
        .all(id);
    const rolledBack = database.sqlite.transaction(() => {
      papers.upsertPapers([input({ id: '2611.00001', authors: ['Zora Quill'] })], FIRST_SEEN);
      throw new Error('the caller gives up');
    });
    expect(rolledBack).toThrow('the caller gives up');
    // SQLite hands the rolled-back author's id to the next new author.
    await papers.upsertPapers([input({ id: '2611.00002', authors: ['Other Person'] })], FIRST_SEEN);
    await papers.upsertPapers([input({ id: '2611.00003', authors: ['Zora Quill'] })], FIRST_SEEN);
    expect(authorsOf('2611.00002')).toEqual(['Other Person']);
    expect(authorsOf('2611.00003')).toEqual(['Zora Quill']);
    database.close();
  });
});
