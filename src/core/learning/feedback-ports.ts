/**
 * Ports for what a channel tells paperboy about papers: 👍/👎 ratings and saves, kept per channel
 * (the store's channel row, which belongs to one workspace: a workspace's ratings are read only
 * for its own channels), and the corpus a channel's model samples its background from.
 */
import type { Awaitable } from '../awaitable.ts';
import type { Paper } from '../paper.ts';
import type { SeqRange } from '../subscriptions/subscription-ports.ts';

export type RatingValue = 'up' | 'down';

/** One person's rating of one paper in one channel. */
export interface Rating {
  paperId: string;
  userId: string;
  /** The name the platform gave with the rating, null when it gave none. */
  userName: string | null;
  value: RatingValue;
  /** ISO time of the last change. */
  ratedAt: string;
}

/** A paper a channel saved to its reading list, and who saved it first. */
export interface SavedPaper {
  paperId: string;
  userId: string;
  userName: string | null;
  savedAt: string;
}

/** Who acts, as the platform vouched for them. */
export interface Rater {
  userId: string;
  userName: string | null;
}

export interface FeedbackStore {
  /**
   * Sets (or with null clears) this person's rating of the paper in the channel; returns the rating
   * before. A clear with `onlyIf` clears only a rating of that value, in the same transaction (a
   * removed 👍 reaction must not clear the 👎 its person clicked since).
   */
  setRating(channelId: number, paperId: string, rater: Rater, value: RatingValue | null, now: string, onlyIf?: RatingValue): Awaitable<RatingValue | null>;
  /** Every rating in the channel, oldest change first. */
  ratingsOf(channelId: number): Awaitable<Rating[]>;
  /** Saves the paper to the channel's reading list; an already saved paper keeps its first saver. */
  save(channelId: number, paperId: string, rater: Rater, now: string): Awaitable<{ saved: SavedPaper; created: boolean }>;
  /** The channel's reading list, newest save first. */
  savesOf(channelId: number): Awaitable<SavedPaper[]>;
}

export interface LearningCorpus {
  /**
   * About `size` papers drawn evenly from the whole store, the same papers for the same seed and
   * store: a model's background negatives. The cost depends on `size`, not on the store's size.
   */
  samplePapers(size: number, seed: number): Awaitable<Paper[]>;
  /** Papers with store sequence in the range, newest first, at most `limit`: candidates outside the subscriptions. */
  papersInRange(range: SeqRange, limit: number): Awaitable<Paper[]>;
  /**
   * The highest store sequence of a paper first seen before `since` (ISO), 0 when none: the papers
   * above it are those that arrived since (seeds loaded into a new store arrive with its creation).
   */
  seqBefore(since: string): Awaitable<number>;
}
