/**
 * Starts paperboy's Slack side on Bolt: HTTP (`POST /slack/events`) or Socket Mode, one workspace
 * (SLACK_BOT_TOKEN) or many (OAuth installs), with the same handlers in every combination.
 */
import type { AddressInfo } from 'node:net';
import { App as BoltApp, ErrorCode, HTTPReceiver, SocketModeReceiver, type ReceiverEvent } from '@slack/bolt';
import type { ChatAdapterInput } from '../../commands/chat-host.ts';
import { createShareLedger } from '../../commands/share-ledger.ts';
import type { Poster } from '../../core/delivery-ports.ts';
import type { Logger } from '../../core/logger.ts';
import { registerAppHome } from './app-home.ts';
import { registerAppMentions } from './app-mentions.ts';
import { registerReactionRatings } from './rate-by-reaction.ts';
import { registerArxivUnfurls } from './arxiv-link-unfurls.ts';
import { boltLogLevel, createBoltLogger } from './bolt-logger.ts';
import { registerButtonActions } from './handle-button-action.ts';
import { registerChannelEvents } from './handle-channel-events.ts';
import { registerSlashCommand } from './handle-slash-command.ts';
import { registerMessagesTab } from './messages-tab.ts';
import { describeSlackError, slackErrorCode, slackErrorForLog } from './slack-api-errors.ts';
import { authTeamsList, installationTokens, singleWorkspaceTokens } from './slack-bot-tokens.ts';
import { createSlackCommandRunner } from './slack-command-runner.ts';
import { createSlackInstallationStore } from './slack-installation-store.ts';
import { healthHandler, type StoreProbe } from './slack-health.ts';
import { SLACK_BOT_SCOPES, SLACK_EVENTS_PATH, SLACK_INSTALL_PATH, SLACK_OAUTH_REDIRECT_PATH } from './slack-manifest.ts';
import { SlackConfigError, slackCommandName, slackModeOf, type SlackConfig, type SlackMode } from './slack-mode.ts';
import { createSlackPoster } from './slack-poster.ts';
import { guardSlackRequests } from './slack-request-guard.ts';
import { slackClientOptions, SOCKET_MODE_CONNECT_RETRY_POLICY } from './slack-web-client-options.ts';
import { createSocketModeConnection, type SocketModeConnection } from './socket-mode-connection.ts';
import { startSocketModeHttpServer, type SocketModeHttpServer } from './socket-mode-http-server.ts';

export interface StartSlackOptions {
  /** Port of the HTTP server (and of the health check in Socket Mode); PORT by default, 0 picks a free one. */
  port?: number;
  /** Interface to listen on; every interface by default. */
  host?: string;
  /**
   * HTTP only: answer each request from Slack once its listeners have finished, not before (Bolt's
   * processBeforeResponse), so whoever sent it knows its work is done: tests that check that an
   * event changed nothing. `paperboy serve` leaves it off: Slack wants an answer within 3 seconds
   * (https://docs.slack.dev/interactivity/implementing-slash-commands#responding_to_commands), and a
   * command's search may take longer; each signed request is then answered before Bolt sees it
   * (slack-request-guard.ts, ack first).
   */
  processBeforeResponse?: boolean;
}

export interface SlackRuntime {
  /** Disconnects from Slack and closes the HTTP server. */
  stop(): Promise<void>;
  /** Posts digests into Slack channels. */
  poster: Poster;
  /** The port the HTTP server listens on (the events endpoint, or the health check and OAuth in Socket Mode). */
  port?: number;
  mode: SlackMode;
  /** Whether Slack reaches paperboy right now: the socket is up (Socket Mode), or the server listens (HTTP). */
  connected(): boolean;
  /**
   * Settles, never rejects, when Slack can no longer be served: Slack refused the app token on a
   * Socket Mode reconnect. `paperboy serve` then stops with the error's message.
   */
  failed: Promise<SlackConfigError>;
}

/** A listen failure (the port is taken) as an error naming the variable to change. */
function listenError(error: unknown, port: number): unknown {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'EADDRINUSE' || code === 'EACCES') return new SlackConfigError(`Could not listen on port ${port} (PORT): ${String(code)}. Set PORT to a free port.`);
  return error;
}

