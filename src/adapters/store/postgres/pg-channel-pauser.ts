/**
 * Pauses channels in PostgreSQL (issue 21), with the behaviour of sqlite-channel-pauser.ts: the
 * digest job skips paused channels until `/papers resume`; unknown channels and workspaces are
 * ignored. Each pause is one UPDATE (its workspace found by a subquery), so it needs no transaction.
 */
import { and, eq } from 'drizzle-orm';
import type { NodePgDatabase } from 'drizzle-orm/node-postgres';
import type { ChannelPauser, ChannelRef } from '../../../core/delivery-ports.ts';
import type { Clock } from '../../../core/ports.ts';
import type * as schema from './pg-schema.ts';
import { channels, workspaces } from './pg-schema.ts';

export function createPgChannelPauser(db: NodePgDatabase<typeof schema>, clock: Clock): ChannelPauser {
  const workspaceOf = (platform: ChannelRef['platform'], teamId: string) =>
    db
      .select({ id: workspaces.id })
      .from(workspaces)
      .where(and(eq(workspaces.platform, platform), eq(workspaces.teamId, teamId)));
  const pause = (reason: string) => db.update(channels).set({ pausedAt: clock.now().toISOString(), pauseReason: reason });
  return {
    async pauseChannel(channel, reason) {
      await pause(reason).where(and(eq(channels.channelId, channel.channelId), eq(channels.workspaceId, workspaceOf(channel.platform, channel.workspaceId))));
    },
    async pauseWorkspace(platform, workspaceId, reason) {
      await pause(reason).where(eq(channels.workspaceId, workspaceOf(platform, workspaceId)));
    },
  };
}
