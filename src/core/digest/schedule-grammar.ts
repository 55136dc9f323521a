/**
 * The schedule grammar: what people type after `/papers schedule`, in any order.
 *
 *   time   9am · 9 am · 9:30pm · 09:00 · 21:30 · noon · midnight
 *   zone   Europe/Berlin · UTC · Berlin · New York · new_york (the city a zone is named after)
 *   days   daily · weekdays · weekends · mon wed fri · mon,wed,fri · mon-fri · weekly fri
 *   picks  picks 5 · picks=5 · 5 picks
 *   empty  quiet · announce-empty
 *
 * "at", "on", "in", "and", "every" may be written between them ("at 9am in Berlin on mon and
 * thu"). Several day words add up ("weekdays sat"); "weekly" asks for exactly one day. Pure: no
 * clock, no store; an unknown word is a UserError that names it and shows the grammar.
 */
import { commandLine } from '../command-name.ts';
import { fail, ok, UserError, type Result } from '../errors.ts';
import { editDistance } from '../search/edit-distance.ts';
import type { SchedulePatch } from '../subscriptions/subscription-ports.ts';
import { parsePostTime, parseTimeZone, postingDays, WEEKDAY_NAMES } from './schedule.ts';
import { cityKey, zoneCityNames, zonesOfCity } from './time-zone-cities.ts';

/** Most papers one digest may carry: enough for a busy field, few enough to read over coffee. */
export const MAX_PICKS = 20;
/** Longest schedule text accepted, in characters. */
export const MAX_SCHEDULE_TEXT = 200;

/** What a schedule text sets; `zoneFrom` is the city as typed when the zone was found by its city. */
export type ParsedSchedule = SchedulePatch & { zoneFrom?: string };

export const SCHEDULE_EXAMPLE = commandLine('schedule 9am Berlin mon wed fri picks 5');
export const SCHEDULE_GRAMMAR_HINT =
  'Write any of these, in any order: a time (9am, 9:30pm, 09:00, 21:30); a time zone, by its city (Berlin, New York) or IANA name ' +
  `(Europe/Berlin, UTC); days (daily, weekdays, weekends, mon wed fri, weekly fri); picks N (1–${MAX_PICKS}); quiet or announce-empty. ` +
  `Example: ${SCHEDULE_EXAMPLE}`;

const FULL_DAY_NAMES = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'] as const;
const ALL_DAYS = [0, 1, 2, 3, 4, 5, 6];
const WEEKDAYS = [1, 2, 3, 4, 5];
const WEEKEND = [0, 6];

/** One day's spellings: mon, monday, mondays; tue, tues; wed, weds; thu, thur, thurs. */
const DAY_WORDS: ReadonlyMap<string, number> = new Map([
  ...WEEKDAY_NAMES.map((name, day) => [name, day] as const),
  ...FULL_DAY_NAMES.flatMap((name, day) => [[name, day] as const, [`${name}s`, day] as const]),
  ['tues', 2],
  ['weds', 3],
  ['thur', 4],
  ['thurs', 4],
]);

/** Words that name a set of days. */
const DAY_SETS: ReadonlyMap<string, readonly number[]> = new Map([
  ['daily', ALL_DAYS],
  ['everyday', ALL_DAYS],
  ['weekdays', WEEKDAYS],
  ['weekday', WEEKDAYS],
  ['workdays', WEEKDAYS],
  ['weekends', WEEKEND],
  ['weekend', WEEKEND],
]);

const EMPTY_WORDS: ReadonlyMap<string, 'quiet' | 'announce'> = new Map([
  ['quiet', 'quiet'],
  ['silent', 'quiet'],
  ['announce-empty', 'announce'],
  ['announce', 'announce'],
]);

/** Words that join the others and say nothing themselves. */
const FILLERS = new Set(['at', 'on', 'in', 'and', '&', 'every', 'each', '@']);
const PICKS_WORD = /^picks?$/i;
const PICKS_INLINE = /^picks?[:=](.*)$/i;
const AM_PM = /^[ap]\.?m\.?$/i;
/** Words for the did-you-mean of an unknown word, besides day names and cities. */
const KEYWORDS = ['daily', 'weekdays', 'weekends', 'weekly', 'quiet', 'announce-empty', 'picks', 'noon', 'midnight'];