/**
 * Starts Slack for `host` with the Slack variables of `config`, and resolves once it is listening
 * (HTTP) or connected (Socket Mode). Throws SlackConfigError when the Slack variables are
 * incomplete, when Slack rejects the bot or the app token, and when the port is taken; nothing it
 * opened is left open then.
 */
export async function startSlack({ host, config }: ChatAdapterInput<SlackConfig>, options: StartSlackOptions = {}): Promise<SlackRuntime> {
  const mode = slackModeOf(config);
  const log = host.log.child({ component: 'slack' });
  const logger = createBoltLogger(log, boltLogLevel(config.LOG_LEVEL));
  const port = options.port ?? config.PORT;

  const installationStore = mode.auth === 'oauth' ? createSlackInstallationStore(host.installations) : undefined;
  const checkStore: StoreProbe = () => host.checkStore();
  const oauth =
    mode.auth === 'oauth'
      ? {
          clientId: config.SLACK_CLIENT_ID,
          clientSecret: config.SLACK_CLIENT_SECRET,
          stateSecret: config.SLACK_STATE_SECRET,
          installationStore,
          scopes: [...SLACK_BOT_SCOPES],
        }
      : {};
  // /slack/install sends the browser straight to Slack's consent screen.
  const oauthPaths = mode.auth === 'oauth' ? { directInstall: true, installPath: SLACK_INSTALL_PATH, redirectUriPath: SLACK_OAUTH_REDIRECT_PATH } : {};

  // paperboy builds the receiver itself, for what Bolt's defaults cannot do: Socket Mode with its
  // own reconnection and HTTP server (socket-mode-connection.ts, socket-mode-http-server.ts),
  // HTTP behind a guard for bodies that crashed Bolt and that answers each signed request before
  // its work (slack-request-guard.ts).
  let receiver: HTTPReceiver | SocketModeReceiver;
  // HTTP requests answered before their work (ack first) whose work still runs.
  const inFlight = new Set<Promise<void>>();
  if (mode.transport === 'socket') {
    receiver = new SocketModeReceiver({
      appToken: config.SLACK_APP_TOKEN as string,
      ...oauth,
      // The receiver hands installerOptions.clientOptions to the Socket Mode client (and to the OAuth
      // installer). A 429 comes back at once with its Retry-After, which the reconnection loop honours.
      installerOptions: {
        ...oauthPaths,
        // Only named in the receiver's debug log: its own server is never started (startSocketMode).
        port,
        clientOptions: { ...slackClientOptions(config, logger), retryConfig: { ...SOCKET_MODE_CONNECT_RETRY_POLICY }, rejectRateLimitedCalls: true },
      },
      autoReconnectEnabled: false,
      logger,
      logLevel: logger.getLevel(),
    });
  } else {
    const http = new HTTPReceiver({
      signingSecret: config.SLACK_SIGNING_SECRET as string,
      endpoints: [SLACK_EVENTS_PATH],
      ...oauth,
      installerOptions: { ...oauthPaths, clientOptions: slackClientOptions(config, logger) },
      customRoutes: [{ path: '/healthz', method: ['GET'], handler: healthHandler(checkStore, mode, () => true) }],
      processBeforeResponse: options.processBeforeResponse === true,
      logger,
      logLevel: logger.getLevel(),
    });
    const ackFirst =
      options.processBeforeResponse === true ? {} : { ackFirst: { signingSecret: config.SLACK_SIGNING_SECRET as string, processEvent: (event: ReceiverEvent) => bolt.processEvent(event), inFlight } };
    http.requestListener = guardSlackRequests(http.requestListener, { endpoints: [SLACK_EVENTS_PATH], log, ...ackFirst });
    receiver = http;
  }

  const bolt = new BoltApp({
    receiver,
    socketMode: mode.transport === 'socket',
    ...(mode.auth === 'token' ? { token: config.SLACK_BOT_TOKEN } : {}),
    logger,
    logLevel: logger.getLevel(),
    clientOptions: slackClientOptions(config, logger),
    // paperboy keeps no per-conversation state in Bolt.
    convoStore: false,
    // auth.test runs in init(), where a bad token becomes a clear startup error.
    deferInitialization: true,
  });
  try {
    await bolt.init();
  } catch (error) {
    if (slackErrorCode(error) !== null) throw new SlackConfigError(`Slack rejected SLACK_BOT_TOKEN (${describeSlackError(error)}).`);
    throw new SlackConfigError(`Could not reach Slack at SLACK_API_URL ${config.SLACK_API_URL} (${describeSlackError(error)}).`);
  }

  const run = createSlackCommandRunner(host, log);
  const commandName = slackCommandName(config);
  registerSlashCommand(bolt, { run, log, commandName });
  registerButtonActions(bolt, { run, log, shares: createShareLedger(), host, commandName });
  registerChannelEvents(bolt, { pauser: host.pauser, log, installationStore });
  registerAppHome(bolt, { host, log, commandName });
  registerMessagesTab(bolt, { run, host, log, commandName });
  registerAppMentions(bolt, { run, host, log, commandName });
  registerArxivUnfurls(bolt, { run, log, commandName });
  registerReactionRatings(bolt, { run, host, log });
  bolt.error(async (error) => {
    if (error.code === ErrorCode.AuthorizationError) {
      // No installation for the request's workspace: rethrown so the receiver answers 401.
      log.warn({ reason: describeSlackError(error) }, 'slack request from a workspace paperboy is not installed in');
      throw error;
    }
    log.error({ reason: describeSlackError(error), code: error.code, err: slackErrorForLog(error) }, 'slack request failed');
  });

  const poster = createSlackPoster({
    botTokenFor:
      installationStore !== undefined
        ? installationTokens(installationStore, { orgWorkspaces: authTeamsList(slackClientOptions(config, logger)), log, now: () => host.clock.now().getTime() })
        : singleWorkspaceTokens(config.SLACK_BOT_TOKEN as string),
    clientOptions: slackClientOptions(config, logger),
    log: log.child({ component: 'slack-poster' }),
    commandName,
  });

  if (receiver instanceof SocketModeReceiver) {
    const socket = await startSocketMode(checkStore, receiver, mode, { port, host: options.host, log });
    log.info({ transport: mode.transport, auth: mode.auth, port: socket.port }, 'slack started');
    return { poster, mode, ...socket };
  }

  let server;
  try {
    server = await bolt.start(options.host === undefined ? port : { port, host: options.host });
  } catch (error) {
    throw listenError(error, port);
  }
  const boundPort = (server.address() as AddressInfo).port;
  log.info({ transport: mode.transport, auth: mode.auth, port: boundPort }, 'slack started');
  return {
    poster,
    port: boundPort,
    mode,
    connected: () => server.listening,
    // HTTP has no connection of paperboy's to lose.
    failed: new Promise<never>(() => {}),
    stop: async () => {
      await bolt.stop();
      // Answered requests finish their work (a reply, a record) before the caller closes the store.
      await Promise.allSettled([...inFlight]);
    },
  };
}

