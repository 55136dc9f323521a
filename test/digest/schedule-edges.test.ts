/**
 * Issue 22, "Schedule edges": local times skipped or repeated by daylight-saving changes, time
 * zone names (abbreviations refused, legacy ids shown by their modern names), and when a channel
 * is due: never twice in one local day, a zone change included, and a clock that ran ahead.
 * Pure functions on fixed instants; no timers.
 */
import { describe, expect, it } from 'vitest';
import {
  describeSlot,
  displayTimeZone,
  dueSlot,
  latestSlot,
  nextDueSlot,
  nextSlot,
  parseTimeZone,
  zonedTimeToUtc,
  type DigestState,
  type Schedule,
} from '../../src/core/digest/schedule.ts';

const iso = (date: Date | null) => date?.toISOString() ?? null;

describe('zonedTimeToUtc across daylight-saving changes', () => {
  it.each([
    // zone, local [y, m, d, h, min], expected instant; why
    // Skipped local times: the first valid minute after the gap.
    ['America/New_York', [2027, 3, 14, 2, 30], '2027-03-14T07:00:00.000Z'], // 02:30 skipped → 03:00 EDT (was 01:30 EST)
    ['America/New_York', [2027, 3, 14, 2, 0], '2027-03-14T07:00:00.000Z'], // 02:00 itself is skipped
    ['America/New_York', [2027, 3, 14, 1, 59], '2027-03-14T06:59:00.000Z'], // last EST minute
    ['America/New_York', [2027, 3, 14, 3, 0], '2027-03-14T07:00:00.000Z'], // first EDT minute
    ['Europe/Berlin', [2027, 3, 28, 2, 30], '2027-03-28T01:00:00.000Z'], // → 03:00 CEST (was 03:30)
    ['Europe/Berlin', [2027, 3, 28, 2, 0], '2027-03-28T01:00:00.000Z'],
    ['Europe/London', [2027, 3, 28, 1, 30], '2027-03-28T01:00:00.000Z'], // → 02:00 BST
    ['Australia/Lord_Howe', [2027, 10, 3, 2, 15], '2027-10-02T15:30:00.000Z'], // 30-minute gap → 02:30 +11
    ['Australia/Lord_Howe', [2027, 10, 3, 2, 0], '2027-10-02T15:30:00.000Z'],
    ['Australia/Lord_Howe', [2027, 10, 3, 1, 59], '2027-10-02T15:29:00.000Z'], // last +10:30 minute
    ['Australia/Sydney', [2027, 10, 3, 2, 30], '2027-10-02T16:00:00.000Z'], // → 03:00 AEDT
    ['America/St_Johns', [2027, 3, 14, 2, 30], '2027-03-14T05:30:00.000Z'], // half-hour zone → 03:00 NDT
    ['America/Santiago', [2027, 9, 5, 0, 30], '2027-09-05T04:00:00.000Z'], // midnight gap → 01:00 -03
    ['Africa/Cairo', [2027, 4, 30, 0, 30], '2027-04-29T22:00:00.000Z'], // midnight gap → 01:00 EEST
    ['Pacific/Apia', [2011, 12, 30, 9, 0], '2011-12-30T10:00:00.000Z'], // the skipped day → 31 Dec 00:00 +14
    // Repeated local times: the first occurrence.
    ['America/New_York', [2027, 11, 7, 1, 30], '2027-11-07T05:30:00.000Z'], // 01:30 EDT, not EST
    ['America/New_York', [2027, 11, 7, 1, 0], '2027-11-07T05:00:00.000Z'],
    ['America/New_York', [2027, 11, 7, 2, 0], '2027-11-07T07:00:00.000Z'], // after the fold: once, EST
    ['Europe/Berlin', [2027, 10, 31, 2, 30], '2027-10-31T00:30:00.000Z'], // 02:30 CEST (was CET, 01:30Z)
    ['Europe/Berlin', [2027, 10, 31, 2, 0], '2027-10-31T00:00:00.000Z'],
    ['Australia/Lord_Howe', [2027, 4, 4, 1, 45], '2027-04-03T14:45:00.000Z'], // 30-minute fold: +11 first
    ['Australia/Sydney', [2027, 4, 4, 2, 30], '2027-04-03T15:30:00.000Z'], // AEDT first
    ['America/Santiago', [2027, 4, 3, 23, 30], '2027-04-04T02:30:00.000Z'], // fold at midnight: -03 first
    // Ordinary times, odd offsets.
    ['Asia/Kathmandu', [2027, 1, 10, 9, 0], '2027-01-10T03:15:00.000Z'],
    ['Asia/Kolkata', [2027, 1, 10, 9, 0], '2027-01-10T03:30:00.000Z'],
    ['Australia/Lord_Howe', [2027, 1, 10, 9, 0], '2027-01-09T22:00:00.000Z'], // +11 in summer
    ['Pacific/Kiritimati', [2027, 1, 10, 9, 0], '2027-01-09T19:00:00.000Z'], // +14
    ['Pacific/Pago_Pago', [2027, 1, 10, 9, 0], '2027-01-10T20:00:00.000Z'], // -11
  ] as const)('%s %j → %s', (zone, [y, m, d, h, min], expected) => {
    expect(zonedTimeToUtc(y, m, d, h, min, zone).toISOString()).toBe(expected);
  });
});

