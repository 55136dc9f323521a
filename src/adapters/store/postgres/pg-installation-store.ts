/**
 * The chat installations in PostgreSQL (issue 21), with the behaviour of
 * sqlite-installation-store.ts: one `slack_installations` row per install key, holding the
 * platform's installation object as JSON text (the same text SQLite keeps, so a store copied from
 * one engine to the other reads the same). The JSON holds the bot token: it is never logged.
 * Each call is one statement, so it needs no transaction.
 */
import { and, asc, eq, isNotNull, sql } from 'drizzle-orm';
import type { NodePgDatabase } from 'drizzle-orm/node-postgres';
import type { ChatInstallationStore } from '../../../core/chat-installations.ts';
import type { Clock } from '../../../core/ports.ts';
import type * as schema from './pg-schema.ts';
import { slackInstallations } from './pg-schema.ts';

export function createPgInstallationStore(db: NodePgDatabase<typeof schema>, clock: Clock): ChatInstallationStore {
  return {
    async save(record) {
      const row = {
        teamId: record.teamId,
        enterpriseId: record.enterpriseId,
        installation: JSON.stringify(record.installation),
        installedAt: clock.now().toISOString(),
      };
      // One upsert: two processes saving the same key at once leave one row, the later one's
      // (https://www.postgresql.org/docs/15/sql-insert.html#SQL-ON-CONFLICT).
      await db
        .insert(slackInstallations)
        .values({ installKey: record.key, ...row })
        .onConflictDoUpdate({ target: slackInstallations.installKey, set: row });
    },
    async find(key) {
      const [row] = await db.select({ installation: slackInstallations.installation }).from(slackInstallations).where(eq(slackInstallations.installKey, key));
      return row ? (JSON.parse(row.installation) as unknown) : null;
    },
    async remove(key) {
      await db.delete(slackInstallations).where(eq(slackInstallations.installKey, key));
    },
    async orgWide() {
      // Org-wide installs are the rows keyed by their enterprise id; ISO times sorted by code point,
      // as SQLite's BINARY collation sorts them, whatever the database's collation.
      const rows = await db
        .select({ installation: slackInstallations.installation })
        .from(slackInstallations)
        .where(and(isNotNull(slackInstallations.enterpriseId), eq(slackInstallations.installKey, slackInstallations.enterpriseId)))
        .orderBy(asc(sql`${slackInstallations.installedAt} collate "C"`));
      return rows.map((row) => JSON.parse(row.installation) as unknown);
    },
  };
}
