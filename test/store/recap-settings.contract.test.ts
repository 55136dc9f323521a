/**
 * Contract suite for the RecapSettings port (issue 21): the weekly-recap choice per channel and the
 * channel's last recap that is done, asserted through the port only and awaited, so the SQLite and
 * PostgreSQL stores are held to one behaviour. The recaps themselves are written through the digest
 * engine's digest ledger, as the recap job writes them (weekly-recap.ts). Each test gets a fresh store.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/adapters/store/open-database.ts';
import { createPgRecapSettings } from '../../src/adapters/store/postgres/pg-recap-settings.ts';
import { createSqliteDigestLedger } from '../../src/adapters/store/sqlite-digest-ledger.ts';
import { createSqliteRecapSettings } from '../../src/adapters/store/sqlite-recap-settings.ts';
import { createSqliteSubscriptionStore } from '../../src/adapters/store/sqlite-subscription-store.ts';
import type { Awaitable } from '../../src/core/awaitable.ts';
import type { ChannelRef } from '../../src/core/delivery-ports.ts';
import type { DigestKind, DigestLedger, LeaseHolder } from '../../src/core/digest/digest-ledger.ts';
import type { RecapSettings } from '../../src/core/digest/recap-ports.ts';
import { describePg, openPgScratch } from './pg-scratch.ts';

/** How a recorded digest ends: its messages all sent, settled with nothing to post, still pending, or failed. */
type Outcome = 'sent' | 'skipped' | 'pending' | 'failed';

/** What the suite needs from an implementation: the port, a way to make channel rows, and a way to record digests. */
interface Stores {
  recaps: RecapSettings;
  channel(ref: ChannelRef): Promise<number>;
  /** Records a digest of `kind` at `slot` whose messages show `messages`, ended as `outcome` says. */
  recordDigest(channelId: number, slot: string, outcome: Outcome, messages: string[][], kind: DigestKind): Promise<void>;
  close(): Awaitable<void>;
}

const NOW = '2026-11-20T09:00:00.000Z';
const LEASE: LeaseHolder = { holder: 'recap-test', ttlMs: 60_000 };
const HERE: ChannelRef = { platform: 'slack', workspaceId: 'T1', channelId: 'C1' };

function describeRecapSettingsContract(name: string, open: () => Awaitable<Stores>): void {
  describe(`RecapSettings contract: ${name}`, () => {
    let stores: Stores;
    let recaps: RecapSettings;
    let here: number;
    beforeEach(async () => {
      stores = await open();
      recaps = stores.recaps;
      here = await stores.channel(HERE);
    });
    afterEach(async () => stores.close());

    const digest = (channelId: number, slot: string, outcome: Outcome, messages: string[][] = [], kind: DigestKind = 'recap') =>
      stores.recordDigest(channelId, slot, outcome, messages, kind);

    it('turns a channel’s recap on, changes its day, and turns it off', async () => {
      expect(await recaps.recapOf(here)).toBeNull();
      await recaps.setRecap(here, { weekday: 5, since: NOW }, 'U1');
      expect(await recaps.recapOf(here)).toEqual({ weekday: 5, since: NOW });
      await recaps.setRecap(here, { weekday: 1, since: '2026-11-21T10:00:00.000Z' }, 'U2');
      expect(await recaps.recapOf(here)).toEqual({ weekday: 1, since: '2026-11-21T10:00:00.000Z' });
      await recaps.setRecap(here, null, 'U1');
      expect(await recaps.recapOf(here)).toBeNull();
      // Off when already off is no change, and no error.
      await recaps.setRecap(here, null, 'U1');
      expect(await recaps.recapOf(here)).toBeNull();
    });

    it('keeps each channel’s choice to itself, and lists every channel with a recap on', async () => {
      const there = await stores.channel({ ...HERE, channelId: 'C2' });
      const elsewhere = await stores.channel({ ...HERE, workspaceId: 'T2' });
      await stores.channel({ ...HERE, channelId: 'C3' });
      expect(await recaps.allRecaps()).toEqual(new Map());
      await recaps.setRecap(here, { weekday: 5, since: NOW }, 'U1');
      await recaps.setRecap(elsewhere, { weekday: 0, since: NOW }, 'U9');
      await recaps.setRecap(there, { weekday: 3, since: NOW }, 'U1');
      await recaps.setRecap(there, null, 'U1');
      expect(await recaps.recapOf(there)).toBeNull();
      expect(await recaps.allRecaps()).toEqual(
        new Map([
          [here, { weekday: 5, since: NOW }],
          [elsewhere, { weekday: 0, since: NOW }],
        ]),
      );
    });

    it('has no last recap before the first one is done', async () => {
      expect(await recaps.lastRecap(here)).toBeNull();
      await digest(here, '2026-11-20T09:00:00.000Z', 'sent', [['a']], 'daily');
      await digest(here, '2026-11-21T09:00:00.000Z', 'pending', [['b']]);
      await digest(here, '2026-11-22T09:00:00.000Z', 'failed', [['c']]);
      expect(await recaps.lastRecap(here)).toBeNull();
    });

    it('answers the latest sent or skipped recap by slot, with the papers it listed once each', async () => {
      await digest(here, '2026-11-13T09:00:00.000Z', 'sent', [['a', 'b'], ['b', 'c']]);
      expect(await recaps.lastRecap(here)).toEqual({ slot: '2026-11-13T09:00:00.000Z', status: 'sent', papers: 3 });
      await digest(here, '2026-11-20T09:00:00.000Z', 'skipped');
      expect(await recaps.lastRecap(here)).toEqual({ slot: '2026-11-20T09:00:00.000Z', status: 'skipped', papers: 0 });
      // A later daily digest, a later unsettled recap and an earlier recap settled after: none is the last recap.
      await digest(here, '2026-11-27T09:00:00.000Z', 'sent', [['d']], 'daily');
      await digest(here, '2026-11-27T09:00:00.000Z', 'pending', [['e']]);
      await digest(here, '2026-11-06T09:00:00.000Z', 'sent', [['f']]);
      expect(await recaps.lastRecap(here)).toEqual({ slot: '2026-11-20T09:00:00.000Z', status: 'skipped', papers: 0 });
    });

    it('answers a recap sent with no papers (the short line of the recap’s first version) as sent, with 0 papers', async () => {
      await digest(here, '2026-11-20T09:00:00.000Z', 'sent', [[]]);
      expect(await recaps.lastRecap(here)).toEqual({ slot: '2026-11-20T09:00:00.000Z', status: 'sent', papers: 0 });
    });

    it('answers a channel’s own last recap only', async () => {
      const there = await stores.channel({ ...HERE, workspaceId: 'T2' });
      await digest(there, '2026-11-20T09:00:00.000Z', 'sent', [['a']]);
      expect(await recaps.lastRecap(here)).toBeNull();
      expect(await recaps.lastRecap(there)).toEqual({ slot: '2026-11-20T09:00:00.000Z', status: 'sent', papers: 1 });
    });
  });
}

