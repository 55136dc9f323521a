/**
 * How patiently a digest is retried. A transient failure (a 429, a platform hiccup) is tried again
 * with exponential backoff, a bounded number of times; an error paperboy does not know is given a
 * few tries before the channel pauses with the raw code shown. A send with an unknown outcome is
 * looked up soon after (the platform may still be finishing it), and never posted again blindly.
 */

/** Delay before the next try after `attempts` failed ones: 1, 2, 4 … minutes, at most an hour. */
export function retryDelayMs(attempts: number): number {
  return Math.min(60_000 * 2 ** Math.max(0, attempts), 60 * 60_000);
}

/** Tries of a transient failure before the channel pauses (about 9 hours of backoff). */
export const MAX_RETRIES = 12;

/** Tries of an error the adapter's table does not know before the channel pauses. */
export const MAX_UNCLASSIFIED_RETRIES = 3;

/** A send with no answer is looked up this long after. */
export const UNKNOWN_RECHECK_MS = 30_000;

/** Failed look-ups of an unconfirmed post before the team is told (once per digest). */
export const UNCONFIRMED_NOTICE_AFTER = 3;

/** Channels delivered at the same time by one scheduler tick (each channel's messages stay in order). */
export const DIGEST_CONCURRENCY = 8;

/**
 * How long a channel's lease lasts without renewal. The delivering process renews it every third of
 * that (deliver-digest.ts keepLeaseAlive), so only a dead process lets it lapse: another replica
 * then takes the channel over within this long plus LEASE_RECHECK_MS (issue 21: within a minute).
 * Twice Slack's and Discord's 15 s client timeouts, so one slow send is no reason to lose it.
 */
export const LEASE_TTL_MS = 30_000;

/** A scheduler that found a channel's lease held by another process looks again this much later. */
export const LEASE_RECHECK_MS = 10_000;
