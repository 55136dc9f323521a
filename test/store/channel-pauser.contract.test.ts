/**
 * Contract suite for the ChannelPauser port (issue 21): pausing one channel, or every channel of a
 * workspace, at the clock's time, asserted through the port and awaited, so the SQLite and
 * PostgreSQL stores are held to one behaviour. Pauses are read back from the channel rows.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/adapters/store/open-database.ts';
import { createPgChannelPauser } from '../../src/adapters/store/postgres/pg-channel-pauser.ts';
import { createSqliteChannelPauser } from '../../src/adapters/store/sqlite-channel-pauser.ts';
import { createSqliteSubscriptionStore } from '../../src/adapters/store/sqlite-subscription-store.ts';
import type { Awaitable } from '../../src/core/awaitable.ts';
import type { ChannelPauser, ChannelRef } from '../../src/core/delivery-ports.ts';
import type { Clock } from '../../src/core/ports.ts';
import { describePg, openPgScratch } from './pg-scratch.ts';

interface Pause {
  pausedAt: string | null;
  pauseReason: string | null;
}

/** What the suite needs from an implementation: the port, a way to make channel rows, and a channel's pause as stored. */
interface Stores {
  pauser: ChannelPauser;
  channel(ref: ChannelRef): Promise<number>;
  pauseOf(ref: ChannelRef): Promise<Pause | null>;
  close(): Awaitable<void>;
}

const NOW = '2026-11-20T09:00:00.000Z';
const REFS: ChannelRef[] = [
  { platform: 'slack', workspaceId: 'T1', channelId: 'C1' },
  { platform: 'slack', workspaceId: 'T1', channelId: 'C2' },
  { platform: 'slack', workspaceId: 'T2', channelId: 'C1' },
  { platform: 'discord', workspaceId: 'T1', channelId: 'C1' },
];
const running: Pause = { pausedAt: null, pauseReason: null };

function describeChannelPauserContract(name: string, open: (clock: Clock) => Awaitable<Stores>): void {
  describe(`ChannelPauser contract: ${name}`, () => {
    let stores: Stores;
    let pauser: ChannelPauser;
    let now: Date;
    beforeEach(async () => {
      now = new Date(NOW);
      stores = await open({ now: () => now });
      pauser = stores.pauser;
      for (const ref of REFS) await stores.channel(ref);
    });
    afterEach(async () => stores.close());

    const pauses = async () => Promise.all(REFS.map((ref) => stores.pauseOf(ref)));

    it('pauses one channel of one workspace on one platform, at the clock’s time', async () => {
      await pauser.pauseChannel(REFS[0]!, 'The bot was removed from the channel.');
      expect(await pauses()).toEqual([{ pausedAt: NOW, pauseReason: 'The bot was removed from the channel.' }, running, running, running]);
    });

    it('ignores a channel or workspace it does not know, and creates no channel for it', async () => {
      await pauser.pauseChannel({ platform: 'slack', workspaceId: 'T9', channelId: 'C1' }, 'Unknown workspace.');
      await pauser.pauseChannel({ platform: 'slack', workspaceId: 'T1', channelId: 'C9' }, 'Unknown channel.');
      await pauser.pauseWorkspace('discord', 'T2', 'Unknown guild.');
      expect(await pauses()).toEqual([running, running, running, running]);
      expect(await stores.pauseOf({ platform: 'slack', workspaceId: 'T9', channelId: 'C1' })).toBeNull();
      expect(await stores.pauseOf({ platform: 'slack', workspaceId: 'T1', channelId: 'C9' })).toBeNull();
    });

    it('pauses every channel of one workspace on one platform', async () => {
      await pauser.pauseWorkspace('slack', 'T1', 'The app was uninstalled.');
      const paused = { pausedAt: NOW, pauseReason: 'The app was uninstalled.' };
      expect(await pauses()).toEqual([paused, paused, running, running]);
    });

    it('pauses an already paused channel again with the new reason and time', async () => {
      await pauser.pauseChannel(REFS[1]!, 'channel_archive');
      now = new Date('2026-11-21T10:00:00.000Z');
      await pauser.pauseWorkspace('slack', 'T1', 'The app was uninstalled.');
      const paused = { pausedAt: '2026-11-21T10:00:00.000Z', pauseReason: 'The app was uninstalled.' };
      expect(await pauses()).toEqual([paused, paused, running, running]);
    });
  });
}

/** The SQLite stores on a fresh in-memory database, migrated as production's is. */
function openSqlite(clock: Clock): Stores {
  const database = openDatabase(':memory:');
  const subscriptions = createSqliteSubscriptionStore(database.db);
  return {
    pauser: createSqliteChannelPauser(database.db, clock),
    channel: async (ref) => subscriptions.ensureChannel(ref, { timeZone: 'UTC', now: NOW }).id,
    pauseOf: async (ref) => {
      const found = subscriptions.findChannel(ref);
      return found && { pausedAt: found.pausedAt, pauseReason: found.pauseReason };
    },
    close: () => database.close(),
  };
}

/** The PostgreSQL pauser in a scratch schema of its own (pg-scratch.ts), dropped on close; pauses read back through its SubscriptionStore. */
async function openPg(clock: Clock): Promise<Stores> {
  const scratch = await openPgScratch();
  return {
    pauser: createPgChannelPauser(scratch.db, clock),
    channel: scratch.channel,
    pauseOf: async (ref) => {
      const found = await scratch.subscriptions.findChannel(ref);
      return found && { pausedAt: found.pausedAt, pauseReason: found.pauseReason };
    },
    close: scratch.close,
  };
}

describeChannelPauserContract('SQLite', openSqlite);
describePg((name) => describeChannelPauserContract(name, openPg));
