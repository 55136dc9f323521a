import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { deferIndexing, finishDeferredIndexing } from '../../src/adapters/store/deferred-indexing.ts';
import { FULL_TEXT_COLUMNS, fullTextScratchPath, startFullTextFollower, type FullTextFollower, type IndexedUpdate } from '../../src/adapters/store/full-text-follower.ts';
import { openDatabase, type OpenDatabase } from '../../src/adapters/store/open-database.ts';
import { createSqlitePaperRepository } from '../../src/adapters/store/sqlite-paper-repository.ts';
import type { PaperInput } from '../../src/core/paper.ts';
import type { PaperRepository } from '../../src/core/ports.ts';

const dir = mkdtempSync(join(tmpdir(), 'paperboy-follower-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const SEEN = '2026-11-22T00:00:00Z';

/** A snapshot paper whose title names it and its version: "Quokka 7 v1". */
function paper(n: number, version = 1, animal = 'Quokka'): PaperInput {
  return {
    id: `2611.${String(10000 + n)}`, version, title: `${animal} ${n} v${version}`, abstract: `About ${animal.toLowerCase()}s.`, authors: ['Ada Lovelace'],
    authorsTruncated: false, categories: ['cs.IR'], published: '2026-11-02', updated: null, comment: null, doi: null, journalRef: null,
    absUrl: null, pdfUrl: null, codeUrl: null, org: null, score: null, upvotes: null, sources: ['snapshot'],
  };
}

/**
 * A bulk load driven by hand the way the repository drives its follower (sqlite-paper-repository.ts):
 * each batch's rows and the load's batch count in one transaction, then `committed` with the
 * papers it changed, their indexed values before and after the batch.
 */
function handLoad(name: string, lagRows: number) {
  const db: OpenDatabase = openDatabase(join(dir, `${name}.db`));
  const papers: PaperRepository = createSqlitePaperRepository(db.sqlite);
  db.sqlite.transaction(() => deferIndexing(db.sqlite))();
  const follower: FullTextFollower = startFullTextFollower(db.sqlite, lagRows);
  const indexed = db.sqlite.prepare<[number], unknown[]>(`SELECT ${FULL_TEXT_COLUMNS.join(', ')} FROM papers WHERE seq = ?`).raw();
  const seqOf = db.sqlite.prepare<[string], number>('SELECT seq FROM papers WHERE id = ?').pluck();
  let batches = 0;
  return {
    db,
    follower,
    /** Commits a batch; tells the follower unless `tell` is false (then `tell()` does it later). */
    batch(inputs: PaperInput[], options: { tell?: boolean } = {}) {
      const batch = ++batches;
      const before = new Map<number, unknown[]>();
      db.sqlite.transaction(() => {
        for (const input of inputs) {
          const seq = seqOf.get(input.id);
          if (seq !== undefined && !before.has(seq)) before.set(seq, indexed.get(seq)!);
          papers.upsertPapers([input], SEEN);
        }
        db.sqlite.prepare('UPDATE fts_sync_state SET load_batch = ? WHERE id = 1').run(batch);
      })();
      const updates: IndexedUpdate[] = [...before].map(([seq, values]) => ({ seq, before: values, after: indexed.get(seq)! }));
      const tell = () => follower.committed(batch, updates);
      if (options.tell !== false) tell();
      return tell;
    },
    async waitIndexed(rows: number) {
      const deadline = Date.now() + 10_000;
      while (follower.indexedUpTo() < rows) {
        if (Date.now() > deadline) throw new Error(`the follower indexed ${follower.indexedUpTo()} of ${rows} rows`);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    },
    /** Ends the load as finishBulkLoad does: the follower's index copied in. */
    finish() {
      const scratch = follower.finish(batches);
      try {
        return finishDeferredIndexing(db.sqlite, scratch === null ? null : { scratch, othersCommitted: () => false });
      } finally {
        follower.discard();
      }
    },
  };
}

function matches(db: OpenDatabase, query: string): string[] {
  return db.sqlite
    .prepare<[string], string>('SELECT p.title FROM papers_fts JOIN papers p ON p.seq = papers_fts.rowid WHERE papers_fts MATCH ? ORDER BY p.seq')
    .pluck()
    .all(query);
}

/**
 * bm25 scores, which read the index's totals (rows, tokens a column): they must not change when the
 * index is built again from the table. FTS5's integrity-check does not compare those totals.
 */
function scoresAgreeWithRebuild(db: OpenDatabase, query: string): void {
  const scores = db.sqlite.prepare<[string], unknown[]>('SELECT rowid, bm25(papers_fts) FROM papers_fts WHERE papers_fts MATCH ? ORDER BY rowid').raw();
  const built = scores.all(query);
  db.sqlite.exec("INSERT INTO papers_fts(papers_fts) VALUES ('rebuild')");
  expect(built).toEqual(scores.all(query));
}

/** FTS5's own check that the index holds exactly what the table's rows say; throws on any difference. */
function integrityCheck(db: OpenDatabase): void {
  db.sqlite.prepare("INSERT INTO papers_fts(papers_fts, rank) VALUES ('integrity-check', 1)").run();
}

describe('the full-text follower of a bulk load', () => {
  it('a paper changed after the follower indexed it keeps only its new words in the index', async () => {
    const load = handLoad('changed-after', 1);
    load.batch(Array.from({ length: 20 }, (_, i) => paper(i)));
    await load.waitIndexed(20);
    load.batch([paper(3, 2, 'Numbat'), paper(20)]);
    await load.waitIndexed(21);
    load.batch([paper(3, 3, 'Bilby')]);
    expect(load.finish()).toBe('copied');
    expect(() => integrityCheck(load.db)).not.toThrow();
    expect(matches(load.db, 'quokka')).toHaveLength(20); // 0–2, 4–20
    expect(matches(load.db, 'numbat')).toEqual([]);
    expect(matches(load.db, 'bilby')).toEqual(['Bilby 3 v3']);
    load.db.close();
  });

  it('a paper changed before the follower reached it is indexed once, with its new words', () => {
    const load = handLoad('changed-before', 1000);
    load.batch(Array.from({ length: 20 }, (_, i) => paper(i)));
    load.batch([paper(5, 2, 'Numbat')]);
    expect(load.follower.indexedUpTo()).toBe(0); // fewer rows than its lag: it has read nothing yet
    expect(load.finish()).toBe('copied');
    expect(() => integrityCheck(load.db)).not.toThrow();
    expect(matches(load.db, 'numbat')).toEqual(['Numbat 5 v2']);
    expect(matches(load.db, 'quokka')).toHaveLength(19);
    load.db.close();
  });

  it('a change the follower read before it heard of it is not applied twice', async () => {
    const load = handLoad('read-ahead', 1);
    // Both batches are committed before the follower hears of the first: its read sees the change.
    const tellFirst = load.batch(Array.from({ length: 10 }, (_, i) => paper(i)), { tell: false });
    // A longer text than the first: a second removal and addition would leave the index's totals wrong.
    const revised = { ...paper(7, 2, 'Numbat'), abstract: 'About numbats, their burrows and the long days they spend underground.' };
    const tellSecond = load.batch([revised], { tell: false });
    tellFirst();
    await load.waitIndexed(10);
    tellSecond();
    expect(load.finish()).toBe('copied');
    expect(() => integrityCheck(load.db)).not.toThrow();
    expect(matches(load.db, 'numbat')).toEqual(['Numbat 7 v2']);
    scoresAgreeWithRebuild(load.db, 'numbat OR quokka OR about');
    load.db.close();
  });

  it('papers the store held before the load are indexed, and a change to one during it too', async () => {
    const path = join(dir, 'held-before.db');
    const db = openDatabase(path);
    const papers = createSqlitePaperRepository(db.sqlite);
    papers.upsertPapers([paper(1, 1, 'Kiwi'), paper(2, 1, 'Kiwi')], SEEN); // indexed row by row
    expect(papers.beginBulkLoad(1000)).toBe(true);
    papers.upsertPapers(Array.from({ length: 30 }, (_, i) => paper(100 + i)), SEEN);
    papers.upsertPapers([paper(2, 2, 'Takahe')], SEEN);
    expect(papers.finishBulkLoad()).toBe('built-alongside');
    expect(() => integrityCheck(db)).not.toThrow();
    expect(matches(db, 'kiwi')).toEqual(['Kiwi 1 v1']);
    expect(matches(db, 'takahe')).toEqual(['Takahe 2 v2']);
    expect(matches(db, 'quokka')).toHaveLength(30);
    db.close();
  });

  it('a load of many batches, each changing papers of earlier ones, leaves an index that agrees with every row', async () => {
    const load = handLoad('many-changes', 1);
    const versions = new Map<number, number>();
    let next = 0;
    for (let batch = 0; batch < 40; batch++) {
      const inputs: PaperInput[] = [];
      for (let i = 0; i < 60; i++) inputs.push(paper(next++));
      // Revise a few papers of earlier batches, one of them twice within the batch.
      for (let k = 0; k < 4 && next > 100; k++) {
        const n = (batch * 37 + k * 101) % (next - 60);
        const version = (versions.get(n) ?? 1) + 1;
        inputs.push(paper(n, version, 'Numbat'));
        versions.set(n, version);
        if (k === 0) {
          inputs.push(paper(n, version + 1, 'Bilby'));
          versions.set(n, version + 1);
        }
      }
      load.batch(inputs);
      // Every few batches the follower catches up, so later changes find their papers indexed.
      if (batch % 5 === 4) await load.waitIndexed(next);
    }
    expect(load.finish()).toBe('copied');
    expect(() => integrityCheck(load.db)).not.toThrow();
    // Each paper is found by its current title, and by no earlier one.
    const titles = load.db.sqlite.prepare<[], string>('SELECT title FROM papers').pluck().all();
    expect(titles).toHaveLength(next);
    for (const title of titles.filter((t, i) => i % 50 === 0 || !t.startsWith('Quokka'))) {
      expect(matches(load.db, `"${title}"`)).toEqual([title]);
    }
    const revised = [...versions.values()].filter((version) => version > 1).length;
    expect(matches(load.db, 'quokka')).toHaveLength(next - revised);
    scoresAgreeWithRebuild(load.db, 'quokka OR numbat OR bilby');
    load.db.close();
  });

  /** A one-paper bulk load into `db` (written inside a transaction of the caller's when asked): how its index was built, and what it finds. */
  function loadOnePaper(db: OpenDatabase, options: { inCallerTransaction?: boolean } = {}) {
    const papers = createSqlitePaperRepository(db.sqlite);
    expect(papers.beginBulkLoad(1000)).toBe(true);
    const write = () => papers.upsertPapers([paper(1)], SEEN);
    if (options.inCallerTransaction) db.sqlite.transaction(write)();
    else write();
    const indexing = papers.finishBulkLoad();
    const found = matches(db, 'quokka');
    db.close();
    return { indexing, found };
  }

  it('rows written inside a caller\'s transaction are indexed from the table at the end', () => {
    const db = openDatabase(join(dir, 'caller-transaction.db'));
    expect(loadOnePaper(db, { inCallerTransaction: true })).toEqual({ indexing: 'rebuilt', found: ['Quokka 1 v1'] });
  });

  it('a load whose follower cannot start builds the index from the table at the end', () => {
    const path = join(dir, 'no-follower.db');
    const db = openDatabase(path);
    mkdirSync(fullTextScratchPath(path)); // a directory where the scratch database would go
    expect(loadOnePaper(db)).toEqual({ indexing: 'rebuilt', found: ['Quokka 1 v1'] });
  });

  it('a store in memory has no follower: its index is built at the end', () => {
    expect(loadOnePaper(openDatabase(':memory:'))).toEqual({ indexing: 'rebuilt', found: ['Quokka 1 v1'] });
  });

  it('a load into a store file has a follower: its index is built alongside', () => {
    expect(loadOnePaper(openDatabase(join(dir, 'followed.db')))).toEqual({ indexing: 'built-alongside', found: ['Quokka 1 v1'] });
  });
});
