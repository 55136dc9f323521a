/**
 * The weekly-recap choices in PostgreSQL (issue 21), with the behaviour of sqlite-recap-settings.ts:
 * one `channel_recaps` row per channel that turned it on. The recaps themselves are digests of
 * kind `recap` in the ledger: a posted one is `sent`, a week with nothing liked is settled
 * `skipped` with no message (the recap's first version gave a channel that announces its empty
 * days a short line instead, recorded `sent` with no papers).
 */
import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import type { NodePgDatabase } from 'drizzle-orm/node-postgres';
import type { LastRecap, RecapSettings } from '../../../core/digest/recap-ports.ts';
import type * as schema from './pg-schema.ts';
import { channelRecaps, digests } from './pg-schema.ts';

export function createPgRecapSettings(db: NodePgDatabase<typeof schema>): RecapSettings {
  return {
    async lastRecap(channelId) {
      // One statement, so the digest and the papers counted are read from the same snapshot: the
      // distinct paper ids across its messages' JSON arrays (the text SQLite keeps too).
      const [row] = await db
        .select({
          slot: digests.slot,
          status: digests.status,
          // digests.id written out: drizzle leaves columns of a one-table select unqualified, and
          // the subquery's own "id" would be the message's.
          papers: sql<number>`(select count(distinct paper.id)::int from digest_messages m
            cross join lateral jsonb_array_elements_text(m.paper_ids::jsonb) as paper(id) where m.digest_id = digests.id)`,
        })
        .from(digests)
        .where(and(eq(digests.channelId, channelId), eq(digests.kind, 'recap'), inArray(digests.status, ['sent', 'skipped'])))
        // ISO slots sorted by code point, as SQLite's BINARY collation sorts them.
        .orderBy(desc(sql`${digests.slot} collate "C"`))
        .limit(1);
      if (!row) return null;
      return { slot: row.slot, status: row.status as LastRecap['status'], papers: row.papers };
    },
    async recapOf(channelId) {
      const [row] = await db.select().from(channelRecaps).where(eq(channelRecaps.channelId, channelId));
      return row ? { weekday: row.weekday, since: row.since } : null;
    },
    async setRecap(channelId, choice, changedBy) {
      if (choice === null) {
        await db.delete(channelRecaps).where(eq(channelRecaps.channelId, channelId));
        return;
      }
      const values = { weekday: choice.weekday, since: choice.since, changedBy };
      // One upsert: two people choosing at once leave one row, the later one's.
      await db
        .insert(channelRecaps)
        .values({ channelId, ...values })
        .onConflictDoUpdate({ target: channelRecaps.channelId, set: values });
    },
    async allRecaps() {
      const rows = await db.select().from(channelRecaps);
      return new Map(rows.map((row) => [row.channelId, { weekday: row.weekday, since: row.since }]));
    },
  };
}
