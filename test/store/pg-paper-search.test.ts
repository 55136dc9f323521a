/**
 * PostgreSQL paper search (src/adapters/store/postgres, issue 21) against a real PostgreSQL, each
 * test in a scratch schema of its own that it drops after (pg-scratch.ts, migrated as production's
 * store is). Where the semantics are the SQLite store's, the same papers and requests go to both and
 * the answers are compared.
 */
import type pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type OpenDatabase } from '../../src/adapters/store/open-database.ts';
import { createPgPaperSearch, type PgPaperSearch } from '../../src/adapters/store/postgres/pg-paper-search.ts';
import { upsertSearchPapers } from '../../src/adapters/store/postgres/pg-paper-rows.ts';
import { createSqlitePaperRepository } from '../../src/adapters/store/sqlite-paper-repository.ts';
import { newPaper } from '../../src/core/merge-paper.ts';
import type { PaperInput } from '../../src/core/paper.ts';
import type { MatchMode, PaperRepository, PaperSearchRequest } from '../../src/core/ports.ts';
import { parseQuery } from '../../src/core/search/parse-query.ts';
import { makePaper } from '../support/papers.ts';
import { describePg, openPgScratch, type PgScratch } from './pg-scratch.ts';

const SEEN_AT = '2026-11-21T00:00:00Z';

