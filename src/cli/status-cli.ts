import type { App } from '../app.ts';
import { renderConsoleReply } from '../adapters/console/render-console.ts';
import { sourceStatusReply } from '../commands/definitions/status-command.ts';

/**
 * `paperboy status [--json]`: each source's last success, last run, counts and last error, as
 * `/papers status` shows them (the same reply, through the console renderer).
 * Exits 1 when a source's last run failed or was degraded, so a monitor can alert on it.
 */
export async function runStatusCli(app: App, args: { json: boolean }, out: (line: string) => void, _err: (line: string) => void): Promise<number> {
  const statuses = await app.services.sourceStatus.sourceStatuses();
  if (args.json) out(JSON.stringify(statuses));
  else out(renderConsoleReply(sourceStatusReply(statuses, app.clock.now()), process.stdout.isTTY === true));
  return statuses.some((s) => s.lastRun?.status === 'failed' || s.lastRun?.status === 'degraded') ? 1 : 0;
}
