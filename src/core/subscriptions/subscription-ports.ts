/** Ports for channels, their subscriptions and their digests. */
import type { ChannelRef } from '../delivery-ports.ts';
import type { Paper } from '../paper.ts';

export interface ChannelSettings {
  /** Store id of the channel row. */
  id: number;
  ref: ChannelRef;
  timeZone: string;
  postTime: string;
  days: string;
  picks: number;
  emptyDay: 'announce' | 'quiet';
  pausedAt: string | null;
  pauseReason: string | null;
  /** The slot (ISO) of the last settled digest, null before the first. */
  lastDigestAt: string | null;
  createdAt: string;
}

export type SubscriptionKind = 'topic' | 'author' | 'category';

export interface Subscription {
  id: number;
  channelId: number;
  kind: SubscriptionKind;
  /** The query (topic, category) or the author's display name (author). */
  query: string;
  authorId: number | null;
  externalId: string | null;
  createdBy: string;
  createdAt: string;
}

export interface NewSubscription {
  kind: SubscriptionKind;
  query: string;
  authorId: number | null;
  externalId: string | null;
  createdBy: string;
}

export type SchedulePatch = Partial<Pick<ChannelSettings, 'timeZone' | 'postTime' | 'days' | 'picks' | 'emptyDay'>>;

/** One paper picked for a digest and why. */
export interface DigestPick {
  paperId: string;
  reason: string;
}

export interface DigestRecord {
  id: number;
  channelId: number;
  slot: string;
  status: 'pending' | 'sent' | 'empty' | 'skipped' | 'failed';
  nonce: string;
  messageRef: string | null;
  picks: DigestPick[];
}

export interface SubscriptionStore {
  findChannel(ref: ChannelRef): ChannelSettings | null;
  /** The channel's row, created (with its workspace) on first use. */
  ensureChannel(ref: ChannelRef, defaults: { timeZone: string; now: string }): ChannelSettings;
  updateSchedule(channelId: number, patch: SchedulePatch): ChannelSettings;
  setPaused(channelId: number, pausedAt: string | null, reason: string | null): void;
  /** Channels with at least one subscription that are not paused. */
  activeChannels(): ChannelSettings[];

  listSubscriptions(channelId: number): Subscription[];
  countSubscriptions(channelId: number): number;
  /** Adds a subscription; returns the existing one when the same kind and query is already there. */
  addSubscription(channelId: number, subscription: NewSubscription, now: string): { subscription: Subscription; created: boolean };
  removeSubscription(channelId: number, subscriptionId: number): Subscription | null;

  /** Papers by any of these authors (store ids), first seen at or after `since`. */
  papersByAuthors(authorIds: number[], since: string, limit: number): Paper[];
  /** Papers already delivered (or pending) to the channel, among the given ids. */
  deliveredAmong(channelId: number, paperIds: string[]): Set<string>;

  findDigest(channelId: number, slot: string): DigestRecord | null;
  /** Digests recorded as pending (created, maybe posted, not confirmed). */
  pendingDigests(): DigestRecord[];
  /** Records a digest and its picks as pending, atomically, before anything is posted. */
  createPendingDigest(channelId: number, slot: string, nonce: string, picks: DigestPick[], now: string): DigestRecord;
  /** Marks a digest and its deliveries sent, and moves the channel's last digest to its slot. */
  markDigestSent(digestId: number, messageRef: string, now: string): void;
  /** Settles a digest that posted nothing (empty quiet day) or could not post; frees its picks on failure. */
  settleDigest(digestId: number, status: 'empty' | 'skipped' | 'failed', error: string | null, now: string): void;
}

/** A known author with the evidence a user needs to tell namesakes apart. */
export interface AuthorProfile {
  id: number;
  name: string;
  paperCount: number;
  recentTitles: string[];
  coAuthors: string[];
  affiliation: string | null;
  orcid: string | null;
  openalexId: string | null;
  semanticScholarId: string | null;
}

export interface AuthorDirectory {
  /** Authors whose name key is exactly this. */
  exact(nameKey: string): AuthorProfile[];
  /** Candidate authors sharing a name token with the query, for fuzzy ranking. */
  candidates(tokens: string[], limit: number): Array<{ id: number; name: string }>;
  profile(id: number): AuthorProfile | null;
  /** Authors carrying this external id (ORCID, OpenAlex A…, Semantic Scholar id). */
  byExternalId(externalId: string): AuthorProfile[];
}

/**
 * Links an external author id to the store's author rows by asking the source that issued it
 * (Semantic Scholar, OpenAlex): the author's papers with arXiv ids name the spellings to link.
 * Returns how many author rows now carry the id.
 */
export interface AuthorLinker {
  linkExternalId(externalId: string): Promise<number>;
}

/** Source health, for digests that run on a day a source was degraded. */
export interface SourceHealth {
  /** One line describing sources degraded since `since` (ISO), or null when all were healthy. */
  degradedNotice(since: string): string | null;
}