/** Records a digest through the digest ledger port, as the recap job does (weekly-recap.ts). */
async function recordThroughLedger(ledger: DigestLedger, channelId: number, slot: string, outcome: Outcome, messages: string[][], kind: DigestKind): Promise<void> {
  expect(await ledger.acquireLease(channelId, LEASE, new Date(NOW))).toBe(true);
  const record = (await ledger.createDigest(
    { channelId, slot, kind, key: `key-${kind}-${slot}`, throughSeq: 0, picks: [], messages: messages.map((paperIds) => ({ payload: { paperIds }, paperIds })), now: NOW },
    LEASE,
    new Date(NOW),
  ))!;
  if (outcome === 'sent') for (const [position] of messages.entries()) await ledger.markMessageSent(record.id, position, `ts-${slot}-${position}`, NOW);
  if (outcome === 'skipped') await ledger.settleSkipped(record.id, NOW);
  if (outcome === 'failed') await ledger.failDigest(record.id, 'channel_not_found', NOW);
  await ledger.releaseLease(channelId, LEASE.holder);
}

/** The SQLite stores on a fresh in-memory database, migrated as production's is. */
function openSqlite(): Stores {
  const database = openDatabase(':memory:');
  const subscriptions = createSqliteSubscriptionStore(database.db);
  return {
    recaps: createSqliteRecapSettings(database.db),
    channel: async (ref) => subscriptions.ensureChannel(ref, { timeZone: 'UTC', now: NOW }).id,
    recordDigest: (channelId, slot, outcome, messages, kind) => recordThroughLedger(createSqliteDigestLedger(database.db), channelId, slot, outcome, messages, kind),
    close: () => database.close(),
  };
}

/** The PostgreSQL recap settings in a scratch schema of its own (pg-scratch.ts), dropped on close. */
async function openPg(): Promise<Stores> {
  const scratch = await openPgScratch();
  return {
    recaps: createPgRecapSettings(scratch.db),
    channel: scratch.channel,
    recordDigest: (channelId, slot, outcome, messages, kind) => recordThroughLedger(scratch.ledger, channelId, slot, outcome, messages, kind),
    close: scratch.close,
  };
}

describeRecapSettingsContract('SQLite', openSqlite);
describePg((name) => describeRecapSettingsContract(name, openPg));
