import type { Synchronous } from '../../core/awaitable.ts';
import type Database from 'better-sqlite3';
import { authorNameKey } from '../../core/author-name.ts';
import { mergePaper, newPaper, samePaper } from '../../core/merge-paper.ts';
import type { Paper, PaperInput } from '../../core/paper.ts';
import type { PaperSearchAliases } from '../../core/search/search-aliases.ts';
import type { BulkLoadIndexing, PaperRepository, PaperSearchHit, PaperSearchRequest, PaperSearchResult, UpsertSummary } from '../../core/ports.ts';
import { deferIndexing, finishDeferredIndexing, fullTextIndexingDeferredCheck } from './deferred-indexing.ts';
import { PAGE_CACHE_KB } from './open-database.ts';
import { ANY_WORD_TAIL_WINDOW, createAnyWordRanker } from './any-word-ranking.ts';
import { compileFtsExpression } from './fts-expression.ts';
import { tryAcquireIndexingLock, type IndexingLock } from './indexing-lock.ts';
import { PAPER_COLUMNS, paperFromRow, paperToParams, type PaperRow } from './paper-rows.ts';
import { createRecentKeyCache } from './recent-key-cache.ts';

/**
 * bm25 column weights, in the index's column order: title, authors, abstract, category codes, and
 * the aliases of the title and of the abstract. A word in the title says more about a paper than
 * the same word in its abstract; category codes only filter; an alias weighs what the long form
 * it stands for weighed where it was written. Tuned on SciFact's train split (see bench/relevance).
 */
export const BM25_WEIGHTS = { title: 2.5, authors: 1.0, abstract: 1.0, categoryCodes: 0, titleAliases: 2.5, abstractAliases: 1.0 } as const;

const BM25_ARGUMENTS = Object.values(BM25_WEIGHTS).join(', ');

/** SQLite's default checkpoint interval, and the one bulk loads use instead (pages of 4 KB). */
const DEFAULT_CHECKPOINT_PAGES = 1000;
const BULK_LOAD_CHECKPOINT_PAGES = 16_384;

/** Page cache of a bulk load (below), and the store's usual one (open-database.ts), in KB. */
const BULK_LOAD_CACHE_KB = 16_000;

/**
 * Author name keys whose ids are kept in memory, per generation (recent-key-cache.ts: at most
 * twice this many): about 16 MB at the most, and every author of the 1,000,000-paper benchmark
 * file (185,000) is looked up in the store only once.
 */
const AUTHOR_ID_CACHE_GENERATION = 125_000;

type RankedRow = PaperRow & { relevance: number };
type RankedSeq = { seq: number; relevance: number };
const toHit = (row: RankedRow): PaperSearchHit => ({ paper: paperFromRow(row), relevance: row.relevance });

const PAPER_COLUMNS_P = PAPER_COLUMNS.split(', ')
  .map((c) => `p.${c}`)
  .join(', ');

/**
 * When a query matches more papers than this, only the newest this many matches are ranked. FTS5
 * scores every match before it can order them (1.5–6 µs a match, more with phrases): "generative
 * modeling" matches 500,975 of 1,000,000 papers and took 0.74 s to rank in full. With a window of
 * 10,000 the 1,000,000-paper search benchmark ran at 32 ms p50 and 111 ms p95 (42 and 117 on a
 * slower day; bench/RESULTS.md), and the recency prior favours new papers anyway. Narrower queries
 * are ranked in full. Readers are told (rankedNewest).
 */
export const RANK_WINDOW = 10_000;

/** Orders for the searches that join papers (sorts by paper fields, or date filters); `relevance` is the column below. */
const JOINED_ORDER = {
  relevance: 'relevance DESC',
  new: 'p.published DESC NULLS LAST, p.seq DESC',
  top: 'COALESCE(p.upvotes, -1) DESC, relevance DESC',
} as const;

/**
 * The papers half of the SQLite store: FTS5 search, merge-on-upsert, lookups. `rankWindow` and
 * `anyWordTailWindow` (any-word-ranking.ts) are for tests that stand a small store in for a large one.
 */
