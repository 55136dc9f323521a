/**
 * Ports for posting into chat channels, implemented by each chat adapter (Slack, Discord,
 * console) and used by the digest job. The unit of delivery is one platform message: a digest
 * is rendered once into its messages, each recorded and delivered on its own, so a failure or a
 * crash between message 2 and 3 sends exactly message 3 again (docs/delivery.md).
 */
import type { Awaitable } from './awaitable.ts';
import type { Reply } from './reply.ts';

/** The chat platforms paperboy serves: the one list (the store's `workspaces.platform` column takes it too). */
export const PLATFORMS = ['slack', 'discord', 'console'] as const;

export type Platform = (typeof PLATFORMS)[number];

/** The platforms paperboy reaches over the network (everything but the console). */
export type ChatPlatform = Exclude<Platform, 'console'>;

/** A channel on a platform. `workspaceId` is the Slack team id, the Discord guild id, or `console`. */
export interface ChannelRef {
  platform: Platform;
  workspaceId: string;
  channelId: string;
}

/** One platform message of a reply, as the adapter rendered it: a JSON-serialisable payload and the papers it carries. */
export interface RenderedMessage {
  payload: unknown;
  paperIds: string[];
}

/**
 * What identifies one message of one digest on the platform. The adapter writes `id` into the
 * message where the platform's own listing returns it (Slack message metadata, a Discord embed
 * footer), so a look-up can tell whether the message was posted.
 */
export interface MessageMarker {
  /** `<digest key>.<position>`: unique to this message of this digest. */
  id: string;
  position: number;
  count: number;
}

/** Why a post cannot succeed until someone changes something, and what to change. */
export interface PermanentFailure {
  /** The platform's own code (`missing_scope`, `discord 50013`), shown as is. */
  code: string;
  /** What went wrong, for people: "paperboy is missing the chat:write scope". */
  reason: string;
  /** What to do about it: "Reinstall paperboy from its manifest …". */
  fix: string;
  /** Whether paperboy can still post a notice into the channel (msg_too_long: yes; channel_not_found: no). */
  channelReachable: boolean;
}

/**
 * The outcome of sending one message.
 * - `sent`: posted; `messageRef` identifies it (Slack `ts`, Discord message id).
 * - `unknown`: the platform may have posted it (a timeout, a 5xx, a reset connection, Slack's
 *   internal_error): it must be looked up before it is sent again.
 * - `retry`: the platform did not post it (429, a documented transient refusal); send later.
 *   `unclassified` when the error is not in the adapter's table (a few retries, then a pause).
 * - `permanent`: it will keep failing until someone acts; the channel's digests pause.
 */
export type SendOutcome =
  | { status: 'sent'; messageRef: string }
  | { status: 'unknown'; reason: string }
  | { status: 'retry'; reason: string; retryAfterMs?: number; unclassified?: boolean }
  | { status: 'permanent'; failure: PermanentFailure };

/** Whether a marked message is in the channel; `unknown` when the platform could not say (429, no access, network). */
export type LookupOutcome = { status: 'found'; messageRef: string } | { status: 'absent' } | { status: 'unknown'; reason: string };

export interface Poster {
  /** Renders a reply into the messages that carry it, in order, within the platform's limits. */
  render(reply: Reply): RenderedMessage[];
  /**
   * Sends one rendered message with its marker, once: the adapter never retries a send whose
   * outcome is unknown (its SDK's automatic retries are off for it); the caller looks it up.
   */
  send(channel: ChannelRef, payload: unknown, marker: MessageMarker): Promise<SendOutcome>;
  /** Looks for the message with this marker among the channel's messages posted since `since`, as deep as needed. */
  lookup(channel: ChannelRef, marker: MessageMarker, since: Date): Promise<LookupOutcome>;
  /**
   * Tells people something outside a digest: into the channel (`userId` null) or as a direct
   * message to a user. Returns whether it was posted; never throws.
   */
  notify(channel: ChannelRef, userId: string | null, reply: Reply): Promise<boolean>;
}

/** Pauses channels the bot can no longer post to (events like channel_left, GUILD_DELETE). */
export interface ChannelPauser {
  /** Pauses one channel's digests with a reason; unknown channels are ignored. */
  pauseChannel(channel: ChannelRef, reason: string): Awaitable<void>;
  /** Pauses every channel of a workspace (the app was uninstalled, the bot removed from a guild). */
  pauseWorkspace(platform: ChannelRef['platform'], workspaceId: string, reason: string): Awaitable<void>;
}