describe('slots on daylight-saving days', () => {
  const ny0230: Schedule = { timeZone: 'America/New_York', postTime: '02:30', days: 'daily' };
  const berlin0230: Schedule = { timeZone: 'Europe/Berlin', postTime: '02:30', days: 'daily' };
  it.each([
    // schedule, now, latestSlot, nextSlot
    [ny0230, '2027-03-14T06:45:00Z', '2027-03-13T07:30:00.000Z', '2027-03-14T07:00:00.000Z'], // 01:45 EST: not yet (was posted at 01:30)
    [ny0230, '2027-03-14T07:00:00Z', '2027-03-14T07:00:00.000Z', '2027-03-15T06:30:00.000Z'],
    [berlin0230, '2027-03-28T00:59:00Z', '2027-03-27T01:30:00.000Z', '2027-03-28T01:00:00.000Z'],
    [berlin0230, '2027-10-31T00:30:00Z', '2027-10-31T00:30:00.000Z', '2027-11-01T01:30:00.000Z'], // first 02:30
    [berlin0230, '2027-10-31T01:30:00Z', '2027-10-31T00:30:00.000Z', '2027-11-01T01:30:00.000Z'], // second 02:30 is no slot
    // Apia skipped 30 December 2011 (-10 → +14): that day's 09:00 is 31 Dec 00:00, the 31st's own 09:00 follows.
    [{ timeZone: 'Pacific/Apia', postTime: '09:00', days: 'daily' }, '2011-12-30T12:00:00Z', '2011-12-30T10:00:00.000Z', '2011-12-30T19:00:00.000Z'],
  ] as const)('%o at %s: latest %s, next %s', (schedule, now, latest, next) => {
    expect(iso(latestSlot(schedule, new Date(now)))).toBe(latest);
    expect(iso(nextSlot(schedule, new Date(now)))).toBe(next);
  });
});

