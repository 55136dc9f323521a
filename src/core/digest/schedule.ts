/**
 * When a channel's digest is due: a local post time on chosen weekdays in the channel's own time
 * zone. Daylight-saving changes move the UTC instant and never the local time. A local time that
 * a change skips (02:30 on a spring-forward day) is posted at the first minute after the gap; one
 * that a change repeats (01:30 on a fall-back day) is posted at its first occurrence. A channel
 * gets at most one digest per local calendar day.
 *
 * The wall-clock arithmetic is Temporal's (temporal-polyfill, until Node ships Temporal), on the
 * same ICU zone data as Intl; zone names are still checked with Intl (`parseTimeZone`). Picked in
 * issue 17 against test/digest/schedule*.test.ts (153 cases) and 100,000 dueSlot calls over 20
 * zones (median of 5 runs, 2 busy cores; script and table in the commit message):
 * - Luxon fails 25 cases (run in December), cron-parser 19: both move a skipped 02:30 by the
 *   gap's length (03:30, not 03:00); Luxon picks a repeated 01:30 by today's offset (the second
 *   one in winter); cron-parser skips Lord Howe's and Apia's change days to the next year. Neither
 *   says where a gap ends, so the hand-written search would stay.
 * - Temporal passes all 153 as it is: `disambiguation: 'earlier'` is the first occurrence,
 *   `getTimeZoneTransition('next')` the end of a gap. temporal-polyfill takes 5.8 s (about 60 µs
 *   a call) and 1.4 MB installed; @js-temporal/polyfill 9.0 s and 3.6 MB; the Intl code it
 *   replaced 3.4 s.
 */
import { Temporal } from 'temporal-polyfill';
import { fail, ok, type Result } from '../errors.ts';

export const WEEKDAY_NAMES = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;

export interface Schedule {
  timeZone: string;
  /** HH:MM, 24-hour local time. */
  postTime: string;
  /** `daily`, `weekdays`, or a comma list of mon..sun. */
  days: string;
}

/** What the scheduler knows of a channel's past: `dueSlot` and `nextDueSlot` read only this. */
export interface DigestState {
  /** The slot (ISO instant) of the channel's last digest, null before the first. */
  lastDigestAt: string | null;
  /** When the channel was created (ISO instant): no slot before it is ever delivered. */
  createdAt: string;
}

/** Whether Intl knows the name at all (abbreviations and aliases included: see `parseTimeZone`). */
export function isValidTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}

/**
 * Names Node 20's ICU still reports under a legacy id (`resolvedOptions().timeZone` and
 * `Intl.supportedValuesOf('timeZone')` give these, whichever spelling went in), mapped to the
 * IANA name of today. Both spellings work as Intl time zones; only the modern one is stored or
 * shown. Zones that ICU files under another zone's id (Europe/Uzhgorod and Europe/Zaporozhye
 * resolve to Europe/Kiev) reach the modern name through this table too.
 */
const MODERN_NAMES: Readonly<Record<string, string>> = {
  'Africa/Asmera': 'Africa/Asmara',
  'America/Buenos_Aires': 'America/Argentina/Buenos_Aires',
  'America/Catamarca': 'America/Argentina/Catamarca',
  'America/Coral_Harbour': 'America/Atikokan',
  'America/Cordoba': 'America/Argentina/Cordoba',
  'America/Godthab': 'America/Nuuk',
  'America/Indianapolis': 'America/Indiana/Indianapolis',
  'America/Jujuy': 'America/Argentina/Jujuy',
  'America/Louisville': 'America/Kentucky/Louisville',
  'America/Mendoza': 'America/Argentina/Mendoza',
  'Asia/Calcutta': 'Asia/Kolkata',
  'Asia/Katmandu': 'Asia/Kathmandu',
  'Asia/Rangoon': 'Asia/Yangon',
  'Asia/Saigon': 'Asia/Ho_Chi_Minh',
  'Atlantic/Faeroe': 'Atlantic/Faroe',
  'Europe/Kiev': 'Europe/Kyiv',
  'Pacific/Enderbury': 'Pacific/Kanton',
  'Pacific/Ponape': 'Pacific/Pohnpei',
  'Pacific/Truk': 'Pacific/Chuuk',
};

/** The modern IANA name of a stored zone name, for display: Europe/Kiev → Europe/Kyiv. */
export function displayTimeZone(name: string): string {
  return MODERN_NAMES[name] ?? name;
}

