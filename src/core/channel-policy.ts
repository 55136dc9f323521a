/**
 * Who may change a channel's subscriptions and schedule: the port the command dispatcher and
 * `/papers settings` ask, and the store implements (adapters/store/sqlite-channel-policy.ts).
 */
import type { Awaitable } from './awaitable.ts';
import type { Platform } from './delivery-ports.ts';

/**
 * A yes or no the platform vouches for: known at once where it comes with every request, or a
 * question whose answer costs a platform call, asked only by a policy that needs the answer.
 */
export type PlatformCheck = boolean | (() => Promise<boolean>);

/**
 * Whether a person is a workspace admin: known at once on the console and Discord (its member
 * permissions), a question on Slack (users.info).
 */
export type AdminCheck = PlatformCheck;

/** The answer of a PlatformCheck (an AdminCheck or another), asking the platform when it is a question. */
export async function answerPlatformCheck(check: PlatformCheck): Promise<boolean> {
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
  /**
   * Whether the channel is the person's own DM with paperboy, where nobody else reads: what it
   * follows is theirs alone, so admins-only does not apply (no admin could act there for them).
   * Absent: it is not.
   */
  inOwnDirectMessage?: PlatformCheck;
}

/** A workspace's rules for changing its channels. */
export interface WorkspaceSettings {
  /** Only workspace admins may change what a channel follows, its schedule or its digests. */
  adminsOnly: boolean;
}

/** Who may change a channel's subscriptions and schedule. */
export interface ChannelPolicy {
  /**
   * Throws UserError when `who` may not change this channel's settings; asks `who.inOwnDirectMessage`
   * and `who.isAdmin` only when the rule depends on them.
   */
  assertCanChange(who: ChannelChanger): void | Promise<void>;
  /** The workspace's rules; a workspace that never set any has the defaults (every member may change a channel). */
  settingsOf(workspace: WorkspaceRef): Awaitable<WorkspaceSettings>;
  /**
   * Sets whether only admins may change the workspace's channels. Only a workspace admin may set
   * it, either way: throws UserError for anyone else (asking `who.isAdmin`). `now` is an ISO time.
   */
  setAdminsOnly(who: ChannelChanger, adminsOnly: boolean, now: string): Promise<void>;
}
