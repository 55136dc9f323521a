import type Database from 'better-sqlite3';
import type { ChannelPauser, ChannelRef } from '../../core/delivery-ports.ts';
import type { Clock } from '../../core/ports.ts';

/** Pauses channels in the store; the digest job skips paused channels until `/papers resume`. */
export function createSqliteChannelPauser(sqlite: Database.Database, clock: Clock): ChannelPauser {
  const pauseOne = sqlite.prepare(
    `UPDATE channels SET paused_at = @now, pause_reason = @reason
     WHERE channel_id = @channel AND workspace_id = (SELECT id FROM workspaces WHERE platform = @platform AND team_id = @team)`,
  );
  const pauseAll = sqlite.prepare(
    `UPDATE channels SET paused_at = @now, pause_reason = @reason
     WHERE workspace_id = (SELECT id FROM workspaces WHERE platform = @platform AND team_id = @team)`,
  );
  return {
    pauseChannel(channel: ChannelRef, reason: string) {
      pauseOne.run({ now: clock.now().toISOString(), reason, channel: channel.channelId, platform: channel.platform, team: channel.workspaceId });
    },
    pauseWorkspace(platform, workspaceId, reason) {
      pauseAll.run({ now: clock.now().toISOString(), reason, platform, team: workspaceId });
    },
  };
}
