/**
 * What ingestion needs from the store, on either engine (issue 21): the bookkeeping of runs and
 * cursors, the request bookings, source health, the categories subscriptions ask for, the claim of
 * a scheduled firing, the lock that keeps two runs apart, and what the author linker writes.
 * SQLite answers on the spot (createSqliteIngestPorts), PostgreSQL with promises
 * (postgres/pg-ingest-ports.ts createPgIngestPorts); the runner awaits every answer.
 */
import type { Awaitable, Synchronous } from '../../core/awaitable.ts';
import type { IngestRunStatus, IngestStatusReader, PaperAuthorId, SourcePage } from '../../core/paper-source.ts';
import type { PaperRepository, UpsertSummary } from '../../core/ports.ts';
import type { SourceHealth } from '../../core/subscriptions/subscription-ports.ts';
import type { PaperNeedingDetails } from '../sources/arxiv-api-source.ts';
import type { RequestSpacing } from '../sources/request-spacing.ts';
import type { Db } from '../store/open-database.ts';
import { createSqliteRequestSpacing } from '../store/sqlite-request-spacing.ts';
import { sqliteIngestCategories } from './ingest-categories.ts';
import { createSqliteAuthorLinks } from './sqlite-author-links.ts';
import { createSqliteIngestStore } from './sqlite-ingest-store.ts';
import { createSqliteRunLock, sqliteClaimScheduledRun, sqliteLockHolder, sqliteFinishScheduledRun, sqliteLatestScheduledRun } from './sqlite-ingest-claims.ts';
import { createSqliteSourceHealth } from './sqlite-source-health.ts';

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
  readCursor(source: string): Awaitable<string | null>;
  /**
   * Stores a page's papers and then advances the source's cursor: the cursor never passes a paper
   * that is not stored. (SQLite does both in one transaction; see each implementation.)
   */
  storePage(source: string, page: SourcePage, seenAt: string): Awaitable<UpsertSummary>;
  startRun(source: string, startedAt: string): Awaitable<number>;
  finishRun(runId: number, run: FinishedRun): Awaitable<void>;
  /** Changes a finished run's verdict (a day that turned out to be a holiday). */
  reviseRun(runId: number, status: FinishedRun['status'], detail: string | null): Awaitable<void>;
  /** Marks runs of this source left `running` by a process that died as failed; returns how many. */
  failInterruptedRuns(source: string, at: string): Awaitable<number>;
  recordSuccess(source: string, at: string): Awaitable<void>;
  recordError(source: string, at: string, message: string): Awaitable<void>;
  /** How many of these ids the store holds. */
  countPresent(ids: readonly string[]): Awaitable<number>;
  /** The external ids channels follow authors by, each once. */
  followedAuthorIds(): Awaitable<string[]>;
  /** Papers first seen since `firstSeenSince` that only listings or aggregators described. */
  papersNeedingDetails(afterSeq: number, limit: number, firstSeenSince: string): Awaitable<PaperNeedingDetails[]>;
}

/** The author-row field an external author id is kept in. */
export type AuthorIdColumn = 'semanticScholarId' | 'openalexId' | 'orcid';

/** An author row as the linker reads it: its id, its display name and its external ids. */
export interface LinkedAuthorRow {
  id: number;
  name: string;
  semanticScholarId: string | null;
  openalexId: string | null;
  orcid: string | null;
}

/** What the author linker (author-linker.ts) reads and writes in the store. */
export interface AuthorLinkStore {
  /** The author row at this place of this paper's author list. */
  authorAt(paperId: string, position: number): Awaitable<LinkedAuthorRow | undefined>;
  /**
   * Sets the external id on the author row when the row has none of that kind yet, and says
   * whether it did: a row another process linked meanwhile keeps its id.
   */
  setIdWhereUnset(column: AuthorIdColumn, value: string, authorId: number): Awaitable<boolean>;
  /** How many author rows carry this id. */
  carriers(column: AuthorIdColumn, value: string): Awaitable<number>;
  /** Keeps per-paper author ids for papers the store holds (`paper_author_ids`); returns how many were new. */
  recordPaperAuthorIds(ids: readonly PaperAuthorId[]): Awaitable<number>;
  /** How many stored papers a source names this id an author of. */
  paperCount(externalId: string): Awaitable<number>;
}

/** A firing of the ingest schedule as claimed (`ingest_schedule_claims`). */
export interface ScheduledRunClaim {
  /** The firing's minute, ISO 8601 UTC (`2026-12-04T06:30Z`). */
  firing: string;
  holder: string;
  claimedAt: string;
  /** When its run ended; null while it runs, or when the process running it stopped first. */
  finishedAt: string | null;
}

/** A held ingest lock: no other process runs ingestion on this store until it is released. */
export interface IngestRunLock {
  release(): Awaitable<void>;
}

export interface IngestPorts {
  store: IngestStore;
  /** Where every source client books its request starts: shared by every process on the store. */
  spacing: RequestSpacing;
  health: SourceHealth & IngestStatusReader;
  /** The categories to ingest: `configured` (INGEST_CATEGORIES) and every category a subscription filters on. */
  categories(configured: readonly string[]): Awaitable<string[]>;
  /**
   * Claims one firing of the ingest schedule (its ISO minute, e.g. `2026-12-04T06:30Z`) for
   * `holder`: true for exactly one caller across every process on the store.
   */
  claimScheduledRun(firing: string, holder: string, claimedAt: string): Awaitable<boolean>;
  /** The latest firing any process claimed (the latest minute), finished or not; null before the first. */
  latestScheduledRun(): Awaitable<ScheduledRunClaim | null>;
  /** Records that a claimed firing's run ended (whatever its sources' verdicts). */
  finishScheduledRun(firing: string, finishedAt: string): Awaitable<void>;
  /**
   * Takes the store's ingest lock when no other run (of any process) holds it; null when one does.
   * A holder that dies releases it: PostgreSQL's advisory lock ends with its session, SQLite's
   * lock row counts as free once its process is gone (sqlite-ingest-claims.ts).
   */
  lockRun(): Awaitable<IngestRunLock | null>;
  authorLinks: AuthorLinkStore;
}

/** The ingest ports over the embedded SQLite store. */
export function createSqliteIngestPorts(db: Db, papers: Synchronous<PaperRepository>): IngestPorts {
  return {
    store: createSqliteIngestStore(db, papers),
    spacing: createSqliteRequestSpacing(db.$client),
    health: createSqliteSourceHealth(db),
    categories: (configured) => sqliteIngestCategories(db, configured),
    claimScheduledRun: (firing, holder, claimedAt) => sqliteClaimScheduledRun(db, firing, holder, claimedAt),
    latestScheduledRun: () => sqliteLatestScheduledRun(db),
    finishScheduledRun: (firing, finishedAt) => sqliteFinishScheduledRun(db, firing, finishedAt),
    lockRun: createSqliteRunLock(db, sqliteLockHolder()),
    authorLinks: createSqliteAuthorLinks(db),
  };
}
