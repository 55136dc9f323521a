import type { Logger as BoltLogger, webApi } from '@slack/bolt';
import type { SlackConfig } from './slack-mode.ts';

/**
 * Retries of one Web API call. On a 429 the client first waits `Retry-After` and pauses its whole
 * queue, then p-retry adds this backoff; the default policy (10 retries over ~30 minutes) would
 * hold a digest run or a button click far too long
 * (https://docs.slack.dev/tools/node-slack-sdk/web-api#rate-limits).
 */
export const SLACK_RETRY_POLICY: webApi.RetryOptions = { retries: 4, factor: 2, minTimeout: 250, maxTimeout: 10_000, randomize: true };

/**
 * Retries of apps.connections.open when Socket Mode connects or reconnects: none, because
 * socket-mode-connection.ts retries every failed connection itself, for as long as an outage lasts,
 * with backoff (the client's own default, 100 retries, would stack a second backoff under it).
 */
export const SOCKET_MODE_CONNECT_RETRY_POLICY: webApi.RetryOptions = { retries: 0 };

/** Milliseconds before one Web API request is abandoned (and retried by the policy above). */
export const SLACK_REQUEST_TIMEOUT_MS = 15_000;

/**
 * Web API client options: the configured base URL (tests and proxies set SLACK_API_URL) and the
 * retry policy. A fresh object each time, because Bolt and the Socket Mode client mutate theirs.
 */
export function slackClientOptions(config: Pick<SlackConfig, 'SLACK_API_URL'>, logger: BoltLogger): webApi.WebClientOptions {
  return {
    slackApiUrl: config.SLACK_API_URL,
    retryConfig: { ...SLACK_RETRY_POLICY },
    timeout: SLACK_REQUEST_TIMEOUT_MS,
    logger,
    logLevel: logger.getLevel(),
  };
}
