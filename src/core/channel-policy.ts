/**
 * Who may change a channel's subscriptions and schedule: the port the command dispatcher and
 * `/papers settings` ask, and the store implements (adapters/store/sqlite-channel-policy.ts).
 */
import type { Platform } from './delivery-ports.ts';

/**
 * Whether a person is a workspace admin: known at once where the platform sends it with every
 * request (the console; Discord's member permissions), or a question whose answer costs a platform
 * call (Slack's users.info), asked only by a policy that needs the answer.
 */
export type AdminCheck = boolean | (() => Promise<boolean>);

/** The answer of an AdminCheck, asking the platform when it is a question. */
export async function answerAdminCheck(check: AdminCheck): Promise<boolean> {
  return typeof check === 'function' ? check() : check;
}

/** A workspace: a Slack team, a Discord server (or `dm`), or the console. */
export interface WorkspaceRef {
  platform: Platform;
  /** Slack team id, Discord guild id, or `console`. */
  workspaceId: string;
}

/** Who asks to change a channel, as far as a policy needs to know. */
export interface ChannelChanger extends WorkspaceRef {
  isAdmin: AdminCheck;
}

/** A workspace's rules for changing its channels. */
export interface WorkspaceSettings {
  /** Only workspace admins may change what a channel follows, its schedule or its digests. */
  adminsOnly: boolean;
}

/** Who may change a channel's subscriptions and schedule. */
export interface ChannelPolicy {
  /** Throws UserError when `who` may not change this channel's settings; asks `who.isAdmin` only when the rule depends on it. */
  assertCanChange(who: ChannelChanger): void | Promise<void>;
  /** The workspace's rules; a workspace that never set any has the defaults (every member may change a channel). */
  settingsOf(workspace: WorkspaceRef): WorkspaceSettings;
  /**
   * Sets whether only admins may change the workspace's channels. Only a workspace admin may set
   * it, either way: throws UserError for anyone else (asking `who.isAdmin`). `now` is an ISO time.
   */
  setAdminsOnly(who: ChannelChanger, adminsOnly: boolean, now: string): Promise<void>;
}
