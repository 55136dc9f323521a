/**
 * Paper search on PostgreSQL (issue 21): PaperRepository.search's semantics over the tables of
 * search-ddl.ts, asynchronously (node-postgres). What differs from the SQLite store, and why, is
 * said where it happens; bench/relevance/pg-relevance.ts measures the two side by side.
 *
 * Matching: one weighted tsvector per paper, GIN-indexed (search-ddl.ts), queried with the
 * tsquery pg-tsquery.ts compiles. Ranking: FTS5's bm25 (k1 1.2, b 0.75, IDF per phrase, the
 * column weights of sqlite-paper-repository.ts) computed in SQL from each paper's weighted term
 * frequencies and the corpus counts the triggers keep, because ts_rank and ts_rank_cd weigh
 * every word alike however common it is (https://www.postgresql.org/docs/15/textsearch-controls.html
 * #TEXTSEARCH-RANKING: "the ranking functions ... do not use any global information").
 */
import type pg from 'pg';
import { authorNameKey } from '../../../core/author-name.ts';
import type { PaperSearchHit, PaperSearchRequest, PaperSearchResult } from '../../../core/ports.ts';
import type { PaperRow } from '../paper-rows.ts';
import { ANY_WORD_TAIL_WINDOW, RARE_TERM_PAPERS } from '../any-word-ranking.ts';
import { RANK_WINDOW } from '../sqlite-paper-repository.ts';
import { paperFromPgRow, PG_PAPER_COLUMNS } from './pg-paper-rows.ts';
import { compilePgQuery, queryWords, type CompiledQuery } from './pg-tsquery.ts';

export interface PgPaperSearch {
  search(request: PaperSearchRequest): Promise<PaperSearchResult>;
}

/** Orders of the ranked page (sqlite-paper-repository.ts JOINED_ORDER), with seq last so ties are stable. */
const ORDER = {
  relevance: 'relevance DESC, seq DESC',
  new: 'published DESC NULLS LAST, seq DESC',
  top: 'COALESCE(upvotes, -1) DESC, relevance DESC, seq DESC',
} as const;

/** Words whose lexemes are kept: stemming is a pure function of the word, so one round trip per new word. */
const STEM_CACHE_LIMIT = 50_000;
/** Phrase counts kept (see phraseCounts). */
const PHRASE_COUNT_CACHE_LIMIT = 10_000;
/** How many times over the newest-first walk's first try should hold the window's matches (nearSpan). */
const NEAR_SPAN_FACTOR = 3;

interface CorpusCounts {
  papers: number;
  averageLength: number;
  /** Papers holding each phrase of the query, in its order. */
  phrasePapers: number[];
  /** The highest seq in the store. */
  newestSeq: number;
}

/** FTS5's IDF (fts5_aux.c, fts5Bm25GetData): log((N - n + 0.5) / (n + 0.5)), at least 1e-6. */
function idf(papers: number, holding: number): number {
  const value = Math.log((papers - holding + 0.5) / (holding + 0.5));
  return value > 0 ? value : 1e-6;
}

/**
 * `rankWindow` and `anyWordTailWindow` are the SQLite store's (RANK_WINDOW, ANY_WORD_TAIL_WINDOW),
 * settable for tests that stand a small store in for a large one.
 */
/**
 * How many of the newest papers the walk looks at first: enough to hold window + 1 matches three
 * times over at the share of papers the query is expected to match (from the words' counts: an
 * any-word query at least its commonest term's share, an all-words one the product of the
 * shares). A wrong guess costs time, never results: with too few matches there, all are walked.
 */
function nearSpan(compiled: CompiledQuery, counts: CorpusCounts, mode: 'all' | 'any', window: number): number {
  const shares = compiled.terms.map((t) => Math.min(1, t.phrases.reduce((n, i) => n + counts.phrasePapers[i]!, 0) / Math.max(counts.papers, 1)));
  const share = shares.length === 0 ? 1 : mode === 'any' ? Math.max(...shares) : shares.reduce((a, b) => a * b, 1);
  return Math.ceil((NEAR_SPAN_FACTOR * (window + 1)) / Math.max(share, 1e-9));
}

