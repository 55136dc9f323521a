/**
 * The digest ledger: what each channel's digests hold and how far each message got, plus the
 * channel lease that lets exactly one process deliver a channel's digests at a time. Every
 * write that leads to a post is guarded by the lease, so a process that lost it (it stalled past
 * the expiry and another took over) cannot post a pending message.
 */
import type { Awaitable } from '../awaitable.ts';
import type { DigestPick } from '../subscriptions/subscription-ports.ts';

export type DigestStatus = 'pending' | 'sent' | 'empty' | 'skipped' | 'failed';
export type MessageStatus = 'pending' | 'attempted' | 'sent';
/** `daily`: the channel's new papers; `recap`: its week's most-liked papers (weekly-recap.ts). */
export type DigestKind = 'daily' | 'recap';

export interface DigestMessageRecord {
  position: number;
  payload: unknown;
  paperIds: string[];
  status: MessageStatus;
  messageRef: string | null;
  /** When the last send began (ISO): a look-up for an unconfirmed send searches from a little before it. */
  attemptedAt: string | null;
}

export interface DigestRecord {
  id: number;
  channelId: number;
  slot: string;
  kind: DigestKind;
  status: DigestStatus;
  /** Random per digest; message markers are `<key>.<position>`. */
  key: string;
  throughSeq: number | null;
  picks: DigestPick[];
  messages: DigestMessageRecord[];
  attempts: number;
  nextTryAt: string | null;
  lastError: string | null;
  noticeSentAt: string | null;
  createdAt: string;
}

export interface NewDigest {
  channelId: number;
  slot: string;
  /** `daily` when absent. A recap records no picks and never moves the channel's bounds. */
  kind?: DigestKind;
  key: string;
  throughSeq: number;
  picks: DigestPick[];
  messages: Array<{ payload: unknown; paperIds: string[] }>;
  now: string;
}

/** A channel's lease: who holds it, until when (ISO). */
export interface LeaseHolder {
  holder: string;
  ttlMs: number;
}

export interface DigestLedger {
  /** Takes the channel's lease when it is free, expired or already ours; false when another live process holds it. */
  acquireLease(channelId: number, lease: LeaseHolder, now: Date): Awaitable<boolean>;
  /** Extends our lease; false when it is no longer ours (then nothing may be posted). */
  renewLease(channelId: number, lease: LeaseHolder, now: Date): Awaitable<boolean>;
  releaseLease(channelId: number, holder: string): Awaitable<void>;

  /** The channel's digest of that slot and kind (`daily` when absent). */
  findDigest(channelId: number, slot: string, kind?: DigestKind): Awaitable<DigestRecord | null>;
  /** The channel's unsettled digests, oldest first. */
  unsettledDigests(channelId: number): Awaitable<DigestRecord[]>;
  /** Every unsettled digest (for the scheduler and `/papers status`). */
  allUnsettled(): Awaitable<DigestRecord[]>;
  /** The channels that have an unsettled digest: what each tick needs, without loading the digests. */
  channelsWithUnsettled(): Awaitable<Set<number>>;
  /** The highest paper `seq` in the store now: a selection reads it first and looks at nothing above it. */
  currentPaperSeq(): Awaitable<number>;

  /** Records a digest, its messages and its picks as pending, atomically, if we hold the lease; null otherwise. */
  createDigest(digest: NewDigest, lease: LeaseHolder, now: Date): Awaitable<DigestRecord | null>;
  /** Marks a message as being sent (before the send), if we hold the lease; false otherwise. */
  markAttempt(digestId: number, position: number, lease: LeaseHolder, now: Date): Awaitable<boolean>;
  /** A message's send did not happen (the platform refused it before posting): back to pending. */
  markNotSent(digestId: number, position: number): Awaitable<void>;
  /**
   * Marks a message sent with its platform reference, and its papers delivered. When it was the
   * digest's last message, the digest is sent and the channel's last slot and paper bound advance.
   */
  markMessageSent(digestId: number, position: number, messageRef: string, now: string): Awaitable<void>;
  /** Records a failed try: the reason shown to people and when the next try is due. */
  deferDigest(digestId: number, reason: string, nextTryAt: string): Awaitable<void>;
  /** Records that the team was told about this digest's trouble. */
  markNoticeSent(digestId: number, now: string): Awaitable<void>;
  /** Settles a digest with nothing to post (an empty quiet day): the channel's bounds advance. */
  settleSkipped(digestId: number, now: string): Awaitable<void>;
  /** Settles a digest that cannot be delivered: the papers of its unsent messages are free for a later digest. */
  failDigest(digestId: number, reason: string, now: string): Awaitable<void>;
}
