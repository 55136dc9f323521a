/**
 * `GET /healthz` of the Slack side: the database and the Slack connection reported separately,
 * 503 when either is down, so a probe restarting the process or paging someone names the part
 * that failed.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type Database from 'better-sqlite3';
import type { SlackMode } from './slack-mode.ts';

/** The database part of the health report. */
export type DatabaseHealth = { ok: true } | { ok: false; problem: string };

/** What a store's own check answers (OpenDatabase.check, where the store has one). */
type DatabaseCheck = { ok: true } | { ok: false; problem: string; message?: string };

/** The part of the app's open database the health check reads. */
export interface CheckableDatabase {
  sqlite: Database.Database;
  check?: () => DatabaseCheck;
}

/**
 * Whether the database answers: the store's own `check()` when it has one, else a `SELECT 1`.
 * Never throws. The problem is a short code; the details stay in the store's log.
 */
export function databaseHealth(app: { database: CheckableDatabase }): DatabaseHealth {
  const { database } = app;
  try {
    if (typeof database.check === 'function') {
      const result = database.check();
      return result.ok ? { ok: true } : { ok: false, problem: result.problem };
    }
    if (!database.sqlite.open) return { ok: false, problem: 'closed' };
    database.sqlite.prepare('SELECT 1').get();
    return { ok: true };
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
export function slackHealth(app: { database: CheckableDatabase }, mode: SlackMode, connected: () => boolean): SlackHealth {
  const database = databaseHealth(app);
  const slack = { mode: mode.transport, auth: mode.auth, connected: mode.transport === 'http' ? true : connected() };
  return { ok: database.ok && slack.connected, database, slack };
}

/** The `/healthz` request handler. */
export function healthHandler(app: { database: CheckableDatabase }, mode: SlackMode, connected: () => boolean) {
  return (_req: IncomingMessage, res: ServerResponse): void => {
    const report = slackHealth(app, mode, connected);
    res.writeHead(report.ok ? 200 : 503, { 'content-type': 'application/json', 'cache-control': 'no-store' });
    res.end(JSON.stringify(report));
  };
}
