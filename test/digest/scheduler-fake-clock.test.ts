import { afterEach, describe, expect, it } from 'vitest';
import type { SqliteApp } from '../../src/app.ts';
import type { ChannelRef } from '../../src/core/delivery-ports.ts';
import type { Poster } from '../../src/core/delivery-ports.ts';
import { invoker, manualClock, recordingPoster, testApp, type RecordedPost } from './digest-helpers.ts';
import { paper } from '../support/papers.ts';

const titlesOf = (request: RecordedPost) => request.reply.blocks.flatMap((b) => (b.type === 'paper' ? [b.paper.title] : []));
const textOf = (request: RecordedPost) => request.reply.blocks.flatMap((b) => (b.type === 'text' ? [b.text] : [])).join(' ');

describe('daily digests with a fake clock', () => {
  let app: SqliteApp;
  afterEach(() => app?.close());

  it('three channels, two workspaces, three time zones: each at its own time, DST-correct, once per slot', async () => {
    // Thursday 2026-10-29 00:00 UTC. Europe/Berlin leaves summer time on Sunday 25 Oct, New York on Sunday 1 Nov.
    const clock = manualClock('2026-10-29T00:00:00Z');
    app = testApp(clock);
    clock.advance(60_000);
    const slack = recordingPoster();
    const discord = recordingPoster();
    app.registerPoster('slack', slack);
    app.registerPoster('discord', discord);

    const berlin = invoker('slack', 'T-A', 'C-berlin', true);
    const newYork = invoker('slack', 'T-A', 'C-nyc', true);
    const tokyo = invoker('discord', 'G-B', 'D-tokyo', true);
    for (const [who, schedule] of [
      [berlin, 'schedule 09:00 Europe/Berlin weekdays'],
      [newYork, 'schedule 09:00 America/New_York weekdays'],
      [tokyo, 'schedule 08:30 Asia/Tokyo daily quiet'],
    ] as const) {
      expect((await app.run(schedule, who)).failed).toBeUndefined();
    }
    // Overlapping subscriptions: two channels share "recsys cold-start", Tokyo also wants LLM agents.
    await app.run('subscribe recsys cold-start', berlin);
    await app.run('subscribe recsys cold-start', newYork);
    await app.run('subscribe cold-start', tokyo);
    await app.run('subscribe llm agents', tokyo);

    const arrivals: Record<string, string[]> = {};
    const arrive = async (iso: string, title: string, abstract: string) => {
      await app.papers.upsertPapers([paper(title, abstract)], iso);
      (arrivals[iso] ??= []).push(title);
    };
    // Papers arrive overnight (UTC) on weekdays only; Monday 2 Nov is treated as a holiday: nothing arrives.
    await arrive('2026-10-29T04:00:00Z', 'Cold-start recommendation with meta-learning', 'We study cold start in recommender systems.');
    await arrive('2026-10-29T04:00:00Z', 'LLM agents that plan', 'Large language model agents plan tool use.');
    await arrive('2026-10-30T04:00:00Z', 'Cold start recommendation for new users via LLM agents', 'Cold-start recommendation with LLM agents.');
    await arrive('2026-11-03T04:00:00Z', 'Zero-shot recommender for cold start items', 'A recommender system for cold-start items.');

    // Tick every 15 minutes for a week.
    const end = new Date('2026-11-05T00:00:00Z').getTime();
    while (clock.now().getTime() < end) {
      await app.services.digests.runDue(clock.now());
      clock.advance(15 * 60_000);
    }

    const berlinPosts = slack.posts.filter((p) => p.channel.channelId === 'C-berlin');
    const nycPosts = slack.posts.filter((p) => p.channel.channelId === 'C-nyc');
    const tokyoPosts = discord.posts;

    // Berlin, weekdays 09:00 local: Thu 29, Fri 30 (CET, 08:00Z), Mon 2, Tue 3, Wed 4 Nov. One digest per weekday.
    expect(berlinPosts.map((p) => p.marker.id)).toHaveLength(5);
    expect(new Set(berlinPosts.map((p) => p.marker.id)).size).toBe(5);
    // New York moved from EDT to EST on 1 Nov: the slot stays 09:00 local, 13:00Z before and 14:00Z after.
    const nycSlots = app.database.sqlite
      .prepare("SELECT slot FROM digests d JOIN channels c ON c.id = d.channel_id WHERE c.channel_id = 'C-nyc' ORDER BY slot")
      .all() as Array<{ slot: string }>;
    expect(nycSlots.map((s) => s.slot)).toEqual([
      '2026-10-29T13:00:00.000Z',
      '2026-10-30T13:00:00.000Z',
      '2026-11-02T14:00:00.000Z',
      '2026-11-03T14:00:00.000Z',
      '2026-11-04T14:00:00.000Z',
    ]);
    // No weekend digest for the weekday channels.
    expect(nycPosts).toHaveLength(5);

    // Each cold-start paper reaches each subscribed channel exactly once.
    const delivered = (posts: RecordedPost[]) => posts.flatMap(titlesOf);
    for (const posts of [berlinPosts, nycPosts]) {
      const titles = delivered(posts);
      expect(new Set(titles).size).toBe(titles.length);
      expect(titles).toEqual(
        expect.arrayContaining([
          'Cold-start recommendation with meta-learning',
          'Cold start recommendation for new users via LLM agents',
          'Zero-shot recommender for cold start items',
        ]),
      );
      expect(titles).not.toContain('LLM agents that plan');
    }
    // Empty weekday (the Monday holiday) is announced in the "announce" channels, not silently skipped.
    const emptyBerlin = berlinPosts.filter((p) => titlesOf(p).length === 0);
    expect(emptyBerlin.length).toBeGreaterThanOrEqual(1);
    expect(textOf(emptyBerlin[0]!)).toMatch(/No new papers/);

    // Tokyo (daily, quiet): digests only on days with papers, and the paper on both topics appears once with both reasons.
    const tokyoTitles = delivered(tokyoPosts);
    expect(new Set(tokyoTitles).size).toBe(tokyoTitles.length);
    expect(tokyoPosts.every((p) => titlesOf(p).length > 0)).toBe(true);
    const both = tokyoPosts.flatMap((p) => p.reply.blocks).find((b) => b.type === 'paper' && b.paper.title.startsWith('Cold start recommendation for new users'));
    expect(both?.type === 'paper' && both.paper.reason).toMatch(/matches: cold-start.*matches: llm agents|matches: llm agents.*matches: cold-start/);
    // Quiet empty days are recorded as skipped, not lost: the store says what happened on each.
    const skipped = app.database.sqlite
      .prepare("SELECT count(*) AS n FROM digests d JOIN channels c ON c.id = d.channel_id WHERE c.channel_id = 'D-tokyo' AND d.status = 'skipped'")
      .get() as { n: number };
    expect(skipped.n).toBeGreaterThan(0);

    // Workspace isolation: the Discord guild's channel rows are not visible from the Slack workspace.
    const listFromA = await app.run('list', invoker('slack', 'T-A', 'D-tokyo'));
    expect(JSON.stringify(listFromA)).toContain('follows nothing yet');
  });

  it('a process down for three days posts one catch-up digest, not one per missed day', async () => {
    const clock = manualClock('2026-11-16T07:00:00Z'); // Monday
    app = testApp(clock);
    clock.advance(60_000);
    const slack = recordingPoster();
    app.registerPoster('slack', slack);
    const channel = invoker('slack', 'T-A', 'C-1', true);
    await app.run('schedule 09:00 UTC weekdays', channel);
    await app.run('subscribe recsys cold-start', channel);
    await app.papers.upsertPapers([paper('Cold-start recommendation A', 'cold start recommender')], '2026-11-16T08:00:00Z');
    await app.services.digests.runDue(new Date('2026-11-16T09:00:00Z'));
    expect(slack.posts).toHaveLength(1);

    // Down from Monday 09:01 to Thursday 10:00; papers kept arriving.
    await app.papers.upsertPapers([paper('Cold-start recommendation B', 'cold start recommender')], '2026-11-17T04:00:00Z');
    await app.papers.upsertPapers([paper('Cold-start recommendation C', 'cold start recommender')], '2026-11-18T04:00:00Z');
    await app.papers.upsertPapers([paper('Cold-start recommendation D', 'cold start recommender')], '2026-11-19T04:00:00Z');
    await app.services.digests.runDue(new Date('2026-11-19T10:00:00Z'));
    await app.services.digests.runDue(new Date('2026-11-19T10:01:00Z'));
    expect(slack.posts).toHaveLength(2);
    expect(titlesOf(slack.posts[1]!)).toEqual(
      expect.arrayContaining(['Cold-start recommendation B', 'Cold-start recommendation C', 'Cold-start recommendation D']),
    );
  });

  it('a channel that can no longer be posted to is paused with its reason, and the others still get theirs', async () => {
    const clock = manualClock('2026-11-16T07:00:00Z');
    app = testApp(clock);
    clock.advance(60_000); // subscribe after the seed papers were loaded
    const ok = recordingPoster();
    const gone: Poster = {
      ...ok,
      send: (channel, payload, marker) =>
        channel.channelId === 'C-gone'
          ? Promise.resolve({ status: 'permanent', failure: { code: 'channel_not_found', reason: 'gone', fix: 'invite', channelReachable: false } })
          : ok.send(channel, payload, marker),
    };
    app.registerPoster('slack', gone);
    for (const id of ['C-gone', 'C-ok']) {
      const who = invoker('slack', 'T-A', id, true);
      await app.run('schedule 09:00 UTC weekdays', who);
      await app.run('subscribe recsys cold-start', who);
    }
    await app.papers.upsertPapers([paper('Cold-start recommendation', 'cold start recommender')], '2026-11-16T08:00:00Z');
    await app.services.digests.runDue(new Date('2026-11-16T09:00:00Z'));
    expect(ok.posts.map((p) => p.channel.channelId)).toEqual(['C-ok']);
    const paused = (await app.services.subscriptions.findChannel({ platform: 'slack', workspaceId: 'T-A', channelId: 'C-gone' } satisfies ChannelRef));
    expect(paused?.pauseReason).toContain('channel_not_found');
    // The paper was given back, not lost: resuming delivers it.
    await app.run('resume', invoker('slack', 'T-A', 'C-gone', true));
    app.registerPoster('slack', ok);
    await app.services.digests.runDue(new Date('2026-11-17T09:00:00Z'));
    expect(ok.posts.filter((p) => p.channel.channelId === 'C-gone').flatMap(titlesOf)).toEqual(['Cold-start recommendation']);
  });
});
