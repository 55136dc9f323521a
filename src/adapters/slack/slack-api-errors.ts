/**
 * Reading errors thrown by @slack/web-api without ever touching what they carry of the request
 * (the request holds the token).
 */
import { webApi } from '@slack/bolt';
import { redactSlackTokens } from './bolt-logger.ts';

/**
 * chat.postMessage errors that mean the bot can no longer post in that channel, so retrying is
 * pointless and the channel's digests pause (https://docs.slack.dev/reference/methods/chat.postMessage#errors).
 */
export const CHANNEL_GONE_ERRORS: ReadonlySet<string> = new Set([
  'not_in_channel',
  'channel_not_found',
  'is_archived',
  'account_inactive',
  'token_revoked',
  'invalid_auth',
]);

/** The Web API `error` string (`channel_not_found`) of a platform error, else null. */
export function slackErrorCode(error: unknown): string | null {
  if (error instanceof Error && (error as { code?: unknown }).code === webApi.ErrorCode.PlatformError) {
    const data = (error as { data?: { error?: unknown } }).data;
    return typeof data?.error === 'string' ? data.error : null;
  }
  return null;
}

/** A short, token-free description of a Web API failure for logs and stored reasons. */
export function describeSlackError(error: unknown): string {
  const code = slackErrorCode(error);
  if (code) return code;
  if (error instanceof Error && (error as { code?: unknown }).code === webApi.ErrorCode.RateLimitedError) {
    return `ratelimited (retry after ${(error as { retryAfter?: number }).retryAfter ?? '?'} s)`;
  }
  if (error instanceof Error) {
    const status = (error as { statusCode?: unknown }).statusCode;
    if (typeof status === 'number') return `http_${status}`;
    return redactSlackTokens(error.message).slice(0, 300);
  }
  return 'unknown_error';
}

/**
 * A Slack-side failure as the log keeps it under `err`: name, code, message and stack, and those
 * of the error it wraps, with Slack tokens, secret-named values and response_url paths blanked out.
 * What the error carries of its request or response (headers, bodies, the HTTP client's config with
 * the token in it) is left out; a plain object, so every logger keeps its fields.
 */
export interface LoggedSlackError {
  name: string;
  message: string;
  stack?: string;
  code?: string;
  /** The Web API `error` string of a platform error (`channel_not_found`). */
  slackError?: string;
  statusCode?: number;
  cause?: LoggedSlackError;
}

/** How many wrapped errors deep `slackErrorForLog` follows `original` / `cause`. */
const LOGGED_CAUSES_MAX = 3;
/** A response_url is a credential for 30 minutes: its path is blanked out (https://docs.slack.dev/interactivity/handling-user-interaction#message_responses). */
const RESPONSE_URL_PATH = /(hooks\.slack\.com\/)[^\s"'<>]+/g;

function redactForLog(text: string): string {
  return redactSlackTokens(text).replace(RESPONSE_URL_PATH, '$1[redacted]');
}

/** The `err` of a log line about a Slack handler failure (see LoggedSlackError). */
export function slackErrorForLog(error: unknown, depth = 0): LoggedSlackError {
  if (!(error instanceof Error)) return { name: typeof error, message: redactForLog(String(error)) };
  const fields = error as Error & { code?: unknown; statusCode?: unknown; original?: unknown; cause?: unknown };
  const logged: LoggedSlackError = { name: error.name, message: redactForLog(error.message) };
  if (error.stack !== undefined) logged.stack = redactForLog(error.stack);
  if (typeof fields.code === 'string') logged.code = fields.code;
  const slackError = slackErrorCode(error);
  if (slackError !== null) logged.slackError = slackError;
  if (typeof fields.statusCode === 'number') logged.statusCode = fields.statusCode;
  // Bolt and the Web API client wrap what failed underneath as `original`.
  const wrapped = fields.original ?? fields.cause;
  if (wrapped !== undefined && depth < LOGGED_CAUSES_MAX) logged.cause = slackErrorForLog(wrapped, depth + 1);
  return logged;
}
