import type { Synchronous } from '../../core/awaitable.ts';
import { and, desc, eq, inArray } from 'drizzle-orm';
import type { LastRecap, RecapSettings } from '../../core/digest/recap-ports.ts';
import type { Db } from './open-database.ts';
import { channelRecaps, digestMessages, digests } from './schema.ts';

/**
 * The weekly-recap choices in SQLite: one `channel_recaps` row per channel that turned it on. The
 * recaps themselves are digests of kind `recap` in the ledger: a posted one is `sent`, a week with
 * nothing liked is settled `skipped` with no message (the recap's first version gave a channel that
 * announces its empty days a short line instead, recorded `sent` with no papers).
 */
export function createSqliteRecapSettings(db: Db): Synchronous<RecapSettings> {
  return {
    lastRecap(channelId) {
      const row = db
        .select({ id: digests.id, slot: digests.slot, status: digests.status })
        .from(digests)
        .where(and(eq(digests.channelId, channelId), eq(digests.kind, 'recap'), inArray(digests.status, ['sent', 'skipped'])))
        .orderBy(desc(digests.slot))
        .limit(1)
        .get();
      if (!row) return null;
      const messages = db.select({ paperIds: digestMessages.paperIds }).from(digestMessages).where(eq(digestMessages.digestId, row.id)).all();
      const status = row.status as LastRecap['status'];
      return { slot: row.slot, status, papers: new Set(messages.flatMap((m) => JSON.parse(m.paperIds) as string[])).size };
    },
    recapOf(channelId) {
      const row = db.select().from(channelRecaps).where(eq(channelRecaps.channelId, channelId)).get();
      return row ? { weekday: row.weekday, since: row.since } : null;
    },
    setRecap(channelId, choice, changedBy) {
      if (choice === null) {
        db.delete(channelRecaps).where(eq(channelRecaps.channelId, channelId)).run();
        return;
      }
      const values = { weekday: choice.weekday, since: choice.since, changedBy };
      db.insert(channelRecaps)
        .values({ channelId, ...values })
        .onConflictDoUpdate({ target: channelRecaps.channelId, set: values })
        .run();
    },
    allRecaps: () => new Map(db.select().from(channelRecaps).all().map((row) => [row.channelId, { weekday: row.weekday, since: row.since }])),
  };
}
