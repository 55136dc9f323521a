/**
 * Remembers which shares were made, so a Share button clicked twice (a double click, a retry, a
 * second look at the same private reply) posts into the channel once. A share is one person
 * sharing one command from one message: a bounded, least-recently-used set in memory, because a
 * message's buttons are clicked within minutes of it and a restart forgetting old shares is
 * harmless. Platform-neutral: Slack and Discord each keep one.
 */
import type { ChatPlatform } from '../core/delivery-ports.ts';

/** What makes two share clicks the same share. */
export interface ShareKey {
  platform: ChatPlatform;
  /** Slack team id or Discord guild id (empty in a DM). */
  workspaceId: string;
  channelId: string;
  /** The message whose button was clicked: Slack's `message_ts`, Discord's message id. */
  sourceMessageId: string;
  userId: string;
  command: string;
}

export interface ShareLedger {
  /**
   * Claims `key` for a share about to be posted: true the first time, false when the same share
   * was claimed before (posted, or still being posted) and not released since.
   */
  claim(key: ShareKey): boolean;
  /** Forgets a claim whose post failed, so the person can share again. */
  release(key: ShareKey): void;
}

/** The quiet private answer to a second click on the same Share button. */
export const ALREADY_SHARED_TEXT = 'You already shared this in the channel.';

/** Shares remembered: each entry is a short string, so this is a few megabytes at most. */
export const SHARE_LEDGER_SIZE = 10_000;

function keyText(key: ShareKey): string {
  // JSON keeps the parts apart whatever characters a command holds.
  return JSON.stringify([key.platform, key.workspaceId, key.channelId, key.sourceMessageId, key.userId, key.command]);
}

/** A ledger of at most `size` shares, dropping the least recently claimed first. */
export function createShareLedger(size = SHARE_LEDGER_SIZE): ShareLedger {
  // A Map iterates in insertion order: re-inserting on use keeps the oldest first.
  const shares = new Map<string, true>();
  return {
    claim(key) {
      const text = keyText(key);
      if (shares.has(text)) {
        shares.delete(text);
        shares.set(text, true);
        return false;
      }
      shares.set(text, true);
      if (shares.size > size) shares.delete(shares.keys().next().value as string);
      return true;
    },
    release(key) {
      shares.delete(keyText(key));
    },
  };
}
