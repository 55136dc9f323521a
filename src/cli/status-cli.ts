import type { App } from '../app.ts';
import { createSqliteSourceHealth } from '../adapters/ingest/sqlite-source-health.ts';
import { sourceStatusReply } from '../commands/definitions/status-command.ts';
import type { SourceStatus } from '../core/paper-source.ts';
import { renderReplyText } from '../core/render-text.ts';

/**
 * `paperboy status [--json]`: each source's last success, last run, counts and last error.
 * Exits 1 when a source's last run failed or was degraded, so a monitor can alert on it.
 */
export async function runStatusCli(app: App, args: { json: boolean }, out: (line: string) => void, _err: (line: string) => void): Promise<number> {
  const statuses = createSqliteSourceHealth(app.database.sqlite).sourceStatuses();
  if (args.json) out(JSON.stringify(statuses));
  else out(renderReplyText(sourceStatusReply(statuses.map(withoutRepeatedError), app.clock.now())));
  return statuses.some((s) => s.lastRun?.status === 'failed' || s.lastRun?.status === 'degraded') ? 1 : 0;
}

/**
 * A source's status as shown: a failed run's detail starts with the error that the "last error"
 * line already shows (run-ingest.ts records both), so the detail keeps only what follows it
 * ("2 pages stored before that …"), and each error is printed once.
 */
export function withoutRepeatedError(status: SourceStatus): SourceStatus {
  const run = status.lastRun;
  const error = status.lastError;
  if (!run?.detail || !error || run.status !== 'failed' || !run.detail.startsWith(error)) return status;
  const rest = run.detail.slice(error.length).replace(/^;\s*/, '');
  return { ...status, lastRun: { ...run, detail: rest === '' ? null : rest } };
}
