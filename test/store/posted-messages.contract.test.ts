/**
 * Contract suite for the posted-messages store (issue 21): which papers each message paperboy
 * posted outside the digests shows, so a reaction on it rates that paper. Core has no port for it
 * (the SQLite store's own interface is what app.ts wires), so the suite names the shape it
 * asserts, with awaited answers, and holds the SQLite and PostgreSQL stores to it.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/adapters/store/open-database.ts';
import { createPgPostedMessages } from '../../src/adapters/store/postgres/pg-posted-messages.ts';
import { createSqlitePostedMessages, POSTED_MESSAGE_RETENTION_DAYS } from '../../src/adapters/store/sqlite-posted-messages.ts';
import { createSqliteSubscriptionStore } from '../../src/adapters/store/sqlite-subscription-store.ts';
import type { Awaitable } from '../../src/core/awaitable.ts';
import type { ChannelRef } from '../../src/core/delivery-ports.ts';
import type { Clock } from '../../src/core/ports.ts';
import type { ChannelSettings } from '../../src/core/subscriptions/subscription-ports.ts';
import { describePg, openPgScratch } from './pg-scratch.ts';

/** The posted-messages port, as either engine answers it. */
interface PostedMessages {
  record(channel: ChannelRef, messageRef: string, paperIds: readonly string[]): Awaitable<void>;
  papersOf(channel: ChannelRef, messageRef: string): Awaitable<string[] | null>;
}

/** What the suite needs from an implementation: the store (on the test's clock), and the channel rows as stored. */
interface Stores {
  posted: PostedMessages;
  findChannel(ref: ChannelRef): Promise<ChannelSettings | null>;
  close(): Awaitable<void>;
}

const NOW = '2026-11-20T09:00:00.000Z';
const DAY_MS = 24 * 60 * 60 * 1000;
const DEFAULT_TIME_ZONE = 'Europe/Berlin';
const HERE: ChannelRef = { platform: 'slack', workspaceId: 'T1', channelId: 'C1' };

function describePostedMessagesContract(name: string, open: (clock: Clock) => Awaitable<Stores>): void {
  describe(`PostedMessages contract: ${name}`, () => {
    let stores: Stores;
    let posted: PostedMessages;
    let now: Date;
    beforeEach(async () => {
      now = new Date(NOW);
      stores = await open({ now: () => now });
      posted = stores.posted;
    });
    afterEach(async () => stores.close());

    it('gives back the papers a message shows, in order, creating its channel as a command would', async () => {
      expect(await posted.papersOf(HERE, '1700000000.000100')).toBeNull();
      await posted.record(HERE, '1700000000.000100', ['2611.00002', '2611.00001']);
      expect(await posted.papersOf(HERE, '1700000000.000100')).toEqual(['2611.00002', '2611.00001']);
      expect(await posted.papersOf(HERE, '1700000000.000200')).toBeNull();
      expect(await stores.findChannel(HERE)).toMatchObject({ ref: HERE, timeZone: DEFAULT_TIME_ZONE, createdAt: NOW });
    });

    it('records nothing for a message that shows no paper', async () => {
      await posted.record(HERE, 'm1', []);
      expect(await posted.papersOf(HERE, 'm1')).toBeNull();
      expect(await stores.findChannel(HERE)).toBeNull();
    });

    it('answers a message only in the channel, workspace and platform it was posted in', async () => {
      await posted.record(HERE, 'm1', ['a']);
      await posted.record({ ...HERE, workspaceId: 'T2' }, 'm1', ['b']);
      expect(await posted.papersOf(HERE, 'm1')).toEqual(['a']);
      expect(await posted.papersOf({ ...HERE, workspaceId: 'T2' }, 'm1')).toEqual(['b']);
      expect(await posted.papersOf({ ...HERE, channelId: 'C2' }, 'm1')).toBeNull();
      expect(await posted.papersOf({ ...HERE, workspaceId: 'T3' }, 'm1')).toBeNull();
      expect(await posted.papersOf({ ...HERE, platform: 'discord' }, 'm1')).toBeNull();
    });

    it('keeps the latest papers when the same message is recorded again (an edited answer)', async () => {
      await posted.record(HERE, 'm1', ['a', 'b']);
      await posted.record(HERE, 'm1', ['c']);
      expect(await posted.papersOf(HERE, 'm1')).toEqual(['c']);
    });

    it(`forgets messages recorded more than ${POSTED_MESSAGE_RETENTION_DAYS} days before a new one`, async () => {
      await posted.record(HERE, 'old', ['a']);
      now = new Date(Date.parse(NOW) + DAY_MS);
      await posted.record({ ...HERE, workspaceId: 'T2' }, 'newer', ['b']);
      now = new Date(Date.parse(NOW) + POSTED_MESSAGE_RETENTION_DAYS * DAY_MS);
      await posted.record(HERE, 'm2', ['c']);
      // Exactly the retention old: still there.
      expect(await posted.papersOf(HERE, 'old')).toEqual(['a']);
      now = new Date(Date.parse(NOW) + POSTED_MESSAGE_RETENTION_DAYS * DAY_MS + 1);
      await posted.record({ ...HERE, channelId: 'C2' }, 'm3', ['d']);
      // Pruned across channels and workspaces, by age alone.
      expect(await posted.papersOf(HERE, 'old')).toBeNull();
      expect(await posted.papersOf({ ...HERE, workspaceId: 'T2' }, 'newer')).toEqual(['b']);
      expect(await posted.papersOf(HERE, 'm2')).toEqual(['c']);
      expect(await posted.papersOf({ ...HERE, channelId: 'C2' }, 'm3')).toEqual(['d']);
    });

    it('records messages posted at once into a new channel under one channel row', async () => {
      await Promise.all(['m1', 'm2', 'm3'].map((ref, i) => posted.record(HERE, ref, [`p${i}`])));
      expect(await Promise.all(['m1', 'm2', 'm3'].map((ref) => posted.papersOf(HERE, ref)))).toEqual([['p0'], ['p1'], ['p2']]);
      expect(await stores.findChannel(HERE)).not.toBeNull();
    });
  });
}

/** The SQLite store on a fresh in-memory database, migrated as production's is, its channels from the SQLite subscription store. */
function openSqlite(clock: Clock): Stores {
  const database = openDatabase(':memory:');
  const subscriptions = createSqliteSubscriptionStore(database.db);
  return {
    posted: createSqlitePostedMessages(database.db, { channels: subscriptions, defaultTimeZone: DEFAULT_TIME_ZONE, clock }),
    findChannel: async (ref) => subscriptions.findChannel(ref),
    close: () => database.close(),
  };
}

/** The PostgreSQL store in a scratch schema of its own (pg-scratch.ts), dropped on close, its channels from the PostgreSQL subscription store. */
async function openPg(clock: Clock): Promise<Stores> {
  const scratch = await openPgScratch();
  return {
    posted: createPgPostedMessages(scratch.db, { channels: scratch.subscriptions, defaultTimeZone: DEFAULT_TIME_ZONE, clock }),
    findChannel: async (ref) => scratch.subscriptions.findChannel(ref),
    close: scratch.close,
  };
}

describePostedMessagesContract('SQLite', openSqlite);
describePg((name) => describePostedMessagesContract(name, openPg));