/**
 * Abbreviations and POSIX-style names, with the IANA names they usually stand for. Intl accepts
 * many of them and silently picks one place (EST is America/Panama, with no daylight saving; AST
 * is America/Anchorage; BST is Asia/Dhaka), so they are refused with the names to use instead.
 */
const ABBREVIATIONS: Readonly<Record<string, string>> = {
  EST: 'America/New_York (Eastern, with daylight saving) or America/Panama (no daylight saving)',
  EDT: 'America/New_York',
  EST5EDT: 'America/New_York',
  CST: 'America/Chicago (US Central, with daylight saving), America/Regina (no daylight saving) or Asia/Shanghai (China)',
  CDT: 'America/Chicago',
  CST6CDT: 'America/Chicago',
  MST: 'America/Denver (Mountain, with daylight saving) or America/Phoenix (Arizona, no daylight saving)',
  MDT: 'America/Denver',
  MST7MDT: 'America/Denver',
  PST: 'America/Los_Angeles',
  PDT: 'America/Los_Angeles',
  PST8PDT: 'America/Los_Angeles',
  AKST: 'America/Anchorage',
  AKDT: 'America/Anchorage',
  HST: 'Pacific/Honolulu (Hawaii, no daylight saving) or America/Adak (Aleutian Islands, with daylight saving)',
  AST: 'America/Halifax (Atlantic, with daylight saving) or America/Puerto_Rico (no daylight saving)',
  ADT: 'America/Halifax',
  NST: 'America/St_Johns',
  NDT: 'America/St_Johns',
  GMT: 'UTC (no daylight saving) or Europe/London (GMT in winter, BST in summer)',
  BST: 'Europe/London',
  IST: 'Asia/Kolkata (India), Europe/Dublin (Ireland) or Asia/Jerusalem (Israel)',
  WET: 'Europe/Lisbon',
  WEST: 'Europe/Lisbon',
  CET: 'Europe/Berlin, Europe/Paris or your own city’s zone (Central European Time, with summer time)',
  CEST: 'Europe/Berlin, Europe/Paris or your own city’s zone (Central European Time, with summer time)',
  MET: 'Europe/Berlin, Europe/Paris or your own city’s zone (Central European Time, with summer time)',
  MEST: 'Europe/Berlin, Europe/Paris or your own city’s zone (Central European Time, with summer time)',
  EET: 'Europe/Athens, Europe/Helsinki, Europe/Kyiv or your own city’s zone (Eastern European Time, with summer time)',
  EEST: 'Europe/Athens, Europe/Helsinki, Europe/Kyiv or your own city’s zone (Eastern European Time, with summer time)',
  MSK: 'Europe/Moscow',
  JST: 'Asia/Tokyo',
  KST: 'Asia/Seoul',
  HKT: 'Asia/Hong_Kong',
  SGT: 'Asia/Singapore',
  AEST: 'Australia/Sydney (with daylight saving) or Australia/Brisbane (no daylight saving)',
  AEDT: 'Australia/Sydney',
  ACST: 'Australia/Adelaide (with daylight saving) or Australia/Darwin (no daylight saving)',
  ACDT: 'Australia/Adelaide',
  AWST: 'Australia/Perth',
  NZST: 'Pacific/Auckland',
  NZDT: 'Pacific/Auckland',
  NZ: 'Pacific/Auckland',
  SAST: 'Africa/Johannesburg',
  WAT: 'Africa/Lagos',
  CAT: 'Africa/Maputo',
  EAT: 'Africa/Nairobi',
  ART: 'America/Argentina/Buenos_Aires',
  ECT: 'America/Guayaquil (Ecuador)',
  SST: 'Pacific/Pago_Pago (Samoa)',
  PRC: 'Asia/Shanghai',
  ROC: 'Asia/Taipei',
  ROK: 'Asia/Seoul',
  GB: 'Europe/London',
};

/** The IANA areas of place names (Area/Location): the only names accepted besides UTC. */
const GEOGRAPHIC = /^(Africa|America|Antarctica|Arctic|Asia|Atlantic|Australia|Europe|Indian|Pacific)\//i;
const UTC_NAMES = /^(Etc\/)?UTC$/i;
const FIXED_OFFSET = /^Etc\/GMT([+-])(\d{1,2})$/i;
const IANA_HINT = 'paperboy takes IANA names: Area/City, e.g. Europe/Berlin, America/New_York or Asia/Tokyo, or UTC. A city’s zone follows its daylight-saving changes; an abbreviation or fixed offset would not.';

