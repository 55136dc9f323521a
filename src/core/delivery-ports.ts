/**
 * Ports for posting into chat channels, implemented by each chat adapter (Slack, Discord,
 * console) and used by the digest job.
 */
import type { Reply } from './reply.ts';

/** A channel on a platform. `workspaceId` is the Slack team id, the Discord guild id, or `console`. */
export interface ChannelRef {
  platform: 'slack' | 'discord' | 'console';
  workspaceId: string;
  channelId: string;
}

export interface PostRequest {
  channel: ChannelRef;
  reply: Reply;
  /**
   * A key unique to this digest: the same key means the same message. Adapters pass it to the
   * platform where it supports idempotency (Discord `nonce` + `enforce_nonce`, Slack message
   * metadata) so a retried post is not duplicated.
   */
  idempotencyKey: string;
}

/**
 * The outcome of a post.
 * - `sent`: posted; `messageRef` identifies the message (Slack `ts`, Discord message id).
 * - `channel-gone`: the bot can no longer post there (removed, archived, no access, token revoked);
 *   the channel's subscriptions are paused with `reason`, and retrying is pointless.
 * - `failed`: a transient failure that survived the adapter's own retries; the digest is retried later.
 */
export type PostResult =
  | { status: 'sent'; messageRef: string }
  | { status: 'channel-gone'; reason: string }
  | { status: 'failed'; reason: string };

export interface Poster {
  post(request: PostRequest): Promise<PostResult>;
  /**
   * Finds a message already posted with this idempotency key (after a crash between posting and
   * recording), or null. Adapters that cannot look return null and rely on platform idempotency.
   */
  findPosted(channel: ChannelRef, idempotencyKey: string): Promise<string | null>;
}

/** Pauses channels the bot can no longer post to (events like channel_left, GUILD_DELETE). */
export interface ChannelPauser {
  /** Pauses one channel's digests with a reason; unknown channels are ignored. */
  pauseChannel(channel: ChannelRef, reason: string): void;
  /** Pauses every channel of a workspace (the app was uninstalled, the bot removed from a guild). */
  pauseWorkspace(platform: ChannelRef['platform'], workspaceId: string, reason: string): void;
}
