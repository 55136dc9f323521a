import { and, eq } from 'drizzle-orm';
import type { ChannelRef } from '../../core/delivery-ports.ts';
import type { Db } from './open-database.ts';
import { channels, digestMessages, digests, workspaces } from './schema.ts';
import type { SqlitePostedMessages } from './sqlite-posted-messages.ts';

/**
 * The papers a message paperboy posted in `channel` shows, found by the platform's reference for
 * the message (a Slack `ts`): a digest message in the digest ledger, any other message paperboy
 * posted in the posted messages (sqlite-posted-messages.ts); empty for a message it did not post
 * (or recorded so long ago that it was pruned). A reaction on a one-paper message rates that paper, so the reaction
 * must say which paper it is about. Both look-ups go by the (platform, workspace, channel) of the
 * channel row: the same channel id and ts in another workspace never match.
 */
export function createSqliteMessagePapers(db: Db, posted: Pick<SqlitePostedMessages, 'papersOf'>): (channel: ChannelRef, messageRef: string) => string[] {
  return (channel, messageRef) => {
    const row = db
      .select({ paperIds: digestMessages.paperIds })
      .from(digestMessages)
      .innerJoin(digests, eq(digests.id, digestMessages.digestId))
      .innerJoin(channels, eq(channels.id, digests.channelId))
      .innerJoin(workspaces, eq(workspaces.id, channels.workspaceId))
      .where(
        and(
          eq(digestMessages.messageRef, messageRef),
          eq(channels.channelId, channel.channelId),
          eq(workspaces.platform, channel.platform),
          eq(workspaces.teamId, channel.workspaceId),
        ),
      )
      .get();
    if (row) return JSON.parse(row.paperIds) as string[];
    return posted.papersOf(channel, messageRef) ?? [];
  };
}