/**
 * Validates a time zone name and returns the canonical modern IANA spelling (Europe/Kiev and
 * europe/kyiv both give Europe/Kyiv; Asia/Calcutta gives Asia/Kolkata; Australia/ACT gives
 * Australia/Sydney). Accepted: UTC (also written Etc/UTC), and names in the geographic IANA
 * areas (Africa, America, Antarctica, Arctic, Asia, Atlantic, Australia, Europe, Indian,
 * Pacific), old place names included, since each names exactly one zone. Refused, with the names
 * to use instead: abbreviations and POSIX rules (EST, PST, CET, EET, MST, HST, EST5EDT…), which
 * do not say where and often not whether daylight saving applies; region aliases (US/Eastern,
 * Canada/Pacific, Japan, GB…); GMT and its aliases (a Londoner means Europe/London); and the
 * fixed-offset Etc/GMT±N names, whose sign is inverted (Etc/GMT+3 is UTC−3) and which never
 * follow daylight saving.
 */
export function parseTimeZone(value: string): Result<string> {
  const name = value.trim();
  if (UTC_NAMES.test(name)) return ok('UTC');
  const meant = ABBREVIATIONS[name.toUpperCase()];
  if (meant !== undefined) {
    return fail('schedule.ambiguous_time_zone', `“${name}” is an abbreviation, not a time zone: use ${meant}.`, IANA_HINT);
  }
  if (name === '' || !isValidTimeZone(name)) {
    return fail('schedule.bad_time_zone', `“${name}” is not a time zone paperboy knows.`, 'Use an IANA name such as Europe/Berlin, America/New_York, Asia/Tokyo or UTC.');
  }
  const canonical = displayTimeZone(new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone);
  if (GEOGRAPHIC.test(name)) return ok(canonical);
  if (canonical === 'UTC') {
    const suggestion = /gmt|greenwich/i.test(name) ? (ABBREVIATIONS['GMT'] as string) : 'UTC';
    return fail('schedule.ambiguous_time_zone', `“${name}” is an alias, not an IANA time zone name: use ${suggestion}.`, IANA_HINT);
  }
  const offset = FIXED_OFFSET.exec(name);
  if (offset) {
    const utcSign = offset[1] === '+' ? '−' : '+';
    return fail(
      'schedule.ambiguous_time_zone',
      `“${name}” is a fixed offset with an inverted sign (it means UTC${utcSign}${offset[2]}) and never follows daylight saving: use your city’s zone (Area/City, e.g. Europe/Berlin) or UTC.`,
      IANA_HINT,
    );
  }
  // Region and country aliases (US/Eastern, Canada/Pacific, Japan, Navajo) name one zone. Three-letter
  // names Intl knows beyond those above are ICU's own ids (VST, BET, PNT…), whose zone a user
  // would not guess, so no single zone is suggested for them.
  if (GEOGRAPHIC.test(canonical) && name.length > 3) {
    return fail('schedule.ambiguous_time_zone', `“${name}” is an old alias, not an IANA time zone name: use ${canonical}.`, IANA_HINT);
  }
  return fail('schedule.ambiguous_time_zone', `“${name}” is an abbreviation or alias, not an IANA time zone name: use your city’s zone (Area/City).`, IANA_HINT);
}

const TIME_24H = /^([01]?\d|2[0-3])[:.]([0-5]\d)$/;
const TIME_HHMM = /^([01]\d|2[0-3])([0-5]\d)$/;
const TIME_12H = /^(0?[1-9]|1[0-2])(?:[:.]([0-5]\d))?\s*([ap])\.?m\.?$/i;

/**
 * Parses a time of day into HH:MM: 24-hour 9:00, 09:00, 21:30 (also 21.30 and 2130) and 12-hour
 * 9am, 9 am, 9:30pm, 12am (midnight), 12pm (noon).
 */
export function parsePostTime(value: string): Result<string> {
  const text = value.trim();
  const pad = (n: number) => String(n).padStart(2, '0');
  const h24 = TIME_24H.exec(text) ?? TIME_HHMM.exec(text);
  if (h24) return ok(`${pad(Number(h24[1]))}:${h24[2]}`);
  const h12 = TIME_12H.exec(text);
  if (h12) {
    const hour = (Number(h12[1]) % 12) + (h12[3]!.toLowerCase() === 'p' ? 12 : 0);
    return ok(`${pad(hour)}:${h12[2] ?? '00'}`);
  }
  return fail('schedule.bad_time', `“${value}” is not a time of day.`, 'Write it as 9am, 9:30pm or HH:MM in 24-hour time, e.g. 09:00 or 17:30.');
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
  second: number;
  weekday: number;
}

