/** ChatEventClaims in SQLite: one row per claimed event, inserted if absent (core/chat-event-claims.ts says why). */
import type { Synchronous } from '../../core/awaitable.ts';
import { lt, sql } from 'drizzle-orm';
import { CHAT_EVENT_CLAIM_RETENTION_MS, type ChatEventClaims } from '../../core/chat-event-claims.ts';
import type { Db } from './open-database.ts';
import { chatEventClaims } from './schema.ts';

/** Claims between prunes: one indexed range delete now and then keeps the table a day's events long. */
const PRUNE_EVERY = 500;

export function createSqliteChatEventClaims(db: Db): Synchronous<ChatEventClaims> {
  const insert = db
    .insert(chatEventClaims)
    .values({ platform: sql.placeholder('platform'), eventId: sql.placeholder('eventId'), claimedAt: sql.placeholder('claimedAt') })
    .onConflictDoNothing()
    .prepare();
  let sincePrune = 0;
  return {
    claim(platform, eventId, now) {
      if (++sincePrune >= PRUNE_EVERY) {
        sincePrune = 0;
        db.delete(chatEventClaims).where(lt(chatEventClaims.claimedAt, new Date(now.getTime() - CHAT_EVENT_CLAIM_RETENTION_MS).toISOString())).run();
      }
      return insert.run({ platform, eventId, claimedAt: now.toISOString() }).changes === 1;
    },
  };
}
