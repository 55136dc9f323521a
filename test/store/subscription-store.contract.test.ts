/**
 * Contract suites for the SubscriptionStore and DigestLedger ports, after drizzle's own tests: a
 * fresh database per test, migrated from the folder production uses (`drizzle/`, `drizzle-pg/`),
 * and one suite per port that every implementation must pass: SQLite, and PostgreSQL (issue 21,
 * each test in a scratch schema of its own) when one answers at 127.0.0.1:5432.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/adapters/store/open-database.ts';
import { openPgStore, PG_MIGRATIONS_FOLDER } from '../../src/adapters/store/postgres/open-pg-store.ts';
import { createPgDigestLedger } from '../../src/adapters/store/postgres/pg-digest-ledger.ts';
import { upsertSearchPapers } from '../../src/adapters/store/postgres/pg-paper-rows.ts';
import { createPgSubscriptionStore } from '../../src/adapters/store/postgres/pg-subscription-store.ts';
import * as schema from '../../src/adapters/store/schema.ts';
import { createSqliteAuthorDirectory } from '../../src/adapters/store/sqlite-author-directory.ts';
import { createSqliteDigestLedger } from '../../src/adapters/store/sqlite-digest-ledger.ts';
import { createSqlitePaperRepository } from '../../src/adapters/store/sqlite-paper-repository.ts';
import { createSqliteSubscriptionStore } from '../../src/adapters/store/sqlite-subscription-store.ts';
import { authorNameKey } from '../../src/core/author-name.ts';
import type { ChannelRef } from '../../src/core/delivery-ports.ts';
import type { DigestLedger, LeaseHolder, NewDigest } from '../../src/core/digest/digest-ledger.ts';
import { newPaper } from '../../src/core/merge-paper.ts';
import type { PaperInput } from '../../src/core/paper.ts';
import type { ChannelSettings, NewSubscription, SubscriptionStore } from '../../src/core/subscriptions/subscription-ports.ts';
import { paper } from '../support/papers.ts';
import { describePg, dropPgSchema, openPgScratch, PG_URL } from './pg-scratch.ts';

/** What a suite needs from an implementation: the ports, plus ways to put papers in and find an author's store id. */
interface Stores {
  store: SubscriptionStore;
  ledger: DigestLedger;
  addPapers(papers: PaperInput[]): Promise<void>;
  authorId(name: string): Promise<number>;
  close(): void | Promise<void>;
}

/** Opens the stores of one implementation on a fresh, migrated database. */
type OpenStores = () => Stores | Promise<Stores>;

const NOW = '2026-11-20T09:00:00.000Z';
const HERE: ChannelRef = { platform: 'slack', workspaceId: 'T1', channelId: 'C1' };
const topic = (query: string, createdBy = 'U1'): NewSubscription => ({ kind: 'topic', query, authorId: null, externalId: null, createdBy });

