import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { SqliteApp } from '../../src/app.ts';
import type { Invoker } from '../../src/commands/command-context.ts';
import { discordCommandOf } from '../../src/adapters/discord/discord-command-split.ts';
import { createSqliteDigestLedger } from '../../src/adapters/store/sqlite-digest-ledger.ts';
import { recapCommand } from '../../src/commands/definitions/recap-command.ts';
import type { Reply } from '../../src/core/reply.ts';
import { invoker, manualClock, paper, recordingPoster, testApp, type RecordedPost } from './digest-helpers.ts';

const headerOf = (post: RecordedPost) => post.reply.blocks.find((b) => b.type === 'header')?.text ?? '';
const recapsIn = (posts: RecordedPost[]) => posts.filter((p) => headerOf(p).startsWith('Weekly recap'));
const cardsOf = (post: RecordedPost) => post.reply.blocks.flatMap((b) => (b.type === 'paper' ? [{ title: b.paper.title, reason: b.paper.reason }] : []));
const textOf = (reply: Reply) => reply.blocks.flatMap((b) => (b.type === 'text' ? [b.text] : b.type === 'context' ? b.items : [])).join(' ');
const member = (base: Invoker, userId: string, userName: string): Invoker => ({ ...base, userId, userName });

/** Ticks the scheduler every 15 minutes from the clock's time to `until`, as serve does each minute. */
async function tickUntil(app: SqliteApp, clock: ReturnType<typeof manualClock>, until: string) {
  while (clock.now().getTime() < Date.parse(until)) {
    await app.services.digests.runDue(clock.now());
    clock.advance(15 * 60_000);
  }
}

