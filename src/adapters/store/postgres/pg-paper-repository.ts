/**
 * The papers half of the PostgreSQL store (issue 21): PaperRepository with the SQLite store's
 * behaviour (sqlite-paper-repository.ts), asynchronously. Search is pg-paper-search.ts's; this file
 * writes papers (merged as merge-paper.ts merges them, with the search columns of search-ddl.ts and
 * the author links SQLite keeps) and reads them back.
 *
 * Where it differs from SQLite, and why:
 * - SQLite has one writer, so its upsert reads and writes row by row. Here several replicas may write
 *   the same papers at once (two ingests racing, an import beside a live ingest), so a batch is one
 *   transaction that locks the known rows it merges into (SELECT … FOR UPDATE, in id order so two
 *   batches lock shared rows in the same order: https://www.postgresql.org/docs/15/sql-select.html
 *   #SQL-FOR-UPDATE-SHARE), inserts the new ones with ON CONFLICT DO NOTHING (which waits for a
 *   concurrent insert of the same id and then inserts nothing:
 *   https://www.postgresql.org/docs/15/sql-insert.html#SQL-ON-CONFLICT) and merges any paper another
 *   replica inserted meanwhile into that one's row. A deadlock or serialization failure is retried.
 * - Known papers are read before new ones are inserted, where SQLite inserts first: an identity value
 *   is drawn even for a row ON CONFLICT then skips, and never given back
 *   (https://www.postgresql.org/docs/15/functions-sequence.html), so insert-first would leave a gap in
 *   `seq` for every known paper of every batch. The learning corpus samples papers by seq and counts
 *   on it being nearly gapless (pg-learning-corpus.ts).
 * - Statements are set-based (a batch's papers in one jsonb parameter, its authors and links in
 *   arrays): a round trip to the server costs far more than a prepared statement in process.
 * - Bulk loads are never deferred: see beginBulkLoad.
 */
import type pg from 'pg';
import { authorNameKey } from '../../../core/author-name.ts';
import { mergePaper, newPaper, samePaper } from '../../../core/merge-paper.ts';
import type { Paper, PaperInput } from '../../../core/paper.ts';
import { paperSearchAliases, type PaperSearchAliases } from '../../../core/search/search-aliases.ts';
import type { BulkLoadIndexing, PaperRepository, PaperSearchRequest, PaperSearchResult, UpsertSummary } from '../../../core/ports.ts';
import type { PaperRow } from '../paper-rows.ts';
import { createRecentKeyCache } from '../recent-key-cache.ts';
import type { PgStore } from './open-pg-store.ts';
import { createPgPaperSearch } from './pg-paper-search.ts';
import { LABEL_WEIGHTS, paperFromPgRow, PG_PAPER_COLUMNS, PG_WRITE_COLUMNS, pgSearchRow, SEARCH_PARTS } from './pg-paper-rows.ts';

/** Papers per INSERT or UPDATE statement: the JSON of 500 arXiv papers is about 1 MB (as pg-paper-rows.ts). */
const STATEMENT_PAPERS = 500;

/** Author ids kept in memory per generation, as the SQLite store keeps them (recent-key-cache.ts). */
const AUTHOR_ID_CACHE_GENERATION = 125_000;

/** Tries of a batch that lost a deadlock or a serialization failure to another replica's batch. */
const TRANSACTION_TRIES = 4;

/** SQLSTATEs worth another try: serialization_failure, deadlock_detected (https://www.postgresql.org/docs/15/errcodes-appendix.html). */
const RETRYABLE = new Set(['40001', '40P01']);

const RECORD = `jsonb_to_recordset($1::jsonb) AS r(${[...PG_WRITE_COLUMNS.map(([c, t]) => `${c} ${t}`), ...SEARCH_PARTS.map((p) => `${p} text`), 's_length integer', 'ord integer'].join(', ')})`;
const VECTOR = `LATERAL (SELECT paperboy_search_vector(${SEARCH_PARTS.map((p) => `r.${p}`).join(', ')}) AS vector) AS v`;

