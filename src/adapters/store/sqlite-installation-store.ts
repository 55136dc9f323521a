/**
 * The chat installations on the `slack_installations` table: one row per install key, holding the
 * platform's installation object as JSON. The JSON holds the bot token: it is never logged.
 */
import type Database from 'better-sqlite3';
import type { ChatInstallationStore } from '../../core/chat-installations.ts';
import type { Clock } from '../../core/ports.ts';

export function createSqliteInstallationStore(sqlite: Database.Database, clock: Clock): ChatInstallationStore {
  const upsert = sqlite.prepare(
    `INSERT INTO slack_installations (install_key, team_id, enterprise_id, installation, installed_at)
     VALUES (@key, @teamId, @enterpriseId, @installation, @now)
     ON CONFLICT (install_key) DO UPDATE SET team_id = excluded.team_id, enterprise_id = excluded.enterprise_id,
       installation = excluded.installation, installed_at = excluded.installed_at`,
  );
  const select = sqlite.prepare<[string], { installation: string }>('SELECT installation FROM slack_installations WHERE install_key = ?');
  const remove = sqlite.prepare('DELETE FROM slack_installations WHERE install_key = ?');
  // Org-wide installs are the rows keyed by their enterprise id.
  const orgWide = sqlite.prepare<[], { installation: string }>(
    'SELECT installation FROM slack_installations WHERE enterprise_id IS NOT NULL AND install_key = enterprise_id ORDER BY installed_at',
  );
  return {
    save(record) {
      upsert.run({
        key: record.key,
        teamId: record.teamId,
        enterpriseId: record.enterpriseId,
        installation: JSON.stringify(record.installation),
        now: clock.now().toISOString(),
      });
    },
    find(key) {
      const row = select.get(key);
      return row ? (JSON.parse(row.installation) as unknown) : null;
    },
    remove(key) {
      remove.run(key);
    },
    orgWide() {
      return orgWide.all().map((row) => JSON.parse(row.installation) as unknown);
    },
  };
}
