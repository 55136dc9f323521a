/**
 * Contract suite for ChatEventClaims (issue 21): of every process on one store, exactly one claims
 * each platform event, so a Discord interaction that reaches three replicas runs once. Run on
 * SQLite and on PostgreSQL; on PostgreSQL also from three pools at once, as three replicas claim.
 */
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/adapters/store/open-database.ts';
import { createPgChatEventClaims } from '../../src/adapters/store/postgres/pg-chat-event-claims.ts';
import { openPgStore } from '../../src/adapters/store/postgres/open-pg-store.ts';
import { createSqliteChatEventClaims } from '../../src/adapters/store/sqlite-chat-event-claims.ts';
import type { Awaitable } from '../../src/core/awaitable.ts';
import type { ChatEventClaims } from '../../src/core/chat-event-claims.ts';
import { silentLogger } from '../../src/core/logger.ts';
import { describePg, dropPgSchema, openPgScratch, PG_URL } from './pg-scratch.ts';

interface Stores {
  claims: ChatEventClaims;
  close(): Awaitable<void>;
}

const NOW = new Date('2026-12-04T09:00:00.000Z');

function describeClaimsContract(name: string, open: () => Awaitable<Stores>): void {
  describe(`ChatEventClaims contract: ${name}`, () => {
    let stores: Stores | undefined;
    afterEach(async () => {
      await stores?.close();
      stores = undefined;
    });

    it('claims an event once: the second claim of the same id is refused', async () => {
      stores = await open();
      expect(await stores.claims.claim('discord', '1100000000000000001', NOW)).toBe(true);
      expect(await stores.claims.claim('discord', '1100000000000000001', NOW)).toBe(false);
    });

    it('the same id on another platform, or another id, is another event', async () => {
      stores = await open();
      expect(await stores.claims.claim('discord', 'E1', NOW)).toBe(true);
      expect(await stores.claims.claim('slack', 'E1', NOW)).toBe(true);
      expect(await stores.claims.claim('discord', 'E2', NOW)).toBe(true);
    });

    it('of many claims of one event at once, exactly one wins', async () => {
      stores = await open();
      const claims = stores.claims;
      const won = await Promise.all(Array.from({ length: 10 }, () => claims.claim('discord', 'E-race', NOW)));
      expect(won.filter(Boolean)).toHaveLength(1);
    });
  });
}

describeClaimsContract('SQLite', () => {
  const database = openDatabase(':memory:');
  return { claims: createSqliteChatEventClaims(database.db, database.sqlite, silentLogger), close: () => database.close() };
});

it('SQLite: a claim while another process holds the write lock answers at once, unclaimed, and a later claim of another event is a row again', () => {
  const folder = mkdtempSync(join(tmpdir(), 'paperboy-claims-'));
  const path = join(folder, 'paperboy.db');
  const database = openDatabase(path);
  const importer = new Database(path);
  try {
    const claims = createSqliteChatEventClaims(database.db, database.sqlite, silentLogger);
    importer.prepare('BEGIN IMMEDIATE').run();
    // The import's batch holds the lock: the interaction is answered now, not after the batch.
    expect(claims.claim('discord', 'E-during-import', NOW)).toBe(true);
    importer.prepare('COMMIT').run();
    expect(claims.claim('discord', 'E-after', NOW)).toBe(true);
    expect(claims.claim('discord', 'E-after', NOW)).toBe(false);
    expect(database.sqlite.prepare('SELECT event_id FROM chat_event_claims').all()).toEqual([{ event_id: 'E-after' }]);
  } finally {
    importer.close();
    database.close();
    rmSync(folder, { recursive: true, force: true });
  }
});

describePg((name) => {
  describeClaimsContract(name, async () => {
    const scratch = await openPgScratch();
    return { claims: createPgChatEventClaims(scratch.db), close: scratch.close };
  });

  it(`${name}: three replicas (three pools on one schema) receive the same 50 interactions; each is claimed by exactly one`, async () => {
    const schema = `paperboy_claims_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
    const replicas = [await openPgStore(PG_URL, { schema, max: 4 }), await openPgStore(PG_URL, { schema, max: 4 }), await openPgStore(PG_URL, { schema, max: 4 })];
    try {
      const claims = replicas.map((replica) => createPgChatEventClaims(replica.db));
      const ids = Array.from({ length: 50 }, (_, i) => `11000000000000${String(i).padStart(5, '0')}`);
      const wins = await Promise.all(ids.map(async (id) => (await Promise.all(claims.map((c) => c.claim('discord', id, NOW)))).filter(Boolean).length));
      expect(wins).toEqual(ids.map(() => 1));
    } finally {
      await Promise.all(replicas.map((replica) => replica.close()));
      await dropPgSchema(schema);
    }
  });
});
