import { and, eq } from 'drizzle-orm';
import type { ChannelChanger, ChannelPolicy, WorkspaceRef, WorkspaceSettings } from '../../core/channel-policy.ts';
import { assertMayChange, assertMaySetAdminsOnly } from './channel-policy-rules.ts';
import type { Db } from './open-database.ts';
import { workspaces } from './schema.ts';

/**
 * Channel members may change a channel's subscriptions and schedule, unless the workspace
 * restricted that to admins (`workspaces.admins_only`, set by `/papers settings admins-only on`),
 * except in a person's own DM with paperboy. Only then are those asked: on Slack each costs a call.
 * The rule is channel-policy-rules.ts; this store keeps the flag.
 */
export function createSqliteChannelPolicy(db: Db): ChannelPolicy & { settingsOf(workspace: WorkspaceRef): WorkspaceSettings } {
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
      await assertMayChange(who, settingsOf(who).adminsOnly);
    },
    async setAdminsOnly(who: ChannelChanger, value: boolean, now: string) {
      await assertMaySetAdminsOnly(who);
      // A workspace row exists once a channel of it subscribed; a setting may come first.
      db.insert(workspaces)
        .values({ platform: who.platform, teamId: who.workspaceId, adminsOnly: value, createdAt: now })
        .onConflictDoUpdate({ target: [workspaces.platform, workspaces.teamId], set: { adminsOnly: value } })
        .run();
    },
  };
}
