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
