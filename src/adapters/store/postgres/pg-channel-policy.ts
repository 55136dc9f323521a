/**
 * ChannelPolicy on PostgreSQL (issue 21), with the rules of sqlite-channel-policy.ts (which says
 * who may change a channel and why): the same admins-only flag on the workspace row, read and set
 * over the network. The rule itself is shared (channel-policy-rules.ts), so both engines ask the
 * platform the same questions in the same order.
 */
import { and, eq } from 'drizzle-orm';
import type { ChannelPolicy, WorkspaceRef, WorkspaceSettings } from '../../../core/channel-policy.ts';
import { assertMayChange, assertMaySetAdminsOnly } from '../channel-policy-rules.ts';
import type { PgDb } from './open-pg-store.ts';
import { workspaces } from './pg-schema.ts';

export function createPgChannelPolicy(db: PgDb): ChannelPolicy {
  const settingsOf = async (workspace: WorkspaceRef): Promise<WorkspaceSettings> => {
    const [row] = await db
      .select({ adminsOnly: workspaces.adminsOnly })
      .from(workspaces)
      .where(and(eq(workspaces.platform, workspace.platform), eq(workspaces.teamId, workspace.workspaceId)));
    return { adminsOnly: row?.adminsOnly === true };
  };
  return {
    settingsOf,
    async assertCanChange(who) {
      await assertMayChange(who, (await settingsOf(who)).adminsOnly);
    },
    async setAdminsOnly(who, value, now) {
      await assertMaySetAdminsOnly(who);
      // A workspace row exists once a channel of it subscribed; a setting may come first. One
      // statement, so two replicas setting it at once leave the last value, never a duplicate row.
      await db
        .insert(workspaces)
        .values({ platform: who.platform, teamId: who.workspaceId, adminsOnly: value, createdAt: now })
        .onConflictDoUpdate({ target: [workspaces.platform, workspaces.teamId], set: { adminsOnly: value } });
    },
  };
}
