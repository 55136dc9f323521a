import { and, desc, eq, gte, ne } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import { commandLine } from '../../core/command-name.ts';
import { sourceKindOf, sourceLabel, sourceScopeOf, type IngestRunRecord, type IngestStatusReader, type SourceStatus } from '../../core/paper-source.ts';
import type { SourceHealth } from '../../core/subscriptions/subscription-ports.ts';
import type { Db } from '../store/open-database.ts';
import { ingestCursors, ingestRuns } from '../store/schema.ts';

type RunRow = typeof ingestRuns.$inferSelect;

/**
 * Source health over `ingest_runs` and `ingest_cursors`: where each source stands, and the one
 * line a digest shows when a source's latest run since the last digest was degraded or failed.
 */
export function createSqliteSourceHealth(db: Db): SourceHealth & IngestStatusReader {
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
    sourceStatuses(): SourceStatus[] {
      const byName = new Map<string, SourceStatus>();
      const entry = (source: string): SourceStatus => {
        let status = byName.get(source);
        if (!status) {
          status = { source, cursor: null, lastSuccessAt: null, lastErrorAt: null, lastError: null, lastRun: null };
          byName.set(source, status);
        }
        return status;
      };
      for (const row of db.select().from(ingestCursors).all()) {
        Object.assign(entry(row.source), {
          cursor: row.cursor,
          lastSuccessAt: row.lastSuccessAt,
          lastErrorAt: row.lastErrorAt,
          lastError: row.lastError,
        });
      }
      for (const row of latestRuns.all()) entry(row.source).lastRun = runFromRow(row);
      return [...byName.values()].sort((a, b) => a.source.localeCompare(b.source));
    },

    degradedNotice(since: string): string | null {
      const troubled = latestFinishedSince(since).filter((row) => row.status === 'degraded' || row.status === 'failed');
      if (troubled.length === 0) return null;
      const subject = joinNames(labelsByKind(troubled.map((row) => row.source)));
      const verb = troubled.length === 1 ? 'was' : 'were';
      return `Heads-up: ${subject} ${verb} degraded since the last digest, so some papers may be missing. ${commandLine('status')} has the details.`;
    },
  };
}

function runFromRow(row: RunRow): IngestRunRecord {
  return {
    status: row.status,
    startedAt: row.startedAt,
    finishedAt: row.finishedAt,
    fetched: row.fetched,
    stored: row.stored,
    announced: row.announced,
    detail: row.detail,
  };
}

// "arXiv listings (cs.IR, cs.LG)", "Hugging Face": one label per source family, scopes together.
function labelsByKind(sources: string[]): string[] {
  const scopes = new Map<string, string[]>();
  for (const source of [...sources].sort()) {
    const kind = sourceKindOf(source);
    const list = scopes.get(kind) ?? [];
    const scope = sourceScopeOf(source);
    if (scope !== null) list.push(scope);
    scopes.set(kind, list);
  }
  return [...scopes].map(([kind, list]) => (list.length > 0 ? sourceLabel(`${kind}:${list.join(', ')}`) : sourceLabel(kind)));
}

function joinNames(names: string[]): string {
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}