const PLACE_HINT =
  'Use the city your time zone is named after (Berlin, New York, Los Angeles, Tokyo) or its IANA name (Europe/Berlin, America/Los_Angeles).';

function unknownWord(text: string, placeLike: boolean): UserError {
  const near = nearestWord(text);
  const message = placeLike
    ? `“${text}” is not a time zone or a city one is named after.`
    : `paperboy does not understand “${text}” in a schedule.`;
  const didYouMean = near ? ` Did you mean “${near.word}”${near.zone ? ` (${near.zone})` : ''}?` : '';
  return new UserError('schedule.unknown_word', message + didYouMean, placeLike ? `${PLACE_HINT} Example: ${SCHEDULE_EXAMPLE}` : SCHEDULE_GRAMMAR_HINT);
}

function nearestWord(text: string): { word: string; zone?: string } | null {
  const typed = cityKey(text);
  const best = (candidates: string[], allowed: number) =>
    candidates
      .map((c) => ({ c, d: editDistance(typed, cityKey(c)) }))
      .filter((x) => x.d <= allowed)
      .sort((a, b) => a.d - b.d || a.c.localeCompare(b.c))[0]?.c ?? null;
  const keyword = best([...KEYWORDS, ...FULL_DAY_NAMES], typed.length >= 6 ? 2 : 1);
  if (keyword) return { word: keyword };
  // Cities only one edit away: "Munich" two edits from "Zurich" is another place, not a typo.
  const city = best(zoneCityNames(), 1);
  return city ? { word: city, zone: zonesOfCity(city)[0]! } : null;
}

function badPicks(raw: string): Result<never> {
  return fail('schedule.bad_picks', `picks must be a whole number from 1 to ${MAX_PICKS}; got "${raw}".`, SCHEDULE_GRAMMAR_HINT);
}

/** The days a single word names (mon, weekdays, mon-fri, mon/wed/fri), or null when it names none. */
function daysOfWord(word: string): number[] | null {
  const lower = word.toLowerCase();
  const set = DAY_SETS.get(lower);
  if (set) return [...set];
  const day = DAY_WORDS.get(lower);
  if (day !== undefined) return [day];
  const range = /^([a-z]+)[-–]([a-z]+)$/.exec(lower);
  if (range && DAY_WORDS.has(range[1]!) && DAY_WORDS.has(range[2]!)) {
    const from = DAY_WORDS.get(range[1]!)!;
    const to = DAY_WORDS.get(range[2]!)!;
    const days = [from];
    for (let d = from; d !== to; ) days.push((d = (d + 1) % 7));
    return days;
  }
  const parts = lower.split('/');
  if (parts.length > 1 && parts.every((p) => DAY_WORDS.has(p))) return parts.map((p) => DAY_WORDS.get(p)!);
  return null;
}

/** The stored `days` value for a set of weekdays: daily, weekdays, or a comma list in mon..sun order. */
export function daysValue(days: ReadonlySet<number>): string {
  if (days.size === 7) return 'daily';
  if (days.size === 5 && WEEKDAYS.every((d) => days.has(d))) return 'weekdays';
  return [1, 2, 3, 4, 5, 6, 0].filter((d) => days.has(d)).map((d) => WEEKDAY_NAMES[d]).join(',');
}

const title = (word: string) => word.charAt(0).toUpperCase() + word.slice(1);

/** A stored `days` value for people: daily, weekdays, weekends, weekly on Friday, Mon, Wed, Fri. */
export function describeDays(days: string): string {
  if (days === 'daily' || days === 'weekdays') return days;
  const set = postingDays(days);
  if (set.size === 2 && set.has(0) && set.has(6)) return 'weekends';
  if (set.size === 1) return `weekly on ${title(FULL_DAY_NAMES[[...set][0]!]!)}`;
  return [1, 2, 3, 4, 5, 6, 0].filter((d) => set.has(d)).map((d) => title(WEEKDAY_NAMES[d]!)).join(', ');
}

