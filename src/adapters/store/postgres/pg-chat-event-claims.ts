/**
 * ChatEventClaims in PostgreSQL: INSERT … ON CONFLICT DO NOTHING, whose row count says who claimed
 * (https://www.postgresql.org/docs/15/sql-insert.html#SQL-ON-CONFLICT: of concurrent inserts of one
 * key, one inserts and the others do nothing, after waiting for it to commit).
 */
import { lt } from 'drizzle-orm';
import { CHAT_EVENT_CLAIM_RETENTION_MS, type ChatEventClaims } from '../../../core/chat-event-claims.ts';
import type { PgDb } from './open-pg-store.ts';
import { chatEventClaims } from './pg-schema.ts';

const PRUNE_EVERY = 500;

export function createPgChatEventClaims(db: PgDb): ChatEventClaims {
  let sincePrune = 0;
  return {
    async claim(platform, eventId, now) {
      if (++sincePrune >= PRUNE_EVERY) {
        sincePrune = 0;
        await db.delete(chatEventClaims).where(lt(chatEventClaims.claimedAt, new Date(now.getTime() - CHAT_EVENT_CLAIM_RETENTION_MS).toISOString()));
      }
      const inserted = await db.insert(chatEventClaims).values({ platform, eventId, claimedAt: now.toISOString() }).onConflictDoNothing().returning({ eventId: chatEventClaims.eventId });
      return inserted.length === 1;
    },
  };
}
