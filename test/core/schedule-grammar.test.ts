import { describe, expect, it } from 'vitest';
import { describeDays, parseScheduleText, scheduleText, type ParsedSchedule } from '../../src/core/digest/schedule-grammar.ts';
import { postingDays } from '../../src/core/digest/schedule.ts';

describe('parseScheduleText: what people type', () => {
  it.each<[string, ParsedSchedule]>([
    ['', {}],
    ['9am', { postTime: '09:00' }],
    ['9 am', { postTime: '09:00' }],
    ['9AM', { postTime: '09:00' }],
    ['9:30pm', { postTime: '21:30' }],
    ['9:30 p.m.', { postTime: '21:30' }],
    ['12am', { postTime: '00:00' }],
    ['12pm', { postTime: '12:00' }],
    ['noon', { postTime: '12:00' }],
    ['midnight', { postTime: '00:00' }],
    ['09:00', { postTime: '09:00' }],
    ['9:00', { postTime: '09:00' }],
    ['21:30', { postTime: '21:30' }],
    ['0900', { postTime: '09:00' }],
    ['Europe/Berlin', { timeZone: 'Europe/Berlin' }],
    ['europe/kiev', { timeZone: 'Europe/Kyiv' }],
    ['UTC', { timeZone: 'UTC' }],
    ['Berlin', { timeZone: 'Europe/Berlin', zoneFrom: 'Berlin' }],
    ['berlin', { timeZone: 'Europe/Berlin', zoneFrom: 'berlin' }],
    ['New York', { timeZone: 'America/New_York', zoneFrom: 'New York' }],
    ['new_york', { timeZone: 'America/New_York', zoneFrom: 'new_york' }],
    ['Los Angeles', { timeZone: 'America/Los_Angeles', zoneFrom: 'Los Angeles' }],
    ['Ho Chi Minh', { timeZone: 'Asia/Ho_Chi_Minh', zoneFrom: 'Ho Chi Minh' }],
    ['Kyiv', { timeZone: 'Europe/Kyiv', zoneFrom: 'Kyiv' }], // ICU lists Europe/Kiev
    ['Kolkata', { timeZone: 'Asia/Kolkata', zoneFrom: 'Kolkata' }], // ICU lists Asia/Calcutta
    ['São Paulo', { timeZone: 'America/Sao_Paulo', zoneFrom: 'São Paulo' }],
    ['Buenos Aires', { timeZone: 'America/Argentina/Buenos_Aires', zoneFrom: 'Buenos Aires' }],
    ['9:00 Berlin', { postTime: '09:00', timeZone: 'Europe/Berlin', zoneFrom: 'Berlin' }],
    ['Berlin 9:00', { postTime: '09:00', timeZone: 'Europe/Berlin', zoneFrom: 'Berlin' }],
    ['daily', { days: 'daily' }],
    ['every day', { days: 'daily' }],
    ['weekdays', { days: 'weekdays' }],
    ['weekends', { days: 'sat,sun' }],
    ['weekend', { days: 'sat,sun' }],
    ['mon wed fri', { days: 'mon,wed,fri' }],
    ['mon,wed,fri', { days: 'mon,wed,fri' }],
    ['Monday, Wednesday and Friday', { days: 'mon,wed,fri' }],
    ['fri wed mon', { days: 'mon,wed,fri' }],
    ['mon/thu', { days: 'mon,thu' }],
    ['mon-fri', { days: 'weekdays' }],
    ['fri-mon', { days: 'mon,fri,sat,sun' }],
    ['mon tue wed thu fri', { days: 'weekdays' }],
    ['weekdays sat sun', { days: 'daily' }],
    ['weekly fri', { days: 'fri' }],
    ['fri weekly', { days: 'fri' }],
    ['every tuesday', { days: 'tue' }],
    ['picks 5', { picks: 5 }],
    ['picks=5', { picks: 5 }],
    ['5 picks', { picks: 5 }],
    ['quiet', { emptyDay: 'quiet' }],
    ['announce-empty', { emptyDay: 'announce' }],
    ['at 9am in Berlin on mon and thu', { postTime: '09:00', timeZone: 'Europe/Berlin', zoneFrom: 'Berlin', days: 'mon,thu' }],
    ['quiet picks 3 weekly fri 5pm New York', { emptyDay: 'quiet', picks: 3, days: 'fri', postTime: '17:00', timeZone: 'America/New_York', zoneFrom: 'New York' }],
    ['09:00 Europe/Berlin weekdays picks 8', { postTime: '09:00', timeZone: 'Europe/Berlin', days: 'weekdays', picks: 8 }],
    ['9am 09:00', { postTime: '09:00' }], // the same time twice is one time
  ])('%j → %j', (text, expected) => {
    expect(parseScheduleText(text)).toEqual({ ok: true, value: expected });
  });

  it.each<[string, string, RegExp]>([
    // text, error code, what the message says
    ['foo', 'schedule.unknown_word', /does not understand “foo”/],
    ['9am foo Berlin', 'schedule.unknown_word', /“foo”/],
    ['weekdys', 'schedule.unknown_word', /Did you mean “weekdays”\?/],
    ['Berln', 'schedule.unknown_word', /“Berln” is not a time zone or a city one is named after\. Did you mean “Berlin” \(Europe\/Berlin\)\?/],
    ['San Francisco', 'schedule.unknown_word', /“San Francisco” is not a time zone or a city/],
    ['EST', 'schedule.ambiguous_time_zone', /use America\/New_York/],
    ['9am CET', 'schedule.ambiguous_time_zone', /Europe\/Berlin/],
    ['GMT', 'schedule.ambiguous_time_zone', /Europe\/London/],
    ['Japan', 'schedule.ambiguous_time_zone', /use Asia\/Tokyo/],
    ['Mars/Olympus', 'schedule.bad_time_zone', /not a time zone/],
    ['9', 'schedule.bad_time', /“9” is not a time of day/],
    ['25:00', 'schedule.bad_time', /not a time of day/],
    ['13pm', 'schedule.bad_time', /not a time of day/],
    ['12:60', 'schedule.bad_time', /not a time of day/],
    ['9am 5pm', 'schedule.two_times', /one digest a day/],
    ['Berlin Tokyo', 'schedule.two_zones', /one time zone/],
    ['picks 99', 'schedule.bad_picks', /picks must be a whole number from 1 to 20; got "99"/],
    ['picks 0', 'schedule.bad_picks', /from 1 to 20/],
    ['picks', 'schedule.bad_picks', /needs a number/],
    ['picks 3 picks 4', 'schedule.two_picks', /twice/],
    ['quiet announce-empty', 'schedule.two_empty', /opposite/],
    ['weekly', 'schedule.weekly_day', /weekly needs its day/],
    ['weekly mon fri', 'schedule.weekly_day', /one day a week/],
    ['x'.repeat(201), 'schedule.too_long', /201 characters long; the limit is 200/],
  ])('%j → %s', (text, code, message) => {
    const result = parseScheduleText(text);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe(code);
    expect(result.error.message).toMatch(message);
    expect(result.error.hint).toBeTruthy();
  });

  it('names the grammar with an example when a word is unknown', () => {
    const result = parseScheduleText('tomorrow');
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.hint).toMatch(/daily, weekdays, weekends, mon wed fri, weekly fri/);
      expect(result.error.hint).toMatch(/Example: \/papers schedule 9am Berlin mon wed fri picks 5/);
    }
  });

  it('keeps the stored days format postingDays reads', () => {
    for (const [text, days] of [['weekends', [0, 6]], ['mon wed fri', [1, 3, 5]], ['weekly fri', [5]], ['daily', [0, 1, 2, 3, 4, 5, 6]], ['weekdays', [1, 2, 3, 4, 5]]] as const) {
      const result = parseScheduleText(text);
      expect(result.ok && [...postingDays(result.value.days!)].sort()).toEqual([...days]);
    }
  });
});

describe('describeDays and scheduleText', () => {
  it.each([
    ['daily', 'daily'],
    ['weekdays', 'weekdays'],
    ['sat,sun', 'weekends'],
    ['fri', 'weekly on Friday'],
    ['mon,wed,fri', 'Mon, Wed, Fri'],
  ])('%s reads as %s', (days, shown) => {
    expect(describeDays(days)).toBe(shown);
  });

  it.each(['09:00 Europe/Berlin weekdays picks 8 quiet', '21:30 UTC weekly fri', '07:00 mon wed fri announce-empty', 'weekends', ''])(
    '%j written back parses to the same patch',
    (text) => {
      const parsed = parseScheduleText(text);
      expect(parsed.ok).toBe(true);
      if (!parsed.ok) return;
      const { zoneFrom: _, ...patch } = parsed.value;
      expect(scheduleText(patch)).toBe(text);
      expect(parseScheduleText(scheduleText(patch))).toEqual(parsed);
    },
  );
});
