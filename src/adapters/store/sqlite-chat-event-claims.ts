/**
 * ChatEventClaims in SQLite: one row per claimed event, inserted if absent (core/chat-event-claims.ts
 * says why). A claim is the first thing a Discord interaction does, before its ack, so it never
 * waits for the write lock: while another process holds it (`paperboy import` writing a batch),
 * the claim is taken as this process's and the interaction answered at once. Two processes on one
 * SQLite file that both receive an interaction during an import may then both answer; Discord
 * keeps the first answer and refuses the second (40060), and the commands are idempotent. Several
 * replicas are PostgreSQL's case (pg-chat-event-claims.ts), where a claim is a row lock, not a file
 * lock, and never waits on an import.
 */
import type Database from 'better-sqlite3';
import type { Synchronous } from '../../core/awaitable.ts';
import { lt, sql } from 'drizzle-orm';
import { CHAT_EVENT_CLAIM_RETENTION_MS, type ChatEventClaims } from '../../core/chat-event-claims.ts';
import type { Logger } from '../../core/logger.ts';
import type { Db } from './open-database.ts';
import { chatEventClaims } from './schema.ts';
import { STORE_BUSY_TIMEOUT_MS } from './store-health.ts';
import { isBusyError } from './writes-yield-while-busy.ts';

/** Claims between prunes: one indexed range delete now and then keeps the table a day's events long. */
const PRUNE_EVERY = 500;

export function createSqliteChatEventClaims(db: Db, sqlite: Database.Database, log: Logger): Synchronous<ChatEventClaims> {
  const insert = db
    .insert(chatEventClaims)
    .values({ platform: sql.placeholder('platform'), eventId: sql.placeholder('eventId'), claimedAt: sql.placeholder('claimedAt') })
    .onConflictDoNothing()
    .prepare();
  let sincePrune = 0;
  return {
    claim(platform, eventId, now) {
      sqlite.pragma('busy_timeout = 0');
      try {
        if (++sincePrune >= PRUNE_EVERY) {
          sincePrune = 0;
          db.delete(chatEventClaims).where(lt(chatEventClaims.claimedAt, new Date(now.getTime() - CHAT_EVENT_CLAIM_RETENTION_MS).toISOString())).run();
        }
        return insert.run({ platform, eventId, claimedAt: now.toISOString() }).changes === 1;
      } catch (error) {
        if (!isBusyError(error)) throw error;
        log.debug({ platform, eventId }, 'the store is busy with another process: answering the event unclaimed');
        return true;
      } finally {
        sqlite.pragma(`busy_timeout = ${STORE_BUSY_TIMEOUT_MS}`);
      }
    },
  };
}
