/**
 * Contract suite for the ChatInstallationStore port (issue 21): Slack's OAuth installations by
 * install key, asserted through the port only and awaited, so the SQLite and PostgreSQL stores are
 * held to one behaviour. The clock is the test's: org-wide installs are listed by install time.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/adapters/store/open-database.ts';
import { createPgInstallationStore } from '../../src/adapters/store/postgres/pg-installation-store.ts';
import { createSqliteInstallationStore } from '../../src/adapters/store/sqlite-installation-store.ts';
import type { Awaitable } from '../../src/core/awaitable.ts';
import type { ChatInstallation, ChatInstallationStore } from '../../src/core/chat-installations.ts';
import type { Clock } from '../../src/core/ports.ts';
import { describePg, openPgScratch } from './pg-scratch.ts';

interface Stores {
  installations: ChatInstallationStore;
  close(): Awaitable<void>;
}

/** Bolt's installation object, in the shape it has (nested, with a token that must come back as it went in). */
const installation = (team: string | null, enterprise: string | null, token = `xoxb-${team ?? enterprise}`) => ({
  team: team === null ? undefined : { id: team, name: `Team “${team}”` },
  enterprise: enterprise === null ? undefined : { id: enterprise, name: 'Grid' },
  isEnterpriseInstall: team === null,
  bot: { token, scopes: ['chat:write', 'commands'], userId: 'UB0T', id: 'B1' },
  appId: 'A1',
  tokenType: 'bot',
  authVersion: 'v2',
  expiresAt: 1_799_999_999,
});
const workspaceInstall = (team: string, enterprise: string | null = null, token?: string): ChatInstallation => ({
  key: team,
  teamId: team,
  enterpriseId: enterprise,
  installation: installation(team, enterprise, token),
});
const orgInstall = (enterprise: string, token?: string): ChatInstallation => ({
  key: enterprise,
  teamId: null,
  enterpriseId: enterprise,
  installation: installation(null, enterprise, token),
});

function describeInstallationStoreContract(name: string, open: (clock: Clock) => Awaitable<Stores>): void {
  describe(`ChatInstallationStore contract: ${name}`, () => {
    let stores: Stores;
    let store: ChatInstallationStore;
    let now: Date;
    const tick = () => {
      now = new Date(now.getTime() + 60_000);
    };
    beforeEach(async () => {
      now = new Date('2026-11-20T09:00:00.000Z');
      stores = await open({ now: () => now });
      store = stores.installations;
    });
    afterEach(async () => stores.close());

    it('finds nothing under a key never saved', async () => {
      expect(await store.find('T1')).toBeNull();
      expect(await store.orgWide()).toEqual([]);
    });

    it('gives back the installation object as it was saved', async () => {
      const record = workspaceInstall('T1');
      await store.save(record);
      expect(await store.find('T1')).toEqual(record.installation);
      expect(await store.find('T2')).toBeNull();
    });

    it('replaces the installation under its key on a new save (a reinstall’s new token)', async () => {
      await store.save(workspaceInstall('T1', null, 'xoxb-old'));
      tick();
      await store.save(workspaceInstall('T1', null, 'xoxb-new'));
      expect(await store.find('T1')).toEqual(installation('T1', null, 'xoxb-new'));
    });

    it('removes an installation, and removing one that is not there is no error', async () => {
      await store.save(workspaceInstall('T1'));
      await store.save(workspaceInstall('T2'));
      await store.remove('T1');
      expect(await store.find('T1')).toBeNull();
      expect(await store.find('T2')).toEqual(installation('T2', null));
      await store.remove('T1');
      await store.remove('never');
      expect(await store.find('T2')).toEqual(installation('T2', null));
    });

    it('lists only org-wide installs, oldest first, a reinstall counting from its new time', async () => {
      await store.save(orgInstall('E2'));
      tick();
      // A workspace of a Grid org, installed on its own: not org-wide.
      await store.save(workspaceInstall('T1', 'E1'));
      tick();
      await store.save(orgInstall('E1'));
      tick();
      await store.save(workspaceInstall('T2'));
      expect(await store.orgWide()).toEqual([installation(null, 'E2'), installation(null, 'E1')]);
      tick();
      await store.save(orgInstall('E2', 'xoxb-again'));
      expect(await store.orgWide()).toEqual([installation(null, 'E1'), installation(null, 'E2', 'xoxb-again')]);
      await store.remove('E1');
      expect(await store.orgWide()).toEqual([installation(null, 'E2', 'xoxb-again')]);
    });

    it('keeps one installation per key when the same key is saved twice at once', async () => {
      await Promise.all([store.save(workspaceInstall('T1', null, 'xoxb-a')), store.save(workspaceInstall('T1', null, 'xoxb-b'))]);
      expect([installation('T1', null, 'xoxb-a'), installation('T1', null, 'xoxb-b')]).toContainEqual(await store.find('T1'));
    });
  });
}

/** The SQLite store on a fresh in-memory database, migrated as production's is. */
function openSqlite(clock: Clock): Stores {
  const database = openDatabase(':memory:');
  return { installations: createSqliteInstallationStore(database.db, clock), close: () => database.close() };
}

/** The PostgreSQL store in a scratch schema of its own (pg-scratch.ts), dropped on close. */
async function openPg(clock: Clock): Promise<Stores> {
  const scratch = await openPgScratch();
  return { installations: createPgInstallationStore(scratch.db, clock), close: scratch.close };
}

describeInstallationStoreContract('SQLite', openSqlite);
describePg((name) => describeInstallationStoreContract(name, openPg));