describePg((name) => describe(`${name} paper search`, () => {
  let scratch: PgScratch;
  let pool: pg.Pool;
  let sqlite: OpenDatabase;
  let sqliteRepo: PaperRepository;

  beforeEach(async () => {
    scratch = await openPgScratch();
    pool = scratch.pool;
    sqlite = openDatabase(':memory:');
    sqliteRepo = createSqlitePaperRepository(sqlite.sqlite);
  });

  afterEach(async () => {
    sqlite.close();
    await scratch.close();
  });

  /** Stores the papers in both stores, in order (so seq agrees). */
  async function store(inputs: PaperInput[]): Promise<void> {
    await upsertSearchPapers(pool, inputs.map((p) => newPaper(p, SEEN_AT)), SEEN_AT);
    await sqliteRepo.upsertPapers(inputs, SEEN_AT);
  }

  function request(text: string, mode: MatchMode = 'all', extra: Partial<PaperSearchRequest> = {}): PaperSearchRequest {
    const parsed = parseQuery(text);
    if (!parsed.ok) throw parsed.error;
    return { query: parsed.value, mode, limit: 10, offset: 0, ...extra };
  }

  const ids = (result: { hits: Array<{ paper: { id: string } }> }) => result.hits.map((h) => h.paper.id);

  async function both(search: PgPaperSearch, req: PaperSearchRequest) {
    return { pg: await search.search(req), sqlite: await sqliteRepo.search(req) };
  }

  it('ranks by bm25 as the SQLite store does: the same papers in the same order, the same relevance', async () => {
    await store([
      makePaper({ id: 'a', title: 'Graph neural networks for recommendation', abstract: 'We study recommendation with graphs.' }),
      makePaper({ id: 'b', title: 'A survey', abstract: 'Recommendation systems and graph methods are reviewed; recommendation again.' }),
      makePaper({ id: 'c', title: 'Protein folding', abstract: 'Nothing about the other topic.' }),
      makePaper({ id: 'd', title: 'Recommendation', abstract: 'Short.' }),
    ]);
    const search = createPgPaperSearch(pool);
    for (const [text, mode] of [['recommendation', 'all'], ['graph recommendation', 'all'], ['graph protein', 'any']] as const) {
      const { pg: p, sqlite: s } = await both(search, request(text, mode));
      expect(ids(p), text).toEqual(ids(s));
      p.hits.forEach((hit, i) => expect(hit.relevance).toBeCloseTo(s.hits[i]!.relevance, 4));
      expect(p.hits.every((h) => h.relevance > 0)).toBe(true);
      expect(p.indexing).toBe(false);
      expect(p.rankedNewest).toBeNull();
    }
  });

  it('stems as FTS5 porter does, not as Snowball english: "generative" finds "general", "recommender" finds "recommendation"', async () => {
    await store([
      makePaper({ id: 'general', title: 'A general method', abstract: 'x' }),
      makePaper({ id: 'recommend', title: 'Recommendation at scale', abstract: 'y' }),
    ]);
    const search = createPgPaperSearch(pool);
    for (const text of ['generative', 'recommender', 'generalization']) {
      const { pg: p, sqlite: s } = await both(search, request(text));
      expect(ids(p), text).toEqual(ids(s));
    }
    expect(ids(await search.search(request('generative')))).toEqual(['general']);
  });

  it('all needs every word, any needs one; stopwords are dropped from an any-word search only', async () => {
    await store([
      makePaper({ id: 'both', title: 'Diffusion for the audio', abstract: 'x' }),
      makePaper({ id: 'one', title: 'Diffusion models', abstract: 'y' }),
      makePaper({ id: 'other', title: 'Audio codecs', abstract: 'z' }),
    ]);
    const search = createPgPaperSearch(pool);
    expect(ids(await search.search(request('diffusion audio')))).toEqual(['both']);
    expect(new Set(ids(await search.search(request('diffusion audio', 'any'))))).toEqual(new Set(['both', 'one', 'other']));
    // "the" would match only 'both' when required; in any mode it is dropped and changes nothing.
    expect(ids(await search.search(request('the diffusion')))).toEqual(['both']);
    expect(new Set(ids(await search.search(request('the diffusion', 'any'))))).toEqual(new Set(['both', 'one']));
  });

  it('phrases, hyphenated compounds and exclusions mean what they mean in the SQLite store', async () => {
    await store([
      makePaper({ id: 'hyphen', title: 'Cold-start recommendation', abstract: 'a' }),
      makePaper({ id: 'spaced', title: 'The cold start problem', abstract: 'b' }),
      makePaper({ id: 'apart', title: 'Start of a cold winter', abstract: 'c' }),
      makePaper({ id: 'survey', title: 'Cold start: a survey', abstract: 'd' }),
    ]);
    const search = createPgPaperSearch(pool);
    for (const text of ['"cold start"', 'cold-start', 'cold-start -survey', '"start of"', 'cold -"start problem"']) {
      const { pg: p, sqlite: s } = await both(search, request(text));
      expect(new Set(ids(p)), text).toEqual(new Set(ids(s)));
    }
    expect(new Set(ids(await search.search(request('"cold start"'))))).toEqual(new Set(['hyphen', 'spaced', 'survey']));
    expect(new Set(ids(await search.search(request('cold-start -survey'))))).toEqual(new Set(['hyphen', 'spaced']));
  });

  it('author: matches a name in the author list only, and one author must hold the whole name', async () => {
    await store([
      makePaper({ id: 'hao-ding', title: 'A', authors: ['Hao Ding', 'Someone Else'] }),
      makePaper({ id: 'straddle', title: 'B', authors: ['Wei Hao', 'Ding Liu'] }),
      makePaper({ id: 'in-title', title: 'Hao Ding in the title', authors: ['Other Person'] }),
    ]);
    const search = createPgPaperSearch(pool);
    expect(ids(await search.search(request('author:"Hao Ding"')))).toEqual(['hao-ding']);
    expect(new Set(ids(await search.search(request('author:hao'))))).toEqual(new Set(['hao-ding', 'straddle']));
  });

  it('cat: matches a category or a whole archive, never the word', async () => {
    await store([
      makePaper({ id: 'ir', title: 'Retrieval', categories: ['cs.IR'] }),
      makePaper({ id: 'cl', title: 'Retrieval for ir people', categories: ['cs.CL', 'stat.ML'] }),
      makePaper({ id: 'bio', title: 'Retrieval', categories: ['q-bio.NC'] }),
    ]);
    const search = createPgPaperSearch(pool);
    expect(ids(await search.search(request('retrieval cat:cs.IR')))).toEqual(['ir']);
    expect(new Set(ids(await search.search(request('retrieval cat:cs'))))).toEqual(new Set(['ir', 'cl']));
    expect(ids(await search.search(request('cat:q-bio.NC')))).toEqual(['bio']);
    expect(new Set(ids(await search.search(request('cat:stat'))))).toEqual(new Set(['cl']));
  });

  it('since:, sort:new, sort:top, filters alone, pages and a digest seq range', async () => {
    await store([
      makePaper({ id: 'old', title: 'Agents', published: '2023-01-01', upvotes: 50 }),
      makePaper({ id: 'mid', title: 'Agents agents', published: '2025-01-01', upvotes: null }),
      makePaper({ id: 'new', title: 'Agents', published: '2026-06-01', upvotes: 5 }),
    ]);
    const search = createPgPaperSearch(pool);
    for (const text of ['agents since:2024', 'agents sort:new', 'agents sort:top', 'since:2024', 'since:2020 sort:top', 'agents']) {
      const { pg: p, sqlite: s } = await both(search, request(text));
      expect(ids(p), text).toEqual(ids(s));
    }
    expect(ids(await search.search(request('agents sort:new')))).toEqual(['new', 'mid', 'old']);
    expect(ids(await search.search(request('agents sort:top')))).toEqual(['old', 'new', 'mid']);
    expect(ids(await search.search(request('agents sort:new', 'all', { limit: 1, offset: 1 })))).toEqual(['mid']);
    // Papers 2 and 3 of the store, as a digest asks for "new since seq 1".
    expect(new Set(ids(await search.search(request('agents', 'all', { seqRange: { after: 1, through: 3 } }))))).toEqual(new Set(['mid', 'new']));
    expect(ids(await search.search(request('agents', 'all', { seqRange: { after: 3, through: 3 } })))).toEqual([]);
  });

  it('ranks only the newest matches beyond the rank window and says so', async () => {
    await store(Array.from({ length: 6 }, (_, i) => makePaper({ id: `p${i}`, title: i === 0 ? 'Transformers transformers transformers' : 'Transformers' })));
    const search = createPgPaperSearch(pool, { rankWindow: 4 });
    const result = await search.search(request('transformers'));
    expect(result.rankedNewest).toBe(4);
    // The best paper, the oldest, is outside the newest four.
    expect(ids(result)).not.toContain('p0');
    expect(ids(result)).toHaveLength(4);
    const narrow = await search.search(request('transformers', 'all', { limit: 2, offset: 10 }));
    expect(narrow.hits).toEqual([]);
    expect(narrow.rankedNewest).toBe(4);
  });

  it('the relaxed search ranks every paper with a rare word and the newest of the rest, as any-word-ranking.ts', async () => {
    await store([
      makePaper({ id: 'rare-old', title: 'Docdancer agentic', abstract: 'a' }),
      ...Array.from({ length: 5 }, (_, i) => makePaper({ id: `common${i}`, title: 'Agentic systems', abstract: 'b' })),
    ]);
    const search = createPgPaperSearch(pool, { anyWordTailWindow: 2 });
    const sqliteSmall = createSqlitePaperRepository(sqlite.sqlite, { anyWordTailWindow: 2 });
    const req = request('docdancer agentic', 'any');
    const result = await search.search(req);
    const expected = await sqliteSmall.search(req);
    expect(ids(result)[0]).toBe('rare-old');
    // Both words are rare in six papers (at most RARE_TERM_PAPERS): every match is ranked, as in SQLite.
    expect(ids(result)).toEqual(ids(expected));
    expect(result.rankedNewest).toBe(expected.rankedNewest);
    expect(result.rankedNewest).toBe(2);
  });

  it('keeps the corpus counts bm25 needs current through updates and deletes', async () => {
    await store([makePaper({ id: 'x', title: 'Alpha beta' }), makePaper({ id: 'y', title: 'Alpha' })]);
    await upsertSearchPapers(pool, [newPaper(makePaper({ id: 'y', title: 'Gamma' }), SEEN_AT)], SEEN_AT);
    const stats = async () => (await pool.query<{ lexeme: string; papers: number }>('SELECT lexeme, papers FROM paper_search_stats WHERE papers > 0 ORDER BY lexeme')).rows;
    expect((await stats()).find((r) => r.lexeme === 'alpha')?.papers).toBe(1);
    expect((await stats()).find((r) => r.lexeme === 'gamma')?.papers).toBe(1);
    await pool.query("DELETE FROM papers WHERE id = 'x'");
    const totals = (await pool.query<{ papers: string }>('SELECT papers FROM paper_search_totals')).rows[0]!;
    expect(Number(totals.papers)).toBe(1);
    expect((await stats()).find((r) => r.lexeme === 'alpha')).toBeUndefined();
  });

  it('takes hostile input as words: quotes, backslashes, tsquery operators and accents', async () => {
    await store([makePaper({ id: 'naive', title: 'Naïve Bayes & friends', abstract: "it's (a) test | of <-> operators" })]);
    const search = createPgPaperSearch(pool);
    for (const text of ['naive', "naïve it's", 'bayes & friends', '"a) test |"', 'operators <-> !x', 'back\\slash naive', "'quoted' naive"]) {
      const { pg: p, sqlite: s } = await both(search, request(text, 'any'));
      expect(ids(p), text).toEqual(ids(s));
    }
    expect(ids(await search.search(request('naive bayes')))).toEqual(['naive']);
  });
}));
