/** Ports for channels, their subscriptions and their digests. */
import type { Awaitable } from '../awaitable.ts';
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
  /** The highest paper `seq` a settled digest looked at; the next digest takes papers above it. Null before the first. */
  papersThroughSeq: number | null;
  /** The user who last changed the channel's subscriptions (told directly when its digests pause). */
  lastChangedBy: string | null;
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
  /** The highest paper `seq` when it was made: it matches papers above it only. */
  afterSeq: number;
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


export interface SubscriptionStore {
  findChannel(ref: ChannelRef): Awaitable<ChannelSettings | null>;
  /** The channel's row, created (with its workspace) on first use. */
  ensureChannel(ref: ChannelRef, defaults: { timeZone: string; now: string }): Awaitable<ChannelSettings>;
  updateSchedule(channelId: number, patch: SchedulePatch): Awaitable<ChannelSettings>;
  setPaused(channelId: number, pausedAt: string | null, reason: string | null): Awaitable<void>;
  /** Channels with at least one subscription that are not paused. */
  activeChannels(): Awaitable<ChannelSettings[]>;
  /** The paused channels of one workspace (for /papers status). */
  pausedChannels(platform: ChannelRef['platform'], workspaceId: string): Awaitable<ChannelSettings[]>;
  /** One workspace's channels with at least one subscription, paused or not, oldest first (Slack's Home tab). */
  subscribedChannels(platform: ChannelRef['platform'], workspaceId: string): Awaitable<ChannelSettings[]>;

  listSubscriptions(channelId: number): Awaitable<Subscription[]>;
  countSubscriptions(channelId: number): Awaitable<number>;
  /** Adds a subscription; returns the existing one when the same kind and query is already there. */
  addSubscription(channelId: number, subscription: NewSubscription, now: string): Awaitable<{ subscription: Subscription; created: boolean }>;
  removeSubscription(channelId: number, subscriptionId: number): Awaitable<Subscription | null>;

  /**
   * Papers of a follow with `seq` in (afterSeq, throughSeq], newest first: those by any of its
   * author rows, and those a source names the followed id as an author of (one person, even when
   * the name on the paper is shared).
   */
  papersByFollow(follow: FollowedAuthor, range: SeqRange, limit: number): Awaitable<Paper[]>;
  /** Papers already delivered (or pending) to the channel, among the given ids. */
  deliveredAmong(channelId: number, paperIds: string[]): Awaitable<Set<string>>;
}

/** Who a follow means in the store: author rows (store ids), and the external id it was made with. */
export interface FollowedAuthor {
  authorIds: number[];
  /** `s2:<id>`, an OpenAlex `A…` id or an ORCID, as `follow` normalised it; null for a follow by name. */
  externalId: string | null;
}

/** Papers by store sequence: above `after`, up to and including `through`. */
export interface SeqRange {
  after: number;
  through: number;
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

/** One of an author row's papers, with its other authors: what tells the people behind a name apart. */
export interface AuthorPaper {
  paperId: string;
  title: string;
  /** YYYY-MM-DD, null when unknown. */
  published: string | null;
  /** arXiv categories, the primary first. */
  categories: string[];
  /** The paper's other authors (store rows). */
  coAuthors: Array<{ id: number; name: string; nameKey: string }>;
}

/** How often the parts of a name occur among the store's author rows (one row per name key). */
export interface NameStatistics {
  /** Author rows in the store. */
  authors: number;
  /** Rows whose given names (every word of the key but the last) are `given`. */
  withGivenNames(given: string): number;
  /** Rows whose family name (the key's last word) is `family`. */
  withFamilyName(family: string): number;
}

export interface AuthorDirectory {
  /** Authors whose name key is exactly this. */
  exact(nameKey: string): Awaitable<AuthorProfile[]>;
  /** Candidate authors sharing a name token with the query, for fuzzy ranking. */
  candidates(tokens: string[], limit: number): Awaitable<Array<{ id: number; name: string }>>;
  profile(id: number): Awaitable<AuthorProfile | null>;
  /** Authors carrying this external id (ORCID, OpenAlex A…, Semantic Scholar id). */
  byExternalId(externalId: string): Awaitable<AuthorProfile[]>;
  /** The author row's papers, newest first, at most `limit`, each with its co-authors. */
  papersOf(authorId: number, limit: number): Awaitable<AuthorPaper[]>;
  /** The store's name statistics (kept current as authors are added). */
  nameStatistics(): Awaitable<NameStatistics>;
}

/** A person a scholarly index (Semantic Scholar, OpenAlex) knows by a name, offered to be followed by id. */
export interface ExternalAuthorCandidate {
  source: 'semantic-scholar' | 'openalex';
  /** What `follow` takes: `s2:<id>` or an OpenAlex id (A…). */
  followId: string;
  name: string;
  /** The most recent institution the source names, null when it names none. */
  affiliation: string | null;
  paperCount: number | null;
  /** The newest title the source listed, null when it lists none (OpenAlex's author search lists no works). */
  recentTitle: string | null;
  orcid: string | null;
  /** Versionless arXiv ids of the author's papers the source listed. */
  arxivIds: string[];
}

/** Why a source could not be asked: `unreachable` (offline, DNS, refused) or any other failure. */
export interface AuthorSearchFailure {
  source: 'semantic-scholar' | 'openalex';
  unreachable: boolean;
  message: string;
}

export interface AuthorSearchResult {
  /** Candidates whose name fits the one asked for, from every source that answered. */
  candidates: ExternalAuthorCandidate[];
  /** Sources that could not be asked; every source failed when `candidates` is empty and this names them all. */
  failures: AuthorSearchFailure[];
}

/** Asks Semantic Scholar and OpenAlex author search who publishes under a name. Never throws for a source's failure. */
export interface AuthorSearch {
  searchAuthors(name: string): Promise<AuthorSearchResult>;
}

/** What linking an external id did. */
export interface AuthorLink {
  /** Author rows that now carry the id. */
  carriers: number;
  /** Stored papers the source names the id an author of: what the follow matches besides the carriers' papers. */
  papers: number;
  /** The name the source gives the author, null when it listed no paper of theirs. */
  name: string | null;
  /**
   * Display names of rows the id was not written to because several people publish under that
   * name (namesakes.ts): writing it would make the follow match every namesake's papers.
   */
  sharedNames: string[];
}

/**
 * Links an external author id to the store's author rows by asking the source that issued it
 * (Semantic Scholar, OpenAlex): the author's papers with arXiv ids name the spellings to link.
 * It also searches those sources by name (AuthorSearch), through the same polite clients.
 */
export interface AuthorLinker extends AuthorSearch {
  linkExternalId(externalId: string): Promise<AuthorLink>;
}

/** Source health, for digests that run on a day a source was degraded. */
export interface SourceHealth {
  /** One line describing sources degraded since `since` (ISO), or null when all were healthy. */
  degradedNotice(since: string): Awaitable<string | null>;
}
