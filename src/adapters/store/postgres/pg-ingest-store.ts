/**
 * The ingestion bookkeeping on PostgreSQL (issue 21): ingest/sqlite-ingest-store.ts's cursors and
 * runs over pg-schema.ts, asynchronously, plus what the author linker writes.
 *
 * Where it differs from SQLite: a page's papers and its cursor are two transactions, papers first.
 * The PaperRepository runs each batch in a transaction of its own, on a connection of its own
 * (pg-paper-repository.ts: it locks rows and retries deadlocks), so the cursor cannot join it. The
 * cursor is written after the papers commit, with the page's affiliations and author ids, so it
 * never passes a paper that is not stored; a process that dies in between leaves the cursor one
 * page back, and the next run fetches that page again and merges it into the same rows (upserts by
 * id), so nothing is lost and nothing doubled.
 */
import { and, count, eq, gt, gte, isNotNull, isNull, notLike, sql } from 'drizzle-orm';
import { authorNameKey } from '../../../core/author-name.ts';
import type { PaperAuthorId } from '../../../core/paper-source.ts';
import type { PaperRepository } from '../../../core/ports.ts';
import type { AuthorLinkStore, IngestStore } from '../../ingest/ingest-ports.ts';
import { lacksDetails } from '../../ingest/needs-details.ts';
import type { PgDb } from './open-pg-store.ts';
import type { PgQueries } from './pg-queries.ts';
import { authors, ingestCursors, ingestRuns, paperAuthorIds, paperAuthors, papers as paperRows, subscriptions } from './pg-schema.ts';

/**
 * Keeps the ids of papers the store holds (paper_author_ids), one statement for the lot; returns
 * how many were new. Ids of papers it does not hold are dropped, as in SQLite.
 */
async function recordPaperAuthorIds(q: PgQueries, ids: readonly PaperAuthorId[]): Promise<number> {
  if (ids.length === 0) return 0;
  const result = await q.execute(sql`
    INSERT INTO ${paperAuthorIds} (external_id, paper_seq)
    SELECT u.external_id, p.seq FROM unnest(${sql.param(ids.map((id) => id.paperId))}::text[], ${sql.param(ids.map((id) => id.externalId))}::text[]) AS u(paper_id, external_id)
    JOIN ${paperRows} p ON p.id = u.paper_id
    ON CONFLICT DO NOTHING`);
  return result.rowCount ?? 0;
}

/**
 * Fills the affiliation of author rows that have none, one statement for the page. SQLite fills
 * them one by one and the first affiliation a page gives an author wins: so here too (a name key
 * twice in one UPDATE … FROM would update with either row).
 */
async function fillAffiliations(q: PgQueries, given: ReadonlyArray<{ author: string; affiliation: string }>): Promise<void> {
  const firstByKey = new Map<string, string>();
  for (const { author, affiliation } of given) {
    const key = authorNameKey(author);
    if (!firstByKey.has(key)) firstByKey.set(key, affiliation);
  }
  if (firstByKey.size === 0) return;
  await q.execute(sql`
    UPDATE ${authors} SET affiliation = u.affiliation
    FROM unnest(${sql.param([...firstByKey.keys()])}::text[], ${sql.param([...firstByKey.values()])}::text[]) AS u(name_key, affiliation)
    WHERE ${authors.nameKey} = u.name_key AND ${authors.affiliation} IS NULL`);
}

