import type { Synchronous } from '../../core/awaitable.ts';
import { and, count, eq, gt, gte, inArray, isNotNull, isNull, notLike, sql } from 'drizzle-orm';
import { authorNameKey } from '../../core/author-name.ts';
import type { SourcePage } from '../../core/paper-source.ts';
import type { PaperRepository, UpsertSummary } from '../../core/ports.ts';
import type { Db } from '../store/open-database.ts';
import { authors, ingestCursors, ingestRuns, papers as paperRows, subscriptions } from '../store/schema.ts';
import { createSqlitePaperAuthorIds } from '../store/sqlite-paper-author-ids.ts';
import type { IngestStore } from './ingest-ports.ts';
import { lacksDetails } from './needs-details.ts';

/** Ids per `IN (…)` query, well under SQLite's bound-parameter limit. */
const PRESENT_CHUNK = 500;

/** The ingestion bookkeeping in SQLite: a page and its cursor are stored in one transaction. */
export function createSqliteIngestStore(db: Db, papers: Synchronous<PaperRepository>): Synchronous<IngestStore> {
  const paperAuthorIds = createSqlitePaperAuthorIds(db);
  // Insert or update one source's bookkeeping row, setting only the given fields.
  const saveCursorRow = (source: string, fields: Partial<typeof ingestCursors.$inferInsert> & { updatedAt: string }) =>
    db.insert(ingestCursors).values({ source, ...fields }).onConflictDoUpdate({ target: ingestCursors.source, set: fields }).run();

  // Prepared once: a page of arXiv API results names hundreds of affiliations.
  const fillAffiliation = db
    .update(authors)
    // set() takes no placeholders: wrapped in sql``.
    .set({ affiliation: sql`${sql.placeholder('affiliation')}` })
    .where(and(eq(authors.nameKey, sql.placeholder('nameKey')), isNull(authors.affiliation)))
    .prepare();

  const storePage = (source: string, page: SourcePage, seenAt: string): UpsertSummary =>
    db.transaction(() => {
      // upsertPapers runs its own transaction, which nests here as a savepoint: all or nothing.
      const summary = papers.upsertPapers(page.papers, seenAt);
      for (const { author, affiliation } of page.affiliations ?? []) fillAffiliation.run({ affiliation, nameKey: authorNameKey(author) });
      paperAuthorIds.record(page.authorIds ?? []);
      saveCursorRow(source, { cursor: page.cursor, updatedAt: seenAt });
      return summary;
    });

  return {
    readCursor: (source) => db.select({ cursor: ingestCursors.cursor }).from(ingestCursors).where(eq(ingestCursors.source, source)).get()?.cursor ?? null,
    storePage,
    startRun: (source, startedAt) => db.insert(ingestRuns).values({ source, startedAt, status: 'running' }).returning({ id: ingestRuns.id }).get().id,
    finishRun(runId, { status, finishedAt, fetched, stored, announced, detail }) {
      db.update(ingestRuns).set({ status, finishedAt, fetched, stored, announced, detail }).where(eq(ingestRuns.id, runId)).run();
    },
    reviseRun(runId, status, detail) {
      db.update(ingestRuns).set({ status, detail }).where(eq(ingestRuns.id, runId)).run();
    },
    failInterruptedRuns: (source, at) =>
      db
        .update(ingestRuns)
        .set({ status: 'failed', finishedAt: at, detail: 'interrupted before it finished (the process stopped)' })
        .where(and(eq(ingestRuns.source, source), eq(ingestRuns.status, 'running')))
        .run().changes,
    recordSuccess(source, at) {
      saveCursorRow(source, { lastSuccessAt: at, updatedAt: at });
    },
    recordError(source, at, message) {
      saveCursorRow(source, { lastErrorAt: at, lastError: message, updatedAt: at });
    },
    countPresent(ids) {
      const distinct = [...new Set(ids)];
      let present = 0;
      for (let i = 0; i < distinct.length; i += PRESENT_CHUNK) {
        const chunk = distinct.slice(i, i + PRESENT_CHUNK);
        present += db.select({ n: count() }).from(paperRows).where(inArray(paperRows.id, chunk)).get()!.n;
      }
      return present;
    },
    followedAuthorIds: () =>
      db
        .selectDistinct({ id: subscriptions.externalId })
        .from(subscriptions)
        .where(and(eq(subscriptions.kind, 'author'), isNotNull(subscriptions.externalId)))
        .orderBy(subscriptions.externalId)
        .all()
        .map((row) => row.id!),
    papersNeedingDetails: (afterSeq, limit, firstSeenSince) =>
      db
        .select({ seq: paperRows.seq, id: paperRows.id })
        .from(paperRows)
        .where(
          and(
            gt(paperRows.seq, afterSeq),
            gte(paperRows.firstSeenAt, firstSeenSince),
            notLike(paperRows.id, '%:%'),
            lacksDetails(paperRows.sources),
          ),
        )
        .orderBy(paperRows.seq)
        .limit(limit)
        .all(),
  };
}
