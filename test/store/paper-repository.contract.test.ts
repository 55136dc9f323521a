/**
 * Contract suite for the PaperRepository port (issue 21): what any implementation must do, asserted
 * through the ports only and awaited, against the SQLite store (answers on the spot) and the
 * PostgreSQL one (promises, in a scratch schema per test). The author links an upsert writes are
 * read through the AuthorDirectory of the same store, and store sequences through its
 * LearningCorpus, as the app reads them. Each test gets a fresh store.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/adapters/store/open-database.ts';
import { createPgAuthorDirectory } from '../../src/adapters/store/postgres/pg-author-directory.ts';
import { createPgLearningCorpus } from '../../src/adapters/store/postgres/pg-learning-corpus.ts';
import { createPgPaperRepository } from '../../src/adapters/store/postgres/pg-paper-repository.ts';
import { createSqliteAuthorDirectory } from '../../src/adapters/store/sqlite-author-directory.ts';
import { createSqliteLearningCorpus } from '../../src/adapters/store/sqlite-learning-corpus.ts';
import { createSqlitePaperRepository } from '../../src/adapters/store/sqlite-paper-repository.ts';
import type { Awaitable } from '../../src/core/awaitable.ts';
import type { LearningCorpus } from '../../src/core/learning/feedback-ports.ts';
import { newPaper } from '../../src/core/merge-paper.ts';
import type { PaperInput } from '../../src/core/paper.ts';
import type { MatchMode, PaperRepository, PaperSearchRequest } from '../../src/core/ports.ts';
import { parseQuery } from '../../src/core/search/parse-query.ts';
import type { AuthorDirectory } from '../../src/core/subscriptions/subscription-ports.ts';
import { makePaper } from '../support/papers.ts';
import { describePg, openPgScratch } from './pg-scratch.ts';

interface Stores {
  papers: PaperRepository;
  authors: AuthorDirectory;
  corpus: LearningCorpus;
  close(): Awaitable<void>;
}

const FIRST_SEEN = '2026-01-01T00:00:00.000Z';
const LATER = '2026-02-01T00:00:00.000Z';

/** A paper as a source delivers it: version 1 of 2503.11731, from the arXiv API (merge-and-import.test.ts's). */
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

function request(text: string, extra: Partial<PaperSearchRequest> & { mode?: MatchMode } = {}): PaperSearchRequest {
  const parsed = parseQuery(text);
  if (!parsed.ok) throw new Error(parsed.error.message);
  return { query: parsed.value, mode: 'all', limit: 10, offset: 0, ...extra };
}

const idsOf = (papers: Array<{ id: string }>) => papers.map((p) => p.id);
const hitIds = (result: { hits: Array<{ paper: { id: string } }> }) => result.hits.map((h) => h.paper.id);

