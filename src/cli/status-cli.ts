import type { App } from '../app.ts';
import { createSqliteSourceHealth } from '../adapters/ingest/sqlite-source-health.ts';
import { sourceStatusReply } from '../commands/definitions/status-command.ts';
import { renderReplyText } from '../core/render-text.ts';

/**
 * `paperboy status [--json]`: each source's last success, last run, counts and last error.
 * Exits 1 when a source's last run failed or was degraded, so a monitor can alert on it.
 */
export async function runStatusCli(app: App, args: { json: boolean }, out: (line: string) => void, _err: (line: string) => void): Promise<number> {
  const statuses = createSqliteSourceHealth(app.database.sqlite).sourceStatuses();
  if (args.json) out(JSON.stringify(statuses));
  else out(renderReplyText(sourceStatusReply(statuses, app.clock.now())));
  return statuses.some((s) => s.lastRun?.status === 'failed' || s.lastRun?.status === 'degraded') ? 1 : 0;
}
