/**
 * The PostgreSQL paper stores against the SQLite ones on real papers (issue 21): the first 2,000
 * lines of the recorded arXiv cs snapshot (the slice merge-and-import.test.ts imports), written into
 * both in the same batches, then every answer compared: summaries, every paper, the author rows and
 * links, the title vocabulary, and the learning corpus's samples and sequences. Where the contract
 * suites pin behaviour on a few hand-made papers, this shows the two engines agree on 2,000 real
 * ones (accents, group authors, long author lists, cross-lists).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseSnapshotLine } from '../../src/adapters/snapshot/parse-snapshot-record.ts';
import { openDatabase, type OpenDatabase } from '../../src/adapters/store/open-database.ts';
import { createPgAuthorDirectory } from '../../src/adapters/store/postgres/pg-author-directory.ts';
import { createPgLearningCorpus } from '../../src/adapters/store/postgres/pg-learning-corpus.ts';
import { createPgPaperRepository } from '../../src/adapters/store/postgres/pg-paper-repository.ts';
import { createSqliteAuthorDirectory } from '../../src/adapters/store/sqlite-author-directory.ts';
import { createSqliteLearningCorpus } from '../../src/adapters/store/sqlite-learning-corpus.ts';
import { createSqlitePaperRepository } from '../../src/adapters/store/sqlite-paper-repository.ts';
import { authorNameKey } from '../../src/core/author-name.ts';
import type { LearningCorpus } from '../../src/core/learning/feedback-ports.ts';
import type { PaperInput } from '../../src/core/paper.ts';
import type { PaperRepository } from '../../src/core/ports.ts';
import type { AuthorDirectory, AuthorProfile } from '../../src/core/subscriptions/subscription-ports.ts';
import { writeSnapshotSlice } from './arxiv-slice.ts';
import { describePg, openPgScratch, type PgScratch } from './pg-scratch.ts';

const SLICE_LINES = 2000;
const BATCH = 500;
const FIRST_SEEN = '2026-01-01T00:00:00.000Z';
const LATER = '2026-02-01T00:00:00.000Z';

interface Engine {
  papers: PaperRepository;
  authors: AuthorDirectory;
  corpus: LearningCorpus;
}

/** A profile without its row id (the engines number author rows in their own order). */
const withoutId = ({ id: _id, ...profile }: AuthorProfile) => profile;