function describePaperRepositoryContract(name: string, open: () => Awaitable<Stores>): void {
  describe(`PaperRepository contract: ${name}`, () => {
    let stores: Stores;
    let papers: PaperRepository;
    beforeEach(async () => {
      stores = await open();
      papers = stores.papers;
    });
    afterEach(async () => stores.close());

    it('stores a new paper with every field, first seen when upserted, its code URL found in the comment', async () => {
      const paper = input({
        authorsTruncated: true,
        comment: 'Code: https://github.com/org/cold-start',
        doi: '10.1145/1234',
        journalRef: 'RecSys 2025',
        org: 'amazon-science',
        score: 87.5,
        upvotes: 12,
        sources: ['arxiv-api', 'huggingface'],
      });
      expect(await papers.upsertPapers([paper], FIRST_SEEN)).toEqual({ inserted: 1, updated: 0, unchanged: 0 });
      const stored = await papers.getPaper('2503.11731');
      expect(stored).toEqual(newPaper(paper, FIRST_SEEN));
      expect(stored!.codeUrl).toBe('https://github.com/org/cold-start');
      expect(stored!.firstSeenAt).toBe(FIRST_SEEN);
      // A first-seen time the source gives (a snapshot's) is kept.
      await papers.upsertPapers([input({ id: '2503.00002', firstSeenAt: '2025-03-01T00:00:00.000Z' })], FIRST_SEEN);
      expect((await papers.getPaper('2503.00002'))!.firstSeenAt).toBe('2025-03-01T00:00:00.000Z');
      expect(await papers.countPapers()).toBe(2);
    });

    it('is idempotent: the same input again is unchanged, a new version an update that keeps the first-seen time', async () => {
      expect(await papers.upsertPapers([input()], FIRST_SEEN)).toEqual({ inserted: 1, updated: 0, unchanged: 0 });
      expect(await papers.upsertPapers([input()], LATER)).toEqual({ inserted: 0, updated: 0, unchanged: 1 });
      expect(await papers.upsertPapers([input({ version: 2, title: 'Revised' })], LATER)).toEqual({ inserted: 0, updated: 1, unchanged: 0 });
      expect(await papers.getPaper('2503.11731')).toMatchObject({ version: 2, title: 'Revised', firstSeenAt: FIRST_SEEN });
      expect(await papers.countPapers()).toBe(1);
    });

    it('merges sources as merge-paper.ts does: cross-lists add categories, Hugging Face adds upvotes and code, an older version changes no text', async () => {
      await papers.upsertPapers([input({ version: 3, title: 'Third Version' })], FIRST_SEEN);
      const summary = await papers.upsertPapers(
        [
          input({ version: 1, title: 'First Version', categories: ['cs.CL', 'cs.IR'], sources: ['arxiv-rss'] }),
          input({
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
          }),
        ],
        LATER,
      );
      expect(summary).toEqual({ inserted: 0, updated: 2, unchanged: 0 });
      expect(await papers.getPaper('2503.11731')).toMatchObject({
        version: 3,
        title: 'Third Version',
        abstract: 'The first abstract.',
        authors: ['Hao Ding', 'Yifei Ma'],
        categories: ['cs.IR', 'cs.LG', 'cs.CL'],
        published: '2025-03-14',
        codeUrl: 'https://github.com/amazon-science/cold-start',
        org: 'amazon-science',
        upvotes: 42,
        sources: ['arxiv-api', 'arxiv-rss', 'huggingface'],
        firstSeenAt: FIRST_SEEN,
      });
    });

    it('merges a paper repeated within one batch in order: one insert, then updates and unchanged', async () => {
      const summary = await papers.upsertPapers(
        [input({ id: 'a' }), input({ id: 'b' }), input({ id: 'a', version: 2, title: 'A, revised' }), input({ id: 'a', version: 2, title: 'A, revised' })],
        FIRST_SEEN,
      );
      expect(summary).toEqual({ inserted: 2, updated: 1, unchanged: 1 });
      expect(await papers.getPaper('a')).toMatchObject({ version: 2, title: 'A, revised' });
      expect(await papers.countPapers()).toBe(2);
    });

    it('answers getPapers in the order asked, leaving out unknown ids and repeating repeated ones', async () => {
      await papers.upsertPapers([input({ id: 'a' }), input({ id: 'b' })], FIRST_SEEN);
      expect(idsOf(await papers.getPapers(['b', 'missing', 'a', 'b']))).toEqual(['b', 'a', 'b']);
      expect(await papers.getPapers([])).toEqual([]);
      expect(await papers.getPaper('missing')).toBeNull();
      expect(await papers.countPapers()).toBe(2);
    });

    it('links each author by name key, and relinks when a new version changes the author list', async () => {
      await papers.upsertPapers(
        [
          input({ id: 'p1', title: 'Older', published: '2025-01-01', authors: ['Hao Ding', 'Yifei Ma'] }),
          input({ id: 'p2', title: 'Newer', published: '2025-06-01', authors: ['Yifei Ma', 'HAO DING', 'Anoop Deoras'] }),
          input({ id: 'p3', title: 'Only punctuation authors', authors: ['…', 'Ann Lee'] }),
        ],
        FIRST_SEEN,
      );
      const [hao] = await stores.authors.exact('hao ding');
      // The row is named as the key was first spelled; the other spelling links to it.
      expect(hao).toMatchObject({ name: 'Hao Ding', paperCount: 2, recentTitles: ['Newer', 'Older'] });
      expect(idsOf((await stores.authors.papersOf(hao!.id, 10)).map((p) => ({ id: p.paperId })))).toEqual(['p2', 'p1']);
      expect((await stores.authors.exact('ann lee'))[0]!.paperCount).toBe(1);

      await papers.upsertPapers([input({ id: 'p1', version: 2, title: 'Older, revised', authors: ['Yifei Ma'] })], LATER);
      expect((await stores.authors.exact('hao ding'))[0]!.paperCount).toBe(1);
      expect((await stores.authors.exact('yifei ma'))[0]!.paperCount).toBe(2);
      const yifei = (await stores.authors.exact('yifei ma'))[0]!;
      const p1 = (await stores.authors.papersOf(yifei.id, 10)).find((p) => p.paperId === 'p1');
      expect(p1!.coAuthors).toEqual([]);
    });

    it('merges one paper written by two writers at once into one row, both sources kept', async () => {
      const [a, b] = await Promise.all([
        papers.upsertPapers([input({ sources: ['arxiv-api'] }), input({ id: 'x1', authors: ['Zora Quill'] })], FIRST_SEEN),
        papers.upsertPapers([input({ sources: ['arxiv-rss'] }), input({ id: 'x2', authors: ['Zora Quill'] })], FIRST_SEEN),
      ]);
      expect(a.inserted + b.inserted).toBe(3);
      expect(a.updated + b.updated).toBe(1);
      expect(await papers.countPapers()).toBe(3);
      expect((await papers.getPaper('2503.11731'))!.sources.sort()).toEqual(['arxiv-api', 'arxiv-rss']);
      // One author row for the name both writers added.
      expect(await stores.authors.exact('zora quill')).toEqual([expect.objectContaining({ paperCount: 2 })]);
    });

    it('finds stored papers by their words, title matches first, and by seq range for digests', async () => {
      await papers.upsertPapers(
        [
          input({ id: 'g1', title: 'Message passing on molecules', abstract: 'We study graph networks for chemistry.', published: '2025-01-01' }),
          input({ id: 'g2', title: 'Graph neural networks at scale', abstract: 'Sampling neighbours.', published: '2025-02-01' }),
          input({ id: 'n1', title: 'Protein folding', abstract: 'No such word here.', published: '2025-03-01' }),
        ],
        FIRST_SEEN,
      );
      const before = await stores.corpus.seqBefore(LATER);
      await papers.upsertPapers([input({ id: 'g3', title: 'Graph transformers', abstract: 'Attention over graph edges.', published: '2024-12-01' })], LATER);

      const ranked = await papers.search(request('graph'));
      expect(hitIds(ranked)).toEqual(['g3', 'g2', 'g1']);
      expect(ranked.hits.every((h) => h.relevance > 0)).toBe(true);
      expect(ranked.rankedNewest).toBeNull();
      expect(ranked.indexing).toBe(false);
      expect(hitIds(await papers.search(request('graph sort:new')))).toEqual(['g2', 'g1', 'g3']);
      expect(hitIds(await papers.search(request('graph', { seqRange: { after: before, through: Number.MAX_SAFE_INTEGER } })))).toEqual(['g3']);
      expect(hitIds(await papers.search(request('graph', { seqRange: { after: 0, through: before } })))).toEqual(['g2', 'g1']);
      expect(hitIds(await papers.search(request('graph', { offset: 1, limit: 1 })))).toEqual(['g2']);
      expect(hitIds(await papers.search(request('graph -transformers')))).toEqual(['g2', 'g1']);
      // A revised text is what is found.
      await papers.upsertPapers([input({ id: 'n1', version: 2, title: 'Protein graph folding' })], LATER);
      expect(hitIds(await papers.search(request('protein graph')))).toEqual(['n1']);
      expect(hitIds(await papers.search(request('folding')))).toEqual(['n1']);
      expect(hitIds(await papers.search(request('author:"Hao Ding" since:2025-02-01 sort:new')))).toEqual(['n1', 'g2']);
    });

    it('indexes the aliases a caller computed for new papers, and computes them for a merged text', async () => {
      // The snapshot reader computes aliases on its own thread and passes them in input order.
      await papers.upsertPapers([input({ id: 'x1', title: 'Plain title' }), input({ id: 'x2', title: 'Other title' })], FIRST_SEEN, [
        { title: 'zebrafish', abstract: '' },
        { title: '', abstract: 'okapi' },
      ]);
      expect(hitIds(await papers.search(request('zebrafish')))).toEqual(['x1']);
      expect(hitIds(await papers.search(request('okapi')))).toEqual(['x2']);
      // A new version's text gets the store's own aliases: the caller's belonged to the old text.
      await papers.upsertPapers([input({ id: 'x1', version: 2, title: 'Plain title, revised' })], LATER);
      expect(hitIds(await papers.search(request('zebrafish')))).toEqual([]);
    });

    it('keeps a bulk load searchable when it finishes, saying whether it rebuilt the index; finishing without a load is safe', async () => {
      expect(await papers.finishBulkLoad()).toBe('not-deferred');
      const deferred = await papers.beginBulkLoad(100);
      expect(typeof deferred).toBe('boolean');
      await papers.upsertPapers(
        Array.from({ length: 30 }, (_, i) => input({ id: `b${i}`, title: `Bulk ${i % 2 === 0 ? 'alpha' : 'beta'} paper` })),
        FIRST_SEEN,
      );
      expect(await papers.finishBulkLoad()).toBe(deferred ? 'rebuilt' : 'not-deferred');
      expect(await papers.countPapers()).toBe(30);
      expect((await papers.search(request('alpha', { limit: 50 }))).hits).toHaveLength(15);
      // A load expecting fewer papers than the store holds is never deferred.
      expect(await papers.beginBulkLoad(5)).toBe(false);
      expect(await papers.finishBulkLoad()).toBe('not-deferred');
    });

    it('counts the title words of the newest papers for did-you-mean', async () => {
      await papers.upsertPapers(
        [
          input({ id: 'v1', title: 'Old Words Only' }),
          input({ id: 'v2', title: 'Graph Learning, graph mining' }),
          input({ id: 'v3', title: 'Learning to Rank: 3D x2' }),
        ],
        FIRST_SEEN,
      );
      expect(await papers.titleVocabulary(2)).toEqual(
        new Map([
          ['graph', 2],
          ['learning', 2],
          ['mining', 1],
          ['rank', 1],
        ]),
      );
      expect((await papers.titleVocabulary(10)).get('old')).toBe(1);
    });
  });
}

function openSqlite(): Stores {
  const database = openDatabase(':memory:');
  return {
    papers: createSqlitePaperRepository(database.sqlite),
    authors: createSqliteAuthorDirectory(database.db),
    corpus: createSqliteLearningCorpus(database.db),
    close: () => database.close(),
  };
}

async function openPg(): Promise<Stores> {
  const scratch = await openPgScratch();
  return {
    papers: createPgPaperRepository(scratch),
    authors: createPgAuthorDirectory(scratch.db),
    corpus: createPgLearningCorpus(scratch.db),
    close: scratch.close,
  };
}

describePaperRepositoryContract('SQLite', openSqlite);
describePg((name) => describePaperRepositoryContract(name, openPg));
