import type { Synchronous } from '../../core/awaitable.ts';
import { and, asc, desc, eq, sql } from 'drizzle-orm';
import type { FeedbackStore } from '../../core/learning/feedback-ports.ts';
import type { Db } from './open-database.ts';
import { paperRatings, savedPapers } from './schema.ts';

/**
 * Ratings and saves in SQLite, always by channel row: the row belongs to one (platform,
 * workspace, channel), resolved from the verified invoker, so no query here reads another
 * channel's, or another workspace's, feedback.
 */
export function createSqliteFeedbackStore(db: Db): Synchronous<FeedbackStore> {
  const p = sql.placeholder;
  const ratingsOf = db
    .select({ paperId: paperRatings.paperId, userId: paperRatings.userId, userName: paperRatings.userName, value: paperRatings.value, ratedAt: paperRatings.ratedAt })
    .from(paperRatings)
    .where(eq(paperRatings.channelId, p('channel')))
    .orderBy(asc(paperRatings.ratedAt), asc(paperRatings.paperId), asc(paperRatings.userId))
    .prepare();
  const savesOf = db
    .select({ paperId: savedPapers.paperId, userId: savedPapers.userId, userName: savedPapers.userName, savedAt: savedPapers.savedAt })
    .from(savedPapers)
    .where(eq(savedPapers.channelId, p('channel')))
    .orderBy(desc(savedPapers.savedAt), desc(savedPapers.paperId))
    .prepare();

  return {
    setRating(channelId, paperId, rater, value, now, onlyIf) {
      return db.transaction((tx) => {
        const key = and(eq(paperRatings.channelId, channelId), eq(paperRatings.paperId, paperId), eq(paperRatings.userId, rater.userId));
        const before = tx.select({ value: paperRatings.value }).from(paperRatings).where(key).get()?.value ?? null;
        if (value === null) {
          if (onlyIf === undefined || before === onlyIf) tx.delete(paperRatings).where(key).run();
        } else {
          tx.insert(paperRatings)
            .values({ channelId, paperId, userId: rater.userId, userName: rater.userName, value, ratedAt: now })
            .onConflictDoUpdate({ target: [paperRatings.channelId, paperRatings.paperId, paperRatings.userId], set: { value, userName: rater.userName, ratedAt: now } })
            .run();
        }
        return before;
      });
    },
    ratingsOf: (channelId) => ratingsOf.all({ channel: channelId }),
    save(channelId, paperId, rater, now) {
      return db.transaction((tx) => {
        const inserted = tx
          .insert(savedPapers)
          .values({ channelId, paperId, userId: rater.userId, userName: rater.userName, savedAt: now })
          .onConflictDoNothing()
          .returning()
          .all();
        const saved = tx
          .select({ paperId: savedPapers.paperId, userId: savedPapers.userId, userName: savedPapers.userName, savedAt: savedPapers.savedAt })
          .from(savedPapers)
          .where(and(eq(savedPapers.channelId, channelId), eq(savedPapers.paperId, paperId)))
          .get()!;
        return { saved, created: inserted.length > 0 };
      });
    },
    savesOf: (channelId) => savesOf.all({ channel: channelId }),
  };
}
