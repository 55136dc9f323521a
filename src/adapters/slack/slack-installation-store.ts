/**
 * Bolt's InstallationStore over paperboy's installation store: one record per workspace, or per
 * Enterprise Grid org for org-wide installs, holding Bolt's Installation object.
 */
import type { Installation, InstallationQuery } from '@slack/bolt';
import type { ChatInstallationStore } from '../../core/chat-installations.ts';
import type { OrgWideInstallationStore } from './slack-bot-tokens.ts';

type AnyInstallation = Installation<'v1' | 'v2', boolean>;

function installKeyOf(installation: AnyInstallation): string {
  if (installation.isEnterpriseInstall && installation.enterprise?.id) return installation.enterprise.id;
  const teamId = installation.team?.id;
  if (!teamId) throw new Error('An installation without a team id cannot be stored');
  return teamId;
}

function queryKeyOf(query: InstallationQuery<boolean>): string | undefined {
  return query.isEnterpriseInstall && query.enterpriseId ? query.enterpriseId : query.teamId;
}

/** The installation store of multi-workspace (OAuth) mode. */
export function createSlackInstallationStore(store: ChatInstallationStore): OrgWideInstallationStore {
  return {
    async storeInstallation(installation) {
      await store.save({
        key: installKeyOf(installation),
        teamId: installation.team?.id ?? null,
        enterpriseId: installation.enterprise?.id ?? null,
        installation,
      });
    },
    async fetchInstallation(query) {
      const key = queryKeyOf(query);
      const installation = key ? await store.find(key) : null;
      // Bolt expects a throw when there is no installation; it then answers the request with 401.
      if (installation === null) throw new Error(`paperboy is not installed in Slack workspace ${key ?? '(unknown)'}`);
      return installation as AnyInstallation;
    },
    async deleteInstallation(query) {
      const key = queryKeyOf(query);
      if (key) await store.remove(key);
    },
    async orgWideInstallations() {
      return (await store.orgWide()) as AnyInstallation[];
    },
  };
}
