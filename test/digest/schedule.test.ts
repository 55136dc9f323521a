import { describe, expect, it } from 'vitest';
import { latestSlot, nextSlot, parsePostTime, parseTimeZone, zonedTimeToUtc } from '../../src/core/digest/schedule.ts';

describe('digest schedule', () => {
  it.each([
    // [zone, local y-m-d h:m, expected UTC]
    ['Europe/Berlin', [2026, 3, 28, 9, 0], '2026-03-28T08:00:00.000Z'], // CET, the day before spring-forward
    ['Europe/Berlin', [2026, 3, 29, 9, 0], '2026-03-29T07:00:00.000Z'], // CEST from 29 March
    ['America/New_York', [2026, 10, 31, 9, 0], '2026-10-31T13:00:00.000Z'], // EDT
    ['America/New_York', [2026, 11, 2, 9, 0], '2026-11-02T14:00:00.000Z'], // EST after fall-back on 1 Nov
    ['Asia/Tokyo', [2026, 11, 23, 8, 30], '2026-11-22T23:30:00.000Z'], // no DST, east of UTC
  ] as const)('09:00-style local times in %s map to the right instant', (zone, [y, m, d, h, min], expected) => {
    expect(zonedTimeToUtc(y, m, d, h, min, zone).toISOString()).toBe(expected);
  });

  it('weekday schedules skip the weekend: on Sunday the latest slot is Friday', () => {
    const slot = latestSlot({ timeZone: 'America/New_York', postTime: '09:00', days: 'weekdays' }, new Date('2026-11-22T12:00:00Z'));
    expect(slot?.toISOString()).toBe('2026-11-20T14:00:00.000Z');
  });

  it('daily schedules post every day and the next slot is tomorrow once today’s has passed', () => {
    const schedule = { timeZone: 'Asia/Tokyo', postTime: '08:30', days: 'daily' };
    expect(latestSlot(schedule, new Date('2026-11-22T00:00:00Z'))?.toISOString()).toBe('2026-11-21T23:30:00.000Z');
    expect(nextSlot(schedule, new Date('2026-11-22T00:00:00Z'))?.toISOString()).toBe('2026-11-22T23:30:00.000Z');
  });

  it.each([
    ['9:00', '09:00'],
    ['17:30', '17:30'],
  ])('parses post time %s', (input, expected) => {
    expect(parsePostTime(input)).toEqual({ ok: true, value: expected });
  });

  it.each(['25:00', '9', 'noon', '12:60'])('rejects post time %s with a hint', (input) => {
    const result = parsePostTime(input);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.hint).toContain('HH:MM');
  });

  it('validates time zones by IANA name', () => {
    expect(parseTimeZone('Europe/Berlin')).toEqual({ ok: true, value: 'Europe/Berlin' });
    const bad = parseTimeZone('Mars/Olympus');
    expect(bad.ok).toBe(false);
  });
});