describe('parseTimeZone', () => {
  it.each([
    // input, stored name
    ['Europe/Berlin', 'Europe/Berlin'],
    ['UTC', 'UTC'],
    ['utc', 'UTC'],
    ['Etc/UTC', 'UTC'],
    [' Europe/Berlin ', 'Europe/Berlin'],
    ['europe/kyiv', 'Europe/Kyiv'],
    ['Europe/Kyiv', 'Europe/Kyiv'], // ICU says Europe/Kiev
    ['Europe/Kiev', 'Europe/Kyiv'],
    ['Europe/Uzhgorod', 'Europe/Kyiv'], // merged into Kyiv
    ['America/Nuuk', 'America/Nuuk'], // ICU says America/Godthab
    ['America/Godthab', 'America/Nuuk'],
    ['Asia/Kathmandu', 'Asia/Kathmandu'], // ICU says Asia/Katmandu
    ['Asia/Katmandu', 'Asia/Kathmandu'],
    ['Asia/Kolkata', 'Asia/Kolkata'], // ICU says Asia/Calcutta
    ['Asia/Calcutta', 'Asia/Kolkata'],
    ['Asia/Ho_Chi_Minh', 'Asia/Ho_Chi_Minh'], // ICU says Asia/Saigon
    ['Asia/Yangon', 'Asia/Yangon'],
    ['Atlantic/Faroe', 'Atlantic/Faroe'],
    ['Pacific/Kanton', 'Pacific/Kanton'],
    ['Pacific/Chuuk', 'Pacific/Chuuk'],
    ['Pacific/Pohnpei', 'Pacific/Pohnpei'],
    ['Africa/Asmara', 'Africa/Asmara'],
    ['America/Atikokan', 'America/Atikokan'],
    ['America/Argentina/Buenos_Aires', 'America/Argentina/Buenos_Aires'],
    ['America/Indiana/Indianapolis', 'America/Indiana/Indianapolis'],
    ['America/Kentucky/Louisville', 'America/Kentucky/Louisville'],
    ['Asia/Istanbul', 'Europe/Istanbul'], // an old place name: one zone, accepted
    ['Australia/ACT', 'Australia/Sydney'],
    ['America/Panama', 'America/Panama'],
  ])('accepts %j as %s', (input, expected) => {
    expect(parseTimeZone(input)).toEqual({ ok: true, value: expected });
  });

  it.each([
    // input, text the message must contain
    ['EST', 'America/New_York (Eastern, with daylight saving) or America/Panama (no daylight saving)'],
    ['est', 'America/New_York (Eastern, with daylight saving) or America/Panama (no daylight saving)'],
    ['PST', 'America/Los_Angeles'],
    ['CET', 'Europe/Berlin'],
    ['EET', 'Europe/Athens'],
    ['MST', 'America/Denver (Mountain, with daylight saving) or America/Phoenix (Arizona, no daylight saving)'],
    ['HST', 'Pacific/Honolulu'],
    ['EST5EDT', 'America/New_York'],
    ['AST', 'America/Halifax'], // Intl reads AST as America/Anchorage
    ['BST', 'Europe/London'], // Intl reads BST as Asia/Dhaka
    ['IST', 'Asia/Kolkata (India), Europe/Dublin (Ireland) or Asia/Jerusalem (Israel)'],
    ['AKST', 'America/Anchorage'], // unknown to Intl, still explained
    ['GMT', 'UTC (no daylight saving) or Europe/London'],
    ['Etc/GMT', 'Europe/London'],
    ['Zulu', 'use UTC'],
    ['US/Eastern', 'use America/New_York'],
    ['US/Pacific', 'use America/Los_Angeles'],
    ['Canada/Eastern', 'use America/Toronto'],
    ['Japan', 'use Asia/Tokyo'],
    ['Etc/GMT+3', 'UTC−3'], // inverted sign
    ['Etc/GMT-5', 'UTC+5'],
    ['VST', 'Area/City'], // ICU's own id (Asia/Saigon): no zone suggested
  ])('refuses %j, naming %j', (input, named) => {
    const result = parseTimeZone(input);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe('schedule.ambiguous_time_zone');
      expect(result.error.message).toContain(named);
      expect(result.error.hint).toContain('IANA');
    }
  });

  it.each(['Mars/Olympus', 'Europe/Atlantis', '', '+05:00'])('refuses unknown %j', (input) => {
    const result = parseTimeZone(input);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe('schedule.bad_time_zone');
  });

  it('accepts every zone Intl lists, as a modern name for the same zone', () => {
    const resolved = (zone: string) => new Intl.DateTimeFormat('en-US', { timeZone: zone }).resolvedOptions().timeZone;
    for (const zone of Intl.supportedValuesOf('timeZone')) {
      const result = parseTimeZone(zone);
      expect(result.ok, zone).toBe(true);
      if (!result.ok) continue;
      expect(resolved(result.value), zone).toBe(resolved(zone));
      expect(displayTimeZone(result.value), zone).toBe(result.value);
    }
  });
});

describe('displayTimeZone and describeSlot', () => {
  it.each([
    ['Europe/Kiev', 'Europe/Kyiv'],
    ['America/Godthab', 'America/Nuuk'],
    ['Asia/Katmandu', 'Asia/Kathmandu'],
    ['Asia/Calcutta', 'Asia/Kolkata'],
    ['Asia/Saigon', 'Asia/Ho_Chi_Minh'],
    ['Europe/Berlin', 'Europe/Berlin'],
    ['UTC', 'UTC'],
  ])('shows stored %s as %s', (stored, shown) => {
    expect(displayTimeZone(stored)).toBe(shown);
  });

  it.each([
    ['2027-01-11T07:00:00Z', 'Europe/Kiev', 'Mon 11 Jan, 09:00 Europe/Kyiv'],
    ['2027-01-11T03:15:00Z', 'Asia/Katmandu', 'Mon 11 Jan, 09:00 Asia/Kathmandu'],
    ['2027-03-14T07:00:00Z', 'America/New_York', 'Sun 14 Mar, 03:00 America/New_York'],
  ])('describes %s in %s as %j', (slot, zone, text) => {
    expect(describeSlot(new Date(slot), zone)).toBe(text);
  });
});

