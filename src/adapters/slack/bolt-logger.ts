/**
 * Bolt, the Web API client and the Socket Mode client log through this adapter into paperboy's
 * logger, with anything shaped like a Slack token blanked out first.
 */
import { LogLevel, type Logger as BoltLogger } from '@slack/bolt';
import type { Config } from '../../config.ts';
import type { Logger } from '../../core/logger.ts';

const SLACK_TOKEN = /\b(xox[a-z]|xapp)-[A-Za-z0-9-]+/g;
/**
 * Secret-named values in the JSON and form bodies the Web API client logs at debug level: it
 * redacts keys containing "token" but logs oauth.v2.access's `client_secret` as is.
 */
const SECRET_JSON_VALUE = /("[A-Za-z_]*(?:secret|token|password)[A-Za-z_]*"\s*:\s*")[^"]*(")/gi;
const SECRET_FORM_VALUE = /\b([A-Za-z_]*(?:secret|token|password)[A-Za-z_]*=)[^&\s"]+/gi;
const SEVERITY: Record<LogLevel, number> = { [LogLevel.DEBUG]: 0, [LogLevel.INFO]: 1, [LogLevel.WARN]: 2, [LogLevel.ERROR]: 3 };

/** Replaces Slack tokens and secret-named values in a log line with a marker. */
export function redactSlackTokens(text: string): string {
  return text.replace(SLACK_TOKEN, '$1-[redacted]').replace(SECRET_JSON_VALUE, '$1[redacted]$2').replace(SECRET_FORM_VALUE, '$1[redacted]');
}

/** The Bolt level matching paperboy's LOG_LEVEL. */
export function boltLogLevel(level: Config['LOG_LEVEL']): LogLevel {
  if (level === 'trace' || level === 'debug') return LogLevel.DEBUG;
  if (level === 'info') return LogLevel.INFO;
  if (level === 'warn') return LogLevel.WARN;
  return LogLevel.ERROR;
}

function lineOf(parts: unknown[]): string {
  return redactSlackTokens(
    parts
      .map((p) => (p instanceof Error ? `${p.name}: ${p.message}` : typeof p === 'string' ? p : safeJson(p)))
      .join(' '),
  );
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/** A Bolt logger writing into `log`, dropping messages below `level`. */
export function createBoltLogger(log: Logger, level: LogLevel): BoltLogger {
  let current = level;
  let name = 'slack';
  const write = (at: LogLevel, parts: unknown[]) => {
    if (SEVERITY[at] < SEVERITY[current]) return;
    const entry = { component: name };
    const line = lineOf(parts);
    if (at === LogLevel.DEBUG) log.debug(entry, line);
    else if (at === LogLevel.INFO) log.info(entry, line);
    else if (at === LogLevel.WARN) log.warn(entry, line);
    else log.error(entry, line);
  };
  return {
    debug: (...parts: unknown[]) => write(LogLevel.DEBUG, parts),
    info: (...parts: unknown[]) => write(LogLevel.INFO, parts),
    warn: (...parts: unknown[]) => write(LogLevel.WARN, parts),
    error: (...parts: unknown[]) => write(LogLevel.ERROR, parts),
    setLevel: (next: LogLevel) => {
      current = next;
    },
    getLevel: () => current,
    setName: (next: string) => {
      name = next;
    },
  };
}
