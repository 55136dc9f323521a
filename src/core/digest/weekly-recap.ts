/**
 * The weekly recap (issue 20): once a week, on the day a channel chose, at its digest time, the
 * papers its people liked most that week (👍 given, then saves). It is a digest of kind `recap`
 * in the ledger, so it goes out exactly once through the same delivery as the daily digest. A week
 * with nothing liked posts nothing (the recap is opt-in; a line saying so would be noise) but is
 * still recorded, settled with no message, so it is never retried and `/papers recap` can say so.
 */
import { commandLine } from '../command-name.ts';
import type { FeedbackStore } from '../learning/feedback-ports.ts';
import type { Paper } from '../paper.ts';
import { paperToCard } from '../paper-card.ts';
import type { PaperRepository } from '../ports.ts';
import type { Block, Reply } from '../reply.ts';
import type { ChannelSettings } from '../subscriptions/subscription-ports.ts';
import type { LastRecap, RecapChoice, RecapSettings } from './recap-ports.ts';
import { describeSlot, latestSlot, nextSlot, WEEKDAY_NAMES } from './schedule.ts';

/** Papers a recap lists at most: a week's highlights, not the whole reading list. */
export const RECAP_PAPERS = 10;
const WEEK_MS = 7 * 24 * 3_600_000;

/** What delivery needs to post recaps: who asked for one, and what the channels liked. */
export interface RecapDeps {
  settings: RecapSettings;
  feedback: FeedbackStore;
}

/** The recap's schedule: the channel's own post time and zone, on its recap day only. */
function recapSchedule(channel: ChannelSettings, choice: RecapChoice) {
  return { timeZone: channel.timeZone, postTime: channel.postTime, days: WEEKDAY_NAMES[choice.weekday]! };
}

/**
 * The recap slot due at `now`: the latest recap-day post time at or before `now`, not before the
 * recap was turned on. After downtime it is still the latest one, so a channel gets one late
 * recap, never a backlog. Whether it was delivered is the ledger's to say (one per slot).
 */
export function recapSlot(channel: ChannelSettings, choice: RecapChoice, now: Date): Date | null {
  const slot = latestSlot(recapSchedule(channel, choice), now);
  return slot && slot.getTime() >= Date.parse(choice.since) ? slot : null;
}

/** The next recap after `now`, for the reply that turns it on. */
export function nextRecapSlot(channel: ChannelSettings, choice: RecapChoice, now: Date): Date | null {
  return nextSlot(recapSchedule(channel, choice), now);
}

export interface RecapPick {
  paper: Paper;
  /** 👍 given in the week (by distinct people: one rating per person). */
  ups: number;
  /** Who saved it in the week, when someone did. */
  savedBy: string | null;
}

/**
 * The week before `slot` (7 days up to and including it): papers rated 👍 or saved in it, most
 * 👍 first, then saved before not, then the most recent activity; at most RECAP_PAPERS.
 */
export async function selectRecap(deps: { feedback: FeedbackStore; papers: PaperRepository }, channelId: number, slot: Date): Promise<RecapPick[]> {
  const end = slot.getTime();
  const inWeek = (iso: string) => {
    const at = Date.parse(iso);
    return at > end - WEEK_MS && at <= end;
  };
  const tally = new Map<string, { ups: number; savedBy: string | null; latest: string }>();
  const entry = (paperId: string) => tally.get(paperId) ?? tally.set(paperId, { ups: 0, savedBy: null, latest: '' }).get(paperId)!;
  for (const rating of await deps.feedback.ratingsOf(channelId)) {
    if (rating.value !== 'up' || !inWeek(rating.ratedAt)) continue;
    const e = entry(rating.paperId);
    e.ups += 1;
    if (rating.ratedAt > e.latest) e.latest = rating.ratedAt;
  }
  for (const save of await deps.feedback.savesOf(channelId)) {
    if (!inWeek(save.savedAt)) continue;
    const e = entry(save.paperId);
    e.savedBy = save.userName ?? save.userId;
    if (save.savedAt > e.latest) e.latest = save.savedAt;
  }
  const ranked = [...tally.entries()]
    .sort(([, a], [, b]) => b.ups - a.ups || Number(b.savedBy !== null) - Number(a.savedBy !== null) || b.latest.localeCompare(a.latest))
    .slice(0, RECAP_PAPERS);
  const papers = new Map((await deps.papers.getPapers(ranked.map(([id]) => id))).map((p) => [p.id, p]));
  return ranked.flatMap(([id, e]) => {
    const paper = papers.get(id);
    return paper ? [{ paper, ups: e.ups, savedBy: e.savedBy }] : [];
  });
}

function recapReason(pick: RecapPick): string {
  const parts = [];
  if (pick.ups > 0) parts.push(`${pick.ups} 👍`);
  if (pick.savedBy !== null) parts.push(`saved by ${pick.savedBy}`);
  return parts.join(' · ');
}

/** The recap message of a week's `picks` (at least one: a week with nothing liked posts nothing). */
export function buildRecapReply(picks: RecapPick[], slot: Date, channel: ChannelSettings): Reply {
  const blocks: Block[] = [
    { type: 'header', text: `Weekly recap · ${describeSlot(slot, channel.timeZone)}` },
    { type: 'text', text: 'The papers this channel liked most this week', tone: 'muted' },
  ];
  picks.forEach((pick, i) => blocks.push({ type: 'paper', paper: paperToCard(pick.paper, { reason: recapReason(pick) }), rank: i + 1 }));
  blocks.push({ type: 'context', items: [`Rate papers with 👍/👎 or ${commandLine('rate <id> up')}; ${commandLine('recap off')} stops this recap.`] });
  return { blocks, visibility: 'channel' };
}

/**
 * "Last recap: Fri 6 Nov, 09:00 UTC, 3 papers", or how its empty week went: settled with nothing
 * posted (skipped), or, recorded by the recap's first version, posted as a short line saying so.
 */
export function lastRecapLine(last: LastRecap, channel: ChannelSettings): string {
  const when = describeSlot(new Date(last.slot), channel.timeZone);
  if (last.status === 'skipped') return `Last recap: ${when}, empty: nobody rated 👍 or saved a paper that week, so nothing was posted.`;
  if (last.papers === 0) return `Last recap: ${when}, empty: nobody rated 👍 or saved a paper that week, and a short line said so.`;
  return `Last recap: ${when}, ${last.papers} ${last.papers === 1 ? 'paper' : 'papers'}.`;
}