const berlin9: Schedule = { timeZone: 'Europe/Berlin', postTime: '09:00', days: 'daily' };
const ny9: Schedule = { timeZone: 'America/New_York', postTime: '09:00', days: 'daily' };
const CREATED = '2027-01-01T00:00:00.000Z';
const at = (lastDigestAt: string | null, createdAt = CREATED): DigestState => ({ lastDigestAt, createdAt });
// January 2027: Monday the 11th; Berlin is UTC+1 (09:00 = 08:00Z), New York UTC−5 (09:00 = 14:00Z).

describe('dueSlot', () => {
  it.each([
    // case, schedule, state, now, due slot
    ['first digest', berlin9, at(null), '2027-01-11T08:00:00Z', '2027-01-11T08:00:00.000Z'],
    ['not yet today: yesterday’s is the latest', berlin9, at(null), '2027-01-11T07:59:00Z', '2027-01-10T08:00:00.000Z'],
    ['today’s already delivered', berlin9, at('2027-01-11T08:00:00.000Z'), '2027-01-11T08:30:00Z', null],
    ['the next day', berlin9, at('2027-01-11T08:00:00.000Z'), '2027-01-12T08:00:00Z', '2027-01-12T08:00:00.000Z'],
    ['one catch-up after downtime: the latest slot', berlin9, at('2027-01-07T08:00:00.000Z'), '2027-01-11T10:00:00Z', '2027-01-11T08:00:00.000Z'],
    ['weekdays: Sunday, Friday’s delivered', { ...berlin9, days: 'weekdays' }, at('2027-01-08T08:00:00.000Z'), '2027-01-10T12:00:00Z', null],
    ['no posting days', { ...berlin9, days: '' }, at(null), '2027-01-11T10:00:00Z', null],
    // Never two digests in one local day.
    ['Berlin 09:00 → New York 09:00 on Monday: Monday is done', ny9, at('2027-01-11T08:00:00.000Z'), '2027-01-11T14:00:00Z', null],
    ['Berlin 09:00 → New York 09:00: Tuesday is due', ny9, at('2027-01-11T08:00:00.000Z'), '2027-01-12T14:00:00Z', '2027-01-12T14:00:00.000Z'],
    ['New York 09:00 → Berlin 09:00: Tuesday is due', berlin9, at('2027-01-11T14:00:00.000Z'), '2027-01-12T08:00:00Z', '2027-01-12T08:00:00.000Z'],
    ['post time moved later the same day', { ...berlin9, postTime: '17:00' }, at('2027-01-11T08:00:00.000Z'), '2027-01-11T16:00:00Z', null],
    ['post time moved earlier: the next day', { ...berlin9, postTime: '07:00' }, at('2027-01-11T08:00:00.000Z'), '2027-01-12T06:00:00Z', '2027-01-12T06:00:00.000Z'],
    // Not older than the channel.
    ['created after today’s slot', berlin9, at(null, '2027-01-11T08:30:00.000Z'), '2027-01-11T09:00:00Z', null],
    ['created at the slot', berlin9, at(null, '2027-01-11T08:00:00.000Z'), '2027-01-11T08:00:00Z', '2027-01-11T08:00:00.000Z'],
    ['createdAt in SQLite’s format is UTC', berlin9, at(null, '2027-01-11 08:30:00'), '2027-01-11T09:00:00Z', null],
    // Clock ahead, since corrected.
    ['clock was days ahead: the next slot is due on time', berlin9, at('2027-01-14T08:00:00.000Z'), '2027-01-12T08:00:00Z', '2027-01-12T08:00:00.000Z'],
    ['clock was days ahead: the corrected day’s passed slot too (documented)', berlin9, at('2027-01-14T08:00:00.000Z'), '2027-01-11T10:00:00Z', '2027-01-11T08:00:00.000Z'],
    ['clock was ahead within the day: today’s delivered', berlin9, at('2027-01-11T08:00:00.000Z'), '2027-01-11T07:30:00Z', null],
    ['a tick that read its clock just before another delivered', berlin9, at('2027-01-11T08:00:00.000Z'), '2027-01-11T07:59:59Z', null],
    ['created while the clock was days ahead', berlin9, at(null, '2027-01-14T09:00:00.000Z'), '2027-01-12T08:00:00Z', '2027-01-12T08:00:00.000Z'],
    ['created a moment after the tick read its clock', berlin9, at(null, '2027-01-11T08:00:00.500Z'), '2027-01-11T08:00:00Z', null],
    // Daylight-saving days.
    ['New York 02:30 on spring-forward day: 03:00 EDT', { ...ny9, postTime: '02:30' }, at('2027-03-13T07:30:00.000Z'), '2027-03-14T07:00:00Z', '2027-03-14T07:00:00.000Z'],
    ['… not at 01:30 EST', { ...ny9, postTime: '02:30' }, at('2027-03-13T07:30:00.000Z'), '2027-03-14T06:30:00Z', null],
    ['Berlin 02:30 on spring-forward day: 03:00 CEST', { ...berlin9, postTime: '02:30' }, at('2027-03-27T01:30:00.000Z'), '2027-03-28T01:00:00Z', '2027-03-28T01:00:00.000Z'],
    ['Lord Howe 02:15 on spring-forward day: 02:30', { ...berlin9, timeZone: 'Australia/Lord_Howe', postTime: '02:15' }, at('2027-10-01T15:45:00.000Z'), '2027-10-02T15:30:00Z', '2027-10-02T15:30:00.000Z'],
    ['New York 01:30 on fall-back day: the first 01:30', { ...ny9, postTime: '01:30' }, at('2027-11-06T05:30:00.000Z'), '2027-11-07T05:30:00Z', '2027-11-07T05:30:00.000Z'],
    ['… and not again at the second', { ...ny9, postTime: '01:30' }, at('2027-11-07T05:30:00.000Z'), '2027-11-07T06:30:00Z', null],
    ['Apia’s skipped 30 Dec 2011: its slot at 00:00 on the 31st', { ...ny9, timeZone: 'Pacific/Apia' }, at('2011-12-29T19:00:00.000Z', '2011-12-01T00:00:00.000Z'), '2011-12-30T12:00:00Z', '2011-12-30T10:00:00.000Z'],
    ['… and not again at 09:00 on the 31st, the same local day', { ...ny9, timeZone: 'Pacific/Apia' }, at('2011-12-30T10:00:00.000Z', '2011-12-01T00:00:00.000Z'), '2011-12-30T19:00:00Z', null],
  ] as const)('%s', (_case, schedule, state, now, expected) => {
    expect(iso(dueSlot(schedule, state, new Date(now)))).toBe(expected);
  });
});