/** A stored `days` value as the grammar writes it: daily, weekdays, weekends, weekly fri, mon wed fri. */
function daysText(days: string): string {
  if (days === 'daily' || days === 'weekdays') return days;
  const set = postingDays(days);
  if (set.size === 2 && set.has(0) && set.has(6)) return 'weekends';
  const names = [1, 2, 3, 4, 5, 6, 0].filter((d) => set.has(d)).map((d) => WEEKDAY_NAMES[d]!);
  return names.length === 1 ? `weekly ${names[0]}` : names.join(' ');
}

/** A patch written back in the grammar, for "run … again" lines: `09:00 Europe/Berlin mon wed fri picks 5 quiet`. */
export function scheduleText(patch: SchedulePatch): string {
  const parts: string[] = [];
  if (patch.postTime !== undefined) parts.push(patch.postTime);
  if (patch.timeZone !== undefined) parts.push(patch.timeZone);
  if (patch.days !== undefined) parts.push(daysText(patch.days));
  if (patch.picks !== undefined) parts.push(`picks ${patch.picks}`);
  if (patch.emptyDay !== undefined) parts.push(patch.emptyDay === 'quiet' ? 'quiet' : 'announce-empty');
  return parts.join(' ');
}

/**
 * Parses a schedule text (see the file comment) into the settings it changes. Empty text changes
 * nothing. Every word must be understood: an unknown one is refused, named, with the grammar.
 */
