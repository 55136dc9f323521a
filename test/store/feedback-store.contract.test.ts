/**
 * Contract suite for the FeedbackStore port (issue 21): what any implementation must do, asserted
 * through the port only and awaited, so the same tests hold the SQLite store (answers on the spot)
 * and the PostgreSQL one (answers with promises) to one behaviour. Each test gets a fresh store.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/adapters/store/open-database.ts';
import { createPgFeedbackStore } from '../../src/adapters/store/postgres/pg-feedback-store.ts';
import { createSqliteFeedbackStore } from '../../src/adapters/store/sqlite-feedback-store.ts';
import { createSqliteSubscriptionStore } from '../../src/adapters/store/sqlite-subscription-store.ts';
import type { Awaitable } from '../../src/core/awaitable.ts';
import type { ChannelRef } from '../../src/core/delivery-ports.ts';
import type { FeedbackStore } from '../../src/core/learning/feedback-ports.ts';
import { describePg, openPgScratch } from './pg-scratch.ts';

/** What the suite needs from an implementation: the port, and a way to make a channel row to key feedback by. */
interface Stores {
  feedback: FeedbackStore;
  channel(ref: ChannelRef): Promise<number>;
  close(): Awaitable<void>;
}

const ana = { userId: 'U1', userName: 'Ana' };
const bo = { userId: 'U2', userName: null };
const at = (minute: number) => `2026-11-23T08:${String(minute).padStart(2, '0')}:00.000Z`;

