import { eq } from 'drizzle-orm';
import type { RecapSettings } from '../../core/digest/recap-ports.ts';
import type { Db } from './open-database.ts';
import { channelRecaps } from './schema.ts';

/** The weekly-recap choices in SQLite: one `channel_recaps` row per channel that turned it on. */
export function createSqliteRecapSettings(db: Db): RecapSettings {
  return {
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
