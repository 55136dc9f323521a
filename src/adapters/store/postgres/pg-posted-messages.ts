/**
 * Which papers each message paperboy posted outside the digests shows, in PostgreSQL (issue 21),
 * with the behaviour of sqlite-posted-messages.ts (which says why the store keeps them rather than
 * reading messages back from the platform): rows keyed by the channel row, so by workspace, kept
 * POSTED_MESSAGE_RETENTION_DAYS and pruned whenever a message is recorded.
 */
import { and, eq, lt } from 'drizzle-orm';
import type { NodePgDatabase } from 'drizzle-orm/node-postgres';
import type { Awaitable } from '../../../core/awaitable.ts';
import type { ChannelRef } from '../../../core/delivery-ports.ts';
import type { Clock } from '../../../core/ports.ts';
import { POSTED_MESSAGE_RETENTION_DAYS } from '../sqlite-posted-messages.ts';
import type * as schema from './pg-schema.ts';
import { channels, postedMessages, workspaces } from './pg-schema.ts';

const DAY_MS = 24 * 60 * 60 * 1000;

export interface PgPostedMessages {
  /**
   * Records that the message `messageRef` paperboy posted in `channel` shows `paperIds` (nothing
   * for a message that shows none), and forgets messages recorded more than the retention ago.
   */
  record(channel: ChannelRef, messageRef: string, paperIds: readonly string[]): Promise<void>;
  /** The paper ids the message shows, or null when paperboy recorded no such message in that channel of that workspace. */
  papersOf(channel: ChannelRef, messageRef: string): Promise<string[] | null>;
}

export interface PgPostedMessagesDeps {
  /**
   * The channel row a message is recorded under, created as a command would create it (the same
   * default time zone): the SubscriptionStore's ensureChannel, of which only the id is read.
   */
  channels: { ensureChannel(ref: ChannelRef, defaults: { timeZone: string; now: string }): Awaitable<{ id: number }> };
  defaultTimeZone: string;
  clock: Clock;
}

export function createPgPostedMessages(db: NodePgDatabase<typeof schema>, deps: PgPostedMessagesDeps): PgPostedMessages {
  return {
    async record(channel, messageRef, paperIds) {
      if (paperIds.length === 0) return;
      const now = deps.clock.now().toISOString();
      const channelId = (await deps.channels.ensureChannel(channel, { timeZone: deps.defaultTimeZone, now })).id;
      const before = new Date(Date.parse(now) - POSTED_MESSAGE_RETENTION_DAYS * DAY_MS).toISOString();
      const values = { channelId, messageRef, paperIds: JSON.stringify(paperIds), postedAt: now };
      // The record and the prune commit together, as in SQLite: a prune never runs without the
      // record that triggered it. ISO times compare as text, as SQLite compares them (same format).
      await db.transaction(async (tx) => {
        await tx
          .insert(postedMessages)
          .values(values)
          .onConflictDoUpdate({ target: [postedMessages.channelId, postedMessages.messageRef], set: { paperIds: values.paperIds, postedAt: now } });
        await tx.delete(postedMessages).where(lt(postedMessages.postedAt, before));
      });
    },
    async papersOf(channel, messageRef) {
      const [row] = await db
        .select({ paperIds: postedMessages.paperIds })
        .from(postedMessages)
        .innerJoin(channels, eq(channels.id, postedMessages.channelId))
        .innerJoin(workspaces, eq(workspaces.id, channels.workspaceId))
        .where(
          and(
            eq(postedMessages.messageRef, messageRef),
            eq(channels.channelId, channel.channelId),
            eq(workspaces.platform, channel.platform),
            eq(workspaces.teamId, channel.workspaceId),
          ),
        );
      return row ? (JSON.parse(row.paperIds) as string[]) : null;
    },
  };
}
