import type Database from 'better-sqlite3';
import type { Invoker } from '../../commands/command-context.ts';
import type { ChannelPolicy } from '../../commands/command-services.ts';
import { UserError } from '../../core/errors.ts';

/**
 * Channel members may change a channel's subscriptions and schedule, unless the workspace
 * restricted that to admins (`workspaces.admins_only`).
 */
export function createSqliteChannelPolicy(sqlite: Database.Database): ChannelPolicy {
  const adminsOnly = sqlite.prepare<[string, string], { admins_only: number }>(
    'SELECT admins_only FROM workspaces WHERE platform = ? AND team_id = ?',
  );
  return {
    assertCanChange(invoker: Invoker) {
      const row = adminsOnly.get(invoker.platform, invoker.workspaceId);
      if (row?.admins_only === 1 && !invoker.isAdmin) {
        throw new UserError(
          'permission.admins_only',
          'In this workspace only admins can change what a channel follows or when it gets its digest.',
          'Ask a workspace admin to make the change.',
        );
      }
    },
  };
}
