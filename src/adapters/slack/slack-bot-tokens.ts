import type { InstallationStore } from '@slack/bolt';

/** The bot token to post into a workspace with, or null when paperboy is not installed there. */
export type BotTokenSource = (teamId: string) => Promise<string | null>;

/** Single-workspace mode: SLACK_BOT_TOKEN is the only workspace the app knows. */
export function singleWorkspaceTokens(botToken: string): BotTokenSource {
  return async () => botToken;
}

/** Multi-workspace mode: each workspace's token comes from its OAuth installation. */
export function installationTokens(store: InstallationStore): BotTokenSource {
  return async (teamId) => {
    try {
      const installation = await store.fetchInstallation({ teamId, enterpriseId: undefined, isEnterpriseInstall: false });
      return installation.bot?.token ?? null;
    } catch {
      return null;
    }
  };
}
