/** Which channels asked for a weekly recap of their most-liked papers, and on which day. */
import type { Awaitable } from '../awaitable.ts';

/** A channel's recap choice. */
export interface RecapChoice {
  /** Local weekday, 0 = Sunday … 6 = Saturday (schedule.ts WEEKDAY_NAMES). */
  weekday: number;
  /** When it was turned on (ISO): no recap slot before it is posted. */
  since: string;
}

/** The channel's last recap that is done, as the digest ledger holds it. */
export interface LastRecap {
  /** The recap's slot (ISO). */
  slot: string;
  /**
   * `skipped`: nothing was liked that week and nothing was posted. `sent`: its message went out;
   * with 0 papers it was the short "Nobody here rated 👍 or saved a paper this week." line that the
   * first version of the recap posted for an empty week, in channels that announce their empty days.
   */
  status: 'sent' | 'skipped';
  /** Papers it listed. */
  papers: number;
}

export interface RecapSettings {
  recapOf(channelId: number): Awaitable<RecapChoice | null>;
  /** The channel's latest recap that was posted or settled with nothing to post; null before its first. */
  lastRecap(channelId: number): Awaitable<LastRecap | null>;
  /** Turns the channel's recap on (a choice) or off (null). */
  setRecap(channelId: number, choice: RecapChoice | null, changedBy: string): Awaitable<void>;
  /** Every channel with a recap on: what each scheduler tick reads, in one query. */
  allRecaps(): Awaitable<Map<number, RecapChoice>>;
}
