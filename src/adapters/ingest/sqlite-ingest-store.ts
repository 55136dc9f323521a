import type Database from 'better-sqlite3';
import { authorNameKey } from '../../core/author-name.ts';
import type { IngestRunStatus, SourcePage } from '../../core/paper-source.ts';
import type { PaperRepository, UpsertSummary } from '../../core/ports.ts';
import type { PaperNeedingDetails } from '../sources/arxiv-api-source.ts';

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
  /** Papers first seen since `firstSeenSince` that only listings or aggregators described. */
  papersNeedingDetails(afterSeq: number, limit: number, firstSeenSince: string): PaperNeedingDetails[];
}

/** Ids per `IN (…)` query, well under SQLite's bound-parameter limit. */
const PRESENT_CHUNK = 500;

// Sources that leave a paper without comments, affiliations or journal refs, and those that fill them.
const LISTING_SOURCES = ['arxiv-rss', 'huggingface', 'semantic-scholar', 'openalex'];
const DETAILED_SOURCES = ['arxiv-api', 'arxiv-oai', 'snapshot'];
const hasSource = (source: string) => `(' ' || sources || ' ') LIKE '% ${source} %'`;

export function createSqliteIngestStore(sqlite: Database.Database, papers: PaperRepository): IngestStore {
  const selectCursor = sqlite.prepare<[string], { cursor: string | null }>('SELECT cursor FROM ingest_cursors WHERE source = ?');
  const saveCursor = sqlite.prepare<[string, string | null, string]>(
    `INSERT INTO ingest_cursors (source, cursor, updated_at) VALUES (?, ?, ?)
     ON CONFLICT (source) DO UPDATE SET cursor = excluded.cursor, updated_at = excluded.updated_at`,
  );
  const saveSuccess = sqlite.prepare<[string, string, string]>(
    `INSERT INTO ingest_cursors (source, last_success_at, updated_at) VALUES (?, ?, ?)
     ON CONFLICT (source) DO UPDATE SET last_success_at = excluded.last_success_at, updated_at = excluded.updated_at`,
  );
  const saveError = sqlite.prepare<[string, string, string, string]>(
    `INSERT INTO ingest_cursors (source, last_error_at, last_error, updated_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (source) DO UPDATE SET last_error_at = excluded.last_error_at, last_error = excluded.last_error,
       updated_at = excluded.updated_at`,
  );
  const fillAffiliation = sqlite.prepare<[string, string]>('UPDATE authors SET affiliation = ? WHERE name_key = ? AND affiliation IS NULL');
  const insertRun = sqlite.prepare<[string, string], { id: number }>(
    "INSERT INTO ingest_runs (source, started_at, status) VALUES (?, ?, 'running') RETURNING id",
  );
  const updateRun = sqlite.prepare(
    `UPDATE ingest_runs SET status = @status, finished_at = @finishedAt, fetched = @fetched, stored = @stored,
       announced = @announced, detail = @detail WHERE id = @id`,
  );
  const updateVerdict = sqlite.prepare<[string, string | null, number]>('UPDATE ingest_runs SET status = ?, detail = ? WHERE id = ?');
  const failRunning = sqlite.prepare<[string, string]>(
    `UPDATE ingest_runs SET status = 'failed', finished_at = ?, detail = 'interrupted before it finished (the process stopped)'
     WHERE source = ? AND status = 'running'`,
  );
  const needingDetails = sqlite.prepare<[number, string, number], PaperNeedingDetails>(
    `SELECT seq, id FROM papers
     WHERE seq > ? AND first_seen_at >= ? AND id NOT LIKE '%:%'
       AND (${LISTING_SOURCES.map(hasSource).join(' OR ')})
       AND NOT (${DETAILED_SOURCES.map(hasSource).join(' OR ')})
     ORDER BY seq LIMIT ?`,
  );

  const storePage = sqlite.transaction((source: string, page: SourcePage, seenAt: string): UpsertSummary => {
    // upsertPapers runs its own transaction, which nests here as a savepoint: all or nothing.
    const summary = papers.upsertPapers(page.papers, seenAt);
    for (const { author, affiliation } of page.affiliations ?? []) fillAffiliation.run(affiliation, authorNameKey(author));
    saveCursor.run(source, page.cursor, seenAt);
    return summary;
  });

  return {
    readCursor: (source) => selectCursor.get(source)?.cursor ?? null,
    storePage: (source, page, seenAt) => storePage(source, page, seenAt),
    startRun: (source, startedAt) => insertRun.get(source, startedAt)!.id,
    finishRun(runId, run) {
      updateRun.run({ id: runId, ...run });
    },
    reviseRun(runId, status, detail) {
      updateVerdict.run(status, detail, runId);
    },
    failInterruptedRuns: (source, at) => failRunning.run(at, source).changes,
    recordSuccess(source, at) {
      saveSuccess.run(source, at, at);
    },
    recordError(source, at, message) {
      saveError.run(source, at, message, at);
    },
    countPresent(ids) {
      const distinct = [...new Set(ids)];
      let present = 0;
      for (let i = 0; i < distinct.length; i += PRESENT_CHUNK) {
        const chunk = distinct.slice(i, i + PRESENT_CHUNK);
        const row = sqlite
          .prepare(`SELECT count(*) AS n FROM papers WHERE id IN (${chunk.map(() => '?').join(', ')})`)
          .get(...chunk) as { n: number };
        present += row.n;
      }
      return present;
    },
    papersNeedingDetails: (afterSeq, limit, firstSeenSince) => needingDetails.all(afterSeq, firstSeenSince, limit),
  };
}