/**
 * New papers, in the order of the batch (ORDER BY: seq follows the input order, as in SQLite, so
 * "newest" means the same on both engines). RETURNING names the rows inserted: a paper missing
 * from it was inserted by another transaction first.
 */
const INSERT_SQL = `
INSERT INTO papers (${PG_WRITE_COLUMNS.map(([c]) => c).join(', ')}, search_vector, search_terms, search_length)
SELECT ${PG_WRITE_COLUMNS.map(([c]) => `r.${c}`).join(', ')}, v.vector, paperboy_search_terms(v.vector, $2::float8[]), r.s_length
FROM ${RECORD} CROSS JOIN ${VECTOR}
ORDER BY r.ord
ON CONFLICT (id) DO NOTHING
RETURNING id, seq::float8 AS seq`;

/** Merged papers: every field but id and first_seen_at (the SQLite store's UPDATE), and the search columns. */
const UPDATE_SQL = `
UPDATE papers AS p SET ${PG_WRITE_COLUMNS.filter(([c]) => c !== 'id' && c !== 'first_seen_at')
  .map(([c]) => `${c} = r.${c}`)
  .join(', ')}, search_vector = v.vector, search_terms = paperboy_search_terms(v.vector, $2::float8[]), search_length = r.s_length
FROM ${RECORD} CROSS JOIN ${VECTOR}
WHERE p.id = r.id`;

const SELECT_FOR_MERGE_SQL = `SELECT ${PG_PAPER_COLUMNS} FROM papers p WHERE p.id = ANY($1::text[]) ORDER BY p.id FOR UPDATE`;

/** A row for jsonb_to_recordset (pg-paper-rows.ts), with its place in the batch: seq follows it. */
function searchRow(paper: Paper, changedAt: string, aliases: PaperSearchAliases, ord: number): Record<string, unknown> {
  return { ...pgSearchRow(paper, changedAt, aliases), ord };
}

/**
 * A paper as PostgreSQL gives it back: score is a `real` (4 bytes) in pg-schema.ts, where SQLite's
 * REAL holds 8, so a score reads back rounded and would make every re-import of a scored paper look
 * changed. Compared through this, both sides carry the same rounding.
 */
function asStored(paper: Paper): Paper {
  return paper.score === null ? paper : { ...paper, score: Math.fround(paper.score) };
}
const sameStored = (a: Paper, b: Paper) => samePaper(asStored(a), asStored(b));

/** What one batch does to one paper id: the inputs for it merged in order over what the store holds. */
interface PaperPlan {
  /** The row as locked, null when the paper is new. */
  stored: { paper: Paper; seq: number } | null;
  final: Paper;
  /** The aliases the caller gave for a new paper that no later input of the batch changed. */
  aliases: PaperSearchAliases | undefined;
  summary: UpsertSummary;
}

/**
 * Merges a batch's inputs for one id in order, as the SQLite store's loop does row by row: the first
 * input of a new paper is an insert, every later one an update or unchanged against what came before.
 */
function planPaper(stored: PaperPlan['stored'], inputs: Array<{ input: PaperInput; index: number }>, seenAt: string, aliases?: readonly PaperSearchAliases[]): PaperPlan {
  const summary: UpsertSummary = { inserted: 0, updated: 0, unchanged: 0 };
  let state: Paper | null = stored?.paper ?? null;
  let givenAliases: PaperSearchAliases | undefined;
  for (const { input, index } of inputs) {
    if (state === null) {
      state = newPaper(input, seenAt);
      givenAliases = aliases?.[index];
      summary.inserted++;
      continue;
    }
    const merged = mergePaper(state, input);
    if (sameStored(state, merged)) {
      summary.unchanged++;
      continue;
    }
    state = merged;
    givenAliases = undefined;
    summary.updated++;
  }
  return { stored, final: state!, aliases: givenAliases, summary };
}

const sameAuthors = (a: Paper, b: Paper) => JSON.stringify(a.authors) === JSON.stringify(b.authors);

export interface PgPaperRepositoryOptions {
  /** The search's windows (pg-paper-search.ts), for tests that stand a small store in for a large one. */
  rankWindow?: number;
  anyWordTailWindow?: number;
}

