import { and, eq } from 'drizzle-orm';
import type { ChannelRef } from '../../core/delivery-ports.ts';
import type { Db } from './open-database.ts';
import { channels, digestMessages, digests, workspaces } from './schema.ts';

/**
 * The papers a digest message paperboy posted in `channel` carries, found by the platform's
 * reference for the message (a Slack `ts`); empty for any other message. A reaction on a
 * one-paper message rates that paper, so the reaction must say which paper it is about.
 */
export function createSqliteMessagePapers(db: Db): (channel: ChannelRef, messageRef: string) => string[] {
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
    return row ? (JSON.parse(row.paperIds) as string[]) : [];
  };
}
