/**
 * Who may change a channel, given the workspace's admins-only flag: the rule both stores'
 * ChannelPolicy apply (sqlite-channel-policy.ts, postgres/pg-channel-policy.ts), so they ask the
 * platform the same questions, in the same order, and refuse with the same words. Only the flag
 * comes from the store.
 */
import { answerPlatformCheck, type ChannelChanger } from '../../core/channel-policy.ts';
import { UserError } from '../../core/errors.ts';

/** Throws UserError when `who` may not change a channel of a workspace whose admins-only flag is `adminsOnly`. */
export async function assertMayChange(who: ChannelChanger, adminsOnly: boolean): Promise<void> {
  if (!adminsOnly) return;
  // Someone's own DM with paperboy is theirs alone: admins-only would leave them no way to a digest of their own.
  if (who.inOwnDirectMessage !== undefined && (await answerPlatformCheck(who.inOwnDirectMessage))) return;
  if (await answerPlatformCheck(who.isAdmin)) return;
  throw new UserError(
    'permission.admins_only',
    'In this workspace only admins can change what a channel follows or when it gets its digest.',
    'Ask a workspace admin to make the change.',
  );
}

/** Throws UserError unless `who` is a workspace admin: the only one who may set admins-only, either way. */
export async function assertMaySetAdminsOnly(who: ChannelChanger): Promise<void> {
  // Either way: a member who could turn the rule off could undo any admin's decision.
  if (await answerPlatformCheck(who.isAdmin)) return;
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