function describeSubscriptionStoreContract(name: string, open: OpenStores): void {
  describe(`SubscriptionStore contract: ${name}`, () => {
    let stores: Stores;
    let store: SubscriptionStore;
    beforeEach(async () => {
      stores = await open();
      store = stores.store;
    });
    afterEach(async () => stores.close());

    const channel = async (ref: ChannelRef = HERE, timeZone = 'UTC') => store.ensureChannel(ref, { timeZone, now: NOW });

    it('creates a channel with the default schedule on first use, and finds the same one after', async () => {
      expect((await store.findChannel(HERE))).toBeNull();
      const created = await channel(HERE, 'Europe/Berlin');
      expect(created).toMatchObject({
        ref: HERE,
        timeZone: 'Europe/Berlin',
        postTime: '09:00',
        days: 'weekdays',
        picks: 5,
        emptyDay: 'announce',
        pausedAt: null,
        pauseReason: null,
        lastDigestAt: null,
        papersThroughSeq: null,
        lastChangedBy: null,
        createdAt: NOW,
      });
      expect((await store.findChannel(HERE))).toEqual(created);
      // A second ensure keeps the row as it is (its time zone too).
      expect((await store.ensureChannel(HERE, { timeZone: 'UTC', now: '2027-01-01T00:00:00.000Z' }))).toEqual(created);
    });

    it('scopes channels by platform, workspace and channel id', async () => {
      const here = await channel();
      const otherTeam = await channel({ ...HERE, workspaceId: 'T2' });
      const otherPlatform = await channel({ ...HERE, platform: 'discord' });
      expect(new Set([here.id, otherTeam.id, otherPlatform.id]).size).toBe(3);
      expect((await store.findChannel({ ...HERE, workspaceId: 'T2' }))?.id).toBe(otherTeam.id);
      expect((await store.findChannel({ ...HERE, channelId: 'C2' }))).toBeNull();
      await store.addSubscription(here.id, topic('recsys'), NOW);
      expect((await store.listSubscriptions(otherTeam.id))).toEqual([]);
      expect((await store.countSubscriptions(otherPlatform.id))).toBe(0);
    });

    it('changes only the schedule fields a patch gives', async () => {
      const before = await channel();
      const after = (await store.updateSchedule(before.id, { postTime: '07:30', picks: 3 }));
      expect(after).toEqual({ ...before, postTime: '07:30', picks: 3 });
      expect((await store.updateSchedule(before.id, { days: 'mon,wed', emptyDay: 'quiet', timeZone: 'Asia/Tokyo' }))).toEqual({
        ...after,
        days: 'mon,wed',
        emptyDay: 'quiet',
        timeZone: 'Asia/Tokyo',
      });
      expect((await store.updateSchedule(before.id, {}))).toEqual((await store.findChannel(HERE)));
    });

    it('lists as active the unpaused channels with a subscription, and the paused ones of a workspace', async () => {
      const quiet = await channel({ ...HERE, channelId: 'C0' });
      const here = await channel();
      const paused = await channel({ ...HERE, channelId: 'C2' });
      const elsewhere = await channel({ ...HERE, workspaceId: 'T2' });
      for (const c of [here, paused, elsewhere]) await store.addSubscription(c.id, topic('recsys'), NOW);
      await store.setPaused(paused.id, NOW, 'The bot was removed from the channel.');
      await store.setPaused(elsewhere.id, NOW, 'Paused by U9.');
      expect((await store.activeChannels()).map((c) => c.id)).toEqual([here.id]);
      expect(quiet.id).toBeLessThan(here.id);
      const pausedHere = (await store.pausedChannels('slack', 'T1'));
      expect(pausedHere.map((c) => [c.id, c.pausedAt, c.pauseReason])).toEqual([[paused.id, NOW, 'The bot was removed from the channel.']]);
      expect((await store.pausedChannels('slack', 'T2')).map((c) => c.id)).toEqual([elsewhere.id]);
      expect((await store.pausedChannels('discord', 'T1'))).toEqual([]);

      await store.setPaused(paused.id, null, null);
      expect((await store.activeChannels()).map((c) => c.id)).toEqual([here.id, paused.id]);
      expect((await store.pausedChannels('slack', 'T1'))).toEqual([]);
    });

    it('lists one workspace’s channels with a subscription, paused or not, and no other workspace’s', async () => {
      await channel({ ...HERE, channelId: 'C0' });
      const here = await channel();
      const paused = await channel({ ...HERE, channelId: 'C2' });
      const elsewhere = await channel({ ...HERE, workspaceId: 'T2' });
      for (const c of [here, paused, elsewhere]) await store.addSubscription(c.id, topic('recsys'), NOW);
      await store.setPaused(paused.id, NOW, 'channel_archive');
      expect((await store.subscribedChannels('slack', 'T1')).map((c) => [c.ref.channelId, c.pauseReason])).toEqual([
        [here.ref.channelId, null],
        ['C2', 'channel_archive'],
      ]);
      expect((await store.subscribedChannels('slack', 'T2')).map((c) => c.id)).toEqual([elsewhere.id]);
      expect((await store.subscribedChannels('discord', 'T1'))).toEqual([]);
    });

    it('adds a subscription once, above the papers stored before it, and records who changed the channel', async () => {
      await stores.addPapers([paper('Old one', 'x'), paper('Old two', 'y')]);
      const { id } = await channel();
      const first = (await store.addSubscription(id, topic('cold start', 'U7'), NOW));
      expect(first.created).toBe(true);
      expect(first.subscription).toMatchObject({ channelId: id, kind: 'topic', query: 'cold start', authorId: null, externalId: null, createdBy: 'U7', createdAt: NOW });
      expect(first.subscription.afterSeq).toBeGreaterThan(0);
      expect((await store.findChannel(HERE))?.lastChangedBy).toBe('U7');

      const again = (await store.addSubscription(id, topic('cold start', 'U8'), '2027-01-01T00:00:00.000Z'));
      expect(again).toEqual({ subscription: first.subscription, created: false });
      // The same query as another kind is another subscription.
      const category = (await store.addSubscription(id, { ...topic('cold start'), kind: 'category' }, NOW));
      expect(category.created).toBe(true);
      expect((await store.listSubscriptions(id))).toEqual([first.subscription, category.subscription]);
      expect((await store.countSubscriptions(id))).toBe(2);
    });

    it('starts a subscription on an empty store at sequence 0', async () => {
      const { id } = await channel();
      expect((await store.addSubscription(id, topic('recsys'), NOW)).subscription.afterSeq).toBe(0);
    });

    it('removes a subscription only from its own channel', async () => {
      const here = await channel();
      const there = await channel({ ...HERE, channelId: 'C2' });
      const mine = (await store.addSubscription(here.id, topic('recsys'), NOW)).subscription;
      expect((await store.removeSubscription(there.id, mine.id))).toBeNull();
      expect((await store.countSubscriptions(here.id))).toBe(1);
      expect((await store.removeSubscription(here.id, mine.id))).toEqual(mine);
      expect((await store.listSubscriptions(here.id))).toEqual([]);
      expect((await store.removeSubscription(here.id, mine.id))).toBeNull();
    });

    it('finds papers by any of the authors within a sequence range, newest first, up to a limit', async () => {
      const ada = { authors: ['Ada Lovelace'] };
      const grace = { authors: ['Grace Hopper', 'Ada Lovelace'] };
      const before = paper('Before the range', 'a', { ...ada, published: '2026-11-19' });
      await stores.addPapers([before]);
      const after = (await stores.ledger.currentPaperSeq());
      const older = paper('Older', 'b', { ...ada, published: '2026-11-01' });
      const newer = paper('Newer', 'c', { ...grace, published: '2026-11-18' });
      const undated = paper('Undated', 'd', { ...ada, published: null });
      const sameDay = paper('Same day, stored later', 'e', { ...ada, published: '2026-11-18' });
      const someoneElse = paper('Someone else', 'f', { authors: ['Alan Turing'], published: '2026-11-19' });
      await stores.addPapers([older, newer, undated, sameDay, someoneElse]);
      const through = (await stores.ledger.currentPaperSeq());
      await stores.addPapers([paper('Above the range', 'g', { ...ada, published: '2026-11-20' })]);

      const adaId = await stores.authorId('Ada Lovelace');
      const graceId = await stores.authorId('Grace Hopper');
      const ids = async (authorIds: number[], limit = 10) => (await store.papersByFollow({ authorIds, externalId: null }, { after, through }, limit)).map((p) => p.id);
      expect(await ids([adaId])).toEqual([sameDay.id, newer.id, older.id, undated.id]);
      expect(await ids([graceId])).toEqual([newer.id]);
      expect(await ids([graceId, adaId])).toEqual([sameDay.id, newer.id, older.id, undated.id]);
      expect(await ids([adaId], 2)).toEqual([sameDay.id, newer.id]);
      expect(await ids([])).toEqual([]);
      const found = (await store.papersByFollow({ authorIds: [graceId], externalId: null }, { after, through }, 1))[0]!;
      expect(found).toMatchObject({ id: newer.id, title: 'Newer', authors: ['Grace Hopper', 'Ada Lovelace'], authorsTruncated: false, categories: ['cs.IR'] });
    });

    it('tells which papers a channel was already given (pending or sent), per channel', async () => {
      const here = await channel();
      const there = await channel({ ...HERE, channelId: 'C2' });
      const lease: LeaseHolder = { holder: 'p1', ttlMs: 60_000 };
      expect((await stores.ledger.acquireLease(here.id, lease, new Date(NOW)))).toBe(true);
      const digest = (await stores.ledger.createDigest(newDigest(here.id, ['2611.00001', '2611.00002']), lease, new Date(NOW)))!;
      expect((await store.deliveredAmong(here.id, ['2611.00001', '2611.00002', '2611.00003']))).toEqual(new Set(['2611.00001', '2611.00002']));
      expect((await store.deliveredAmong(there.id, ['2611.00001']))).toEqual(new Set());
      expect((await store.deliveredAmong(here.id, []))).toEqual(new Set());
      await stores.ledger.markMessageSent(digest.id, 0, 'ts-1', NOW);
      expect((await store.deliveredAmong(here.id, ['2611.00001']))).toEqual(new Set(['2611.00001']));
    });
  });
}

