/**
 * When a channel's digest is due: a local post time on chosen weekdays in the channel's own time
 * zone. All arithmetic goes through Intl, so daylight-saving changes move the UTC instant and
 * never the local time.
 */
import { fail, ok, type Result } from '../errors.ts';

export const WEEKDAY_NAMES = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;

export interface Schedule {
  timeZone: string;
  /** HH:MM, 24-hour local time. */
  postTime: string;
  /** `daily`, `weekdays`, or a comma list of mon..sun. */
  days: string;
}

export function isValidTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}

/** Validates a time zone name, returning the canonical spelling Intl uses. */
export function parseTimeZone(value: string): Result<string> {
  if (!isValidTimeZone(value)) {
    return fail('schedule.bad_time_zone', `“${value}” is not a time zone paperboy knows.`, 'Use an IANA name such as Europe/Berlin, America/New_York, Asia/Tokyo or UTC.');
  }
  return ok(new Intl.DateTimeFormat('en-US', { timeZone: value }).resolvedOptions().timeZone);
}

/** Parses 9:00, 09:00 or 21:30 into HH:MM. */
export function parsePostTime(value: string): Result<string> {
  const match = /^([01]?\d|2[0-3]):([0-5]\d)$/.exec(value.trim());
  if (!match) return fail('schedule.bad_time', `“${value}” is not a time of day.`, 'Write it as HH:MM in 24-hour time, e.g. 09:00 or 17:30.');
  return ok(`${match[1]!.padStart(2, '0')}:${match[2]}`);
}

/** The weekdays (0 = Sunday) a `days` setting posts on. */
export function postingDays(days: string): Set<number> {
  if (days === 'daily') return new Set([0, 1, 2, 3, 4, 5, 6]);
  if (days === 'weekdays') return new Set([1, 2, 3, 4, 5]);
  return new Set(days.split(',').map((d) => WEEKDAY_NAMES.indexOf(d.trim() as (typeof WEEKDAY_NAMES)[number])).filter((d) => d >= 0));
}

interface LocalParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  weekday: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      weekday: 'short',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** The wall-clock date and time of an instant in a time zone. */
export function localParts(instant: Date, timeZone: string): LocalParts {
  const parts = Object.fromEntries(formatterFor(timeZone).formatToParts(instant).map((p) => [p.type, p.value]));
  return {
    year: Number(parts['year']),
    month: Number(parts['month']),
    day: Number(parts['day']),
    hour: Number(parts['hour']),
    minute: Number(parts['minute']),
    weekday: WEEKDAY_NAMES.indexOf(String(parts['weekday']).toLowerCase().slice(0, 3) as (typeof WEEKDAY_NAMES)[number]),
  };
}

/**
 * The UTC instant of a local wall-clock time in a zone. A time skipped by a spring-forward
 * change (02:30 on the change day) resolves to the same offset's next valid instant.
 */
export function zonedTimeToUtc(year: number, month: number, day: number, hour: number, minute: number, timeZone: string): Date {
  const asUtc = Date.UTC(year, month - 1, day, hour, minute);
  // Two passes converge on the offset in force at that local time, DST included.
  let guess = asUtc;
  for (let i = 0; i < 2; i++) {
    const p = localParts(new Date(guess), timeZone);
    const shownAsUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute);
    guess = asUtc - (shownAsUtc - guess);
  }
  return new Date(guess);
}

/**
 * The most recent scheduled slot at or before `now`, or null when none in the past week.
 * After downtime this is still one slot: the latest, so a channel gets one catch-up digest.
 */
export function latestSlot(schedule: Schedule, now: Date): Date | null {
  const [hour, minute] = schedule.postTime.split(':').map(Number) as [number, number];
  const days = postingDays(schedule.days);
  const today = localParts(now, schedule.timeZone);
  for (let back = 0; back <= 7; back++) {
    const date = new Date(Date.UTC(today.year, today.month - 1, today.day - back));
    if (!days.has(date.getUTCDay())) continue;
    const slot = zonedTimeToUtc(date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate(), hour, minute, schedule.timeZone);
    if (slot.getTime() <= now.getTime()) return slot;
  }
  return null;
}

/** The next scheduled slot after `now`, for "next digest" lines. */
export function nextSlot(schedule: Schedule, now: Date): Date | null {
  const [hour, minute] = schedule.postTime.split(':').map(Number) as [number, number];
  const days = postingDays(schedule.days);
  const today = localParts(now, schedule.timeZone);
  for (let ahead = 0; ahead <= 8; ahead++) {
    const date = new Date(Date.UTC(today.year, today.month - 1, today.day + ahead));
    if (!days.has(date.getUTCDay())) continue;
    const slot = zonedTimeToUtc(date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate(), hour, minute, schedule.timeZone);
    if (slot.getTime() > now.getTime()) return slot;
  }
  return null;
}

/** "Mon 23 Nov, 09:00 Europe/Berlin" for replies. */
export function describeSlot(slot: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-GB', { timeZone, weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(slot) + ` ${timeZone}`;
}
