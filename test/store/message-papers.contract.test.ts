/**
 * Contract suite for the message-papers look-up (issue 21): which papers a message paperboy
 * posted shows, so a reaction on a one-paper message rates that paper. The ChatHost's
 * papersInMessage is the port; the suite holds the SQLite and PostgreSQL stores to it, with
 * digest messages written through each engine's DigestLedger and other messages through its
 * posted-messages store, as the app writes them.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/adapters/store/open-database.ts';
import { createPgMessagePapers } from '../../src/adapters/store/postgres/pg-message-papers.ts';
import { createPgPostedMessages } from '../../src/adapters/store/postgres/pg-posted-messages.ts';
import { createSqliteDigestLedger } from '../../src/adapters/store/sqlite-digest-ledger.ts';
import { createSqliteMessagePapers } from '../../src/adapters/store/sqlite-message-papers.ts';
import { createSqlitePostedMessages } from '../../src/adapters/store/sqlite-posted-messages.ts';
import { createSqliteSubscriptionStore } from '../../src/adapters/store/sqlite-subscription-store.ts';
import type { ChatHost } from '../../src/commands/chat-host.ts';
import type { Awaitable } from '../../src/core/awaitable.ts';
import type { ChannelRef } from '../../src/core/delivery-ports.ts';
import type { DigestLedger } from '../../src/core/digest/digest-ledger.ts';
import { describePg, openPgScratch } from './pg-scratch.ts';

interface Stores {
  papersInMessage: ChatHost['papersInMessage'];
  ledger: DigestLedger;
  record(channel: ChannelRef, messageRef: string, paperIds: readonly string[]): Awaitable<void>;
  channel(ref: ChannelRef): Promise<number>;
  close(): Awaitable<void>;
}

const NOW = '2026-11-20T09:00:00.000Z';
const LEASE = { holder: 'replica-1', ttlMs: 60_000 };
const HERE: ChannelRef = { platform: 'slack', workspaceId: 'T1', channelId: 'C1' };

/** A digest of `messages` in `ref`'s channel, each sent under the platform reference given. */
async function postDigest(stores: Stores, ref: ChannelRef, messages: Array<{ paperIds: string[]; messageRef: string }>): Promise<void> {
  const channelId = await stores.channel(ref);
  expect(await stores.ledger.acquireLease(channelId, LEASE, new Date(NOW))).toBe(true);
  const digest = await stores.ledger.createDigest(
    {
      channelId,
      slot: NOW,
      key: `key-${ref.workspaceId}-${ref.channelId}`,
      throughSeq: 0,
      picks: messages.flatMap((m) => m.paperIds.map((paperId) => ({ paperId, reason: 'topic' }))),
      messages: messages.map((m) => ({ payload: { text: m.paperIds.join(' ') }, paperIds: m.paperIds })),
      now: NOW,
    },
    LEASE,
    new Date(NOW),
  );
  for (const [position, message] of messages.entries()) await stores.ledger.markMessageSent(digest!.id, position, message.messageRef, NOW);
}

function describeMessagePapersContract(name: string, open: () => Awaitable<Stores>): void {
  describe(`Message papers contract: ${name}`, () => {
    let stores: Stores;
    beforeEach(async () => {
      stores = await open();
    });
    afterEach(async () => stores.close());

    it('answers a digest message by its reference: the papers it shows', async () => {
      await postDigest(stores, HERE, [
        { paperIds: ['2611.00001'], messageRef: '1700000000.000100' },
        { paperIds: ['2611.00002', '2611.00003'], messageRef: '1700000000.000200' },
      ]);
      expect(await stores.papersInMessage(HERE, '1700000000.000100')).toEqual(['2611.00001']);
      expect(await stores.papersInMessage(HERE, '1700000000.000200')).toEqual(['2611.00002', '2611.00003']);
    });

    it('answers any other message paperboy posted from the posted messages', async () => {
      await stores.record(HERE, '1700000000.000300', ['2611.00009']);
      expect(await stores.papersInMessage(HERE, '1700000000.000300')).toEqual(['2611.00009']);
    });

    it('answers none for a message paperboy did not post', async () => {
      await postDigest(stores, HERE, [{ paperIds: ['2611.00001'], messageRef: 'm1' }]);
      expect(await stores.papersInMessage(HERE, 'm2')).toEqual([]);
      expect(await stores.papersInMessage({ platform: 'slack', workspaceId: 'T9', channelId: 'C9' }, 'm1')).toEqual([]);
    });

    it('answers a message only in the channel, workspace and platform it was posted in', async () => {
      await postDigest(stores, HERE, [{ paperIds: ['a'], messageRef: 'm1' }]);
      await postDigest(stores, { ...HERE, workspaceId: 'T2' }, [{ paperIds: ['b'], messageRef: 'm1' }]);
      await stores.record({ ...HERE, platform: 'discord' }, 'm1', ['c']);
      expect(await stores.papersInMessage(HERE, 'm1')).toEqual(['a']);
      expect(await stores.papersInMessage({ ...HERE, workspaceId: 'T2' }, 'm1')).toEqual(['b']);
      expect(await stores.papersInMessage({ ...HERE, platform: 'discord' }, 'm1')).toEqual(['c']);
      expect(await stores.papersInMessage({ ...HERE, channelId: 'C2' }, 'm1')).toEqual([]);
    });
  });
}

function openSqlite(): Stores {
  const database = openDatabase(':memory:');
  const subscriptions = createSqliteSubscriptionStore(database.db);
  const posted = createSqlitePostedMessages(database.db, { channels: subscriptions, defaultTimeZone: 'UTC', clock: { now: () => new Date(NOW) } });
  return {
    papersInMessage: createSqliteMessagePapers(database.db, posted),
    ledger: createSqliteDigestLedger(database.db),
    record: (channel, messageRef, paperIds) => posted.record(channel, messageRef, paperIds),
    channel: async (ref) => subscriptions.ensureChannel(ref, { timeZone: 'UTC', now: NOW }).id,
    close: () => database.close(),
  };
}

async function openPg(): Promise<Stores> {
  const scratch = await openPgScratch();
  const posted = createPgPostedMessages(scratch.db, { channels: scratch.subscriptions, defaultTimeZone: 'UTC', clock: { now: () => new Date(NOW) } });
  return {
    papersInMessage: createPgMessagePapers(scratch.db, posted),
    ledger: scratch.ledger,
    record: (channel, messageRef, paperIds) => posted.record(channel, messageRef, paperIds),
    channel: scratch.channel,
    close: scratch.close,
  };
}

describeMessagePapersContract('SQLite', openSqlite);
describePg((name) => describeMessagePapersContract(name, openPg));