export function parseScheduleText(text: string): Result<ParsedSchedule> {
  const length = Array.from(text).length;
  if (length > MAX_SCHEDULE_TEXT) {
    return fail('schedule.too_long', `That schedule is ${length} characters long; the limit is ${MAX_SCHEDULE_TEXT}.`, SCHEDULE_GRAMMAR_HINT);
  }
  const words = text.split(/[\s,;]+/).filter(Boolean);
  const result: ParsedSchedule = {};
  let timeWord: string | null = null;
  let zoneWord: string | null = null;
  let picksWord: string | null = null;
  let emptyWord: string | null = null;
  let days: Set<number> | null = null;
  let weekly = false;
  /** Runs of words not understood alone: a city may take several ("New York", "Ho Chi Minh"). */
  const runs: string[][] = [];
  let run: string[] = [];
  const endRun = () => {
    if (run.length > 0) runs.push(run);
    run = [];
  };

  const setTime = (raw: string): Result<void> => {
    const time = parsePostTime(raw);
    if (!time.ok) return time;
    if (result.postTime !== undefined && result.postTime !== time.value) {
      return fail('schedule.two_times', `A channel gets one digest a day, at one time: “${timeWord}” and “${raw}” are two.`, `Give one time, e.g. ${SCHEDULE_EXAMPLE}`);
    }
    result.postTime = time.value;
    timeWord = raw;
    return ok(undefined);
  };
  const setZone = (zone: string, raw: string, fromCity: boolean): Result<void> => {
    if (result.timeZone !== undefined && result.timeZone !== zone) {
      return fail('schedule.two_zones', `A schedule has one time zone: “${zoneWord}” and “${raw}” are two.`, `Give one, e.g. ${SCHEDULE_EXAMPLE}`);
    }
    result.timeZone = zone;
    zoneWord = raw;
    if (fromCity) result.zoneFrom = raw;
    else delete result.zoneFrom;
    return ok(undefined);
  };
  const setPicks = (raw: string | undefined): Result<void> => {
    if (raw === undefined || raw === '') return fail('schedule.bad_picks', 'picks needs a number, e.g. picks 5.', SCHEDULE_GRAMMAR_HINT);
    const n = Number(raw);
    if (!/^\d+$/.test(raw) || n < 1 || n > MAX_PICKS) return badPicks(raw);
    if (result.picks !== undefined && result.picks !== n) {
      return fail('schedule.two_picks', `picks is given twice: ${picksWord} and ${raw}.`, 'Give it once, e.g. picks 5.');
    }
    result.picks = n;
    picksWord = raw;
    return ok(undefined);
  };

  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    const lower = word.toLowerCase();
    const next = words[i + 1];
    let step: Result<void> = ok(undefined);
    if (lower === 'every' && next?.toLowerCase() === 'day') {
      days = new Set([...(days ?? []), ...ALL_DAYS]);
      i++;
    } else if (FILLERS.has(lower)) {
      // Nothing: "at 9am in Berlin".
    } else if (PICKS_WORD.test(word)) {
      step = setPicks(next);
      i++;
    } else if (PICKS_INLINE.test(word)) {
      step = setPicks(PICKS_INLINE.exec(word)![1]);
    } else if (/^\d+$/.test(word) && next !== undefined && (PICKS_WORD.test(next) || /^papers?$/i.test(next))) {
      step = setPicks(word);
      i++;
    } else if (/^\d{1,2}([:.]\d{2})?$/.test(word) && next !== undefined && AM_PM.test(next)) {
      step = setTime(`${word}${next}`);
      i++;
    } else if (lower === 'noon' || lower === 'midday') {
      step = setTime('12:00');
    } else if (lower === 'midnight') {
      step = setTime('00:00');
    } else if (/^\d/.test(word)) {
      if (/^\d{1,2}$/.test(word)) {
        return fail('schedule.bad_time', `“${word}” is not a time of day.`, `Write ${word}am, ${word}pm or ${word.padStart(2, '0')}:00 (HH:MM, 24-hour).`);
      }
      step = setTime(word);
    } else if (lower === 'weekly') {
      weekly = true;
    } else if (EMPTY_WORDS.has(lower)) {
      const empty = EMPTY_WORDS.get(lower)!;
      if (result.emptyDay !== undefined && result.emptyDay !== empty) {
        return fail('schedule.two_empty', `“${emptyWord}” and “${word}” ask for opposite things on empty days.`, 'Choose quiet (skip empty days) or announce-empty (post a short note).');
      }
      result.emptyDay = empty;
      emptyWord = word;
    } else if (daysOfWord(word)) {
      days = new Set([...(days ?? []), ...daysOfWord(word)!]);
    } else if (word.includes('/')) {
      const zone = parseTimeZone(word);
      if (!zone.ok && zone.error.code === 'schedule.bad_time_zone') return fail(zone.error.code, zone.error.message, PLACE_HINT);
      if (!zone.ok) return zone;
      step = setZone(zone.value, word, false);
    } else {
      run.push(word);
      continue;
    }
    if (!step.ok) return step;
    endRun();
  }
  endRun();

  for (const group of runs) {
    for (let j = 0; j < group.length; ) {
      let taken = 0;
      for (let k = Math.min(4, group.length - j); k >= 1 && taken === 0; k--) {
        const phrase = group.slice(j, j + k).join(' ');
        const zones = zonesOfCity(phrase);
        if (zones.length > 1) {
          return fail('schedule.ambiguous_city', `Several time zones are named after “${phrase}”: ${zones.join(', ')}.`, 'Write the one you mean by its IANA name.');
        }
        if (zones.length === 1) {
          const zone = parseTimeZone(zones[0]!);
          if (!zone.ok) return zone;
          const step = setZone(zone.value, phrase, true);
          if (!step.ok) return step;
          taken = k;
        }
      }
      if (taken === 0) {
        // UTC, or an abbreviation (EST, CET) or alias (Japan, GMT) refused with the names to use.
        const zone = parseTimeZone(group[j]!);
        if (zone.ok) {
          const step = setZone(zone.value, group[j]!, false);
          if (!step.ok) return step;
          taken = 1;
        } else if (zone.error.code === 'schedule.ambiguous_time_zone') {
          return zone;
        }
      }
      if (taken === 0) {
        // Up to the next word that is a city: "foo Berlin" names "foo", "San Francisco" both words.
        let end = j + 1;
        while (end < group.length && zonesOfCity(group[end]!).length === 0) end++;
        const unknown = group.slice(j, end).join(' ');
        return { ok: false, error: unknownWord(unknown, end - j > 1 || /^\p{Lu}/u.test(unknown)) };
      }
      j += taken;
    }
  }

  if (weekly) {
    const count = days?.size ?? 0;
    if (count !== 1) {
      return fail(
        'schedule.weekly_day',
        count === 0 ? 'weekly needs its day: weekly fri posts every Friday.' : 'weekly means one day a week; name just one.',
        'Write weekly fri for one day a week, or the days themselves: mon wed fri.',
      );
    }
  }
  if (days) result.days = daysValue(days);
  return ok(result);
}
