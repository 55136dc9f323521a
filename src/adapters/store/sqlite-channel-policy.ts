import type Database from 'better-sqlite3';
import { answerAdminCheck, type ChannelChanger, type ChannelPolicy, type WorkspaceRef, type WorkspaceSettings } from '../../core/channel-policy.ts';
import { UserError } from '../../core/errors.ts';

/**
 * Channel members may change a channel's subscriptions and schedule, unless the workspace
 * restricted that to admins (`workspaces.admins_only`, set by `/papers settings admins-only on`).
 * Only then is the admin check asked: on Slack it costs a users.info call.
 */
export function createSqliteChannelPolicy(sqlite: Database.Database): ChannelPolicy {
  const adminsOnly = sqlite.prepare<[string, string], { admins_only: number }>(
    'SELECT admins_only FROM workspaces WHERE platform = ? AND team_id = ?',
  );
  // A workspace row exists once a channel of it subscribed; a setting may come first.
  const setAdminsOnly = sqlite.prepare<[string, string, number, string]>(
    `INSERT INTO workspaces (platform, team_id, admins_only, created_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (platform, team_id) DO UPDATE SET admins_only = excluded.admins_only`,
  );
  const settingsOf = (workspace: WorkspaceRef): WorkspaceSettings => ({
    adminsOnly: adminsOnly.get(workspace.platform, workspace.workspaceId)?.admins_only === 1,
  });
  return {
    settingsOf,
    async assertCanChange(who: ChannelChanger) {
      if (!settingsOf(who).adminsOnly || (await answerAdminCheck(who.isAdmin))) return;
      throw new UserError(
        'permission.admins_only',
        'In this workspace only admins can change what a channel follows or when it gets its digest.',
        'Ask a workspace admin to make the change.',
      );
    },
    async setAdminsOnly(who: ChannelChanger, value: boolean, now: string) {
      // Either way: a member who could turn the rule off could undo any admin's decision.
      if (!(await answerAdminCheck(who.isAdmin))) {
        throw new UserError(
          'permission.settings_admin',
          'Only a workspace admin can change who may change channels.',
          who.platform === 'discord'
            ? 'On Discord that is a member with Manage Server or Manage Channels.'
            : who.platform === 'slack'
              ? 'On Slack that is a workspace admin or owner.'
              : 'Ask a workspace admin.',
        );
      }
      setAdminsOnly.run(who.platform, who.workspaceId, value ? 1 : 0, now);
    },
  };
}
