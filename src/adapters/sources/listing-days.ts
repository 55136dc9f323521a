/** Calendar arithmetic on YYYY-MM-DD days, for listings that are published per day. */

const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'] as const;
const WEEKEND: readonly string[] = ['Saturday', 'Sunday'];
/** arXiv announces and rebuilds its feeds on US Eastern time. */
export const ARXIV_TIME_ZONE = 'America/New_York';

/** The English weekday of a YYYY-MM-DD day ("Wednesday"). */
export function weekdayOf(day: string): string {
  return WEEKDAYS[new Date(`${day}T12:00:00Z`).getUTCDay()]!;
}

/**
 * True when a daily listing is published on this day: not one of the feed's `skipDays`
 * (https://www.rssboard.org/skip-hours-days), or not a weekend when the feed lists none.
 */
export function isPublishingDay(day: string, skipDays: readonly string[] = []): boolean {
  const skipped = skipDays.length > 0 ? skipDays.map((d) => d.trim().toLowerCase()) : WEEKEND.map((d) => d.toLowerCase());
  return !skipped.includes(weekdayOf(day).toLowerCase());
}

/** The YYYY-MM-DD day of an instant in a time zone. */
export function dayIn(instant: Date, timeZone: string): string {
  // en-CA formats dates as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(instant);
}

/** The day `days` after (or before, when negative) a YYYY-MM-DD day. */
export function addDays(day: string, days: number): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/** Every day from `first` to `last`, both included; empty when `first` is after `last`. */
export function daysBetween(first: string, last: string): string[] {
  const days: string[] = [];
  for (let day = first; day <= last; day = addDays(day, 1)) days.push(day);
  return days;
}

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

/** True for a real YYYY-MM-DD day. */
export function isIsoDay(value: string): boolean {
  return ISO_DAY.test(value) && !Number.isNaN(Date.parse(`${value}T00:00:00Z`)) && addDays(value, 0) === value;
}
