import type { Synchronous } from '../../core/awaitable.ts';
import { and, eq } from 'drizzle-orm';
import type { ChannelPauser, ChannelRef } from '../../core/delivery-ports.ts';
import type { Clock } from '../../core/ports.ts';
import type { Db } from './open-database.ts';
import { channels, workspaces } from './schema.ts';

/** Pauses channels in the store; the digest job skips paused channels until `/papers resume`. */
export function createSqliteChannelPauser(db: Db, clock: Clock): Synchronous<ChannelPauser> {
  const workspaceOf = (platform: ChannelRef['platform'], teamId: string) =>
    db
      .select({ id: workspaces.id })
      .from(workspaces)
      .where(and(eq(workspaces.platform, platform), eq(workspaces.teamId, teamId)));
  const pause = (reason: string) => db.update(channels).set({ pausedAt: clock.now().toISOString(), pauseReason: reason });
  return {
    pauseChannel(channel: ChannelRef, reason: string) {
      pause(reason)
        .where(and(eq(channels.channelId, channel.channelId), eq(channels.workspaceId, workspaceOf(channel.platform, channel.workspaceId))))
        .run();
    },
    pauseWorkspace(platform, workspaceId, reason) {
      pause(reason).where(eq(channels.workspaceId, workspaceOf(platform, workspaceId))).run();
    },
  };
}
