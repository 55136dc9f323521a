/**
 * Starts paperboy's Slack side on Bolt: HTTP (`POST /slack/events`) or Socket Mode, one workspace
 * (SLACK_BOT_TOKEN) or many (OAuth installs), with the same handlers in every combination.
 */
import type { AddressInfo } from 'node:net';
import { App as BoltApp, ErrorCode, type AppOptions, type CustomRoute, type InstallationStore } from '@slack/bolt';
import type { App } from '../../app.ts';
import type { Poster } from '../../core/delivery-ports.ts';
import { boltLogLevel, createBoltLogger } from './bolt-logger.ts';
import { registerButtonActions } from './handle-button-action.ts';
import { registerChannelEvents } from './handle-channel-events.ts';
import { registerSlashCommand } from './handle-slash-command.ts';
import { describeSlackError, slackErrorCode } from './slack-api-errors.ts';
import { installationTokens, singleWorkspaceTokens } from './slack-bot-tokens.ts';
import { createSlackCommandRunner } from './slack-command-runner.ts';
import { SLACK_BOT_SCOPES, SLACK_EVENTS_PATH, SLACK_INSTALL_PATH, SLACK_OAUTH_REDIRECT_PATH } from './slack-manifest.ts';
import { SlackConfigError, slackModeOf, type SlackMode } from './slack-mode.ts';
import { createSlackPoster } from './slack-poster.ts';
import { slackClientOptions, SOCKET_MODE_CONNECT_RETRY_POLICY } from './slack-web-client-options.ts';
import { createSqliteInstallationStore } from './sqlite-installation-store.ts';

export interface StartSlackOptions {
  /** Port of the HTTP server (and of the health check in Socket Mode); PORT by default, 0 picks a free one. */
  port?: number;
  /** Interface to listen on; every interface by default. */
  host?: string;
}

export interface SlackRuntime {
  stop(): Promise<void>;
  /** Posts digests into Slack channels. */
  poster: Poster;
  /** The port the HTTP server listens on (HTTP mode; in Socket Mode the configured health-check port). */
  port?: number;
  mode: SlackMode;
}

function healthRoute(app: App, mode: SlackMode): CustomRoute {
  const ping = app.database.sqlite.prepare('SELECT 1');
  return {
    path: '/healthz',
    method: ['GET'],
    handler: (_req, res) => {
      let database = 'ok';
      try {
        ping.get();
      } catch {
        database = 'unavailable';
      }
      res.writeHead(database === 'ok' ? 200 : 503, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ status: database === 'ok' ? 'ok' : 'degraded', platform: 'slack', transport: mode.transport, auth: mode.auth, database }));
    },
  };
}

/**
 * Starts Slack for `app` and resolves once it is listening (HTTP) or connected (Socket Mode).
 * Throws SlackConfigError when the Slack variables are incomplete, and when Slack rejects the bot token.
 */
export async function startSlack(app: App, options: StartSlackOptions = {}): Promise<SlackRuntime> {
  const { config } = app;
  const mode = slackModeOf(config);
  const log = app.log.child({ component: 'slack' });
  const logger = createBoltLogger(log, boltLogLevel(config.LOG_LEVEL));
  const port = options.port ?? config.PORT;

  const installationStore: InstallationStore | undefined =
    mode.auth === 'oauth' ? createSqliteInstallationStore(app.database.sqlite, app.clock) : undefined;
  const auth: Partial<AppOptions> =
    mode.auth === 'oauth'
      ? {
          clientId: config.SLACK_CLIENT_ID,
          clientSecret: config.SLACK_CLIENT_SECRET,
          stateSecret: config.SLACK_STATE_SECRET,
          installationStore,
          scopes: [...SLACK_BOT_SCOPES],
        }
      : { token: config.SLACK_BOT_TOKEN };
  const transport: Partial<AppOptions> =
    mode.transport === 'socket'
      ? { socketMode: true, appToken: config.SLACK_APP_TOKEN, port }
      : { signingSecret: config.SLACK_SIGNING_SECRET, endpoints: SLACK_EVENTS_PATH, port };
  // Bolt hands installerOptions.clientOptions to the Socket Mode client (and to the OAuth installer).
  const installerOptions: AppOptions['installerOptions'] = {
    // /slack/install sends the browser straight to Slack's consent screen.
    ...(mode.auth === 'oauth' ? { directInstall: true, installPath: SLACK_INSTALL_PATH, redirectUriPath: SLACK_OAUTH_REDIRECT_PATH } : {}),
    ...(mode.transport === 'socket' ? { clientOptions: { ...slackClientOptions(config, logger), retryConfig: { ...SOCKET_MODE_CONNECT_RETRY_POLICY } } } : {}),
  };

  const bolt = new BoltApp({
    ...auth,
    ...transport,
    installerOptions,
    logger,
    logLevel: logger.getLevel(),
    clientOptions: slackClientOptions(config, logger),
    customRoutes: [healthRoute(app, mode)],
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

  const run = createSlackCommandRunner(app);
  registerSlashCommand(bolt, { run, log });
  registerButtonActions(bolt, { run, log });
  registerChannelEvents(bolt, { pauser: app.pauser, log, installationStore });
  bolt.error(async (error) => {
    if (error.code === ErrorCode.AuthorizationError) {
      // No installation for the request's workspace: rethrown so the receiver answers 401.
      log.warn({ reason: describeSlackError(error) }, 'slack request from a workspace paperboy is not installed in');
      throw error;
    }
    log.error({ reason: describeSlackError(error), code: error.code }, 'slack request failed');
  });

  const poster = createSlackPoster({
    botTokenFor:
      installationStore !== undefined ? installationTokens(installationStore) : singleWorkspaceTokens(config.SLACK_BOT_TOKEN as string),
    clientOptions: slackClientOptions(config, logger),
    log: log.child({ component: 'slack-poster' }),
  });

  let boundPort: number | undefined;
  if (mode.transport === 'http') {
    const server = await bolt.start(options.host === undefined ? port : { port, host: options.host });
    boundPort = (server.address() as AddressInfo).port;
  } else {
    await bolt.start();
    // Bolt's Socket Mode receiver serves the health check (and OAuth) on `port` but does not expose
    // the server, so a port picked by the system (0) cannot be reported.
    boundPort = port === 0 ? undefined : port;
  }
  log.info({ transport: mode.transport, auth: mode.auth, port: boundPort }, 'slack started');

  return {
    poster,
    port: boundPort,
    mode,
    stop: async () => {
      await bolt.stop();
    },
  };
}