/** A digest of one message per paper, at `slot`. */
function newDigest(channelId: number, paperIds: string[], slot = NOW, throughSeq = 0): NewDigest {
  return {
    channelId,
    slot,
    key: `key-${slot}`,
    throughSeq,
    picks: paperIds.map((paperId) => ({ paperId, reason: `topic for ${paperId}` })),
    messages: paperIds.map((paperId) => ({ payload: { text: paperId }, paperIds: [paperId] })),
    now: NOW,
  };
}

function describeDigestLedgerContract(name: string, open: OpenStores): void {
  describe(`DigestLedger contract: ${name}`, () => {
    let stores: Stores;
    let ledger: DigestLedger;
    let here: ChannelSettings;
    const mine: LeaseHolder = { holder: 'process-a', ttlMs: 60_000 };
    const theirs: LeaseHolder = { holder: 'process-b', ttlMs: 60_000 };
    const at = (offsetMs: number) => new Date(Date.parse(NOW) + offsetMs);
    beforeEach(async () => {
      stores = await open();
      ledger = stores.ledger;
      here = (await stores.store.ensureChannel(HERE, { timeZone: 'UTC', now: NOW }));
    });
    afterEach(async () => stores.close());

    const channelNow = async () => (await stores.store.findChannel(HERE))!;

    it('gives a free lease, keeps it from another holder until it expires, and renews it for its holder', async () => {
      expect((await ledger.acquireLease(here.id, mine, at(0)))).toBe(true);
      expect((await ledger.acquireLease(here.id, theirs, at(1_000)))).toBe(false);
      expect((await ledger.renewLease(here.id, theirs, at(1_000)))).toBe(false);
      // Ours again: acquiring what we hold renews it.
      expect((await ledger.acquireLease(here.id, mine, at(30_000)))).toBe(true);
      expect((await ledger.acquireLease(here.id, theirs, at(80_000)))).toBe(false);
      expect((await ledger.renewLease(here.id, mine, at(80_000)))).toBe(true);
      // Expired (140 s, past the renewal's 80 + 60 s): anyone may take it, and the old holder has lost it.
      expect((await ledger.acquireLease(here.id, theirs, at(140_001)))).toBe(true);
      expect((await ledger.renewLease(here.id, mine, at(140_002)))).toBe(false);
      expect((await ledger.acquireLease(here.id, mine, at(140_002)))).toBe(false);
    });

    it('releases a lease only for its holder', async () => {
      expect((await ledger.acquireLease(here.id, mine, at(0)))).toBe(true);
      await ledger.releaseLease(here.id, theirs.holder);
      expect((await ledger.acquireLease(here.id, theirs, at(1)))).toBe(false);
      await ledger.releaseLease(here.id, mine.holder);
      expect((await ledger.acquireLease(here.id, theirs, at(2)))).toBe(true);
      expect((await ledger.renewLease(here.id, mine, at(3)))).toBe(false);
    });

    it('holds leases per channel', async () => {
      const there = (await stores.store.ensureChannel({ ...HERE, channelId: 'C2' }, { timeZone: 'UTC', now: NOW }));
      expect((await ledger.acquireLease(here.id, mine, at(0)))).toBe(true);
      expect((await ledger.acquireLease(there.id, theirs, at(0)))).toBe(true);
    });

    it('records a digest only under the lease', async () => {
      expect((await ledger.createDigest(newDigest(here.id, ['2611.00001']), mine, at(0)))).toBeNull();
      await ledger.acquireLease(here.id, theirs, at(0));
      expect((await ledger.createDigest(newDigest(here.id, ['2611.00001']), mine, at(1)))).toBeNull();
      expect((await ledger.findDigest(here.id, NOW))).toBeNull();
      expect((await ledger.allUnsettled())).toEqual([]);
      expect((await stores.store.deliveredAmong(here.id, ['2611.00001']))).toEqual(new Set());
    });

    it('records a digest with its picks and messages, pending, and renews the lease doing so', async () => {
      await ledger.acquireLease(here.id, mine, at(0));
      const digest = (await ledger.createDigest(newDigest(here.id, ['2611.00001', '2611.00002'], NOW, 42), mine, at(50_000)))!;
      expect(digest).toMatchObject({
        channelId: here.id,
        slot: NOW,
        status: 'pending',
        key: `key-${NOW}`,
        throughSeq: 42,
        picks: [
          { paperId: '2611.00001', reason: 'topic for 2611.00001' },
          { paperId: '2611.00002', reason: 'topic for 2611.00002' },
        ],
        messages: [
          { position: 0, payload: { text: '2611.00001' }, paperIds: ['2611.00001'], status: 'pending', messageRef: null, attemptedAt: null },
          { position: 1, payload: { text: '2611.00002' }, paperIds: ['2611.00002'], status: 'pending', messageRef: null, attemptedAt: null },
        ],
        attempts: 0,
        nextTryAt: null,
        lastError: null,
        noticeSentAt: null,
        createdAt: NOW,
      });
      expect((await ledger.findDigest(here.id, NOW))).toEqual(digest);
      expect((await ledger.unsettledDigests(here.id))).toEqual([digest]);
      expect((await ledger.allUnsettled())).toEqual([digest]);
      // Renewed at 50 s: still ours at 100 s.
      expect((await ledger.acquireLease(here.id, theirs, at(100_000)))).toBe(false);
    });

    it('keeps a paper with the digest that first picked it for the channel', async () => {
      await ledger.acquireLease(here.id, mine, at(0));
      const first = (await ledger.createDigest(newDigest(here.id, ['2611.00001'], '2026-11-19T09:00:00.000Z'), mine, at(0)))!;
      const second = (await ledger.createDigest(newDigest(here.id, ['2611.00001', '2611.00002']), mine, at(0)))!;
      expect(first.picks.map((p) => p.paperId)).toEqual(['2611.00001']);
      expect(second.picks.map((p) => p.paperId)).toEqual(['2611.00002']);
    });

    it('marks a message attempted only under the lease and while the digest is pending, and back to pending when not sent', async () => {
      await ledger.acquireLease(here.id, mine, at(0));
      const digest = (await ledger.createDigest(newDigest(here.id, ['2611.00001']), mine, at(0)))!;
      expect((await ledger.markAttempt(digest.id, 0, theirs, at(1_000)))).toBe(false);
      expect((await ledger.markAttempt(digest.id, 0, mine, at(1_000)))).toBe(true);
      expect((await ledger.findDigest(here.id, NOW))!.messages[0]).toMatchObject({ status: 'attempted', attemptedAt: at(1_000).toISOString() });
      await ledger.markNotSent(digest.id, 0);
      expect((await ledger.findDigest(here.id, NOW))!.messages[0]!.status).toBe('pending');
      expect((await ledger.markAttempt(digest.id, 7, mine, at(2_000)))).toBe(false);
      expect((await ledger.markAttempt(digest.id + 100, 0, mine, at(2_000)))).toBe(false);
      await ledger.failDigest(digest.id, 'gone', NOW);
      expect((await ledger.markAttempt(digest.id, 0, mine, at(3_000)))).toBe(false);
    });

    it('never marks a sent message attempted or not sent again', async () => {
      await ledger.acquireLease(here.id, mine, at(0));
      const digest = (await ledger.createDigest(newDigest(here.id, ['2611.00001', '2611.00002']), mine, at(0)))!;
      await ledger.markMessageSent(digest.id, 0, 'ts-1', NOW);
      expect((await ledger.markAttempt(digest.id, 0, mine, at(1_000)))).toBe(false);
      await ledger.markNotSent(digest.id, 0);
      expect((await ledger.findDigest(here.id, NOW))!.messages[0]).toMatchObject({ status: 'sent', messageRef: 'ts-1' });
    });

    it('settles a digest as sent with its last message, and then advances the channel', async () => {
      await ledger.acquireLease(here.id, mine, at(0));
      const digest = (await ledger.createDigest(newDigest(here.id, ['2611.00001', '2611.00002'], NOW, 42), mine, at(0)))!;
      await ledger.markMessageSent(digest.id, 1, 'ts-2', '2026-11-20T09:00:05.000Z');
      expect((await ledger.findDigest(here.id, NOW))!.status).toBe('pending');
      expect(await channelNow()).toMatchObject({ lastDigestAt: null, papersThroughSeq: null });

      await ledger.markMessageSent(digest.id, 0, 'ts-1', '2026-11-20T09:00:06.000Z');
      const settled = (await ledger.findDigest(here.id, NOW))!;
      expect(settled.status).toBe('sent');
      expect(settled.messages.map((m) => [m.status, m.messageRef])).toEqual([
        ['sent', 'ts-1'],
        ['sent', 'ts-2'],
      ]);
      expect((await ledger.unsettledDigests(here.id))).toEqual([]);
      expect((await ledger.allUnsettled())).toEqual([]);
      expect(await channelNow()).toMatchObject({ lastDigestAt: NOW, papersThroughSeq: 42 });
    });

    it('moves the channel bounds only forward', async () => {
      await ledger.acquireLease(here.id, mine, at(0));
      const later = (await ledger.createDigest(newDigest(here.id, [], '2026-11-21T09:00:00.000Z', 50), mine, at(0)))!;
      const earlier = (await ledger.createDigest(newDigest(here.id, [], '2026-11-20T09:00:00.000Z', 40), mine, at(0)))!;
      await ledger.settleSkipped(later.id, NOW);
      expect(await channelNow()).toMatchObject({ lastDigestAt: '2026-11-21T09:00:00.000Z', papersThroughSeq: 50 });
      await ledger.settleSkipped(earlier.id, NOW);
      expect(await channelNow()).toMatchObject({ lastDigestAt: '2026-11-21T09:00:00.000Z', papersThroughSeq: 50 });
      expect((await ledger.findDigest(here.id, '2026-11-20T09:00:00.000Z'))!.status).toBe('skipped');
    });

    it('fails a digest: unsent papers are free again, sent ones stay delivered, and the channel stays where it was', async () => {
      await ledger.acquireLease(here.id, mine, at(0));
      const ids = ['2611.00001', '2611.00002', '2611.00003'];
      const digest = (await ledger.createDigest(newDigest(here.id, ids, NOW, 42), mine, at(0)))!;
      await ledger.markMessageSent(digest.id, 0, 'ts-1', NOW);
      await ledger.markAttempt(digest.id, 1, mine, at(1_000));
      await ledger.failDigest(digest.id, 'channel_not_found', '2026-11-20T09:05:00.000Z');

      const failed = (await ledger.findDigest(here.id, NOW))!;
      expect(failed).toMatchObject({ status: 'failed', lastError: 'channel_not_found' });
      expect(failed.picks.map((p) => p.paperId)).toEqual(['2611.00001']);
      expect((await stores.store.deliveredAmong(here.id, ids))).toEqual(new Set(['2611.00001']));
      expect((await ledger.unsettledDigests(here.id))).toEqual([]);
      expect(await channelNow()).toMatchObject({ lastDigestAt: null, papersThroughSeq: null });
      // The freed papers can go into a later digest.
      const next = (await ledger.createDigest(newDigest(here.id, ids, '2026-11-21T09:00:00.000Z'), mine, at(2_000)))!;
      expect(next.picks.map((p) => p.paperId)).toEqual(['2611.00002', '2611.00003']);
    });

    it('settles an empty quiet day as skipped and advances the channel', async () => {
      await ledger.acquireLease(here.id, mine, at(0));
      const digest = (await ledger.createDigest(newDigest(here.id, [], NOW, 7), mine, at(0)))!;
      await ledger.settleSkipped(digest.id, NOW);
      expect((await ledger.findDigest(here.id, NOW))).toMatchObject({ status: 'skipped', messages: [], picks: [] });
      expect(await channelNow()).toMatchObject({ lastDigestAt: NOW, papersThroughSeq: 7 });
    });

    it('counts failed tries with their reason and next time, and records the notice once told', async () => {
      await ledger.acquireLease(here.id, mine, at(0));
      const digest = (await ledger.createDigest(newDigest(here.id, ['2611.00001']), mine, at(0)))!;
      await ledger.deferDigest(digest.id, 'rate limited', '2026-11-20T09:01:00.000Z');
      await ledger.deferDigest(digest.id, 'platform error', '2026-11-20T09:03:00.000Z');
      expect((await ledger.findDigest(here.id, NOW))).toMatchObject({ status: 'pending', attempts: 2, lastError: 'platform error', nextTryAt: '2026-11-20T09:03:00.000Z', noticeSentAt: null });
      await ledger.markNoticeSent(digest.id, '2026-11-20T09:04:00.000Z');
      expect((await ledger.findDigest(here.id, NOW))!.noticeSentAt).toBe('2026-11-20T09:04:00.000Z');
      // Settling clears the next try.
      await ledger.markMessageSent(digest.id, 0, 'ts-1', NOW);
      expect((await ledger.findDigest(here.id, NOW))).toMatchObject({ status: 'sent', nextTryAt: null, attempts: 2 });
    });

    it('lists unsettled digests oldest first, per channel and in all', async () => {
      const there = (await stores.store.ensureChannel({ ...HERE, channelId: 'C2' }, { timeZone: 'UTC', now: NOW }));
      await ledger.acquireLease(here.id, mine, at(0));
      await ledger.acquireLease(there.id, mine, at(0));
      const a = (await ledger.createDigest(newDigest(here.id, [], '2026-11-19T09:00:00.000Z'), mine, at(0)))!;
      const b = (await ledger.createDigest(newDigest(there.id, []), mine, at(0)))!;
      const c = (await ledger.createDigest(newDigest(here.id, []), mine, at(0)))!;
      expect((await ledger.unsettledDigests(here.id)).map((d) => d.id)).toEqual([a.id, c.id]);
      expect((await ledger.allUnsettled()).map((d) => d.id)).toEqual([a.id, b.id, c.id]);
    });

    it('reads the highest paper sequence in the store', async () => {
      expect((await ledger.currentPaperSeq())).toBe(0);
      await stores.addPapers([paper('One', 'x'), paper('Two', 'y')]);
      const seq = (await ledger.currentPaperSeq());
      expect(seq).toBeGreaterThan(0);
      await stores.addPapers([paper('Three', 'z')]);
      expect((await ledger.currentPaperSeq())).toBeGreaterThan(seq);
    });
  });
}