/** An instant (ms since the epoch) on a zone's wall clock. */
function zoned(ms: number, timeZone: string): Temporal.ZonedDateTime {
  return Temporal.Instant.fromEpochMilliseconds(ms).toZonedDateTimeISO(timeZone);
}

/** The wall-clock date and time of an instant in a time zone (weekday 0 = Sunday). */
export function localParts(instant: Date, timeZone: string): LocalParts {
  const { year, month, day, hour, minute, second, dayOfWeek } = zoned(instant.getTime(), timeZone);
  return { year, month, day, hour, minute, second, weekday: dayOfWeek % 7 };
}

/** The local calendar date of an instant in a zone, as a day count (comparable, not an instant). */
function localDay(ms: number, timeZone: string): number {
  const { year, month, day } = zoned(ms, timeZone);
  return Date.UTC(year, month - 1, day) / 86_400_000;
}

/**
 * The instant of a wall-clock time: its first occurrence when a fall-back change repeats it
 * (Temporal's `earlier`); when a spring-forward change skips it, the change itself, the first
 * valid instant after the gap (`earlier` lands before the gap; the next transition ends it).
 */
function firstInstantAt(wall: Temporal.PlainDateTime, timeZone: string): Temporal.ZonedDateTime {
  const earlier = wall.toZonedDateTime(timeZone, { disambiguation: 'earlier' });
  return earlier.toPlainDateTime().equals(wall) ? earlier : (earlier.getTimeZoneTransition('next') ?? earlier);
}

/**
 * The UTC instant of a local wall-clock time in a zone, in every zone and across every
 * daylight-saving change:
 * - a time that occurs once maps to that instant;
 * - a time repeated by a fall-back change (01:30 in New York on the first Sunday of November)
 *   maps to its first occurrence (01:30 EDT);
 * - a time skipped by a spring-forward change maps to the first valid instant after the gap,
 *   which is the change itself: 02:30 in New York on 14 March 2027 is 03:00 EDT (07:00Z), in
 *   Berlin on 28 March 2027 03:00 CEST (01:00Z), on Lord Howe Island (a 30-minute change) 02:15
 *   is 02:30, in Apia on the skipped 30 December 2011 00:00 on the 31st.
 * The fields must name a real date and time (a RangeError otherwise).
 */
export function zonedTimeToUtc(year: number, month: number, day: number, hour: number, minute: number, timeZone: string): Date {
  return new Date(firstInstantAt(new Temporal.PlainDateTime(year, month, day, hour, minute), timeZone).epochMilliseconds);
}

/**
 * The first slot from the local date of `now` on, stepping `step` days at a time (at most
 * `limit` steps), that `accept` takes; null when none does.
 */
function findSlot(schedule: Schedule, now: Date, step: 1 | -1, limit: number, accept: (slot: number) => boolean): Date | null {
  const days = postingDays(schedule.days);
  const [hour, minute] = schedule.postTime.split(':').map(Number) as [number, number];
  const today = zoned(now.getTime(), schedule.timeZone).toPlainDate();
  for (let i = 0; i <= limit; i++) {
    const date = today.add({ days: i * step });
    if (!days.has(date.dayOfWeek % 7)) continue;
    const slot = firstInstantAt(date.toPlainDateTime({ hour, minute }), schedule.timeZone).epochMilliseconds;
    if (accept(slot)) return new Date(slot);
  }
  return null;
}

/**
 * The most recent scheduled slot at or before `now`, or null when none in the past week.
 * After downtime this is still one slot: the latest, so a channel gets one catch-up digest.
 */
export function latestSlot(schedule: Schedule, now: Date): Date | null {
  return findSlot(schedule, now, -1, 7, (slot) => slot <= now.getTime());
}

/** The next scheduled slot after `now`, whatever the channel's last digest (see `nextDueSlot`). */
export function nextSlot(schedule: Schedule, now: Date): Date | null {
  return findSlot(schedule, now, 1, 8, (slot) => slot > now.getTime());
}