function describeFeedbackStoreContract(name: string, open: () => Awaitable<Stores>): void {
  describe(`FeedbackStore contract: ${name}`, () => {
    let stores: Stores;
    let feedback: FeedbackStore;
    let here: number;
    beforeEach(async () => {
      stores = await open();
      feedback = stores.feedback;
      here = await stores.channel({ platform: 'slack', workspaceId: 'T1', channelId: 'C1' });
    });
    afterEach(async () => stores.close());

    it('sets, changes and clears each person’s rating, answering the rating before', async () => {
      expect(await feedback.setRating(here, '2611.00001', ana, 'up', at(0))).toBeNull();
      expect(await feedback.setRating(here, '2611.00001', bo, 'down', at(1))).toBeNull();
      expect(await feedback.setRating(here, '2611.00001', ana, 'down', at(2))).toBe('up');
      expect(await feedback.ratingsOf(here)).toEqual([
        { paperId: '2611.00001', userId: 'U2', userName: null, value: 'down', ratedAt: at(1) },
        { paperId: '2611.00001', userId: 'U1', userName: 'Ana', value: 'down', ratedAt: at(2) },
      ]);
      expect(await feedback.setRating(here, '2611.00001', ana, null, at(3))).toBe('down');
      expect(await feedback.setRating(here, '2611.00001', ana, null, at(4))).toBeNull();
      expect((await feedback.ratingsOf(here)).map((r) => r.userId)).toEqual(['U2']);
    });

    it('keeps the name the platform gave last with a changed rating', async () => {
      await feedback.setRating(here, 'p', ana, 'up', at(0));
      await feedback.setRating(here, 'p', { userId: 'U1', userName: 'Ana B.' }, 'up', at(5));
      expect(await feedback.ratingsOf(here)).toEqual([{ paperId: 'p', userId: 'U1', userName: 'Ana B.', value: 'up', ratedAt: at(5) }]);
    });

    it('clears with onlyIf only a rating of that value (a removed 👍 keeps the 👎 clicked since)', async () => {
      await feedback.setRating(here, 'p', ana, 'down', at(0));
      expect(await feedback.setRating(here, 'p', ana, null, at(1), 'up')).toBe('down');
      expect((await feedback.ratingsOf(here)).map((r) => [r.userId, r.value, r.ratedAt])).toEqual([['U1', 'down', at(0)]]);
      expect(await feedback.setRating(here, 'p', ana, null, at(2), 'down')).toBe('down');
      expect(await feedback.ratingsOf(here)).toEqual([]);
      expect(await feedback.setRating(here, 'p', ana, null, at(3), 'up')).toBeNull();
    });

    it('lists ratings oldest change first, then by paper and person', async () => {
      await feedback.setRating(here, 'b', bo, 'up', at(1));
      await feedback.setRating(here, 'b', ana, 'up', at(1));
      await feedback.setRating(here, 'a', bo, 'down', at(1));
      await feedback.setRating(here, 'z', ana, 'up', at(0));
      expect((await feedback.ratingsOf(here)).map((r) => `${r.paperId}/${r.userId}`)).toEqual(['z/U1', 'a/U2', 'b/U1', 'b/U2']);
    });

    it('keeps a paper’s first saver and lists the newest save first', async () => {
      const first = await feedback.save(here, 'a', ana, '2026-11-20T00:00:00.000Z');
      expect(first).toEqual({ created: true, saved: { paperId: 'a', userId: 'U1', userName: 'Ana', savedAt: '2026-11-20T00:00:00.000Z' } });
      expect(await feedback.save(here, 'a', bo, '2026-11-21T00:00:00.000Z')).toEqual({ created: false, saved: first.saved });
      await feedback.save(here, 'b', bo, '2026-11-22T00:00:00.000Z');
      // Saved at the same moment: the higher paper id first.
      await feedback.save(here, 'c', bo, '2026-11-20T00:00:00.000Z');
      expect(await feedback.savesOf(here)).toEqual([
        { paperId: 'b', userId: 'U2', userName: null, savedAt: '2026-11-22T00:00:00.000Z' },
        { paperId: 'c', userId: 'U2', userName: null, savedAt: '2026-11-20T00:00:00.000Z' },
        first.saved,
      ]);
    });

    it('saves a paper once when two people save it at the same moment', async () => {
      const both = await Promise.all([feedback.save(here, 'a', ana, at(0)), feedback.save(here, 'a', bo, at(0))]);
      expect(both.filter((s) => s.created)).toHaveLength(1);
      expect(both[0]!.saved).toEqual(both[1]!.saved);
      expect(await feedback.savesOf(here)).toEqual([both[0]!.saved]);
    });

    it('keeps every rating when people rate the same paper at the same moment', async () => {
      const people = Array.from({ length: 8 }, (_, i) => ({ userId: `U${i}`, userName: null }));
      const before = await Promise.all(people.map((person) => feedback.setRating(here, 'p', person, 'up', at(0))));
      expect(before).toEqual(people.map(() => null));
      expect((await feedback.ratingsOf(here)).map((r) => r.userId)).toEqual(people.map((p) => p.userId));
    });

    it('answers each of one person’s changes made at once with the rating it replaced', async () => {
      const [up, down] = await Promise.all([feedback.setRating(here, 'p', ana, 'up', at(1)), feedback.setRating(here, 'p', ana, 'down', at(1))]);
      // One came first and replaced nothing; the other replaced it and is what stays.
      const [first, last] = up === null ? ['up', 'down'] : ['down', 'up'];
      expect([up, down].sort()).toEqual([first, null].sort());
      expect((await feedback.ratingsOf(here)).map((r) => r.value)).toEqual([last]);
    });

    it('reads a channel’s rows only: not another channel’s, not another workspace’s channel of the same id', async () => {
      const sameWorkspace = await stores.channel({ platform: 'slack', workspaceId: 'T1', channelId: 'C2' });
      const otherWorkspace = await stores.channel({ platform: 'slack', workspaceId: 'T2', channelId: 'C1' });
      await feedback.setRating(sameWorkspace, 'x', ana, 'up', at(0));
      await feedback.setRating(otherWorkspace, 'y', ana, 'up', at(0));
      await feedback.save(otherWorkspace, 'y', ana, at(0));
      expect(await feedback.ratingsOf(here)).toEqual([]);
      expect(await feedback.savesOf(here)).toEqual([]);
      expect((await feedback.ratingsOf(sameWorkspace)).map((r) => r.paperId)).toEqual(['x']);
      expect((await feedback.ratingsOf(otherWorkspace)).map((r) => r.paperId)).toEqual(['y']);
      expect((await feedback.savesOf(otherWorkspace)).map((s) => s.paperId)).toEqual(['y']);
      // The same person's rating of the same paper is its own per channel.
      expect(await feedback.setRating(here, 'x', ana, 'down', at(1))).toBeNull();
      expect((await feedback.ratingsOf(sameWorkspace))[0]!.value).toBe('up');
    });
  });
}

/** The SQLite store on a fresh in-memory database, migrated as production's is. */
function openSqlite(): Stores {
  const database = openDatabase(':memory:');
  const subscriptions = createSqliteSubscriptionStore(database.db);
  return {
    feedback: createSqliteFeedbackStore(database.db),
    channel: async (ref) => subscriptions.ensureChannel(ref, { timeZone: 'UTC', now: at(0) }).id,
    close: () => database.close(),
  };
}

/** The PostgreSQL store in a scratch schema of its own (pg-scratch.ts), dropped on close. */
async function openPg(): Promise<Stores> {
  const scratch = await openPgScratch();
  return { feedback: createPgFeedbackStore(scratch.db), channel: scratch.channel, close: scratch.close };
}

describeFeedbackStoreContract('SQLite', openSqlite);
describePg((name) => describeFeedbackStoreContract(name, openPg));