/** The SQLite stores on a fresh in-memory database, migrated as production's is (openDatabase). */
function openSqliteStores(): Stores {
  const database = openDatabase(':memory:');
  const papers = createSqlitePaperRepository(database.sqlite);
  const authors = createSqliteAuthorDirectory(database.db);
  return {
    store: createSqliteSubscriptionStore(database.db),
    ledger: createSqliteDigestLedger(database.db),
    addPapers: async (inputs) => void papers.upsertPapers(inputs, NOW),
    authorId: async (name) => (await authors.exact(authorNameKey(name)))[0]!.id,
    close: () => database.close(),
  };
}

describeSubscriptionStoreContract('SQLite', openSqliteStores);
describeDigestLedgerContract('SQLite', openSqliteStores);

/**
 * The PostgreSQL stores in a scratch schema of their own (pg-scratch.ts: migrated as production's
 * are, dropped on close). Papers go in through the search table's writer (pg-paper-rows.ts); their
 * authors are linked here, as the PostgreSQL PaperRepository links them (the SQLite one does it in
 * upsertPapers).
 */
async function openPgStores(): Promise<Stores> {
  const scratch = await openPgScratch();
  const { pool } = scratch;
  return {
    store: scratch.subscriptions,
    ledger: scratch.ledger,
    async addPapers(inputs) {
      await upsertSearchPapers(pool, inputs.map((input) => newPaper(input, NOW)), NOW);
      for (const input of inputs) {
        for (const [position, name] of input.authors.entries()) {
          const key = authorNameKey(name);
          await pool.query('INSERT INTO authors (name_key, display_name) VALUES ($1, $2) ON CONFLICT (name_key) DO NOTHING', [key, name]);
          await pool.query(
            `INSERT INTO paper_authors (paper_seq, position, author_id)
             SELECT p.seq, $2, a.id FROM papers p, authors a WHERE p.id = $1 AND a.name_key = $3 ON CONFLICT DO NOTHING`,
            [input.id, position, key],
          );
        }
      }
    },
    authorId: async (name) => (await pool.query<{ id: number }>('SELECT id FROM authors WHERE name_key = $1', [authorNameKey(name)])).rows[0]!.id,
    close: () => scratch.close(),
  };
}

