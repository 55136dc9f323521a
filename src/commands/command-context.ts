import type { AdminCheck, PlatformCheck } from '../core/channel-policy.ts';
import type { Platform } from '../core/delivery-ports.ts';
import type { Logger } from '../core/logger.ts';
import type { Clock } from '../core/ports.ts';
import type { CommandServices } from './command-services.ts';
import type { CommandSpec } from './command-spec.ts';

/** Why paperboy cannot post its digests where a command ran, and what the user can do about it. */
export interface PostingProblem {
  /** What is wrong, completing “paperboy cannot post in this channel: …” (no final period). */
  reason: string;
  /** The step that fixes it, a sentence without its final period (“Invite it with /invite @paperboy”). */
  fix: string;
}

/**
 * Asks the platform whether paperboy can post (and read back) its digests in the invoker's channel.
 * Resolves to null when it can, to the problem when it cannot; rejects when the platform could not
 * tell (rate limit, network), and then the command goes ahead rather than block the user.
 */
export type PostingCheck = () => Promise<PostingProblem | null>;

/** Who ran a command, and where. */
export interface Invoker {
  platform: Platform;
  /** Slack team id, Discord guild id, or `console`. */
  workspaceId: string;
  channelId: string;
  userId: string;
  userName: string | null;
  /**
   * Workspace admin (Slack admin/owner, Discord Manage Server / Manage Channels): a boolean where
   * the platform says so with the request, a question where asking costs a call (Slack). The
   * channel policy asks it only for a channel change in a workspace that limits those to admins.
   */
  isAdmin: AdminCheck;
  /**
   * Whether the channel is the invoker's own DM with paperboy, as the platform vouches (Slack:
   * conversations.info); there admins-only does not apply. Absent where there is no such DM.
   */
  inOwnDirectMessage?: PlatformCheck;
  /**
   * Whether paperboy can post in this channel, asked before a command sets up digests there
   * (subscribe, follow, schedule, resume). Absent where it always can (the console).
   */
  postingCheck?: PostingCheck;
}

export interface CommandContext {
  invoker: Invoker;
  services: CommandServices;
  clock: Clock;
  log: Logger;
  /** Every command, for help. */
  commands: readonly CommandSpec[];
}
