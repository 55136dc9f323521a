/**
 * The chat installations on the `slack_installations` table: one row per install key, holding the
 * platform's installation object as JSON. The JSON holds the bot token: it is never logged.
 */
import type { Synchronous } from '../../core/awaitable.ts';
import { and, asc, eq, isNotNull } from 'drizzle-orm';
import type { ChatInstallationStore } from '../../core/chat-installations.ts';
import type { Clock } from '../../core/ports.ts';
import type { Db } from './open-database.ts';
import { slackInstallations } from './schema.ts';

export function createSqliteInstallationStore(db: Db, clock: Clock): Synchronous<ChatInstallationStore> {
  return {
    save(record) {
      const row = {
        teamId: record.teamId,
        enterpriseId: record.enterpriseId,
        installation: JSON.stringify(record.installation),
        installedAt: clock.now().toISOString(),
      };
      db.insert(slackInstallations)
        .values({ installKey: record.key, ...row })
        .onConflictDoUpdate({ target: slackInstallations.installKey, set: row })
        .run();
    },
    find(key) {
      const row = db.select({ installation: slackInstallations.installation }).from(slackInstallations).where(eq(slackInstallations.installKey, key)).get();
      return row ? (JSON.parse(row.installation) as unknown) : null;
    },
    remove(key) {
      db.delete(slackInstallations).where(eq(slackInstallations.installKey, key)).run();
    },
    orgWide() {
      // Org-wide installs are the rows keyed by their enterprise id.
      return db
        .select({ installation: slackInstallations.installation })
        .from(slackInstallations)
        .where(and(isNotNull(slackInstallations.enterpriseId), eq(slackInstallations.installKey, slackInstallations.enterpriseId)))
        .orderBy(asc(slackInstallations.installedAt))
        .all()
        .map((row) => JSON.parse(row.installation) as unknown);
    },
  };
}
