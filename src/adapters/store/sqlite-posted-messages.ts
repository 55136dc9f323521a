/**
 * Which papers each message paperboy posted outside the digests shows (a shared answer, an answer
 * to an @mention or in its Messages tab), so that a 👍 / 👎 reaction on a one-paper message rates
 * that paper from the store. Reading the message back from the platform instead would be rate
 * limited (Slack: 1 conversations.history call a minute for commercially distributed apps outside
 * its Marketplace, https://docs.slack.dev/changelog/2025/05/29/rate-limit-changes-for-non-marketplace-apps),
 * impossible for thread replies with a bot token, and allowed only in conversations paperboy is a
 * member of. The digest messages are in the digest ledger (sqlite-message-papers.ts reads both).
 *
 * Rows are kept POSTED_MESSAGE_RETENTION_DAYS and pruned whenever a message is recorded: one
 * indexed range delete, so the table stays the size of that many days of answers.
 */
import type { Synchronous } from '../../core/awaitable.ts';
import { and, eq, lt, sql } from 'drizzle-orm';
import type { ChannelRef } from '../../core/delivery-ports.ts';
import type { Clock } from '../../core/ports.ts';
import type { SubscriptionStore } from '../../core/subscriptions/subscription-ports.ts';
import type { Db } from './open-database.ts';
import { channels, postedMessages, workspaces } from './schema.ts';

/**
 * How long a posted message can still be rated by a reaction. 90 days: what a workspace on Slack's
 * free plan can see at all (https://slack.com/help/articles/115002422943: messages older than 90
 * days are hidden), and far past when people react to an answer (the day they read it). A row
 * takes about 140 bytes with its indexes (measured over 150,000 kept rows), so even a busy
 * workspace's 90 days stay small: 1,000 posted answers a day is about 13 MB.
 */
export const POSTED_MESSAGE_RETENTION_DAYS = 90;
const DAY_MS = 24 * 60 * 60 * 1000;

export interface SqlitePostedMessages {
  /**
   * Records that the message `messageRef` paperboy posted in `channel` shows `paperIds` (nothing
   * for a message that shows none), and forgets messages recorded more than the retention ago.
   */
  record(channel: ChannelRef, messageRef: string, paperIds: readonly string[]): void;
  /** The paper ids the message shows, or null when paperboy recorded no such message in that channel of that workspace. */
  papersOf(channel: ChannelRef, messageRef: string): string[] | null;
}

export interface PostedMessagesDeps {
  /** The channel row a message is recorded under, created as a command would create it (the same default time zone). */
  channels: Pick<Synchronous<SubscriptionStore>, 'ensureChannel'>;
  defaultTimeZone: string;
  clock: Clock;
}

export function createSqlitePostedMessages(db: Db, deps: PostedMessagesDeps): SqlitePostedMessages {
  const p = sql.placeholder;
  const find = db
    .select({ paperIds: postedMessages.paperIds })
    .from(postedMessages)
    .innerJoin(channels, eq(channels.id, postedMessages.channelId))
    .innerJoin(workspaces, eq(workspaces.id, channels.workspaceId))
    .where(
      and(
        eq(postedMessages.messageRef, p('ref')),
        eq(channels.channelId, p('channel')),
        eq(workspaces.platform, p('platform')),
        eq(workspaces.teamId, p('team')),
      ),
    )
    .prepare();

  return {
    record(channel, messageRef, paperIds) {
      if (paperIds.length === 0) return;
      const now = deps.clock.now().toISOString();
      const channelId = deps.channels.ensureChannel(channel, { timeZone: deps.defaultTimeZone, now }).id;
      const before = new Date(Date.parse(now) - POSTED_MESSAGE_RETENTION_DAYS * DAY_MS).toISOString();
      const values = { channelId, messageRef, paperIds: JSON.stringify(paperIds), postedAt: now };
      db.transaction((tx) => {
        tx.insert(postedMessages)
          .values(values)
          .onConflictDoUpdate({ target: [postedMessages.channelId, postedMessages.messageRef], set: { paperIds: values.paperIds, postedAt: now } })
          .run();
        tx.delete(postedMessages).where(lt(postedMessages.postedAt, before)).run();
      });
    },
    papersOf(channel, messageRef) {
      const row = find.get({ ref: messageRef, channel: channel.channelId, platform: channel.platform, team: channel.workspaceId });
      return row ? (JSON.parse(row.paperIds) as string[]) : null;
    },
  };
}
