/**
 * The Slack app manifest (https://docs.slack.dev/reference/app-manifest), generated from the
 * command registry so the slash command's description and usage hint always match the commands.
 */
import { DEFAULT_COMMAND } from '../../commands/command-registry.ts';
import { usageOf, type CommandSpec } from '../../commands/command-spec.ts';
import { COMMAND_NAME_RULE, DEFAULT_COMMAND_NAME, isCommandName, MAX_COMMAND_NAME_LENGTH } from '../../core/command-name.ts';
import { truncate } from '../../core/reply.ts';
import { ARXIV_UNFURL_DOMAIN } from './arxiv-link-unfurls.ts';
import { PAUSING_EVENTS } from './handle-channel-events.ts';

/**
 * Bot scopes, each for one reason (https://docs.slack.dev/reference/scopes). A workspace that
 * installed an older manifest lacks the newer ones; paperboy then says to reinstall.
 */
export const SLACK_BOT_SCOPES: readonly string[] = [
  // /papers itself.
  'commands',
  // Post digests and shared results; `.public` posts in a public channel paperboy has not joined (a shared result).
  'chat:write',
  'chat:write.public',
  // Join a public channel on subscribe: conversations.history answers only members, and digests are
  // found again by reading it back (https://docs.slack.dev/reference/methods/conversations.join).
  'channels:join',
  // Read back the channel's history to find an already-posted digest by its metadata (exactly once),
  // in public and private channels, DMs with paperboy and group DMs it is in.
  'channels:history',
  'groups:history',
  'im:history',
  'mpim:history',
  // conversations.info before subscribing (is paperboy a member, is the channel archived), one scope
  // per kind of conversation, and the channel left/archived events that pause a channel's digests
  // (https://docs.slack.dev/reference/methods/conversations.info).
  'channels:read',
  'groups:read',
  'im:read',
  'mpim:read',
  // Whether a user is a workspace admin, when a workspace limits subscription changes to admins.
  'users:read',
  // `@paperboy recsys cold-start` in a channel (the app_mention event).
  'app_mentions:read',
  // arXiv links: told of them (link_shared), and attaching the paper's card (chat.unfurl).
  // https://docs.slack.dev/messaging/unfurling-links-in-messages
  'links:read',
  'links:write',
  // `/papers export bibtex|ris` shares the reading list as a file (files.uploadV2: files.getUploadURLExternal
  // and files.completeUploadExternal). https://docs.slack.dev/reference/scopes/files.write
  'files:write',
  // 👍 / 👎 on a one-paper message paperboy posted rates that paper (the reaction_added event), and
  // removing it takes the rating back (reaction_removed), both under this scope.
  // https://docs.slack.dev/reference/events/reaction_added, https://docs.slack.dev/reference/events/reaction_removed
  'reactions:read',
];

/**
 * The events paperboy subscribes to (https://docs.slack.dev/reference/events): those that pause a
 * channel's digests, the Home tab being opened, messages in its DMs (the Messages tab, which needs
 * im:history), mentions in channels, shared arXiv links, and reactions (👍 / 👎 rate a one-paper
 * message; removing one takes its rating back).
 */
export const SLACK_BOT_EVENTS: readonly string[] = [
  ...PAUSING_EVENTS,
  'app_home_opened',
  'message.im',
  'app_mention',
  'link_shared',
  'reaction_added',
  'reaction_removed',
];

/** The path Bolt serves events, commands and interactivity on. */
export const SLACK_EVENTS_PATH = '/slack/events';
/** Bolt's OAuth paths (multi-workspace mode). */
export const SLACK_INSTALL_PATH = '/slack/install';
export const SLACK_OAUTH_REDIRECT_PATH = '/slack/oauth_redirect';

/** Manifest limits (https://docs.slack.dev/reference/app-manifest#fields). */
export const MANIFEST_MAX_APP_NAME = 35;
export const MANIFEST_MAX_APP_DESCRIPTION = 140;
export const MANIFEST_MAX_COMMAND_NAME = MAX_COMMAND_NAME_LENGTH;
export const MANIFEST_MAX_COMMAND_DESCRIPTION = 2000;
export const MANIFEST_MAX_USAGE_HINT = 1000;

const APP_DESCRIPTION = 'Research papers in Slack: search, follow topics and authors, daily digests.';

export interface SlackManifestOptions {
  /** Public base URL (https://paperboy.example.org); required unless `socketMode`. */
  url?: string;
  /** Socket Mode: no request URLs, the app connects out to Slack. */
  socketMode: boolean;
  /** App and bot name, `paperboy` by default. */
  name?: string;
  /** The slash command, `/papers` by default. */
  command?: string;
  /** Include the OAuth redirect URL (multi-workspace installs). */
  oauth?: boolean;
}

