/**
 * Ratings and saves in PostgreSQL (issue 21), with the behaviour of sqlite-feedback-store.ts:
 * always by channel row (one platform, workspace and channel, resolved from the verified invoker),
 * so no query here reads another channel's, or another workspace's, feedback.
 *
 * SQLite runs one writer at a time; here several processes may rate at once, so each change is one
 * transaction whose answer (the rating before) is the one the change replaced, with row locks
 * rather than timing deciding the order.
 */
import { and, asc, desc, eq, sql } from 'drizzle-orm';
import type { NodePgDatabase } from 'drizzle-orm/node-postgres';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { FeedbackStore, RatingValue } from '../../../core/learning/feedback-ports.ts';
import type * as schema from './pg-schema.ts';
import { paperRatings, savedPapers } from './pg-schema.ts';

/** Sorts text by code point, as SQLite's BINARY collation does, whatever the database's collation. */
const binary = (column: AnyPgColumn) => sql`${column} collate "C"`;

export function createPgFeedbackStore(db: NodePgDatabase<typeof schema>): FeedbackStore {
  const savedColumns = { paperId: savedPapers.paperId, userId: savedPapers.userId, userName: savedPapers.userName, savedAt: savedPapers.savedAt };
  return {
    setRating(channelId, paperId, rater, value, now, onlyIf) {
      return db.transaction(async (tx) => {
        const key = and(eq(paperRatings.channelId, channelId), eq(paperRatings.paperId, paperId), eq(paperRatings.userId, rater.userId));
        // FOR UPDATE holds the row until commit, so the value read is the one this change replaces
        // (https://www.postgresql.org/docs/15/sql-select.html#SQL-FOR-UPDATE-SHARE).
        const locked = async (): Promise<RatingValue | null> =>
          (await tx.select({ value: paperRatings.value }).from(paperRatings).where(key).for('update'))[0]?.value ?? null;
        let before = await locked();
        if (value === null) {
          // No row as of the lock: nothing to clear (a rating inserted since comes after this clear).
          if (before !== null && (onlyIf === undefined || before === onlyIf)) await tx.delete(paperRatings).where(key);
          return before;
        }
        const set = { value, userName: rater.userName, ratedAt: now };
        if (before === null) {
          // ON CONFLICT DO NOTHING waits for a concurrent insert of the same key to commit and then
          // inserts nothing (https://www.postgresql.org/docs/15/sql-insert.html#SQL-ON-CONFLICT); the
          // row is then there to lock, and its value is the rating before this one.
          const inserted = await tx
            .insert(paperRatings)
            .values({ channelId, paperId, userId: rater.userId, ...set })
            .onConflictDoNothing()
            .returning({ value: paperRatings.value });
          if (inserted.length > 0) return null;
          before = await locked();
        }
        await tx.update(paperRatings).set(set).where(key);
        return before;
      });
    },
    ratingsOf: (channelId) =>
      db
        .select({ paperId: paperRatings.paperId, userId: paperRatings.userId, userName: paperRatings.userName, value: paperRatings.value, ratedAt: paperRatings.ratedAt })
        .from(paperRatings)
        .where(eq(paperRatings.channelId, channelId))
        .orderBy(asc(binary(paperRatings.ratedAt)), asc(binary(paperRatings.paperId)), asc(binary(paperRatings.userId))),
    save(channelId, paperId, rater, now) {
      return db.transaction(async (tx) => {
        // A concurrent save of the same paper makes this insert wait for it and insert nothing; the
        // read after (a new snapshot under READ COMMITTED) then sees that first saver.
        const inserted = await tx
          .insert(savedPapers)
          .values({ channelId, paperId, userId: rater.userId, userName: rater.userName, savedAt: now })
          .onConflictDoNothing()
          .returning(savedColumns);
        if (inserted.length > 0) return { saved: inserted[0]!, created: true };
        const [saved] = await tx
          .select(savedColumns)
          .from(savedPapers)
          .where(and(eq(savedPapers.channelId, channelId), eq(savedPapers.paperId, paperId)));
        return { saved: saved!, created: false };
      });
    },
    savesOf: (channelId) =>
      db
        .select(savedColumns)
        .from(savedPapers)
        .where(eq(savedPapers.channelId, channelId))
        .orderBy(desc(binary(savedPapers.savedAt)), desc(binary(savedPapers.paperId))),
  };
}