/** The PaperRepository on PostgreSQL; every answer is a promise. */
export function createPgPaperRepository(store: Pick<PgStore, 'pool'>, options: PgPaperRepositoryOptions = {}): PaperRepository {
  const { pool } = store;
  const search = createPgPaperSearch(pool, options);
  // Author ids by name key, as in the SQLite store; learned only from committed transactions, so an
  // id never outlives a rollback (PostgreSQL would not reuse it, but the row would be gone).
  const authorIds = createRecentKeyCache(AUTHOR_ID_CACHE_GENERATION);

  async function inTransaction<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await work(client);
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        const code = (error as { code?: string }).code;
        if (attempt >= TRANSACTION_TRIES || code === undefined || !RETRYABLE.has(code)) throw error;
      } finally {
        client.release();
      }
    }
  }

  /** Locks and reads the stored rows of these ids (id order: see the header). */
  async function lockStored(client: pg.PoolClient, ids: string[]): Promise<Map<string, { paper: Paper; seq: number }>> {
    const stored = new Map<string, { paper: Paper; seq: number }>();
    if (ids.length === 0) return stored;
    const { rows } = await client.query<PaperRow>(SELECT_FOR_MERGE_SQL, [ids]);
    for (const row of rows) stored.set(row.id, { paper: paperFromPgRow(row), seq: Number(row.seq) });
    return stored;
  }

  async function writeRows(client: pg.PoolClient, sql: string, rows: Array<Record<string, unknown>>): Promise<Array<{ id: string; seq: number }>> {
    const written: Array<{ id: string; seq: number }> = [];
    for (let start = 0; start < rows.length; start += STATEMENT_PAPERS) {
      const result = await client.query<{ id: string; seq: number }>(sql, [JSON.stringify(rows.slice(start, start + STATEMENT_PAPERS)), LABEL_WEIGHTS]);
      written.push(...result.rows);
    }
    return written;
  }

  /**
   * The author row of every name key, inserted when missing. Existing keys are read first (an
   * insert that conflicts still draws an id: see the header); missing ones are inserted in key
   * order, so two batches adding the same new authors wait for each other instead of deadlocking,
   * and a key another transaction inserted meanwhile is read after (ON CONFLICT waited for it).
   * Returns the ids this transaction learned.
   */
  async function authorIdsFor(client: pg.PoolClient, names: Map<string, string>): Promise<Map<string, number>> {
    const ids = new Map<string, number>();
    const missing: string[] = [];
    for (const key of names.keys()) {
      const id = authorIds.get(key);
      if (id === undefined) missing.push(key);
      else ids.set(key, id);
    }
    const read = async (keys: string[]) => {
      if (keys.length === 0) return;
      const { rows } = await client.query<{ id: number; key: string }>('SELECT id, name_key AS key FROM authors WHERE name_key = ANY($1::text[])', [keys]);
      for (const row of rows) ids.set(row.key, row.id);
    };
    await read(missing);
    const absent = missing.filter((key) => !ids.has(key)).sort();
    if (absent.length > 0) {
      const { rows } = await client.query<{ id: number; key: string }>(
        `INSERT INTO authors (name_key, display_name)
         SELECT u.key, u.name FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS u(key, name, i) ORDER BY u.i
         ON CONFLICT (name_key) DO NOTHING RETURNING id, name_key AS key`,
        [absent, absent.map((key) => names.get(key)!)],
      );
      for (const row of rows) ids.set(row.key, row.id);
      await read(absent.filter((key) => !ids.has(key)));
    }
    return ids;
  }

  /**
   * Links papers to their authors by name key, position by position, as the SQLite store does (a
   * name with no letters or digits is not linked). `relinked` seqs lose their old links first.
   */
  async function linkAuthors(client: pg.PoolClient, papers: Array<{ seq: number; authors: string[] }>, relinked: number[]): Promise<Map<string, number>> {
    if (relinked.length > 0) await client.query('DELETE FROM paper_authors WHERE paper_seq = ANY($1::bigint[])', [relinked]);
    // The display name of a new author row is the first spelling the batch gives its key, as in SQLite.
    const names = new Map<string, string>();
    const links: Array<{ seq: number; position: number; key: string }> = [];
    for (const { seq, authors } of papers) {
      authors.forEach((name, position) => {
        const key = authorNameKey(name);
        if (key === '') return;
        if (!names.has(key)) names.set(key, name);
        links.push({ seq, position, key });
      });
    }
    if (links.length === 0) return new Map();
    const ids = await authorIdsFor(client, names);
    await client.query(
      `INSERT INTO paper_authors (paper_seq, position, author_id)
       SELECT * FROM unnest($1::bigint[], $2::integer[], $3::integer[]) ON CONFLICT DO NOTHING`,
      [links.map((l) => l.seq), links.map((l) => l.position), links.map((l) => ids.get(l.key)!)],
    );
    return ids;
  }

  async function upsertBatch(client: pg.PoolClient, inputs: PaperInput[], seenAt: string, aliases?: readonly PaperSearchAliases[]): Promise<{ summary: UpsertSummary; learned: Map<string, number> }> {
    const byId = new Map<string, Array<{ input: PaperInput; index: number }>>();
    inputs.forEach((input, index) => {
      const group = byId.get(input.id);
      if (group) group.push({ input, index });
      else byId.set(input.id, [{ input, index }]);
    });
    const stored = await lockStored(client, [...byId.keys()]);
    const plans = new Map<string, PaperPlan>();
    for (const [id, group] of byId) plans.set(id, planPaper(stored.get(id) ?? null, group, seenAt, aliases));

    // Papers whose links are written, with the index of their first input: linked in input order,
    // so a new author row takes the spelling the batch gives first, as in SQLite.
    const toLink: Array<{ seq: number; authors: string[]; index: number }> = [];
    const relinked: number[] = [];
    // New papers, in input order (of each id's first input).
    let fresh = [...plans.values()].filter((plan) => plan.stored === null);
    const firstIndex = (plan: PaperPlan) => byId.get(plan.final.id)![0]!.index;
    const insertedRows = await writeRows(
      client,
      INSERT_SQL,
      fresh.map((plan) => searchRow(plan.final, seenAt, plan.aliases ?? paperSearchAliases(plan.final), firstIndex(plan))),
    );
    const inserted = new Map(insertedRows.map((row) => [row.id, Number(row.seq)]));
    for (const plan of fresh) {
      const seq = inserted.get(plan.final.id);
      if (seq !== undefined) toLink.push({ seq, authors: plan.final.authors, index: firstIndex(plan) });
    }
    // Inserted by another replica since the lock above: merged into that row, as if known before.
    fresh = fresh.filter((plan) => !inserted.has(plan.final.id));
    if (fresh.length > 0) {
      const raced = await lockStored(client, fresh.map((plan) => plan.final.id));
      for (const plan of fresh) {
        const id = plan.final.id;
        const row = raced.get(id);
        // ON CONFLICT skipped it, so a committed row holds the id (papers are never deleted).
        if (row === undefined) throw new Error(`Paper ${id} was neither inserted nor found`);
        plans.set(id, planPaper(row, byId.get(id)!, seenAt, aliases));
      }
    }

    const changed = [...plans.values()].filter((plan) => plan.stored !== null && !sameStored(plan.stored.paper, plan.final));
    await writeRows(
      client,
      UPDATE_SQL,
      changed.map((plan) => searchRow(plan.final, seenAt, paperSearchAliases(plan.final), 0)),
    );
    for (const plan of changed) {
      if (sameAuthors(plan.stored!.paper, plan.final)) continue;
      relinked.push(plan.stored!.seq);
      toLink.push({ seq: plan.stored!.seq, authors: plan.final.authors, index: firstIndex(plan) });
    }
    const learned = await linkAuthors(client, toLink.sort((a, b) => a.index - b.index), relinked);

    const summary: UpsertSummary = { inserted: 0, updated: 0, unchanged: 0 };
    for (const plan of plans.values()) {
      summary.inserted += plan.summary.inserted;
      summary.updated += plan.summary.updated;
      summary.unchanged += plan.summary.unchanged;
    }
    return { summary, learned };
  }

  /** Whether beginBulkLoad was called since the last finishBulkLoad (see finishBulkLoad). */
  let bulkLoading = false;

  return {
    search(request: PaperSearchRequest): Promise<PaperSearchResult> {
      return search.search(request);
    },

    async getPaper(id: string): Promise<Paper | null> {
      const { rows } = await pool.query<PaperRow>(`SELECT ${PG_PAPER_COLUMNS} FROM papers p WHERE p.id = $1`, [id]);
      return rows[0] ? paperFromPgRow(rows[0]) : null;
    },

    async getPapers(ids: string[]): Promise<Paper[]> {
      if (ids.length === 0) return [];
      const { rows } = await pool.query<PaperRow>(`SELECT ${PG_PAPER_COLUMNS} FROM papers p WHERE p.id = ANY($1::text[])`, [ids]);
      // In the order asked, an unknown id left out and a repeated one repeated, as SQLite answers.
      const byId = new Map(rows.map((row) => [row.id, row]));
      return ids.flatMap((id) => {
        const row = byId.get(id);
        return row ? [paperFromPgRow(row)] : [];
      });
    },

    async upsertPapers(papers: PaperInput[], seenAt: string, aliases?: readonly PaperSearchAliases[]): Promise<UpsertSummary> {
      if (papers.length === 0) return { inserted: 0, updated: 0, unchanged: 0 };
      const { summary, learned } = await inTransaction((client) => upsertBatch(client, papers, seenAt, aliases));
      for (const [key, id] of learned) authorIds.set(key, id);
      return summary;
    },

    async countPapers(): Promise<number> {
      const { rows } = await pool.query<{ n: number }>('SELECT count(*)::float8 AS n FROM papers');
      return Number(rows[0]!.n);
    },

    /**
     * Never deferred. SQLite drops its FTS5 index for a load and rebuilds it once, because keeping
     * an inverted index current row by row costs more than one build. Here the GIN index is kept
     * current by its fast-update pending list, which batches new entries and merges them in bulk
     * (https://www.postgresql.org/docs/15/gin-implementation.html#GIN-FAST-UPDATE), and dropping it
     * would take an ACCESS EXCLUSIVE lock and leave every other replica's searches without an index
     * for the length of the load (https://www.postgresql.org/docs/15/explicit-locking.html
     * #LOCKING-TABLES). The bm25 counts (paper_search_stats) are kept by statement-level triggers,
     * one grouped upsert per batch, so they need no deferral either.
     */
    beginBulkLoad(): Promise<boolean> {
      bulkLoading = true;
      return Promise.resolve(false);
    },

    /**
     * After a load, the pending list GIN keeps may hold up to gin_pending_list_limit of entries that
     * every search scans besides the index proper; gin_clean_pending_list merges them now instead of
     * at the next autovacuum (https://www.postgresql.org/docs/15/functions-admin.html
     * #FUNCTIONS-ADMIN-INDEX). It is for the index's owner: a replica connected as another role
     * leaves the list to autovacuum.
     */
    async finishBulkLoad(): Promise<BulkLoadIndexing> {
      if (bulkLoading) {
        bulkLoading = false;
        try {
          await pool.query(`SELECT gin_clean_pending_list(to_regclass('papers_search_idx'))`);
        } catch (error) {
          // insufficient_privilege: not the owner (above).
          if ((error as { code?: string }).code !== '42501') throw error;
        }
      }
      return 'not-deferred';
    },

    async titleVocabulary(maxPapers: number): Promise<Map<string, number>> {
      const { rows } = await pool.query<{ title: string }>('SELECT title FROM papers ORDER BY seq DESC LIMIT $1', [Math.max(0, Math.trunc(maxPapers))]);
      const counts = new Map<string, number>();
      for (const { title } of rows) {
        for (const word of title.toLowerCase().match(/\p{L}[\p{L}\p{N}]{2,}/gu) ?? []) counts.set(word, (counts.get(word) ?? 0) + 1);
      }
      return counts;
    },
  };
}
