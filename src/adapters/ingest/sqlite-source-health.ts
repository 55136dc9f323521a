import { and, desc, eq, gte, ne } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import type { Synchronous } from '../../core/awaitable.ts';
import type { IngestStatusReader } from '../../core/paper-source.ts';
import type { SourceHealth } from '../../core/subscriptions/subscription-ports.ts';
import type { Db } from '../store/open-database.ts';
import { ingestCursors, ingestRuns } from '../store/schema.ts';
import { degradedNoticeOf, sourceStatusesOf } from './source-health-report.ts';

/**
 * Source health over `ingest_runs` and `ingest_cursors`: where each source stands, and the one
 * line a digest shows when a source's latest run since the last digest was degraded or failed.
 */
export function createSqliteSourceHealth(db: Db): Synchronous<SourceHealth & IngestStatusReader> {
  const later = alias(ingestRuns, 'later');
  // The id of the source's latest run (among those `where` admits), for each run's source.
  const latestOfSource = (where = eq(later.source, ingestRuns.source)) =>
    db.select({ id: later.id }).from(later).where(where).orderBy(desc(later.startedAt), desc(later.id)).limit(1);
  const latestRuns = db.select().from(ingestRuns).where(eq(ingestRuns.id, latestOfSource()));
  // The latest finished run of each source since a time: a source that recovered is healthy again.
  const latestFinishedSince = (since: string) =>
    db
      .select()
      .from(ingestRuns)
      .where(
        and(
          gte(ingestRuns.startedAt, since),
          ne(ingestRuns.status, 'running'),
          eq(ingestRuns.id, latestOfSource(and(eq(later.source, ingestRuns.source), gte(later.startedAt, since), ne(later.status, 'running')))),
        ),
      )
      .all();

  return {
    sourceStatuses: () => sourceStatusesOf(db.select().from(ingestCursors).all(), latestRuns.all()),
    degradedNotice: (since) => degradedNoticeOf(latestFinishedSince(since)),
  };
}