/**
 * Replicas racing on one PostgreSQL schema: each replica its own pool (its own connections), every
 * call started at once, so the database, not the order of the calls, decides. Each test fails when
 * the store checks and then writes in two statements without a lock or a unique index between them.
 */
function describePgReplicaRaces(): void {
  describe('PostgreSQL stores under replicas racing', () => {
    const REPLICAS = 4;
    let schema: string;
    let replicas: Array<Awaited<ReturnType<typeof openPgStore>>>;
    beforeEach(async () => {
      schema = `paperboy_race_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
      // Opened at once too: the migrations run once (the advisory lock), not four times.
      replicas = await Promise.all(Array.from({ length: REPLICAS }, () => openPgStore(PG_URL, { schema, max: 3 })));
    });
    afterEach(async () => {
      await Promise.all(replicas.map((r) => r.close()));
      await dropPgSchema(schema);
    });
    const stores = () => replicas.map((r) => createPgSubscriptionStore(r.db));
    const ledgers = () => replicas.map((r) => createPgDigestLedger(r.db));

    it('migrates once when the replicas start together', async () => {
      // Each migration of drizzle-pg/ recorded once, not once per replica.
      const { rows } = await replicas[0]!.pool.query<{ n: number; distinct: number }>('SELECT count(*)::int AS n, count(DISTINCT hash)::int AS distinct FROM __drizzle_migrations');
      const journal = JSON.parse(readFileSync(join(PG_MIGRATIONS_FOLDER, 'meta', '_journal.json'), 'utf8')) as { entries: unknown[] };
      expect(rows[0]).toEqual({ n: journal.entries.length, distinct: journal.entries.length });
    });

    it('creates a channel once, whichever replica sees it first', async () => {
      const made = await Promise.all(stores().map((store) => store.ensureChannel(HERE, { timeZone: 'UTC', now: NOW })));
      expect(new Set(made.map((c) => c.id)).size).toBe(1);
      const { rows } = await replicas[0]!.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM channels');
      expect(rows[0]!.n).toBe(1);
    });

    it('adds a subscription once: one replica creates it, the others get that one', async () => {
      const { id } = await stores()[0]!.ensureChannel(HERE, { timeZone: 'UTC', now: NOW });
      const added = await Promise.all(stores().map((store, i) => store.addSubscription(id, topic('recsys', `U${i}`), NOW)));
      expect(added.filter((a) => a.created)).toHaveLength(1);
      expect(new Set(added.map((a) => a.subscription.id)).size).toBe(1);
    });

    it('gives a channel’s lease to exactly one replica', async () => {
      const { id } = await stores()[0]!.ensureChannel(HERE, { timeZone: 'UTC', now: NOW });
      for (let round = 0; round < 5; round++) {
        // Expired each round (10 minutes apart, 60 s leases): every replica may try, one gets it.
        const now = new Date(Date.parse(NOW) + round * 600_000);
        const taken = await Promise.all(ledgers().map((ledger, i) => ledger.acquireLease(id, { holder: `replica-${i}`, ttlMs: 60_000 }, now)));
        expect(taken.filter(Boolean)).toHaveLength(1);
      }
    });

    it('keeps a paper picked by two digests at once with one of them', async () => {
      const { id } = await stores()[0]!.ensureChannel(HERE, { timeZone: 'UTC', now: NOW });
      const lease: LeaseHolder = { holder: 'shared', ttlMs: 60_000 };
      await ledgers()[0]!.acquireLease(id, lease, new Date(NOW));
      const slots = Array.from({ length: REPLICAS }, (_, i) => `2026-11-2${i}T09:00:00.000Z`);
      const digests = await Promise.all(ledgers().map((ledger, i) => ledger.createDigest(newDigest(id, ['2611.00001'], slots[i]), lease, new Date(NOW))));
      expect(digests.flatMap((d) => d!.picks.map((p) => p.paperId))).toEqual(['2611.00001']);
    });

    it('settles a digest once its messages are confirmed by several replicas at once', async () => {
      const { id } = await stores()[0]!.ensureChannel(HERE, { timeZone: 'UTC', now: NOW });
      const lease: LeaseHolder = { holder: 'shared', ttlMs: 60_000 };
      await ledgers()[0]!.acquireLease(id, lease, new Date(NOW));
      const ids = Array.from({ length: REPLICAS }, (_, i) => `2611.0000${i + 1}`);
      const digest = (await ledgers()[0]!.createDigest(newDigest(id, ids, NOW, 42), lease, new Date(NOW)))!;
      await Promise.all(ledgers().map((ledger, i) => ledger.markMessageSent(digest.id, i, `ts-${i}`, NOW)));
      expect(await ledgers()[0]!.findDigest(id, NOW)).toMatchObject({ status: 'sent' });
      expect(await stores()[0]!.findChannel(HERE)).toMatchObject({ lastDigestAt: NOW, papersThroughSeq: 42 });
      expect(await stores()[0]!.deliveredAmong(id, ids)).toEqual(new Set(ids));
    });
  });
}

describePg((name) => {
  describeSubscriptionStoreContract(name, openPgStores);
  describeDigestLedgerContract(name, openPgStores);
  describePgReplicaRaces();
});

describe('SQLite digest ledger transactions', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'paperboy-ledger-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('begins every write transaction IMMEDIATE, so a second process waits instead of failing on a stale read', async () => {
    const path = join(dir, 'store.db');
    openDatabase(path).close();
    const statements: string[] = [];
    const sqlite = new Database(path, { verbose: (statement) => statements.push(String(statement)) });
    try {
      const db = drizzle(sqlite, { schema });
      const store = createSqliteSubscriptionStore(db);
      const ledger = createSqliteDigestLedger(db);
      const { id } = (await store.ensureChannel(HERE, { timeZone: 'UTC', now: NOW }));
      const lease: LeaseHolder = { holder: 'p', ttlMs: 60_000 };
      await ledger.acquireLease(id, lease, new Date(NOW));
      const begins = () => statements.filter((s) => /^(BEGIN|SAVEPOINT)/i.test(s));

      statements.length = 0;
      const first = (await ledger.createDigest(newDigest(id, ['2611.00001', '2611.00002']), lease, new Date(NOW)))!;
      await ledger.markAttempt(first.id, 0, lease, new Date(NOW));
      await ledger.markMessageSent(first.id, 0, 'ts-1', NOW);
      await ledger.failDigest(first.id, 'gone', NOW);
      const second = (await ledger.createDigest(newDigest(id, [], '2026-11-21T09:00:00.000Z'), lease, new Date(NOW)))!;
      await ledger.settleSkipped(second.id, NOW);
      expect(begins()).toEqual(Array(6).fill('BEGIN IMMEDIATE'));
    } finally {
      sqlite.close();
    }
  });
});
