import { and, eq } from 'drizzle-orm';
import { answerPlatformCheck, type ChannelChanger, type ChannelPolicy, type WorkspaceRef, type WorkspaceSettings } from '../../core/channel-policy.ts';
import { UserError } from '../../core/errors.ts';
import type { Db } from './open-database.ts';
import { workspaces } from './schema.ts';

/**
 * Channel members may change a channel's subscriptions and schedule, unless the workspace
 * restricted that to admins (`workspaces.admins_only`, set by `/papers settings admins-only on`),
 * except in a person's own DM with paperboy. Only then are those asked: on Slack each costs a call.
 */
export function createSqliteChannelPolicy(db: Db): ChannelPolicy {
  const settingsOf = (workspace: WorkspaceRef): WorkspaceSettings => ({
    adminsOnly:
      db
        .select({ adminsOnly: workspaces.adminsOnly })
        .from(workspaces)
        .where(and(eq(workspaces.platform, workspace.platform), eq(workspaces.teamId, workspace.workspaceId)))
        .get()?.adminsOnly === true,
  });
  return {
    settingsOf,
    async assertCanChange(who: ChannelChanger) {
      if (!settingsOf(who).adminsOnly) return;
      // Someone's own DM with paperboy is theirs alone: admins-only would leave them no way to a digest of their own.
      if (who.inOwnDirectMessage !== undefined && (await answerPlatformCheck(who.inOwnDirectMessage))) return;
      if (await answerPlatformCheck(who.isAdmin)) return;
      throw new UserError(
        'permission.admins_only',
        'In this workspace only admins can change what a channel follows or when it gets its digest.',
        'Ask a workspace admin to make the change.',
      );
    },
    async setAdminsOnly(who: ChannelChanger, value: boolean, now: string) {
      // Either way: a member who could turn the rule off could undo any admin's decision.
      if (!(await answerPlatformCheck(who.isAdmin))) {
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
      // A workspace row exists once a channel of it subscribed; a setting may come first.
      db.insert(workspaces)
        .values({ platform: who.platform, teamId: who.workspaceId, adminsOnly: value, createdAt: now })
        .onConflictDoUpdate({ target: [workspaces.platform, workspaces.teamId], set: { adminsOnly: value } })
        .run();
    },
  };
}
