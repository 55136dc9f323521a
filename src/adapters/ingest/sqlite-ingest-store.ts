import type { Synchronous } from '../../core/awaitable.ts';
import { and, count, eq, gt, gte, inArray, isNotNull, isNull, not, notLike, or, sql, type SQL } from 'drizzle-orm';
import { authorNameKey } from '../../core/author-name.ts';
import type { IngestRunStatus, SourcePage } from '../../core/paper-source.ts';
import type { PaperRepository, UpsertSummary } from '../../core/ports.ts';
import type { PaperNeedingDetails } from '../sources/arxiv-api-source.ts';
import type { Db } from '../store/open-database.ts';
import { authors, ingestCursors, ingestRuns, papers as paperRows, subscriptions } from '../store/schema.ts';
import { createSqlitePaperAuthorIds } from '../store/sqlite-paper-author-ids.ts';

/** How a finished run is recorded. */
export interface FinishedRun {
  status: Exclude<IngestRunStatus, 'running'>;
  finishedAt: string;
  fetched: number;
  stored: number;
  announced: number | null;
  detail: string | null;
}

/** The ingestion bookkeeping in the store: cursors (`ingest_cursors`) and runs (`ingest_runs`). */
export interface IngestStore {
  readCursor(source: string): string | null;
  /** Stores a page's papers and advances the source's cursor in one transaction. */
  storePage(source: string, page: SourcePage, seenAt: string): UpsertSummary;
  startRun(source: string, startedAt: string): number;
  finishRun(runId: number, run: FinishedRun): void;
  /** Changes a finished run's verdict (a day that turned out to be a holiday). */
  reviseRun(runId: number, status: FinishedRun['status'], detail: string | null): void;
  /** Marks runs of this source left `running` by a process that died as failed; returns how many. */
  failInterruptedRuns(source: string, at: string): number;
  recordSuccess(source: string, at: string): void;
  recordError(source: string, at: string, message: string): void;
  /** How many of these ids the store holds. */
  countPresent(ids: readonly string[]): number;
  /** The external ids channels follow authors by, each once. */
  followedAuthorIds(): string[];
  /** Papers first seen since `firstSeenSince` that only listings or aggregators described. */
  papersNeedingDetails(afterSeq: number, limit: number, firstSeenSince: string): PaperNeedingDetails[];
}

/** Ids per `IN (…)` query, well under SQLite's bound-parameter limit. */
const PRESENT_CHUNK = 500;

// Sources that leave a paper without comments, affiliations or journal refs, and those that fill them.
const LISTING_SOURCES = ['arxiv-rss', 'huggingface', 'semantic-scholar', 'openalex'];
const DETAILED_SOURCES = ['arxiv-api', 'arxiv-oai', 'snapshot'];
// `sources` is a space-separated list: a source is one of its words (drizzle has no string concatenation: SQL).
const hasSource = (source: string): SQL => sql`(' ' || ${paperRows.sources} || ' ') LIKE ${`% ${source} %`}`;

export function createSqliteIngestStore(db: Db, papers: Synchronous<PaperRepository>): IngestStore {
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
            or(...LISTING_SOURCES.map(hasSource)),
            not(or(...DETAILED_SOURCES.map(hasSource))!),
          ),
        )
        .orderBy(paperRows.seq)
        .limit(limit)
        .all(),
  };
}
