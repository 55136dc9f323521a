/**
 * The papers a message paperboy posted in a channel shows, on PostgreSQL (issue 21), answered as
 * sqlite-message-papers.ts answers it (which says why a reaction needs it): a digest message in the
 * digest ledger's rows, any other message in the posted messages (pg-posted-messages.ts), empty
 * for a message paperboy did not post. Both go by the channel row's (platform, workspace, channel).
 */
import { and, asc, eq } from 'drizzle-orm';
import type { ChannelRef } from '../../../core/delivery-ports.ts';
import type { PgDb } from './open-pg-store.ts';
import type { PgPostedMessages } from './pg-posted-messages.ts';
import { channels, digestMessages, digests, workspaces } from './pg-schema.ts';

export function createPgMessagePapers(db: PgDb, posted: Pick<PgPostedMessages, 'papersOf'>): (channel: ChannelRef, messageRef: string) => Promise<string[]> {
  return async (channel, messageRef) => {
    const [row] = await db
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
      // A platform reference names one message; the order only makes the answer the same on every replica if it ever did not.
      .orderBy(asc(digestMessages.id))
      .limit(1);
    if (row) return JSON.parse(row.paperIds) as string[];
    return (await posted.papersOf(channel, messageRef)) ?? [];
  };
}
