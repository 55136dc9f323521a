import { afterEach, describe, expect, it } from 'vitest';
import type { SqliteApp } from '../../src/app.ts';
import { dispatchStructured } from '../../src/commands/dispatch.ts';
import { renderReplyText } from '../../src/core/render-text.ts';
import { invoker, manualClock, testApp } from './digest-helpers.ts';

/** `/papers schedule …` as people type it, through the registry, the store and the reply. */
describe('/papers schedule reads what people type', () => {
  let app: SqliteApp;
  afterEach(() => app?.close());
  const member = invoker('slack', 'T-A', 'C-1');
  const stored = () =>
    app.database.sqlite.prepare('SELECT post_time AS postTime, time_zone AS timeZone, days, picks, empty_day AS emptyDay FROM channels').get();

  it.each([
    // typed, what the reply says, what the store holds
    ['schedule weekends', 'Digest schedule set: weekends at 09:00 UTC', { days: 'sat,sun', postTime: '09:00', timeZone: 'UTC' }],
    ['schedule 9am', 'Digest schedule set: weekdays at 09:00 UTC', { postTime: '09:00' }],
    ['schedule 9:30pm', 'at 21:30 UTC', { postTime: '21:30' }],
    ['schedule 9:00 Berlin', 'at 09:00 Europe/Berlin (from “Berlin”)', { postTime: '09:00', timeZone: 'Europe/Berlin' }],
    ['schedule new_york 8am', 'at 08:00 America/New_York (from “new_york”)', { postTime: '08:00', timeZone: 'America/New_York' }],
    ['schedule mon wed fri', 'Digest schedule set: Mon, Wed, Fri at 09:00 UTC', { days: 'mon,wed,fri' }],
    ['schedule mon,wed,fri 7am', 'Mon, Wed, Fri at 07:00 UTC', { days: 'mon,wed,fri', postTime: '07:00' }],
    ['schedule weekly fri 5pm Tokyo', 'weekly on Friday at 17:00 Asia/Tokyo (from “Tokyo”)', { days: 'fri', postTime: '17:00', timeZone: 'Asia/Tokyo' }],
    ['schedule picks 3 quiet weekdays', 'weekdays at 09:00 UTC, up to 3 papers, quiet on empty days', { days: 'weekdays', picks: 3, emptyDay: 'quiet' }],
    ['schedule quiet 10am picks 4', 'at 10:00 UTC, up to 4 papers, quiet on empty days', { postTime: '10:00', picks: 4, emptyDay: 'quiet' }],
    ['schedule 08:30 Asia/Tokyo daily picks 10 quiet', 'daily at 08:30 Asia/Tokyo, up to 10 papers, quiet on empty days', { days: 'daily', timeZone: 'Asia/Tokyo' }],
  ] as const)('%s', async (text, shown, holds) => {
    app = testApp(manualClock('2026-11-22T10:00:00Z'));
    const reply = await app.run(text, member);
    expect(reply.failed).toBeUndefined();
    expect(renderReplyText(reply)).toContain(shown);
    expect(stored()).toMatchObject(holds);
  });

  it.each([
    ['schedule weekends please', /paperboy does not understand “please” in a schedule/, /Example: \/papers schedule 9am Berlin mon wed fri picks 5/],
    ['schedule 9am Berln', /Did you mean “Berlin” \(Europe\/Berlin\)\?/, /city your time zone is named after/],
    ['schedule 9:00 EST', /“EST” is an abbreviation, not a time zone: use America\/New_York/, /IANA/],
    ['schedule 9', /“9” is not a time of day/, /9am, 9pm or 09:00/],
    ['schedule weekly', /weekly needs its day/, /weekly fri/],
  ])('%s is refused with what to write instead, and nothing is stored', async (text, message, hint) => {
    app = testApp(manualClock('2026-11-22T10:00:00Z'));
    const reply = await app.run(text, member);
    expect(reply.failed).toBe(true);
    const shown = renderReplyText(reply);
    expect(shown).toMatch(message);
    expect(shown).toMatch(hint);
    expect(stored()).toBeUndefined();
  });

  it('the Discord options (time, timezone, days, picks, empty) are read by the same grammar', async () => {
    app = testApp(manualClock('2026-11-22T10:00:00Z'));
    const who = invoker('discord', 'G-1', 'D-1');
    const reply = await dispatchStructured(app.registry, 'schedule', { time: '9:30am', timezone: 'New York', days: 'mon wed fri', picks: 4, empty: 'quiet' }, app.contextFor(who));
    expect(renderReplyText(reply)).toContain('Digest schedule set: Mon, Wed, Fri at 09:30 America/New_York (from “New York”), up to 4 papers, quiet on empty days.');
    expect(stored()).toMatchObject({ postTime: '09:30', timeZone: 'America/New_York', days: 'mon,wed,fri', picks: 4, emptyDay: 'quiet' });
  });

  it('without options it shows the schedule in words and how to change it', async () => {
    app = testApp(manualClock('2026-11-22T10:00:00Z'));
    await app.run('schedule weekly fri', member);
    const shown = renderReplyText(await app.run('schedule', member));
    expect(shown).toContain('Digest schedule: weekly on Friday at 09:00 UTC');
    expect(shown).toContain('Change it: /papers schedule 9am Berlin mon wed fri picks 5');
  });

  it('help shows the grammar', async () => {
    app = testApp(manualClock('2026-11-22T10:00:00Z'));
    const help = renderReplyText(await app.run('help schedule', member));
    expect(help).toMatch(/9am, 9:30pm, 09:00, 21:30/);
    expect(help).toMatch(/mon wed fri/);
    expect(help).toMatch(/weekly fri/);
  });
});