export function createPgPaperSearch(pool: pg.Pool, options: { rankWindow?: number; anyWordTailWindow?: number } = {}): PgPaperSearch {
  const rankWindow = Math.trunc(options.rankWindow ?? RANK_WINDOW);
  const tailWindow = Math.trunc(Math.min(options.anyWordTailWindow ?? ANY_WORD_TAIL_WINDOW, rankWindow));
  const stemCache = new Map<string, string[]>();

  async function stems(words: string[]): Promise<Map<string, string[]>> {
    const missing = words.filter((w) => !stemCache.has(w));
    if (missing.length > 0) {
      const { rows } = await pool.query<{ word: string; lexemes: string[] }>(
        `SELECT w.word, coalesce((SELECT array_agg(t.lexeme ORDER BY t.positions[1]) FROM unnest(to_tsvector('paperboy_english', w.word)) AS t), '{}') AS lexemes
         FROM unnest($1::text[]) AS w(word)`,
        [missing],
      );
      if (stemCache.size + rows.length > STEM_CACHE_LIMIT) stemCache.clear();
      for (const row of rows) stemCache.set(row.word, row.lexemes);
    }
    return new Map(words.map((w) => [w, stemCache.get(w) ?? []]));
  }

  /**
   * Papers holding each phrase of several words (or an author: phrase), counted when the corpus
   * had `papers` papers. Counting a phrase reads the tsvector of every paper holding all its words
   * ("large language model-based" at 78,736 papers: thousands); the count is reused until the
   * corpus changes size, which a bot's daily import does once a day.
   */
  const phraseCounts = new Map<string, { papers: number; count: number }>();

  /**
   * N, the average length and each phrase's paper count. One word's count is read from
   * paper_search_stats; a phrase's is counted through the GIN index, as FTS5 counts a phrase's
   * rows for its IDF (an upper bound from its words would misjudge "large language" badly).
   */
  async function corpusCounts(compiled: CompiledQuery): Promise<CorpusCounts> {
    const isWord = (p: CompiledQuery['phrases'][number]) => p.lexemes.length === 1 && p.label === null;
    const single = compiled.phrases.filter(isWord).map((p) => p.lexemes[0]!);
    const phrases = [...new Set(compiled.phrases.filter((p) => !isWord(p)).map((p) => p.tsquery))];
    const read = async (count: string[]) =>
      (
        await pool.query<{ papers: string; tokens: string; df: Record<string, number>; counts: string[]; newest: string | null }>(
          `SELECT t.papers, t.tokens, (SELECT max(seq) FROM papers) AS newest,
             (SELECT coalesce(jsonb_object_agg(lexeme, papers), '{}'::jsonb) FROM paper_search_stats WHERE lexeme = ANY($1::text[])) AS df,
             ARRAY(SELECT (SELECT count(*) FROM papers WHERE search_vector @@ q.text::tsquery) FROM unnest($2::text[]) WITH ORDINALITY AS q(text, i) ORDER BY q.i) AS counts
           FROM paper_search_totals t WHERE t.id = 1`,
          [single, count],
        )
      ).rows[0]!;
    const remember = (counted: string[], row: Awaited<ReturnType<typeof read>>) => {
      if (phraseCounts.size + counted.length > PHRASE_COUNT_CACHE_LIMIT) phraseCounts.clear();
      counted.forEach((q, i) => phraseCounts.set(q, { papers: Number(row.papers), count: Number(row.counts[i]) }));
    };
    const unknown = phrases.filter((q) => !phraseCounts.has(q));
    let row = await read(unknown);
    remember(unknown, row);
    const stale = phrases.filter((q) => phraseCounts.get(q)!.papers !== Number(row.papers));
    if (stale.length > 0) {
      row = await read(stale);
      remember(stale, row);
    }
    const papers = Number(row.papers);
    const phrasePapers = compiled.phrases.map((p) => (isWord(p) ? (row.df[p.lexemes[0]!] ?? 0) : phraseCounts.get(p.tsquery)!.count));
    return { papers, averageLength: papers > 0 ? Number(row.tokens) / papers : 1, phrasePapers, newestSeq: Number(row.newest ?? 0) };
  }

  /**
   * bm25 of candidate `c` as SQL: a sum over the query's phrases. A word's frequency is read from
   * the paper's search_terms (already weighted by where it occurs); a phrase of several words
   * counts only where the paper holds the phrase, with its rarest word's frequency standing in for
   * the phrase's own (FTS5 counts phrase occurrences; the tsvector keeps positions but reading
   * them for every candidate costs more than the difference is worth); an author: phrase counts
   * once (FTS5: its hits in the authors column, nearly always one).
   */
  function relevanceSql(compiled: CompiledQuery, counts: CorpusCounts, params: unknown[]): string {
    const param = (value: unknown) => `$${params.push(value)}`;
    const average = counts.averageLength.toFixed(6);
    const terms = compiled.phrases.map((phrase, i) => {
      const weight = idf(counts.papers, counts.phrasePapers[i]!).toFixed(9);
      const tf = (lexeme: string) => `coalesce((c.terms ->> ${param(lexeme)})::float8, 0)`;
      let f: string;
      if (phrase.label === 'C') f = `CASE WHEN c.search_vector @@ ${param(phrase.tsquery)}::tsquery THEN 1 ELSE 0 END`;
      else if (phrase.lexemes.length === 1) f = tf(phrase.lexemes[0]!);
      else f = `CASE WHEN c.search_vector @@ ${param(phrase.tsquery)}::tsquery THEN least(${phrase.lexemes.map(tf).join(', ')}) ELSE 0 END`;
      return `paperboy_bm25(${f}, ${weight}, c.search_length, ${average})`;
    });
    return terms.length === 0 ? '0::float8' : terms.join(' + ');
  }

  type RankedRow = PaperRow & { relevance: number; walked: string };

  async function searchRanked(request: PaperSearchRequest): Promise<Omit<PaperSearchResult, 'indexing'>> {
    const { query } = request;
    const limit = Math.trunc(request.limit);
    const offset = Math.trunc(request.offset);
    const params: unknown[] = [];
    const param = (value: unknown) => `$${params.push(value)}`;
    // The seq range bounds the walk itself (SQLite applies `through` after its window; digests ask
    // through the newest paper, where the two agree).
    const range: string[] = [];
    if (request.seqRange) {
      if (request.seqRange.through <= request.seqRange.after) return { hits: [], rankedNewest: null };
      range.push(`seq > ${param(request.seqRange.after)}`, `seq <= ${param(request.seqRange.through)}`);
    }
    // since: filters inside the window, as in SQLite (the window is the newest matches).
    const since = query.since ? `published >= ${param(query.since)}` : null;

    const compiled = compilePgQuery(query, request.mode, await stems(queryWords(query)));
    if (compiled === null) {
      const where = [...range, ...(since ? [since] : [])];
      const order = query.sort === 'top' ? 'COALESCE(upvotes, -1) DESC, seq DESC' : 'published DESC NULLS LAST, seq DESC';
      const { rows } = await pool.query<RankedRow>(
        `SELECT ${PG_PAPER_COLUMNS}, 0::float8 AS relevance FROM papers p ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY ${order.replace(/(\w+ DESC)/g, 'p.$1')} LIMIT ${limit} OFFSET ${offset}`,
        params,
      );
      return { hits: rows.map((r) => ({ paper: paperFromPgRow(r), relevance: 0 })), rankedNewest: null };
    }

    const counts = await corpusCounts(compiled);
    const match = param(compiled.match);
    const walkRange = range.length > 0 ? ` AND ${range.join(' AND ')}` : '';
    let window = rankWindow;
    let rareMatches = '';
    if (request.mode === 'any' && query.terms.length > 0 && query.sort === 'relevance' && since === null && range.length === 0) {
      // The relaxed search as any-word-ranking.ts ranks it: every match holding a rare term (in at
      // most RARE_TERM_PAPERS papers), and the newest tailWindow of the rest. Which terms are rare
      // is read from the counts just fetched (a term's papers: at most the sum over its phrases),
      // where FTS5 walks each term's doclist to find out.
      window = tailWindow;
      const rare = compiled.terms.filter((t) => t.phrases.reduce((n, i) => n + counts.phrasePapers[i]!, 0) <= RARE_TERM_PAPERS);
      if (rare.length > 0) {
        rareMatches = ` UNION SELECT seq FROM papers WHERE search_vector @@ (${match}::tsquery && ${param(rare.map((t) => t.tsquery).join(' | '))}::tsquery)`;
      }
    }
    // The newest `window` matches, as RANK_WINDOW in the SQLite store: the GIN index finds the
    // matches, a top-N sort keeps the newest (one more tells whether they overflow), and only
    // those are scored. `seq + 0`: ordered by the bare key, the planner walks the primary key
    // backwards and tests every paper's tsvector until it has enough ("context" at 78,736 papers:
    // 64,637 papers read, 455 ms, against 70 ms through the GIN bitmap).
    // A GIN index returns its matches in no useful order, so the newest `window` of a common word's
    // 40,000 matches meant reading all 40,000 rows to sort them (FTS5 walks its doclist newest
    // first and stops). The walk therefore tries the newest NEAR_SPAN_FACTOR x window papers first
    // ("near"), and walks everything only when fewer than window + 1 matches are there: the same
    // matches either way. The second walk runs only then (its condition is a one-time filter).
    // "diffusion models", any word, newest 1,001 matches at 78,736 papers: 400 -> 28 ms.
    // (nearSpan sizes the first try.)
    // Each candidate is read by key in a LATERAL subquery (OFFSET 0 keeps it one): a merge join
    // read 64,627 rows to find 10,000, and the subquery decompresses search_terms once for every
    // phrase (each access to a stored jsonb decompresses it again).
    const relevance = relevanceSql(compiled, counts, params);
    const order = ORDER[query.sort];
    const sql = `
      WITH near AS MATERIALIZED (
        SELECT seq FROM papers WHERE search_vector @@ ${match}::tsquery${walkRange} AND seq > ${param(counts.newestSeq - nearSpan(compiled, counts, request.mode, window))}
        ORDER BY seq + 0 DESC LIMIT ${window + 1}),
      walked AS MATERIALIZED (
        SELECT seq FROM near WHERE (SELECT count(*) FROM near) > ${window}
        UNION ALL
        (SELECT seq FROM papers WHERE search_vector @@ ${match}::tsquery${walkRange} AND (SELECT count(*) FROM near) <= ${window}
         ORDER BY seq + 0 DESC LIMIT ${window + 1})),
      candidates AS (SELECT seq FROM (SELECT seq FROM walked ORDER BY seq DESC LIMIT ${window}) AS newest${rareMatches}),
      scored AS (
        SELECT c.seq, c.published, c.upvotes, ${relevance} AS relevance
        FROM candidates
        CROSS JOIN LATERAL (
          SELECT p.seq, p.published, p.upvotes, p.search_length, p.search_vector, p.search_terms || '{}'::jsonb AS terms
          FROM papers p WHERE p.seq = candidates.seq OFFSET 0) AS c
        ${since ? `WHERE c.${since}` : ''}
      ),
      page AS (SELECT * FROM scored ORDER BY ${order} LIMIT ${limit} OFFSET ${offset})
      SELECT (SELECT count(*) FROM walked) AS walked, ${PG_PAPER_COLUMNS}, page.relevance
      FROM (SELECT 1) AS one LEFT JOIN (page JOIN papers p ON p.seq = page.seq) ON true
      ORDER BY ${order.replace(/\b(published|upvotes|relevance|seq)\b/g, 'page.$1')}`;
    // The planner prices a tsvector match as cheap and may scan the table for a common word,
    // reading (decompressing) every paper's tsvector: "long | context" at 78,736 papers, 350 ms,
    // where the GIN bitmap reads only the matching rows and never the tsvector. SET LOCAL keeps
    // the choice to this statement (https://www.postgresql.org/docs/15/runtime-config-query.html).
    const client = await pool.connect();
    let rows: RankedRow[];
    try {
      await client.query('BEGIN READ ONLY');
      await client.query('SET LOCAL enable_seqscan = off');
      rows = (await client.query<RankedRow>(sql, params)).rows;
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
    const overflowed = Number(rows[0]?.walked ?? 0) > window;
    const hits = rows.filter((r) => r.seq !== null).map((r) => ({ paper: paperFromPgRow(r), relevance: Number(r.relevance) }));
    return { hits, rankedNewest: overflowed ? window : null };
  }

  return {
    async search(request: PaperSearchRequest): Promise<PaperSearchResult> {
      // As the SQLite store: a paper's authors are one run of words, so the phrase "hao ding" also
      // matches the neighbours "Wei Hao" and "Ding Liu"; one author must hold the whole phrase,
      // checked on the ranked hits. (PostgreSQL builds no index without a deferral: the GIN index is
      // current after every write, so `indexing` is always false.)
      const phrases = request.query.authors.filter((words) => words.length > 1).map((words) => ` ${authorNameKey(words.join(' '))} `);
      if (phrases.length === 0) return { ...(await searchRanked(request)), indexing: false };
      const byOneAuthor = (hit: PaperSearchHit) => phrases.every((phrase) => hit.paper.authors.some((name) => ` ${authorNameKey(name)} `.includes(phrase)));
      const wanted = request.offset + request.limit;
      const first = Math.max(2 * wanted, 20);
      let result = await searchRanked({ ...request, offset: 0, limit: first });
      let kept = result.hits.filter(byOneAuthor);
      if (kept.length < wanted && result.hits.length === first) {
        result = await searchRanked({ ...request, offset: 0, limit: Math.max(rankWindow, wanted) });
        kept = result.hits.filter(byOneAuthor);
      }
      return { ...result, hits: kept.slice(request.offset, wanted), indexing: false };
    },
  };
}