export function createSqlitePaperRepository(sqlite: Database.Database, options: { rankWindow?: number; anyWordTailWindow?: number } = {}): Synchronous<PaperRepository> {
  const rankWindow = options.rankWindow ?? RANK_WINDOW;
  const anyWordTailWindow = Math.min(options.anyWordTailWindow ?? ANY_WORD_TAIL_WINDOW, rankWindow);
  const rankAnyWord = createAnyWordRanker(sqlite, BM25_ARGUMENTS, anyWordTailWindow);
  const selectById = sqlite.prepare<[string], PaperRow>(`SELECT ${PAPER_COLUMNS} FROM papers WHERE id = ?`);
  const selectBySeq = sqlite.prepare<[number], PaperRow>(`SELECT ${PAPER_COLUMNS} FROM papers WHERE seq = ?`);
  const hitBySeq = ({ seq, relevance }: RankedSeq): PaperSearchHit[] => {
    const row = selectBySeq.get(seq);
    return row ? [{ paper: paperFromRow(row), relevance }] : [];
  };
  // A match beyond the window? Walks the matches newest first without scoring them: a few ms.
  const moreMatchesThanWindow = sqlite.prepare<[string, number], { rowid: number }>(
    `SELECT rowid FROM papers_fts WHERE papers_fts MATCH ? AND rowid >= ? ORDER BY rowid DESC LIMIT 1 OFFSET ${Math.trunc(rankWindow)}`,
  );
  const insertPaperIfNew = sqlite.prepare(
    `INSERT INTO papers (id, version, title, abstract, authors, authors_truncated, categories, published,
       updated, comment, doi, journal_ref, abs_url, pdf_url, code_url, org, score, upvotes, sources, first_seen_at, changed_at,
       title_aliases, abstract_aliases)
     VALUES (@id, @version, @title, @abstract, @authors, @authors_truncated, @categories, @published,
       @updated, @comment, @doi, @journal_ref, @abs_url, @pdf_url, @code_url, @org, @score, @upvotes, @sources, @first_seen_at, @changed_at,
       @title_aliases, @abstract_aliases)
     ON CONFLICT (id) DO NOTHING`,
  );
  const updatePaper = sqlite.prepare(
    `UPDATE papers SET version=@version, title=@title, abstract=@abstract, authors=@authors, authors_truncated=@authors_truncated,
       categories=@categories, published=@published, updated=@updated, comment=@comment,
       doi=@doi, journal_ref=@journal_ref, abs_url=@abs_url, pdf_url=@pdf_url, code_url=@code_url, org=@org, score=@score,
       upvotes=@upvotes, sources=@sources, changed_at=@changed_at, title_aliases=@title_aliases, abstract_aliases=@abstract_aliases
     WHERE id=@id`,
  );
  // pluck(): the id alone, not a row object; better-sqlite3 builds an object per row, which cost
  // more than the lookup itself (bench: import).
  const selectAuthorId = sqlite.prepare<[string], number>('SELECT id FROM authors WHERE name_key = ?').pluck();
  const insertAuthorIfNew = sqlite.prepare<[string, string]>('INSERT INTO authors (name_key, display_name) VALUES (?, ?) ON CONFLICT (name_key) DO NOTHING');
  // Author ids by name key: most names recur, and a Map lookup is far cheaper than a store lookup.
  // Bounded so that an import of any size keeps a flat memory profile.
  const authorIds = createRecentKeyCache(AUTHOR_ID_CACHE_GENERATION);
  const authorIdFor = (key: string, name: string): number => {
    let id = authorIds.get(key);
    if (id !== undefined) return id;
    // Insert first, as for papers: a name missing from the map is nearly always a new author, and
    // the conflict on the name key is the one lookup that finds out (20,000 papers: 0.88 → 0.69 s).
    const inserted = insertAuthorIfNew.run(key, name);
    id = inserted.changes === 1 ? Number(inserted.lastInsertRowid) : selectAuthorId.get(key)!;
    authorIds.set(key, id);
    return id;
  };
  const deletePaperAuthors = sqlite.prepare<[number]>('DELETE FROM paper_authors WHERE paper_seq = ?');
  const insertPaperAuthor = sqlite.prepare<[number, number, number]>(
    'INSERT OR IGNORE INTO paper_authors (paper_seq, position, author_id) VALUES (?, ?, ?)',
  );
  // A bulk load defers the index to its end: searches say so while it runs.
  const indexing = fullTextIndexingDeferredCheck(sqlite);
  const countStatement = sqlite.prepare<[], { n: number }>('SELECT count(*) AS n FROM papers');

  function linkAuthors(seq: number, names: string[], fresh: boolean): void {
    if (!fresh) deletePaperAuthors.run(seq);
    names.forEach((name, position) => {
      const key = authorNameKey(name);
      if (key === '') return;
      insertPaperAuthor.run(seq, position, authorIdFor(key, name));
    });
  }

  const upsertBatch = sqlite.transaction((inputs: PaperInput[], seenAt: string, aliases?: readonly PaperSearchAliases[]): UpsertSummary => {
    const summary: UpsertSummary = { inserted: 0, updated: 0, unchanged: 0 };
    for (let i = 0; i < inputs.length; i++) {
      const input = inputs[i]!;
      // Insert first: nearly every paper of an import or a daily listing is new, and a conflict on
      // the id is the one lookup that finds out.
      const paper = newPaper(input, seenAt);
      const info = insertPaperIfNew.run(paperToParams(paper, seenAt, aliases?.[i]));
      if (info.changes === 1) {
        linkAuthors(Number(info.lastInsertRowid), paper.authors, true);
        summary.inserted++;
        continue;
      }
      const row = selectById.get(input.id)!;
      const existing = paperFromRow(row);
      const merged = mergePaper(existing, input);
      if (samePaper(existing, merged)) {
        summary.unchanged++;
        continue;
      }
      updatePaper.run(paperToParams(merged, seenAt));
      if (JSON.stringify(existing.authors) !== JSON.stringify(merged.authors)) linkAuthors(row.seq, merged.authors, false);
      summary.updated++;
    }
    return summary;
  });

  /** Held from beginBulkLoad to finishBulkLoad when this connection deferred the index (indexing-lock.ts). */
  let bulkLoadLock: IndexingLock | null = null;

  const statementCache = new Map<string, Database.Statement>();
  function prepared(sql: string): Database.Statement {
    let statement = statementCache.get(sql);
    if (!statement) {
      statement = sqlite.prepare(sql);
      statementCache.set(sql, statement);
    }
    return statement;
  }

  /** One ranked search in SQL: the page asked for, before the author-phrase check and the indexing flag of search() below. */
  function searchRanked(request: PaperSearchRequest): Omit<PaperSearchResult, 'indexing'> {
    const { query } = request;
    const expression = compileFtsExpression(query, request.mode);
    // Literal numbers: one prepared statement per page size, and SQLite keeps a top-N sort.
    const limitClause = `LIMIT ${Math.trunc(request.limit)} OFFSET ${Math.trunc(request.offset)}`;
    const conditions: string[] = [];
    const params: Array<string | number> = [];
    if (query.since) {
      conditions.push('p.published >= ?');
      params.push(query.since);
    }
    let floor = 0;
    if (request.seqRange) {
      // A digest's new papers are the newest rows: a rowid floor lets FTS5 skip the old part of
      // every doclist instead of ranking the whole corpus and filtering after.
      if (request.seqRange.through <= request.seqRange.after) return { hits: [], rankedNewest: null };
      floor = request.seqRange.after + 1;
      conditions.push('p.seq <= ?');
      params.push(request.seqRange.through);
    }
    if (expression === null) {
      const where = ['p.seq >= ?', ...conditions].join(' AND ');
      const order = query.sort === 'top' ? 'COALESCE(p.upvotes, -1) DESC, p.seq DESC' : 'p.published DESC NULLS LAST, p.seq DESC';
      const rows = prepared(`SELECT ${PAPER_COLUMNS_P}, 0 AS relevance FROM papers p WHERE ${where} ORDER BY ${order} ${limitClause}`).all(floor, ...params);
      return { hits: (rows as RankedRow[]).map(toHit), rankedNewest: null };
    }

    if (request.mode === 'any' && query.terms.length > 0 && query.sort === 'relevance' && conditions.length === 0 && floor === 0) {
      // The relaxed search: every paper with a rare word, the newest few with only common ones
      // (any-word-ranking.ts), instead of the scored walk below: about half the CPU at 78,736 papers.
      const terms = query.terms.map((term) => compileFtsExpression({ ...query, terms: [term], authors: [], categories: [], excluded: [] }, 'all')!);
      const ranked = rankAnyWord(expression, terms, request.limit, request.offset);
      return { hits: ranked.hits.flatMap(hitBySeq), rankedNewest: ranked.tailOverflowed ? anyWordTailWindow : null };
    }

    // The newest matches, scored: FTS5 walks the doclists newest first and stops after the window
    // (a rowid range walked oldest first is not skipped but filtered: 80 ms against 4 ms at 1M).
    // One match more than the window is kept aside, so the same walk tells whether the matches
    // overflow it: a separate count walked them all again, up to 74 ms of the 216 that the phrase
    // "large language model-based" took at 1,000,000 papers (fewer matches than the window).
    const window = Math.trunc(rankWindow);
    const scored =
      `WITH walked AS MATERIALIZED (SELECT rowid AS seq, -bm25(papers_fts, ${BM25_ARGUMENTS}) AS relevance FROM papers_fts ` +
      `WHERE papers_fts MATCH ? AND rowid >= ? ORDER BY rowid DESC LIMIT ${window + 1}) `;
    const matches = `(SELECT seq, relevance FROM walked ORDER BY seq DESC LIMIT ${window})`;
    const walkedCount = '(SELECT count(*) FROM walked) AS walked';

    let ranked: Array<RankedSeq & { walked: number }>;
    if (query.sort === 'relevance' && conditions.length === 0) {
      // Ranked by FTS5 alone, then the few winners read by key: joining papers first costs a
      // lookup per match (measured: 55 ms → 32 ms at 78k papers).
      ranked = prepared(`${scored}SELECT seq, relevance, ${walkedCount} FROM ${matches} ORDER BY relevance DESC ${limitClause}`).all(expression, floor) as typeof ranked;
    } else {
      // The filters and sorts read the ranking-fields index, not the papers rows: thousands of rows
      // spread over a large table miss the page cache (the slowest since: query of the 1M benchmark,
      // 457 → 172 ms). CROSS JOIN
      // keeps the matches as the outer loop: left to itself the planner may walk papers by the
      // published index (for since: or sort:new) and probe the full-text index once per paper.
      const where = conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '';
      ranked = prepared(
        `${scored}SELECT m.seq, m.relevance, ${walkedCount} FROM ${matches} m CROSS JOIN papers p INDEXED BY papers_ranking_fields_idx ON p.seq = m.seq ` +
          `${where} ORDER BY ${JOINED_ORDER[query.sort]} ${limitClause}`,
      ).all(expression, floor, ...params) as typeof ranked;
    }
    // An empty page carries no count: the matches are then counted on their own.
    const overflows = ranked.length > 0 ? ranked[0]!.walked > window : moreMatchesThanWindow.get(expression, floor) !== undefined;
    const rankedNewest = overflows ? rankWindow : null;
    return { hits: ranked.flatMap(hitBySeq), rankedNewest };
  }

  return {
    search(request: PaperSearchRequest): PaperSearchResult {
      // FTS5 sees a paper's authors as one run of words, so the phrase "hao ding" also matches the
      // neighbours "Wei Hao" and "Ding Liu": one author must hold the whole phrase. That is checked
      // on the ranked hits, whose rows are read anyway, not on every match: as a condition in SQL it
      // looked up the links of each of up to 10,000 matches: 306 ms for author:"Xin Wang" at
      // 1,000,000 papers in a full benchmark run, 14 ms warm now. A single word cannot straddle two names.
      const phrases = request.query.authors.filter((words) => words.length > 1).map((words) => ` ${authorNameKey(words.join(' '))} `);
      if (phrases.length === 0) return { ...searchRanked(request), indexing: indexing() };
      const byOneAuthor = (hit: PaperSearchHit) =>
        phrases.every((phrase) => hit.paper.authors.some((name) => ` ${authorNameKey(name)} `.includes(phrase)));
      const wanted = request.offset + request.limit;
      // Straddling matches are rare: twice the page is nearly always enough; else every ranked match.
      const first = Math.max(2 * wanted, 20);
      let result = searchRanked({ ...request, offset: 0, limit: first });
      let kept = result.hits.filter(byOneAuthor);
      if (kept.length < wanted && result.hits.length === first) {
        result = searchRanked({ ...request, offset: 0, limit: Math.max(rankWindow, wanted) });
        kept = result.hits.filter(byOneAuthor);
      }
      return { ...result, hits: kept.slice(request.offset, wanted), indexing: indexing() };
    },

    getPaper(id: string): Paper | null {
      const row = selectById.get(id);
      return row ? paperFromRow(row) : null;
    },

    getPapers(ids: string[]): Paper[] {
      return ids.map((id) => selectById.get(id)).filter((r): r is PaperRow => r !== undefined).map(paperFromRow);
    },

    upsertPapers(papers: PaperInput[], seenAt: string, aliases?: readonly PaperSearchAliases[]): UpsertSummary {
      // Inside a caller's transaction the rows may yet be rolled back: ids of authors inserted in it
      // must not outlive it (SQLite would give them to other authors), so none learned here are kept.
      const inCallersTransaction = sqlite.inTransaction;
      try {
        return upsertBatch(papers, seenAt, aliases);
      } catch (error) {
        // The transaction rolled back: ids cached during it may name authors that no longer exist.
        authorIds.clear();
        throw error;
      } finally {
        if (inCallersTransaction) authorIds.clear();
      }
    },

    beginBulkLoad(expectedPapers: number): boolean {
      // Another process is building the index (its own import, or an upgrade): its final build
      // reads every row, these included, so this load writes rows and leaves the index to it.
      const lock = tryAcquireIndexingLock(sqlite);
      if (lock === null) return false;
      let deferred = false;
      try {
        deferred = sqlite.transaction(() => {
          if (countStatement.get()!.n > expectedPapers) return false;
          deferIndexing(sqlite);
          return true;
        })();
      } finally {
        if (deferred) bulkLoadLock = lock;
        else lock.release();
      }
      // Every link a load writes names the paper and author rows it has just written or read, so
      // checking the foreign keys again costs two lookups per link for nothing (bench: import).
      if (deferred) {
        sqlite.pragma('foreign_keys = OFF');
        // Copy the write-ahead log into the database every 64 MB instead of every 4 MB (SQLite's
        // default): fewer, larger checkpoints made the 78,736-paper load a tenth faster.
        sqlite.pragma(`wal_autocheckpoint = ${BULK_LOAD_CHECKPOINT_PAGES}`);
        // A load appends (papers, links, ids in file order) and reads back in order for the index
        // build, so it needs less page cache than searches: 16 MB held the 78,736-paper import's
        // peak at 245–253 MB against 269–273 MB with 32 MB, at the same speed.
        sqlite.pragma(`cache_size = -${BULK_LOAD_CACHE_KB}`);
      }
      return deferred;
    },

    finishBulkLoad(): BulkLoadIndexing {
      let indexing: BulkLoadIndexing = 'not-deferred';
      try {
        // Only the load that deferred the index builds it: another one's deferral (a live import
        // in another process) is that process's to finish, and building it here would hold the
        // write lock for as long as the build takes, failing that import's next batch.
        if (bulkLoadLock !== null && finishDeferredIndexing(sqlite)) indexing = 'rebuilt';
      } finally {
        bulkLoadLock?.release();
        bulkLoadLock = null;
      }
      sqlite.pragma(`cache_size = -${PAGE_CACHE_KB}`);
      sqlite.pragma('foreign_keys = ON');
      sqlite.pragma(`wal_autocheckpoint = ${DEFAULT_CHECKPOINT_PAGES}`);
      return indexing;
    },

    countPapers(): number {
      return countStatement.get()!.n;
    },

    titleVocabulary(maxPapers: number): Map<string, number> {
      const rows = sqlite.prepare<[number], { title: string }>('SELECT title FROM papers ORDER BY seq DESC LIMIT ?').all(maxPapers);
      const counts = new Map<string, number>();
      for (const { title } of rows) {
        for (const word of title.toLowerCase().match(/\p{L}[\p{L}\p{N}]{2,}/gu) ?? []) counts.set(word, (counts.get(word) ?? 0) + 1);
      }
      return counts;
    },
  };
}