describe('nextDueSlot', () => {
  it.each([
    // case, schedule, state, now, next digest
    ['tomorrow once today’s is delivered', berlin9, at('2027-01-11T08:00:00.000Z'), '2027-01-11T08:30:00Z', '2027-01-12T08:00:00.000Z'],
    ['today’s, later today', berlin9, at('2027-01-10T08:00:00.000Z'), '2027-01-11T07:00:00Z', '2027-01-11T08:00:00.000Z'],
    ['Berlin → New York on Monday: Tuesday (nextSlot says Monday)', ny9, at('2027-01-11T08:00:00.000Z'), '2027-01-11T10:00:00Z', '2027-01-12T14:00:00.000Z'],
    ['post time moved later the same day: tomorrow', { ...berlin9, postTime: '17:00' }, at('2027-01-11T08:00:00.000Z'), '2027-01-11T09:00:00Z', '2027-01-12T16:00:00.000Z'],
    ['new channel after today’s slot: tomorrow', berlin9, at(null, '2027-01-11T10:00:00.000Z'), '2027-01-11T10:00:00Z', '2027-01-12T08:00:00.000Z'],
    ['new channel before today’s slot: today', berlin9, at(null, '2027-01-11T07:00:00.000Z'), '2027-01-11T07:00:00Z', '2027-01-11T08:00:00.000Z'],
    ['weekdays: Monday after Friday', { ...berlin9, days: 'weekdays' }, at('2027-01-08T08:00:00.000Z'), '2027-01-09T12:00:00Z', '2027-01-11T08:00:00.000Z'],
    ['clock was days ahead: the next slot, not days later', berlin9, at('2027-01-14T08:00:00.000Z'), '2027-01-11T10:00:00Z', '2027-01-12T08:00:00.000Z'],
    ['New York 02:30 before spring-forward: 03:00 EDT', { ...ny9, postTime: '02:30' }, at('2027-03-13T07:30:00.000Z'), '2027-03-13T12:00:00Z', '2027-03-14T07:00:00.000Z'],
    ['Apia before the skipped day: 31 Dec 00:00', { ...ny9, timeZone: 'Pacific/Apia' }, at('2011-12-29T19:00:00.000Z', '2011-12-01T00:00:00.000Z'), '2011-12-29T20:00:00Z', '2011-12-30T10:00:00.000Z'],
    ['Apia after it: 1 Jan, not 31 Dec 09:00', { ...ny9, timeZone: 'Pacific/Apia' }, at('2011-12-30T10:00:00.000Z', '2011-12-01T00:00:00.000Z'), '2011-12-30T10:00:00Z', '2011-12-31T19:00:00.000Z'],
    ['no posting days', { ...berlin9, days: '' }, at(null), '2027-01-11T10:00:00Z', null],
  ] as const)('%s', (_case, schedule, state, now, expected) => {
    expect(iso(nextDueSlot(schedule, state, new Date(now)))).toBe(expected);
  });
});