export interface SlackManifest {
  display_information: { name: string; description: string; background_color: string };
  features: {
    bot_user: { display_name: string; always_online: boolean };
    app_home: { home_tab_enabled: boolean; messages_tab_enabled: boolean; messages_tab_read_only_enabled: boolean };
    unfurl_domains: string[];
    slash_commands: { command: string; description: string; usage_hint: string; should_escape: boolean; url?: string }[];
  };
  oauth_config: { redirect_urls?: string[]; scopes: { bot: string[] } };
  settings: {
    event_subscriptions: { request_url?: string; bot_events: string[] };
    interactivity: { is_enabled: boolean; request_url?: string };
    org_deploy_enabled: boolean;
    socket_mode_enabled: boolean;
    token_rotation_enabled: boolean;
  };
}

/** `/papers` description: what it does and every command it has, from the registry. */
export function slashCommandDescription(commands: readonly CommandSpec[]): string {
  const names = commands.map((c) => c.name).join(', ');
  return truncate(`Search research papers, or run a command: ${names}`, MANIFEST_MAX_COMMAND_DESCRIPTION);
}

/** `/papers` usage hint: search words first, then each command's usage line. */
export function slashCommandUsageHint(commands: readonly CommandSpec[]): string {
  const others = commands.filter((c) => c.name !== DEFAULT_COMMAND).map(usageOf);
  return truncate(['<search words>', ...others].join(' | '), MANIFEST_MAX_USAGE_HINT);
}

function joinUrl(base: string, path: string): string {
  return `${base.replace(/\/+$/, '')}${path}`;
}

/** Checks a base URL for request URLs: Slack only calls https endpoints. */
export function validateManifestUrl(raw: string): string | null {
  try {
    const url = new URL(raw);
    if (url.protocol !== 'https:') return 'must be an https:// URL (Slack only sends requests over HTTPS)';
    if (url.search || url.hash) return 'must be a base URL without a query or fragment';
    return null;
  } catch {
    return 'is not a URL';
  }
}

/** Builds the manifest for the given commands. Throws when HTTP mode has no URL. */
export function buildSlackManifest(commands: readonly CommandSpec[], options: SlackManifestOptions): SlackManifest {
  if (!options.socketMode && !options.url) throw new Error('An HTTP-mode manifest needs the public base URL of paperboy');
  const urlProblem = options.url === undefined ? null : validateManifestUrl(options.url);
  if (urlProblem) throw new Error(`The base URL ${urlProblem}`);
  const name = truncate(options.name ?? 'paperboy', MANIFEST_MAX_APP_NAME);
  const command = options.command ?? DEFAULT_COMMAND_NAME;
  if (!isCommandName(command)) throw new Error(`The slash command ${COMMAND_NAME_RULE}`);
  const requestUrl = !options.socketMode && options.url ? joinUrl(options.url, SLACK_EVENTS_PATH) : undefined;
  const withUrl = <T extends object>(value: T, key: 'url' | 'request_url'): T => (requestUrl ? { ...value, [key]: requestUrl } : value);

  const oauthConfig: SlackManifest['oauth_config'] = { scopes: { bot: [...SLACK_BOT_SCOPES] } };
  if (options.oauth && options.url) oauthConfig.redirect_urls = [joinUrl(options.url, SLACK_OAUTH_REDIRECT_PATH)];

  return {
    display_information: {
      name,
      description: truncate(APP_DESCRIPTION, MANIFEST_MAX_APP_DESCRIPTION),
      background_color: '#1d3557',
    },
    features: {
      // Bot display names allow only a-z, 0-9, -, _ and . (https://docs.slack.dev/reference/app-manifest).
      bot_user: { display_name: name.toLowerCase().replace(/[^a-z0-9._-]+/g, '-').slice(0, 80) || 'paperboy', always_online: true },
      // The Home tab lists the channels and the help; the Messages tab takes commands, so people
      // may write in it (read-only would leave only paperboy's own messages there).
      app_home: { home_tab_enabled: true, messages_tab_enabled: true, messages_tab_read_only_enabled: false },
      unfurl_domains: [ARXIV_UNFURL_DOMAIN],
      slash_commands: [
        withUrl(
          {
            command,
            description: slashCommandDescription(commands),
            usage_hint: slashCommandUsageHint(commands),
            // Typed text reaches paperboy as written, not as <@U…>/<#C…> markup.
            should_escape: false,
          },
          'url',
        ),
      ],
    },
    oauth_config: oauthConfig,
    settings: {
      event_subscriptions: withUrl({ bot_events: [...SLACK_BOT_EVENTS] }, 'request_url'),
      interactivity: withUrl({ is_enabled: true }, 'request_url'),
      org_deploy_enabled: false,
      socket_mode_enabled: options.socketMode,
      token_rotation_enabled: false,
    },
  };
}
