/**
 * Keeps paperboy's Socket Mode connection up. The Socket Mode client's own reconnection waits
 * `clientPingTimeout` × the failures since apps.connections.open last succeeded, which that call
 * resets on every attempt: a socket that keeps dropping is retried every 5 s for ever, in step
 * with every other paperboy. So the client runs with `autoReconnectEnabled: false` and this loop
 * reconnects with exponential backoff and jitter, tells a rejected app token (fatal: nothing will
 * fix it but a new token) from an outage (retried for as long as it lasts), and knows whether
 * the socket is up right now, for /healthz.
 */
import { webApi, type SocketModeReceiver } from '@slack/bolt';
import type { Logger } from '../../core/logger.ts';
import { describeSlackError, slackErrorCode } from './slack-api-errors.ts';
import { SlackConfigError } from './slack-mode.ts';

type SocketModeClient = SocketModeReceiver['client'];

/** Delays between connection attempts: 1 s doubling to at most 5 min. */
export const SOCKET_MODE_RECONNECT_BACKOFF = { firstDelayMs: 1_000, factor: 2, maxDelayMs: 5 * 60_000 } as const;

/** A connection that stayed up this long was healthy: the next drop starts the backoff over. */
export const SOCKET_MODE_STABLE_CONNECTION_MS = 60_000;

/**
 * apps.connections.open errors that mean the app token itself is refused; retrying cannot help
 * (https://docs.slack.dev/reference/methods/apps.connections.open#errors). `not_allowed_token_type`
 * is a bot or user token where the app-level token belongs; `missing_scope` an app-level token
 * without connections:write.
 */
export const REJECTED_APP_TOKEN_ERRORS: ReadonlySet<string> = new Set([
  'not_authed',
  'invalid_auth',
  'account_inactive',
  'token_revoked',
  'token_expired',
  'not_allowed_token_type',
  'missing_scope',
  'missing_args',
  'no_permission',
  'team_disabled',
  'user_removed_from_team',
  'forbidden_team',
]);

/**
 * Milliseconds to wait before retry number `failures` (0 for the first): exponential, capped,
 * with "equal jitter" (half the step fixed, half random), so paperboys that lost Slack together
 * do not all come back in the same second, and none retries at once
 * (https://aws.amazon.com/blogs/architecture/exponential-backoff-and-jitter/).
 */
export function socketModeReconnectDelayMs(failures: number, random: () => number = Math.random): number {
  const { firstDelayMs, factor, maxDelayMs } = SOCKET_MODE_RECONNECT_BACKOFF;
  const step = Math.min(maxDelayMs, firstDelayMs * factor ** Math.max(0, failures));
  return Math.round(step / 2 + (random() * step) / 2);
}

/** The error paperboy stops with when Slack refuses SLACK_APP_TOKEN; the message says how to fix it. */
export function rejectedAppTokenError(code: string): SlackConfigError {
  return new SlackConfigError(
    `Slack rejected SLACK_APP_TOKEN (${code}). Socket Mode needs an app-level token (xapp-…) with the connections:write scope: ` +
      'create one under Basic Information → App-Level Tokens in the app’s settings at https://api.slack.com/apps, or unset SLACK_APP_TOKEN to use HTTP mode.',
  );
}

export interface SocketModeConnection {
  /**
   * Connects, retrying failures other than a refused token with backoff. Resolves once connected
   * (or stopped); rejects with a SlackConfigError when Slack refuses the app token.
   */
  start(): Promise<void>;
  /** Whether the socket is connected right now. */
  connected(): boolean;
  /** Settles when a reconnection finds the app token refused: Socket Mode is over for good. */
  failed: Promise<SlackConfigError>;
  /** Disconnects and stops reconnecting. */
  stop(): Promise<void>;
}

export interface SocketModeConnectionOptions {
  log: Logger;
  /** Math.random by default; tests fix it. */
  random?: () => number;
  /** Waits `ms` or until `signal` aborts; tests record the delays instead of waiting. */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  /** Date.now by default. */
  now?: () => number;
}

function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}

/** A Web API rate limit on apps.connections.open: wait at least its Retry-After. */
function retryAfterMs(error: unknown): number {
  if (error instanceof Error && (error as { code?: unknown }).code === webApi.ErrorCode.RateLimitedError) {
    const seconds = (error as { retryAfter?: unknown }).retryAfter;
    if (typeof seconds === 'number') return seconds * 1000;
  }
  return 0;
}

/**
 * Supervises `client`, which must have been created with `autoReconnectEnabled: false` (it then
 * reports a lost socket as `disconnected` and leaves reconnecting to this loop).
 */
export function createSocketModeConnection(client: SocketModeClient, options: SocketModeConnectionOptions): SocketModeConnection {
  const { log } = options;
  const random = options.random ?? Math.random;
  const sleep = options.sleep ?? abortableSleep;
  const now = options.now ?? Date.now;
  const stopping = new AbortController();
  let isConnected = false;
  let connectedAt: number | null = null;
  let failures = 0;
  let reconnecting: Promise<void> | null = null;
  let reportFailure: (error: SlackConfigError) => void = () => {};
  const failed = new Promise<SlackConfigError>((resolve) => (reportFailure = resolve));

  /** Tries until connected; throws SlackConfigError when the token is refused. */
  const connect = async (): Promise<void> => {
    while (!stopping.signal.aborted) {
      try {
        await client.start();
        // stop() during apps.connections.open does not stop the connection that call opens.
        if (stopping.signal.aborted) await client.disconnect();
        return;
      } catch (error) {
        if (stopping.signal.aborted) return;
        const code = slackErrorCode(error);
        if (code !== null && REJECTED_APP_TOKEN_ERRORS.has(code)) throw rejectedAppTokenError(code);
        const delayMs = Math.max(socketModeReconnectDelayMs(failures, random), retryAfterMs(error));
        failures += 1;
        log.warn({ failures, delayMs, reason: describeSlackError(error) }, 'slack socket mode connection failed; retrying');
        await sleep(delayMs, stopping.signal);
      }
    }
  };

  const reconnect = async (): Promise<void> => {
    try {
      // A drop right after connecting counts as a failure, so a flapping socket backs off too.
      const delayMs = socketModeReconnectDelayMs(failures, random);
      failures += 1;
      log.warn({ failures, delayMs }, 'slack socket mode connection lost; reconnecting');
      await sleep(delayMs, stopping.signal);
      await connect();
    } catch (error) {
      // connect() throws only for a refused token; anything else is reported the same way rather than lost.
      const failure = error instanceof SlackConfigError ? error : new SlackConfigError(`Slack Socket Mode stopped: ${describeSlackError(error)}.`);
      log.error({ reason: failure.message }, 'slack socket mode cannot reconnect');
      reportFailure(failure);
    } finally {
      reconnecting = null;
    }
  };

  client.on('connected', () => {
    isConnected = true;
    connectedAt = now();
    log.info({}, 'slack socket mode connected');
  });
  client.on('disconnected', () => {
    const wasConnected = isConnected;
    isConnected = false;
    // Also emitted when an attempt inside connect() fails (connect handles that) and on stop().
    if (!wasConnected || stopping.signal.aborted || reconnecting !== null) return;
    if (connectedAt !== null && now() - connectedAt >= SOCKET_MODE_STABLE_CONNECTION_MS) failures = 0;
    reconnecting = reconnect();
  });

  return {
    start: connect,
    connected: () => isConnected,
    failed,
    async stop() {
      stopping.abort();
      isConnected = false;
      await client.disconnect();
      await reconnecting;
    },
  };
}