describePg((name) =>
  describe(`${name} paper stores against SQLite's on ${SLICE_LINES} snapshot papers`, () => {
    let dir: string;
    let inputs: PaperInput[];
    let database: OpenDatabase;
    let scratch: PgScratch;
    let sqlite: Engine;
    let pg: Engine;

    async function bothUpsert(papers: PaperInput[], seenAt: string) {
      const summaries = { sqlite: [] as unknown[], pg: [] as unknown[] };
      for (let start = 0; start < papers.length; start += BATCH) {
        const batch = papers.slice(start, start + BATCH);
        summaries.sqlite.push(await sqlite.papers.upsertPapers(batch, seenAt));
        summaries.pg.push(await pg.papers.upsertPapers(batch, seenAt));
      }
      return summaries;
    }

    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), 'paperboy-pg-papers-'));
      const slice = join(dir, 'slice.jsonl');
      await writeSnapshotSlice(slice, SLICE_LINES);
      inputs = readFileSync(slice, 'utf8')
        .split('\n')
        .filter((line) => line.trim() !== '')
        .flatMap((line) => {
          const parsed = parseSnapshotLine(line);
          return parsed.ok ? [parsed.paper] : [];
        });
      database = openDatabase(':memory:');
      sqlite = {
        papers: createSqlitePaperRepository(database.sqlite),
        authors: createSqliteAuthorDirectory(database.db),
        corpus: createSqliteLearningCorpus(database.db),
      };
      scratch = await openPgScratch();
      pg = { papers: createPgPaperRepository(scratch), authors: createPgAuthorDirectory(scratch.db), corpus: createPgLearningCorpus(scratch.db) };
      const first = await bothUpsert(inputs, FIRST_SEEN);
      expect(first.pg).toEqual(first.sqlite);
    }, 120_000);

    afterAll(async () => {
      database?.close();
      await scratch?.close();
      rmSync(dir, { recursive: true, force: true });
    });

    it('stores every paper as SQLite does, and a second pass changes nothing in either', async () => {
      expect(inputs).toHaveLength(SLICE_LINES);
      expect(await pg.papers.countPapers()).toBe(await sqlite.papers.countPapers());
      const ids = inputs.map((p) => p.id);
      expect(await pg.papers.getPapers(ids)).toEqual(await sqlite.papers.getPapers(ids));
      const again = await bothUpsert(inputs, LATER);
      expect(again.pg).toEqual(again.sqlite);
      expect(again.pg).toEqual(Array.from({ length: SLICE_LINES / BATCH }, () => ({ inserted: 0, updated: 0, unchanged: BATCH })));
    });

    it('links the same authors: every name key has the same profile, papers and co-authors', async () => {
      const keys = [...new Set(inputs.flatMap((p) => p.authors.map(authorNameKey)).filter((key) => key !== ''))];
      expect(keys.length).toBeGreaterThan(5000);
      // Every 25th key: a few hundred profiles, each three queries per engine.
      for (const key of keys.filter((_, i) => i % 25 === 0)) {
        const [mine, theirs] = [await pg.authors.exact(key), await sqlite.authors.exact(key)];
        expect(mine.map(withoutId), key).toEqual(theirs.map(withoutId));
        const strip = (list: Awaited<ReturnType<AuthorDirectory['papersOf']>>) => list.map((p) => ({ ...p, coAuthors: p.coAuthors.map((a) => a.nameKey) }));
        expect(strip(await pg.authors.papersOf(mine[0]!.id, 5)), key).toEqual(strip(await sqlite.authors.papersOf(theirs[0]!.id, 5)));
      }
      const [pgStats, sqliteStats] = [await pg.authors.nameStatistics(), await sqlite.authors.nameStatistics()];
      expect(pgStats.authors).toBe(sqliteStats.authors);
      for (const name of ['wei', 'yang', 'maria']) expect(pgStats.withGivenNames(name)).toBe(sqliteStats.withGivenNames(name));
      for (const name of ['wang', 'li', 'smith']) expect(pgStats.withFamilyName(name)).toBe(sqliteStats.withFamilyName(name));
    });

    it('merges new versions as SQLite does, relinking changed author lists', async () => {
      const revised = inputs.slice(0, 300).map((p, i) => ({
        ...p,
        version: (p.version ?? 1) + 1,
        title: `${p.title} (revised)`,
        authors: i % 3 === 0 ? [...p.authors.slice(1), 'Revision Author'] : p.authors,
        categories: i % 2 === 0 ? [...p.categories, 'stat.ML'] : p.categories,
        sources: ['arxiv-oai'],
      }));
      const merged = await bothUpsert(revised, LATER);
      expect(merged.pg).toEqual(merged.sqlite);
      const ids = revised.map((p) => p.id);
      expect(await pg.papers.getPapers(ids)).toEqual(await sqlite.papers.getPapers(ids));
      const [mine] = await pg.authors.exact('revision author');
      const [theirs] = await sqlite.authors.exact('revision author');
      expect(withoutId(mine!)).toEqual(withoutId(theirs!));
      expect(mine!.paperCount).toBe(100);
    });

    it('answers the title vocabulary and the learning corpus alike (gapless seqs: the same sample for a seed)', async () => {
      expect(await pg.papers.titleVocabulary(1000)).toEqual(await sqlite.papers.titleVocabulary(1000));
      const ids = (papers: Array<{ id: string }>) => papers.map((p) => p.id).sort();
      for (const seed of [1, 2, 3]) expect(ids(await pg.corpus.samplePapers(200, seed))).toEqual(ids(await sqlite.corpus.samplePapers(200, seed)));
      expect(await pg.corpus.seqBefore(LATER)).toBe(await sqlite.corpus.seqBefore(LATER));
      expect(await pg.corpus.papersInRange({ after: 100, through: 400 }, 50)).toEqual(await sqlite.corpus.papersInRange({ after: 100, through: 400 }, 50));
    });
  }),
);
