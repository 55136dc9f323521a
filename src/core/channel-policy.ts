/**
 * Who may change a channel's subscriptions and schedule: the port the command dispatcher asks
 * and the store implements (adapters/store/sqlite-channel-policy.ts).
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

/** Who asks to change a channel, as far as a policy needs to know. */
export interface ChannelChanger {
  platform: Platform;
  /** Slack team id, Discord guild id, or `console`. */
  workspaceId: string;
  isAdmin: AdminCheck;
}

/** Who may change a channel's subscriptions and schedule. */
export interface ChannelPolicy {
  /** Throws UserError when `who` may not change this channel's settings; asks `who.isAdmin` only when the rule depends on it. */
  assertCanChange(who: ChannelChanger): void | Promise<void>;
}
