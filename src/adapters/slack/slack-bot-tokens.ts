import { webApi, type Installation, type InstallationStore } from '@slack/bolt';
import type { Logger } from '../../core/logger.ts';
import { describeSlackError } from './slack-api-errors.ts';

/** The bot token to post into a workspace with, or null when paperboy is not installed there. */
export type BotTokenSource = (teamId: string) => Promise<string | null>;

/** Single-workspace mode: SLACK_BOT_TOKEN is the only workspace the app knows. */
export function singleWorkspaceTokens(botToken: string): BotTokenSource {
  return async () => botToken;
}

/** The workspaces (team ids) an org-wide install's bot token may act in. */
export type OrgWorkspaceLister = (botToken: string) => Promise<string[]>;

/** An installation store that can also list its Enterprise Grid org-wide installs. */
export interface OrgWideInstallationStore extends InstallationStore {
  orgWideInstallations(): Promise<Installation<'v1' | 'v2', boolean>[]>;
}

/**
 * Lists an org-wide install's workspaces with auth.teams.list, the method Slack provides for
 * exactly this (https://docs.slack.dev/reference/methods/auth.teams.list: no scope needed).
 */
export function authTeamsList(clientOptions: webApi.WebClientOptions): OrgWorkspaceLister {
  return async (botToken) => {
    const client = new webApi.WebClient(botToken, { ...clientOptions });
    const teams: string[] = [];
    for await (const page of client.paginate('auth.teams.list', { limit: 1000 })) {
      for (const team of (page as { teams?: { id?: string }[] }).teams ?? []) if (team.id) teams.push(team.id);
    }
    return teams;
  };
}

/** An org's workspace list is asked of Slack again, for a workspace not in it, at most this often. */
export const ORG_WORKSPACES_REFRESH_MS = 60_000;

export interface InstallationTokensOptions {
  /** Where an org-wide install's workspaces come from; without it, org-wide installs are not used. */
  orgWorkspaces?: OrgWorkspaceLister;
  log?: Logger;
  now?: () => number;
}

/**
 * Multi-workspace mode: each workspace's token comes from its OAuth installation. A workspace
 * with no installation of its own may be covered by an Enterprise Grid org-wide install, stored
 * under the org's id: the digest job knows only the workspace (team) id, so the org's workspaces
 * are listed (and remembered) to find which org-wide install serves it. An org-wide install has
 * one bot token for every workspace the org grants the app
 * (https://api.slack.com/enterprise/apps/reference: `is_enterprise_install`, `team: null`).
 */
export function installationTokens(store: InstallationStore | OrgWideInstallationStore, options: InstallationTokensOptions = {}): BotTokenSource {
  const now = options.now ?? Date.now;
  const known = new Map<string, { teams: Set<string>; fetchedAt: number }>();

  const orgWorkspaces = async (enterpriseId: string, botToken: string, teamId: string): Promise<Set<string>> => {
    const cached = known.get(enterpriseId);
    if (cached && (cached.teams.has(teamId) || now() - cached.fetchedAt < ORG_WORKSPACES_REFRESH_MS)) return cached.teams;
    try {
      const teams = new Set(await options.orgWorkspaces!(botToken));
      known.set(enterpriseId, { teams, fetchedAt: now() });
      return teams;
    } catch (error) {
      options.log?.warn({ enterprise: enterpriseId, reason: describeSlackError(error) }, 'could not list the workspaces of an org-wide slack install');
      known.set(enterpriseId, { teams: cached?.teams ?? new Set(), fetchedAt: now() });
      return cached?.teams ?? new Set();
    }
  };

  const orgWideToken = async (teamId: string): Promise<string | null> => {
    if (!options.orgWorkspaces || !('orgWideInstallations' in store)) return null;
    for (const installation of await store.orgWideInstallations()) {
      const enterpriseId = installation.enterprise?.id;
      const token = installation.bot?.token;
      if (!enterpriseId || !token) continue;
      if ((await orgWorkspaces(enterpriseId, token, teamId)).has(teamId)) return token;
    }
    return null;
  };

  return async (teamId) => {
    try {
      const installation = await store.fetchInstallation({ teamId, enterpriseId: undefined, isEnterpriseInstall: false });
      if (installation.bot?.token) return installation.bot.token;
    } catch {
      // No installation of its own: perhaps an org-wide one.
    }
    return orgWideToken(teamId);
  };
}