export function createPgIngestStore(db: PgDb, papers: PaperRepository): IngestStore {
  // Insert or update one source's bookkeeping row, setting only the given fields.
  const saveCursorRow = async (q: PgQueries, source: string, fields: Partial<typeof ingestCursors.$inferInsert> & { updatedAt: string }) => {
    await q.insert(ingestCursors).values({ source, ...fields }).onConflictDoUpdate({ target: ingestCursors.source, set: fields });
  };
  return {
    readCursor: async (source) => (await db.select({ cursor: ingestCursors.cursor }).from(ingestCursors).where(eq(ingestCursors.source, source)))[0]?.cursor ?? null,
    async storePage(source, page, seenAt) {
      const summary = await papers.upsertPapers(page.papers, seenAt);
      await db.transaction(async (tx) => {
        await fillAffiliations(tx, page.affiliations ?? []);
        await recordPaperAuthorIds(tx, page.authorIds ?? []);
        await saveCursorRow(tx, source, { cursor: page.cursor, updatedAt: seenAt });
      });
      return summary;
    },
    startRun: async (source, startedAt) => (await db.insert(ingestRuns).values({ source, startedAt, status: 'running' }).returning({ id: ingestRuns.id }))[0]!.id,
    async finishRun(runId, { status, finishedAt, fetched, stored, announced, detail }) {
      await db.update(ingestRuns).set({ status, finishedAt, fetched, stored, announced, detail }).where(eq(ingestRuns.id, runId));
    },
    async reviseRun(runId, status, detail) {
      await db.update(ingestRuns).set({ status, detail }).where(eq(ingestRuns.id, runId));
    },
    failInterruptedRuns: async (source, at) =>
      (
        await db
          .update(ingestRuns)
          .set({ status: 'failed', finishedAt: at, detail: 'interrupted before it finished (the process stopped)' })
          .where(and(eq(ingestRuns.source, source), eq(ingestRuns.status, 'running')))
          .returning({ id: ingestRuns.id })
      ).length,
    recordSuccess: (source, at) => saveCursorRow(db, source, { lastSuccessAt: at, updatedAt: at }),
    recordError: (source, at, message) => saveCursorRow(db, source, { lastErrorAt: at, lastError: message, updatedAt: at }),
    async countPresent(ids) {
      const distinct = [...new Set(ids)];
      if (distinct.length === 0) return 0;
      const { rows } = await db.$client.query<{ n: number }>('SELECT count(*)::float8 AS n FROM papers WHERE id = ANY($1::text[])', [distinct]);
      return Number(rows[0]!.n);
    },
    followedAuthorIds: async () =>
      (
        await db
          .select({ id: subscriptions.externalId })
          .from(subscriptions)
          .where(and(eq(subscriptions.kind, 'author'), isNotNull(subscriptions.externalId)))
          // Each once (GROUP BY: a DISTINCT could not be ordered by the collated expression), in
          // code-point order as SQLite's BINARY collation sorts them.
          .groupBy(subscriptions.externalId)
          .orderBy(sql`${subscriptions.externalId} collate "C"`)
      ).map((row) => row.id!),
    papersNeedingDetails: (afterSeq, limit, firstSeenSince) =>
      db
        .select({ seq: paperRows.seq, id: paperRows.id })
        .from(paperRows)
        .where(and(gt(paperRows.seq, afterSeq), gte(paperRows.firstSeenAt, firstSeenSince), notLike(paperRows.id, '%:%'), lacksDetails(paperRows.sources)))
        .orderBy(paperRows.seq)
        .limit(limit),
  };
}

/** What the author linker reads and writes, on PostgreSQL. */
export function createPgAuthorLinks(db: PgDb): AuthorLinkStore {
  return {
    authorAt: async (paperId, position) =>
      (
        await db
          .select({ id: authors.id, name: authors.displayName, orcid: authors.orcid, openalexId: authors.openalexId, semanticScholarId: authors.semanticScholarId })
          .from(paperAuthors)
          .innerJoin(paperRows, eq(paperRows.seq, paperAuthors.paperSeq))
          .innerJoin(authors, eq(authors.id, paperAuthors.authorId))
          .where(and(eq(paperRows.id, paperId), eq(paperAuthors.position, position)))
      )[0],
    setIdWhereUnset: async (column, value, authorId) =>
      (
        await db
          .update(authors)
          .set({ [column]: value })
          .where(and(eq(authors.id, authorId), isNull(authors[column])))
          .returning({ id: authors.id })
      ).length === 1,
    carriers: async (column, value) => (await db.select({ n: count() }).from(authors).where(eq(authors[column], value)))[0]?.n ?? 0,
    recordPaperAuthorIds: (ids) => recordPaperAuthorIds(db, ids),
    paperCount: async (externalId) => (await db.select({ n: count() }).from(paperAuthorIds).where(eq(paperAuthorIds.externalId, externalId)))[0]?.n ?? 0,
  };
}
