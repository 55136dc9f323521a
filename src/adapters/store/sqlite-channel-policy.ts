import type Database from 'better-sqlite3';
import { answerAdminCheck, type ChannelChanger, type ChannelPolicy } from '../../core/channel-policy.ts';
import { UserError } from '../../core/errors.ts';

/**
 * Channel members may change a channel's subscriptions and schedule, unless the workspace
 * restricted that to admins (`workspaces.admins_only`). Only then is the admin check asked: on
 * Slack it costs a users.info call.
 */
export function createSqliteChannelPolicy(sqlite: Database.Database): ChannelPolicy {
  const adminsOnly = sqlite.prepare<[string, string], { admins_only: number }>(
    'SELECT admins_only FROM workspaces WHERE platform = ? AND team_id = ?',
  );
  return {
    async assertCanChange(who: ChannelChanger) {
      const row = adminsOnly.get(who.platform, who.workspaceId);
      if (row?.admins_only !== 1 || (await answerAdminCheck(who.isAdmin))) return;
      throw new UserError(
        'permission.admins_only',
        'In this workspace only admins can change what a channel follows or when it gets its digest.',
        'Ask a workspace admin to make the change.',
      );
    },
  };
}
