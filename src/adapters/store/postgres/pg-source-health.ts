/**
 * Source health on PostgreSQL (issue 21): the queries of ingest/sqlite-source-health.ts over
 * pg-schema.ts, asynchronously; the words are the same (ingest/source-health-report.ts).
 */
import { and, desc, eq, gte, ne } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { IngestStatusReader } from '../../../core/paper-source.ts';
import type { SourceHealth } from '../../../core/subscriptions/subscription-ports.ts';
import { degradedNoticeOf, sourceStatusesOf } from '../../ingest/source-health-report.ts';
import type { PgDb } from './open-pg-store.ts';
import { ingestCursors, ingestRuns } from './pg-schema.ts';

export function createPgSourceHealth(db: PgDb): SourceHealth & IngestStatusReader {
  const later = alias(ingestRuns, 'later');
  // The id of the source's latest run (among those `where` admits), for each run's source.
  const latestOfSource = (where = eq(later.source, ingestRuns.source)) =>
    db.select({ id: later.id }).from(later).where(where).orderBy(desc(later.startedAt), desc(later.id)).limit(1);
  return {
    async sourceStatuses() {
      const [cursors, latest] = await Promise.all([db.select().from(ingestCursors), db.select().from(ingestRuns).where(eq(ingestRuns.id, latestOfSource()))]);
      return sourceStatusesOf(cursors, latest);
    },
    // The latest finished run of each source since a time: a source that recovered is healthy again.
    async degradedNotice(since) {
      const latest = await db
        .select({ source: ingestRuns.source, status: ingestRuns.status })
        .from(ingestRuns)
        .where(
          and(
            gte(ingestRuns.startedAt, since),
            ne(ingestRuns.status, 'running'),
            eq(ingestRuns.id, latestOfSource(and(eq(later.source, ingestRuns.source), gte(later.startedAt, since), ne(later.status, 'running')))),
          ),
        );
      return degradedNoticeOf(latest);
    },
  };
}
