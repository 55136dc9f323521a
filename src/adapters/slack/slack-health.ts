/**
 * `GET /healthz` of the Slack side: the database and the Slack connection reported separately,
 * 503 when either is down, so a probe restarting the process or paging someone names the part
 * that failed.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { StoreHealth } from '../../commands/chat-host.ts';
import type { SlackMode } from './slack-mode.ts';

/** The database part of the health report. */
export type DatabaseHealth = StoreHealth;

/** The host's store probe (ChatHost.checkStore). */
export type StoreProbe = () => StoreHealth;

/** Whether the database answers. Never throws, even when the probe does. */
export function databaseHealth(checkStore: StoreProbe): DatabaseHealth {
  try {
    const result = checkStore();
    return result.ok ? { ok: true } : { ok: false, problem: result.problem };
  } catch {
    return { ok: false, problem: 'unavailable' };
  }
}

export interface SlackHealth {
  ok: boolean;
  database: DatabaseHealth;
  slack: { mode: SlackMode['transport']; auth: SlackMode['auth']; connected: boolean };
}

/**
 * The health report. `connected` is the Socket Mode connection's state; over HTTP, Slack calls
 * paperboy, so the server answering this request is the connection.
 */
export function slackHealth(checkStore: StoreProbe, mode: SlackMode, connected: () => boolean): SlackHealth {
  const database = databaseHealth(checkStore);
  const slack = { mode: mode.transport, auth: mode.auth, connected: mode.transport === 'http' ? true : connected() };
  return { ok: database.ok && slack.connected, database, slack };
}

/** The `/healthz` request handler. */
export function healthHandler(checkStore: StoreProbe, mode: SlackMode, connected: () => boolean) {
  return (_req: IncomingMessage, res: ServerResponse): void => {
    const report = slackHealth(checkStore, mode, connected);
    res.writeHead(report.ok ? 200 : 503, { 'content-type': 'application/json', 'cache-control': 'no-store' });
    res.end(JSON.stringify(report));
  };
}
