/**
 * A chat-thread write while another process holds SQLite's write lock (an import's batch, its
 * full-text rebuild) waits without holding up the event loop, and lands once the lock is free
 * (src/adapters/store/writes-yield-while-busy.ts); the importer gives such a write its turn
 * between two batches (waiting-writers.ts). The other process is a second connection to the same
 * file, holding the lock with BEGIN IMMEDIATE, as the importer's transactions do.
 */
import { existsSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type OpenDatabase } from '../../src/adapters/store/open-database.ts';
import { createSqliteSubscriptionStore } from '../../src/adapters/store/sqlite-subscription-store.ts';
import { giveWayToWaitingWriters } from '../../src/adapters/store/waiting-writers.ts';
import { writesYieldWhileBusy } from '../../src/adapters/store/writes-yield-while-busy.ts';

const HERE = { platform: 'slack' as const, workspaceId: 'T1', channelId: 'C1' };
const DEFAULTS = { timeZone: 'UTC', now: '2026-12-04T09:00:00.000Z' };

let folder: string;
let database: OpenDatabase;
let importer: Database.Database;

beforeEach(() => {
  folder = mkdtempSync(join(tmpdir(), 'paperboy-busy-'));
  database = openDatabase(join(folder, 'store.db'));
  importer = new Database(join(folder, 'store.db'));
});

afterEach(() => {
  if (importer.inTransaction) importer.exec('ROLLBACK');
  importer.close();
  database.close();
  rmSync(folder, { recursive: true, force: true });
});

const storeOf = (timeoutMs?: number) =>
  writesYieldWhileBusy(database.sqlite, createSqliteSubscriptionStore(database.db), ['ensureChannel', 'addSubscription'], timeoutMs === undefined ? {} : { timeoutMs });

describe('a chat-thread write', () => {
  it('answers at once when the write lock is free', () => {
    const channel = storeOf().ensureChannel(HERE, DEFAULTS);
    expect(channel).not.toBeInstanceOf(Promise);
    expect(createSqliteSubscriptionStore(database.db).findChannel(HERE)).toMatchObject({ ref: HERE });
  });

  it('waits for another process’s write lock with the event loop free, marks that it waits, and lands once the lock is released', async () => {
    importer.exec('BEGIN IMMEDIATE');
    const pending = storeOf().ensureChannel(HERE, DEFAULTS);
    expect(pending).toBeInstanceOf(Promise);
    // The event loop runs while the write waits: timers fire, and the importer can be told to let go.
    let ticks = 0;
    await new Promise<void>((resolve) => {
      const timer = setInterval(() => {
        ticks += 1;
        if (ticks === 5) {
          clearInterval(timer);
          resolve();
        }
      }, 1);
    });
    expect(existsSync(join(folder, 'store.db-writer-waiting'))).toBe(true);
    expect(createSqliteSubscriptionStore(database.db).findChannel(HERE)).toBeNull();
    importer.exec('COMMIT');
    expect(await pending).toMatchObject({ ref: HERE, timeZone: 'UTC' });
    expect(createSqliteSubscriptionStore(database.db).findChannel(HERE)).toMatchObject({ ref: HERE });
    expect(existsSync(join(folder, 'store.db-writer-waiting'))).toBe(false);
  });

  it('fails as SQLite’s busy timeout would when the lock is never released, having written nothing', async () => {
    importer.exec('BEGIN IMMEDIATE');
    await expect(storeOf(60).ensureChannel(HERE, DEFAULTS)).rejects.toMatchObject({ code: 'SQLITE_BUSY' });
    importer.exec('ROLLBACK');
    expect(createSqliteSubscriptionStore(database.db).findChannel(HERE)).toBeNull();
    expect(existsSync(join(folder, 'store.db-writer-waiting'))).toBe(false);
  });

  it('is not tried again when it fails for another reason', () => {
    const store = storeOf();
    const channel = store.ensureChannel(HERE, DEFAULTS) as { id: number };
    // A subscription on a channel that does not exist breaks the foreign key: an error to report, not to wait out.
    expect(() => store.addSubscription(channel.id + 1000, { kind: 'topic', query: 'recsys', authorId: null, externalId: null, createdBy: 'U1' }, DEFAULTS.now)).toThrow(/FOREIGN KEY/);
  });
});

describe('the importer between two batches', () => {
  const mark = () => join(folder, 'store.db-writer-waiting');

  it('goes on at once when no write waits', async () => {
    expect(await giveWayToWaitingWriters(join(folder, 'store.db'))).toBe(0);
  });

  it('pauses while a write waits, until its mark is gone', async () => {
    writeFileSync(mark(), '1');
    setTimeout(() => rmSync(mark(), { force: true }), 20);
    const paused = await giveWayToWaitingWriters(join(folder, 'store.db'));
    expect(paused).toBeGreaterThan(0);
    expect(existsSync(mark())).toBe(false);
  });

  it('ignores a mark a dead process left behind', async () => {
    writeFileSync(mark(), '1');
    const longAgo = new Date(Date.now() - 60_000);
    utimesSync(mark(), longAgo, longAgo);
    expect(await giveWayToWaitingWriters(join(folder, 'store.db'))).toBe(0);
  });
});