/** An ISO instant in ms; SQLite's `YYYY-MM-DD HH:MM:SS` without a zone is read as UTC. Null when unreadable. */
function instantOf(iso: string | null): number | null {
  if (iso === null) return null;
  const text = /^\d{4}-\d\d-\d\d[ T]\d\d:\d\d(:\d\d(\.\d+)?)?$/.test(iso) ? `${iso.replace(' ', 'T')}Z` : iso;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? null : ms;
}

/**
 * A recorded instant as the rules may trust it at `now`. One on a later local day than `now`
 * was written while the clock ran ahead (it has since been corrected): it is dropped, see
 * `dueSlot`. One later than `now` but on the same local day is kept: a tick that read its clock
 * a moment before another recorded a digest or created the channel must still see them.
 */
function trusted(iso: string | null, schedule: Schedule, now: Date): number | null {
  const ms = instantOf(iso);
  if (ms === null || ms <= now.getTime()) return ms;
  return localDay(ms, schedule.timeZone) > localDay(now.getTime(), schedule.timeZone) ? null : ms;
}

/**
 * The slot to deliver now, or null: the latest slot at or before `now` (see `latestSlot`), when
 * - it is not older than the channel (`createdAt`): subscribing at 10:00 does not post 09:00's;
 * - it is newer than the last digest's slot (`lastDigestAt`);
 * - it falls on a later local calendar date, in the channel's current zone, than the last
 *   digest's slot: never two digests in one local day, whatever the schedule did in between. A
 *   channel on Berlin 09:00 gets Monday's digest at 08:00Z; moved to New York 09:00 that morning,
 *   its Monday slot is 14:00Z, but 08:00Z is Monday 04:00 in New York, so Monday is done and
 *   Tuesday 09:00 New York is next. Moving the post time later on a day that had its digest
 *   likewise waits for tomorrow.
 *
 * Clock ahead: a `lastDigestAt` (or `createdAt`) on a later local day than `now` was written
 * while the host clock ran ahead and has since been corrected. Trusting it would silence the
 * channel until the real clock caught up with it, days later if the clock was days ahead, since
 * the store only ever moves `lastDigestAt` forward and no slot before it could be due. Clamping
 * it to `now` on each call would not help either: every later call sees it still ahead of its own
 * `now`, so each day's slot would be at or before it in turn. So such a value is treated as no
 * more than "a digest went out at some point up to now" and dropped: the next slot after `now` is
 * due normally, on time. The cost, at most once per correction: if the corrected day's slot had
 * already passed, that slot is due too, though the early digest may have gone out that same day;
 * nothing here can tell (the early digest's slot is a later day's). And until the real clock
 * passes the stored value, later calls return a slot delivered meanwhile again: the caller must
 * not deliver a slot twice (digests are kept once per channel and slot). A value ahead of `now`
 * on the same local day is kept (see `trusted`).
 */
export function dueSlot(schedule: Schedule, state: DigestState, now: Date): Date | null {
  const slot = latestSlot(schedule, now);
  if (!slot) return null;
  const at = slot.getTime();
  const created = trusted(state.createdAt, schedule, now);
  if (created !== null && at < created) return null;
  const last = trusted(state.lastDigestAt, schedule, now);
  if (last !== null && (at <= last || localDay(at, schedule.timeZone) <= localDay(last, schedule.timeZone))) return null;
  return slot;
}

/**
 * The next slot after `now` that `dueSlot` will deliver if no digest goes out in between, for
 * "Next digest: …" lines: the first slot `s` after `now` with `dueSlot(schedule, state, s)` = `s`.
 * Today's slot is skipped when today already had a digest (a post time moved later, a zone
 * moved west); a clock-ahead `lastDigestAt` does not push it days out.
 */
export function nextDueSlot(schedule: Schedule, state: DigestState, now: Date): Date | null {
  let from = now;
  for (let i = 0; i < 8; i++) {
    const slot = nextSlot(schedule, from);
    if (!slot) return null;
    if (dueSlot(schedule, state, slot)?.getTime() === slot.getTime()) return slot;
    from = slot;
  }
  return null;
}

/** "Mon 23 Nov, 09:00 Europe/Berlin" for replies; a stored legacy zone name is shown by its modern name. */
export function describeSlot(slot: Date, timeZone: string): string {
  return (
    new Intl.DateTimeFormat('en-GB', { timeZone, weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(slot) +
    ` ${displayTimeZone(timeZone)}`
  );
}
