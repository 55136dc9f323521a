/**
 * Bolt's InstallationStore on the `slack_installations` table: one row per workspace (or per
 * Enterprise Grid org for org-wide installs), holding Bolt's Installation object as JSON.
 * The JSON holds the bot token: it is never logged.
 */
import type { Installation, InstallationQuery } from '@slack/bolt';
import type Database from 'better-sqlite3';
import type { Clock } from '../../core/ports.ts';
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
export function createSqliteInstallationStore(sqlite: Database.Database, clock: Clock): OrgWideInstallationStore {
  const upsert = sqlite.prepare(
    `INSERT INTO slack_installations (install_key, team_id, enterprise_id, installation, installed_at)
     VALUES (@key, @teamId, @enterpriseId, @installation, @now)
     ON CONFLICT (install_key) DO UPDATE SET team_id = excluded.team_id, enterprise_id = excluded.enterprise_id,
       installation = excluded.installation, installed_at = excluded.installed_at`,
  );
  const select = sqlite.prepare<[string], { installation: string }>('SELECT installation FROM slack_installations WHERE install_key = ?');
  const remove = sqlite.prepare('DELETE FROM slack_installations WHERE install_key = ?');
  // Org-wide installs are the rows keyed by their enterprise id (installKeyOf).
  const orgWide = sqlite.prepare<[], { installation: string }>(
    'SELECT installation FROM slack_installations WHERE enterprise_id IS NOT NULL AND install_key = enterprise_id ORDER BY installed_at',
  );
  return {
    async storeInstallation(installation) {
      upsert.run({
        key: installKeyOf(installation),
        teamId: installation.team?.id ?? null,
        enterpriseId: installation.enterprise?.id ?? null,
        installation: JSON.stringify(installation),
        now: clock.now().toISOString(),
      });
    },
    async fetchInstallation(query) {
      const key = queryKeyOf(query);
      const row = key ? select.get(key) : undefined;
      // Bolt expects a throw when there is no installation; it then answers the request with 401.
      if (!row) throw new Error(`paperboy is not installed in Slack workspace ${key ?? '(unknown)'}`);
      return JSON.parse(row.installation) as AnyInstallation;
    },
    async deleteInstallation(query) {
      const key = queryKeyOf(query);
      if (key) remove.run(key);
    },
    async orgWideInstallations() {
      return orgWide.all().map((row) => JSON.parse(row.installation) as AnyInstallation);
    },
  };
}
