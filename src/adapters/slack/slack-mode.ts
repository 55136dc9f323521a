import type { Config } from '../../config.ts';
import { DEFAULT_COMMAND_NAME } from '../../core/command-name.ts';

/** The configuration the Slack side reads: its own variables, the port it listens on and the log level. */
export type SlackConfig = Pick<
  Config,
  | 'LOG_LEVEL'
  | 'PORT'
  | 'SLACK_SIGNING_SECRET'
  | 'SLACK_BOT_TOKEN'
  | 'SLACK_APP_TOKEN'
  | 'SLACK_CLIENT_ID'
  | 'SLACK_CLIENT_SECRET'
  | 'SLACK_STATE_SECRET'
  | 'SLACK_API_URL'
> & {
  /**
   * The slash command as the app's manifest names it (`paperboy slack manifest --command`), for the
   * text of button replies, digests and notices; a slash command's own reply names the command as
   * Slack sent it. `/papers` when unset (config.ts does not declare it yet).
   */
  SLACK_COMMAND?: string | undefined;
};

/** The slash command this Slack app is configured with. */
export function slackCommandName(config: Pick<SlackConfig, 'SLACK_COMMAND'>): string {
  return config.SLACK_COMMAND ?? DEFAULT_COMMAND_NAME;
}

/** How paperboy talks to Slack, decided from the configuration. */
export interface SlackMode {
  /** `socket` when SLACK_APP_TOKEN is set (no public URL needed), else `http`. */
  transport: 'http' | 'socket';
  /** `oauth`: many workspaces install through /slack/install; `token`: one workspace, SLACK_BOT_TOKEN. */
  auth: 'oauth' | 'token';
}

/** Raised when the Slack variables do not describe a way to run; the message says what to set. */
export class SlackConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SlackConfigError';
  }
}

/** Picks the transport and the authorisation from the Slack variables. */
export function slackModeOf(config: SlackConfig): SlackMode {
  const transport = config.SLACK_APP_TOKEN !== undefined ? 'socket' : 'http';
  if (transport === 'http' && config.SLACK_SIGNING_SECRET === undefined) {
    throw new SlackConfigError('SLACK_SIGNING_SECRET is required for HTTP mode (or set SLACK_APP_TOKEN for Socket Mode).');
  }
  const oauth = config.SLACK_CLIENT_ID !== undefined || config.SLACK_CLIENT_SECRET !== undefined;
  if (oauth) {
    const missing = (['SLACK_CLIENT_ID', 'SLACK_CLIENT_SECRET', 'SLACK_STATE_SECRET'] as const).filter((k) => config[k] === undefined);
    if (missing.length > 0) throw new SlackConfigError(`Multi-workspace (OAuth) mode also needs ${missing.join(', ')}.`);
    return { transport, auth: 'oauth' };
  }
  if (config.SLACK_BOT_TOKEN === undefined) {
    throw new SlackConfigError('Set SLACK_BOT_TOKEN (one workspace) or SLACK_CLIENT_ID, SLACK_CLIENT_SECRET and SLACK_STATE_SECRET (OAuth installs).');
  }
  return { transport, auth: 'token' };
}
