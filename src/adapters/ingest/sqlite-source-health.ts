import type Database from 'better-sqlite3';
import { sourceKindOf, sourceLabel, sourceScopeOf, type IngestRunRecord, type IngestStatusReader, type SourceStatus } from '../../core/paper-source.ts';
import type { SourceHealth } from '../../core/subscriptions/subscription-ports.ts';

interface RunRow {
  source: string;
  status: IngestRunRecord['status'];
  started_at: string;
  finished_at: string | null;
  fetched: number;
  stored: number;
  announced: number | null;
  detail: string | null;
}

interface CursorRow {
  source: string;
  cursor: string | null;
  last_success_at: string | null;
  last_error_at: string | null;
  last_error: string | null;
}

const RUN_COLUMNS = 'source, status, started_at, finished_at, fetched, stored, announced, detail';

/**
 * Source health over `ingest_runs` and `ingest_cursors`: where each source stands, and the one
 * line a digest shows when a source's latest run since the last digest was degraded or failed.
 */
export function createSqliteSourceHealth(sqlite: Database.Database): SourceHealth & IngestStatusReader {
  const cursors = sqlite.prepare<[], CursorRow>('SELECT source, cursor, last_success_at, last_error_at, last_error FROM ingest_cursors');
  const latestRuns = sqlite.prepare<[], RunRow>(
    `SELECT ${RUN_COLUMNS} FROM ingest_runs r
     WHERE r.id = (SELECT r2.id FROM ingest_runs r2 WHERE r2.source = r.source ORDER BY r2.started_at DESC, r2.id DESC LIMIT 1)`,
  );
  // The latest finished run of each source since a time: a source that recovered is healthy again.
  const latestFinishedSince = sqlite.prepare<[string, string], RunRow>(
    `SELECT ${RUN_COLUMNS} FROM ingest_runs r
     WHERE r.started_at >= ? AND r.status != 'running'
       AND r.id = (SELECT r2.id FROM ingest_runs r2 WHERE r2.source = r.source AND r2.started_at >= ? AND r2.status != 'running'
                   ORDER BY r2.started_at DESC, r2.id DESC LIMIT 1)`,
  );

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
      for (const row of cursors.all()) {
        Object.assign(entry(row.source), {
          cursor: row.cursor,
          lastSuccessAt: row.last_success_at,
          lastErrorAt: row.last_error_at,
          lastError: row.last_error,
        });
      }
      for (const row of latestRuns.all()) entry(row.source).lastRun = runFromRow(row);
      return [...byName.values()].sort((a, b) => a.source.localeCompare(b.source));
    },

    degradedNotice(since: string): string | null {
      const troubled = latestFinishedSince.all(since, since).filter((row) => row.status === 'degraded' || row.status === 'failed');
      if (troubled.length === 0) return null;
      const subject = joinNames(labelsByKind(troubled.map((row) => row.source)));
      const verb = troubled.length === 1 ? 'was' : 'were';
      return `Heads-up: ${subject} ${verb} degraded since the last digest, so some papers may be missing. /papers status has the details.`;
    },
  };
}

function runFromRow(row: RunRow): IngestRunRecord {
  return {
    status: row.status,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
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