describe('a simulated scheduler (ticks every 10 minutes, the schedule changed on the way)', () => {
  /** Runs dueSlot on every tick, records deliveries as the store does (lastDigestAt only moves forward). */
  function simulate(phases: Array<{ from: string; schedule: Schedule }>, until: string) {
    const state: DigestState = { lastDigestAt: null, createdAt: phases[0]!.from };
    const delivered: Array<{ slot: string; predicted: string | null }> = [];
    let predicted: string | null = null;
    for (let t = Date.parse(phases[0]!.from); t <= Date.parse(until); t += 10 * 60_000) {
      const now = new Date(t);
      const schedule = phases.filter((p) => Date.parse(p.from) <= t).at(-1)!.schedule;
      if (phases.some((p) => Date.parse(p.from) === t)) predicted = iso(nextDueSlot(schedule, state, now));
      const slot = dueSlot(schedule, state, now);
      if (slot) {
        delivered.push({ slot: slot.toISOString(), predicted });
        if (state.lastDigestAt === null || slot.toISOString() > state.lastDigestAt) state.lastDigestAt = slot.toISOString();
        predicted = iso(nextDueSlot(schedule, state, now));
      }
    }
    return delivered;
  }

  it.each([
    [
      'Berlin 09:00, then New York 09:00 from Monday 10:00Z: no second Monday digest',
      [
        { from: '2027-01-09T09:00:00.000Z', schedule: berlin9 },
        { from: '2027-01-11T10:00:00.000Z', schedule: ny9 },
      ],
      '2027-01-13T00:00:00.000Z',
      ['2027-01-10T08:00:00.000Z', '2027-01-11T08:00:00.000Z', '2027-01-12T14:00:00.000Z'],
    ],
    [
      'New York 02:30 over the spring-forward night: at 03:00 EDT',
      [{ from: '2027-03-13T00:00:00.000Z', schedule: { ...ny9, postTime: '02:30' } }],
      '2027-03-15T12:00:00.000Z',
      ['2027-03-13T07:30:00.000Z', '2027-03-14T07:00:00.000Z', '2027-03-15T06:30:00.000Z'],
    ],
    [
      'New York 01:30 over the fall-back night: once, at 01:30 EDT',
      [{ from: '2027-11-06T00:00:00.000Z', schedule: { ...ny9, postTime: '01:30' } }],
      '2027-11-08T12:00:00.000Z',
      ['2027-11-06T05:30:00.000Z', '2027-11-07T05:30:00.000Z', '2027-11-08T06:30:00.000Z'],
    ],
  ] as const)('%s', (_case, phases, until, expected) => {
    const delivered = simulate([...phases], until);
    expect(delivered.map((d) => d.slot)).toEqual(expected);
    // Each "Next digest" line, computed at the last delivery or schedule change, named the digest that came.
    for (const d of delivered) expect(d.predicted).toBe(d.slot);
  });
});