describe('the weekly recap', () => {
  let app: SqliteApp | undefined;
  const dirs: string[] = [];
  afterEach(() => {
    app?.close();
    app = undefined;
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('posts the week’s most-liked papers once, on its day at the digest time, in order of 👍 then saves; not twice after a restart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'paperboy-recap-'));
    dirs.push(dir);
    const path = join(dir, 'store.sqlite');
    // Monday 26 Oct 2026, 00:00 UTC.
    const clock = manualClock('2026-10-26T00:00:00Z');
    app = testApp(clock, path);
    let poster = recordingPoster();
    app.registerPoster('slack', poster);
    const lab = invoker('slack', 'T-A', 'C-lab', true);
    expect((await app.run('schedule 09:00 UTC daily', lab)).failed).toBeUndefined();
    expect((await app.run('subscribe cold-start', lab)).failed).toBeUndefined();
    const turnedOn = await app.run('recap on fri', lab);
    expect(turnedOn.failed).toBeUndefined();
    expect(turnedOn.visibility).toBe('channel');
    expect(textOf(turnedOn)).toContain('every Friday at 09:00');
    expect(textOf(turnedOn)).toContain('Next recap: Fri 30 Oct, 09:00');

    const [old, most, one, saved, disliked] = ['Old favourite', 'Most liked', 'Liked once', 'Only saved', 'Only disliked'].map((title) =>
      paper(`${title} cold-start recommender`, 'Cold-start recommendation.'),
    );
    await app.papers.upsertPapers([old!, most!, one!, saved!, disliked!], clock.now().toISOString());
    // A 👍 on Monday 26 Oct: inside Friday 30 Oct's week, more than a week before Friday 6 Nov's recap.
    await app.run(`rate ${old!.id} up`, member(lab, 'U1', 'ana'));
    await tickUntil(app, clock, '2026-11-02T10:00:00Z');
    const firstWeek = recapsIn(poster.posts);
    expect(firstWeek).toHaveLength(1);
    expect(headerOf(firstWeek[0]!)).toBe('Weekly recap · Fri 30 Oct, 09:00 UTC');
    expect(cardsOf(firstWeek[0]!)).toEqual([{ title: old!.title, reason: '1 👍' }]);

    // Monday 2 Nov: the week's ratings and a save.
    await app.run(`rate ${one!.id} up`, member(lab, 'U1', 'ana'));
    await app.run(`rate ${most!.id} up`, member(lab, 'U1', 'ana'));
    await app.run(`rate ${most!.id} up`, member(lab, 'U2', 'ben'));
    await app.run(`save ${saved!.id}`, member(lab, 'U3', 'cy'));
    await app.run(`rate ${disliked!.id} down`, member(lab, 'U2', 'ben'));
    // Up to just before Friday 6 Nov 09:00, the recap's slot: nothing more on any other day.
    await tickUntil(app, clock, '2026-11-06T09:00:00Z');
    expect(recapsIn(poster.posts)).toHaveLength(1);

    // Restart at the slot: the new process ticks through Friday 09:00 and beyond, and the recap of 6 Nov goes out once.
    app.close();
    app = testApp(clock, path);
    poster = recordingPoster();
    app.registerPoster('slack', poster);
    await tickUntil(app, clock, '2026-11-06T09:30:00Z');
    app.close();
    app = testApp(clock, path);
    const afterRestart = recordingPoster();
    app.registerPoster('slack', afterRestart);
    await tickUntil(app, clock, '2026-11-12T00:00:00Z');

    const recaps = recapsIn(poster.posts);
    expect(recaps).toHaveLength(1);
    expect(recapsIn(afterRestart.posts)).toHaveLength(0);
    expect(headerOf(recaps[0]!)).toBe('Weekly recap · Fri 6 Nov, 09:00 UTC');
    expect(cardsOf(recaps[0]!)).toEqual([
      { title: most!.title, reason: '2 👍' },
      { title: one!.title, reason: '1 👍' },
      { title: saved!.title, reason: 'saved by cy' },
    ]);
    // The ledger holds one recap per Friday, and the daily digests went on every day beside them.
    const kinds = app.database.sqlite.prepare("SELECT kind, slot FROM digests WHERE kind = 'recap' ORDER BY slot").all();
    expect(kinds).toEqual([
      { kind: 'recap', slot: '2026-10-30T09:00:00.000Z' },
      { kind: 'recap', slot: '2026-11-06T09:00:00.000Z' },
    ]);
    const dailyOnFriday = app.database.sqlite.prepare("SELECT count(*) AS n FROM digests WHERE kind = 'daily' AND slot = '2026-11-06T09:00:00.000Z'").get();
    expect(dailyOnFriday).toEqual({ n: 1 });
    expect(textOf(await app.run('recap', lab))).toContain('Last recap: Fri 6 Nov, 09:00 UTC, 3 papers.');
  });

  it('off means never; a week with nothing liked posts nothing, whatever the channel does on empty days, but is recorded once as done', async () => {
    const clock = manualClock('2026-11-02T00:00:00Z');
    app = testApp(clock);
    const poster = recordingPoster();
    app.registerPoster('discord', poster);
    const stopped = invoker('discord', 'G', 'D-stopped', true);
    const announcing = invoker('discord', 'G', 'D-announce', true);
    const quiet = invoker('discord', 'G', 'D-quiet', true);
    for (const who of [stopped, announcing, quiet]) {
      await app.run('subscribe cold-start', who);
      expect((await app.run('recap on wed', who)).failed).toBeUndefined();
    }
    await app.run('schedule 09:00 UTC quiet', quiet);
    const liked = paper('A cold-start recommender', 'Cold-start recommendation.');
    await app.papers.upsertPapers([liked], clock.now().toISOString());
    await app.run(`rate ${liked.id} up`, stopped);
    const off = await app.run('recap off', stopped);
    expect(textOf(off)).toBe('Weekly recap off for this channel.');
    expect(textOf(await app.run('recap', announcing))).toContain('No recap yet.');

    await tickUntil(app, clock, '2026-11-16T00:00:00Z');
    // Nothing posted anywhere, the channel that announces its empty days included.
    expect(recapsIn(poster.posts)).toEqual([]);
    // Each empty week is in the ledger once, settled with no message: never tried again, never doubled.
    const ledger = app.database.sqlite
      .prepare(
        `SELECT c.channel_id, d.slot, d.status, (SELECT count(*) FROM digest_messages m WHERE m.digest_id = d.id) AS messages
         FROM digests d JOIN channels c ON c.id = d.channel_id WHERE d.kind = 'recap' ORDER BY c.channel_id, d.slot`,
      )
      .all();
    expect(ledger).toEqual(
      ['D-announce', 'D-quiet'].flatMap((channel) =>
        ['2026-11-04T09:00:00.000Z', '2026-11-11T09:00:00.000Z'].map((slot) => ({ channel_id: channel, slot, status: 'skipped', messages: 0 })),
      ),
    );
    const shown = await app.run('recap', announcing);
    expect(shown.visibility).toBe('ephemeral');
    expect(textOf(shown)).toContain('Weekly recap on: every Wednesday at 09:00');
    expect(textOf(shown)).toContain('Next recap: Wed 18 Nov, 09:00 UTC');
    expect(textOf(shown)).toContain('Last recap: Wed 11 Nov, 09:00 UTC, empty: nobody rated 👍 or saved a paper that week, so nothing was posted.');
    expect(textOf(await app.run('recap', stopped))).toContain('This channel has no weekly recap.');
  });

  it('says whether an empty week’s recap posted anything: the short line older paperboys posted, or nothing now', async () => {
    const clock = manualClock('2026-11-02T00:00:00Z');
    app = testApp(clock);
    app.registerPoster('discord', recordingPoster());
    const announcing = invoker('discord', 'G', 'D-announce', true);
    await app.run('subscribe cold-start', announcing);
    await app.run('recap on wed', announcing);
    const channelId = (app.database.sqlite.prepare("SELECT id FROM channels WHERE channel_id = 'D-announce'").get() as { id: number }).id;
    // Wednesday 4 Nov as paperboy before 6dcf183 recorded an empty week in a channel announcing its
    // empty days: a recap with one message and no papers ("Nobody here rated 👍 …"), posted.
    clock.set('2026-11-04T09:00:00Z');
    const ledger = createSqliteDigestLedger(app.database.db);
    const lease = { holder: 'paperboy before 6dcf183', ttlMs: 60_000 };
    expect((await ledger.acquireLease(channelId, lease, clock.now()))).toBe(true);
    const old = (await ledger.createDigest(
      { channelId, slot: '2026-11-04T09:00:00.000Z', kind: 'recap', key: 'old-recap', throughSeq: 0, picks: [], messages: [{ payload: { text: 'Nobody here rated 👍 or saved a paper this week.' }, paperIds: [] }], now: clock.now().toISOString() },
      lease,
      clock.now(),
    ))!;
    expect((await ledger.markAttempt(old.id, 0, lease, clock.now()))).toBe(true);
    await ledger.markMessageSent(old.id, 0, 'D-announce/1', clock.now().toISOString());
    await ledger.releaseLease(channelId, lease.holder);
    expect((await ledger.findDigest(channelId, '2026-11-04T09:00:00.000Z', 'recap'))!.status).toBe('sent');
    expect(textOf(await app.run('recap', announcing))).toContain('Last recap: Wed 4 Nov, 09:00 UTC, empty: nobody rated 👍 or saved a paper that week, and a short line said so.');

    // The next empty week, as paperboy settles it now: nothing posted, and the line says so.
    await tickUntil(app, clock, '2026-11-12T00:00:00Z');
    expect((await ledger.findDigest(channelId, '2026-11-11T09:00:00.000Z', 'recap'))!.status).toBe('skipped');
    expect(textOf(await app.run('recap', announcing))).toContain('Last recap: Wed 11 Nov, 09:00 UTC, empty: nobody rated 👍 or saved a paper that week, so nothing was posted.');
  });

  it('is a channel setting: Discord carries it under /papers-channel; bad input says how to fix it', async () => {
    expect(discordCommandOf(recapCommand, { state: 'on' })).toBe('papers-channel');
    expect(discordCommandOf(recapCommand, { state: 'off' })).toBe('papers-channel');
    // Only reading how it is set: anyone, under /papers.
    expect(discordCommandOf(recapCommand, {})).toBe('papers');
    const clock = manualClock('2026-11-02T00:00:00Z');
    app = testApp(clock);
    const lab = invoker('slack', 'T-A', 'C-new', true);
    const noDigest = await app.run('recap on', lab);
    expect(noDigest.failed).toBe(true);
    expect(textOf(noDigest)).toContain('Subscribe first');
    await app.run('subscribe cold-start', lab);
    const offWithDay = await app.run('recap off fri', lab);
    expect(offWithDay.failed).toBe(true);
    expect(textOf(offWithDay)).toContain('takes no day');
    const defaultDay = await app.run('recap on', lab);
    expect(textOf(defaultDay)).toContain('every Friday');

    // Where only admins change channels, a member's line with a day but no `on` is told what is
    // wrong with it, not only that they may not; a valid change is refused by the rule.
    expect((await app.run('settings admins-only on', lab)).failed).toBeUndefined();
    const memberOfLab = member(lab, 'U-member', 'member');
    const dayAlone = await app.run('recap mon', { ...memberOfLab, isAdmin: false });
    expect(dayAlone.failed).toBe(true);
    expect(textOf(dayAlone)).toBe('A day goes with “recap on”. Run /papers recap on mon.');
    expect(textOf(await app.run('recap off fri', { ...memberOfLab, isAdmin: false }))).toContain('“recap off” takes no day.');
    expect(textOf(await app.run('recap on mon', { ...memberOfLab, isAdmin: false }))).toContain('only admins can change');
    expect(textOf(await app.run('recap', { ...memberOfLab, isAdmin: false }))).toContain('every Friday');
  });
});