/**
 * Socket Mode: the HTTP server first (health and OAuth answer while connecting), then the socket.
 * Whatever fails, nothing stays open: a refused app token must let the process exit.
 */
async function startSocketMode(
  checkStore: StoreProbe,
  receiver: SocketModeReceiver,
  mode: SlackMode,
  options: { port: number; host: string | undefined; log: Logger },
): Promise<Pick<SlackRuntime, 'port' | 'connected' | 'failed' | 'stop'>> {
  const { log } = options;
  const connection: SocketModeConnection = createSocketModeConnection(receiver.client, { log });
  let server: SocketModeHttpServer;
  try {
    server = await startSocketModeHttpServer({
      port: options.port,
      ...(options.host === undefined ? {} : { host: options.host }),
      health: healthHandler(checkStore, mode, () => connection.connected()),
      ...(receiver.installer
        ? { oauth: { installer: receiver.installer, installPath: SLACK_INSTALL_PATH, redirectUriPath: SLACK_OAUTH_REDIRECT_PATH, scopes: [...SLACK_BOT_SCOPES] } }
        : {}),
      log,
    });
  } catch (error) {
    throw listenError(error, options.port);
  }
  const stop = async () => {
    await connection.stop();
    await server.close();
  };
  try {
    await connection.start();
  } catch (error) {
    await stop();
    throw error;
  }
  return { port: server.port, connected: () => connection.connected(), failed: connection.failed, stop };
}
