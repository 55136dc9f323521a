/** What both engines' source health make of their rows: each source's status, and the digest's heads-up line. */
import { commandLine } from '../../core/command-name.ts';
import { sourceKindOf, sourceLabel, sourceScopeOf, type IngestRunRecord, type SourceStatus } from '../../core/paper-source.ts';

/** An `ingest_runs` row, as either engine's drizzle reads it: a run record and more columns. */
export type IngestRunRow = IngestRunRecord;

export function runFromRow(row: IngestRunRow): IngestRunRecord {
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

/**
 * The heads-up for the latest finished run of each source since the last digest: null when none
 * of them was degraded or failed (a source that recovered is healthy again).
 */
export function degradedNoticeOf(latestRuns: ReadonlyArray<{ source: string; status: string }>): string | null {
  const troubled = latestRuns.filter((row) => row.status === 'degraded' || row.status === 'failed');
  if (troubled.length === 0) return null;
  const subject = joinNames(labelsByKind(troubled.map((row) => row.source)));
  const verb = troubled.length === 1 ? 'was' : 'were';
  return `Heads-up: ${subject} ${verb} degraded since the last digest, so some papers may be missing. ${commandLine('status')} has the details.`;
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

/** Where each source stands, from its cursor row and its latest run, sorted by source. */
export function sourceStatusesOf(
  cursors: ReadonlyArray<{ source: string; cursor: string | null; lastSuccessAt: string | null; lastErrorAt: string | null; lastError: string | null }>,
  latestRuns: ReadonlyArray<IngestRunRow & { source: string }>,
): SourceStatus[] {
  const byName = new Map<string, SourceStatus>();
  const entry = (source: string) => {
    let status = byName.get(source);
    if (!status) {
      status = { source, cursor: null, lastSuccessAt: null, lastErrorAt: null, lastError: null, lastRun: null };
      byName.set(source, status);
    }
    return status;
  };
  for (const row of cursors) {
    Object.assign(entry(row.source), { cursor: row.cursor, lastSuccessAt: row.lastSuccessAt, lastErrorAt: row.lastErrorAt, lastError: row.lastError });
  }
  for (const row of latestRuns) entry(row.source).lastRun = runFromRow(row);
  return [...byName.values()].sort((a, b) => a.source.localeCompare(b.source));
}
