/**
 * `paperboy db migrate | seed | stats | backup` on both engines (issue 21), through runDbCli with
 * each engine's StoreAdmin, as the CLI runs it: what the user reads, the exit status, and what the
 * store holds. SQLite on a database file in a temporary folder; PostgreSQL in a scratch schema
 * (test/store/pg-scratch.ts). The PostgreSQL backup prints pg_dump and pg_restore commands: the
 * suite runs them, so a command that does not restore the store fails here.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readSeeds } from '../../src/adapters/seeds/load-seeds.ts';
import { MIGRATIONS_FOLDER, openDatabase } from '../../src/adapters/store/open-database.ts';
import { PG_MIGRATIONS_FOLDER } from '../../src/adapters/store/postgres/open-pg-store.ts';
import { createPgPaperRepository } from '../../src/adapters/store/postgres/pg-paper-repository.ts';
import { createPgStoreAdmin } from '../../src/adapters/store/postgres/pg-store-admin.ts';
import { createSqlitePaperRepository } from '../../src/adapters/store/sqlite-paper-repository.ts';
import { createSqliteStoreAdmin } from '../../src/adapters/store/sqlite-store-admin.ts';
import { createSqliteSubscriptionStore } from '../../src/adapters/store/sqlite-subscription-store.ts';
import type { StoreAdmin } from '../../src/adapters/store/store-admin.ts';
import { runDbCli, type DbCliTarget } from '../../src/cli/db-cli.ts';
import type { Awaitable } from '../../src/core/awaitable.ts';
import type { SubscriptionStore } from '../../src/core/subscriptions/subscription-ports.ts';
import { describePg, openPgScratch, PG_URL, type PgScratch } from '../store/pg-scratch.ts';

const NOW = '2026-12-04T18:00:00.000Z';
const SEED_COUNT = readSeeds().length;
/** A migration's journal time no migration of this version has (drizzle records `when` in milliseconds). */
const FAR_FUTURE_MS = Date.parse('2099-01-01T00:00:00Z');

interface Store {
  target: DbCliTarget;
  subscriptions: SubscriptionStore;
  /** Records a migration this version does not have, as a newer paperboy's migrate would. */
  recordNewerMigration(): Promise<void>;
  close(): Awaitable<void>;
}

interface Printed {
  code: number;
  out: string;
  err: string;
}

async function db(store: Store, action: string | undefined, args: { json?: boolean; path?: string } = {}): Promise<Printed> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runDbCli(store.target, action, { json: args.json ?? false, path: args.path }, (l) => out.push(l), (l) => err.push(l));
  return { code, out: out.join('\n'), err: err.join('\n') };
}

const journalTags = (folder: string) => (JSON.parse(readFileSync(join(folder, 'meta', '_journal.json'), 'utf8')) as { entries: Array<{ tag: string }> }).entries.map((e) => e.tag);

function describeDbCli(name: string, open: () => Awaitable<Store>, migrationsFolder: string): void {
  describe(`paperboy db: ${name}`, () => {
    let store: Store;
    beforeEach(async () => {
      store = await open();
    });
    afterEach(async () => store.close());

    it('migrate says the store is migrated, with how many migrations its journal records and the latest', async () => {
      const tags = journalTags(migrationsFolder);
      const result = await db(store, 'migrate');
      expect(result).toMatchObject({ code: 0, err: '' });
      expect(result.out).toContain('is migrated to the latest schema');
      expect(result.out).toContain(`${tags.length} migrations applied`);
      expect(result.out).toContain(`__drizzle_migrations), the latest ${tags.at(-1)}.`);
    });

    it('migrate says so when a newer paperboy migrated the store', async () => {
      const tags = journalTags(migrationsFolder);
      await store.recordNewerMigration();
      const result = await db(store, 'migrate');
      expect(result.code).toBe(0);
      expect(result.out).toContain('was migrated by a newer paperboy: 1 of its migrations are not in this version.');
      expect(result.out).toContain(`${tags.length + 1} migrations applied`);
      expect(result.out).not.toContain('is migrated to the latest schema');
    });

    it('seed loads the seed papers once; a second run adds nothing', async () => {
      expect(await db(store, 'seed')).toMatchObject({ code: 0, out: `Seed papers: ${SEED_COUNT} added, 0 updated, 0 already up to date.` });
      expect(await db(store, 'seed')).toMatchObject({ code: 0, out: `Seed papers: 0 added, 0 updated, ${SEED_COUNT} already up to date.` });
    });

    it('stats counts the same tables on either engine, as JSON or a table', async () => {
      await db(store, 'seed');
      const channel = await store.subscriptions.ensureChannel({ platform: 'slack', workspaceId: 'T1', channelId: 'C1' }, { timeZone: 'UTC', now: NOW });
      await store.subscriptions.addSubscription(channel.id, { kind: 'topic', query: 'recsys', authorId: null, externalId: null, createdBy: 'U1' }, NOW);
      const json = await db(store, 'stats', { json: true });
      expect(json.code).toBe(0);
      const stats = JSON.parse(json.out) as Record<string, number>;
      expect(Object.keys(stats)).toEqual(['papers', 'authors', 'workspaces', 'channels', 'subscriptions', 'deliveries']);
      expect(stats).toMatchObject({ papers: SEED_COUNT, workspaces: 1, channels: 1, subscriptions: 1, deliveries: 0 });
      expect(stats['authors']).toBeGreaterThan(0);
      const table = await db(store, 'stats');
      expect(table.out.split('\n')).toContain(`papers         ${SEED_COUNT}`);
    });

    it('an unknown or missing action prints the usage and exits 2', async () => {
      for (const action of ['vacuum', undefined]) {
        const result = await db(store, action);
        expect(result.code).toBe(2);
        expect(result.err).toContain('usage: paperboy db migrate | seed | stats [--json] | backup <path>');
      }
    });
  });
}

// SQLite: a database file, as `paperboy db` opens it.
let folder: string;
function openSqlite(): Store {
  folder = mkdtempSync(join(tmpdir(), 'paperboy-db-cli-'));
  const database = openDatabase(join(folder, 'paperboy.db'));
  return {
    target: { admin: createSqliteStoreAdmin(database), papers: createSqlitePaperRepository(database.sqlite), clock: { now: () => new Date(NOW) } },
    subscriptions: createSqliteSubscriptionStore(database.db),
    recordNewerMigration: async () => {
      database.sqlite.prepare('INSERT INTO __drizzle_migrations (hash, created_at) VALUES (?, ?)').run('newer', FAR_FUTURE_MS);
    },
    close() {
      database.close();
      rmSync(folder, { recursive: true, force: true });
    },
  };
}

/** A scratch schema whose admin was configured with the URL `urlFor` gives for it (the test database's by default). */
async function openPg(urlFor: (schema: string) => string = () => PG_URL): Promise<Store & { scratch: PgScratch; admin: StoreAdmin }> {
  const scratch = await openPgScratch();
  const schema = (await scratch.pool.query<{ schema: string }>('SELECT current_schema() AS schema')).rows[0]!.schema;
  const admin = createPgStoreAdmin({ pool: scratch.pool, schema }, urlFor(schema));
  return {
    target: { admin, papers: createPgPaperRepository(scratch), clock: { now: () => new Date(NOW) } },
    subscriptions: scratch.subscriptions,
    recordNewerMigration: async () => {
      await scratch.pool.query(`INSERT INTO "${schema}".__drizzle_migrations (hash, created_at) VALUES ($1, $2)`, ['newer', FAR_FUTURE_MS]);
    },
    close: scratch.close,
    scratch,
    admin,
  };
}

describeDbCli('SQLite', openSqlite, MIGRATIONS_FOLDER);
describePg((name) => describeDbCli(name, () => openPg(), PG_MIGRATIONS_FOLDER));

describe('paperboy db backup: SQLite', () => {
  let store: Store;
  beforeEach(() => {
    store = openSqlite();
  });
  afterEach(async () => store.close());

  it('writes a consistent copy that opens and holds the papers', async () => {
    await db(store, 'seed');
    const copy = join(folder, 'copy.db');
    const result = await db(store, 'backup', { path: copy });
    expect(result).toMatchObject({ code: 0, out: `Backed up ${join(folder, 'paperboy.db')} to ${copy}.` });
    const sqlite = new Database(copy, { readonly: true });
    try {
      expect(sqlite.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(sqlite.prepare('SELECT count(*) FROM papers').pluck().get()).toBe(SEED_COUNT);
    } finally {
      sqlite.close();
    }
  });

  it('refuses no destination, a folder that does not exist, and the database itself, with exit 2', async () => {
    for (const path of [undefined, join(folder, 'no-such-folder', 'copy.db'), join(folder, 'paperboy.db')]) {
      const result = await db(store, 'backup', path === undefined ? {} : { path });
      expect(result.code).toBe(2);
      expect(result.err).toMatch(/backup needs a destination|Cannot back up to/);
    }
    expect(existsSync(join(folder, 'no-such-folder'))).toBe(false);
  });
});

describePg((name) =>
  describe(`paperboy db backup: ${name}`, () => {
    let dumps: string;
    beforeEach(() => {
      dumps = mkdtempSync(join(tmpdir(), 'paperboy-pg-dump-'));
    });
    afterEach(() => rmSync(dumps, { recursive: true, force: true }));

    it('copies nothing and prints pg_dump and pg_restore commands that never hold the password', async () => {
      const secretUrl = new URL(PG_URL);
      secretUrl.username ||= 'postgres';
      secretUrl.password = 's3cret-pass';
      secretUrl.searchParams.set('password', 'other-secret');
      const store = await openPg(() => secretUrl.toString());
      try {
        const file = join(dumps, 'paperboy.dump');
        const result = await db(store, 'backup', { path: file });
        expect(result.code).toBe(0);
        expect(result.out).toContain('is backed up with pg_dump, not by copying a file. Nothing was copied.');
        expect(result.out).toContain(`pg_dump --format=custom --schema=${store.admin.schema} --file=${file} --dbname=`);
        expect(result.out).toContain(`pg_restore --clean --if-exists --no-owner --dbname=`);
        expect(result.out).toContain('PGPASSWORD or ~/.pgpass');
        expect(result.out + result.err).not.toMatch(/s3cret-pass|other-secret/);
        expect(existsSync(file)).toBe(false);
        // Without a path, the command names a dated file.
        expect((await db(store, 'backup')).out).toContain('--file=paperboy-2026-12-04.dump');
      } finally {
        await store.close();
      }
    });

    it('the printed commands dump the store and restore it as it was', async () => {
      // The URL names its schema, as DATABASE_URL may (.env.example): the printed commands must
      // keep its options as libpq reads them.
      const store = await openPg((schema) => `${PG_URL}${PG_URL.includes('?') ? '&' : '?'}options=-c%20search_path%3D${schema}`);
      try {
        await db(store, 'seed');
        const dumped = (await db(store, 'stats', { json: true })).out;
        const file = join(dumps, 'paperboy.dump');
        const printed = (await db(store, 'backup', { path: file })).out.split('\n').map((line) => line.trim());
        const command = (tool: string) => printed.find((line) => line.startsWith(`${tool} `))!;
        expect(command('pg_dump')).toContain(`options=-c%20search_path%3D${store.admin.schema}`);
        // The password, where the test database has one, goes where the printed notes say: PGPASSWORD.
        const env = { ...process.env, PGPASSWORD: decodeURIComponent(new URL(PG_URL).password) };
        execFileSync('sh', ['-c', command('pg_dump')], { env, stdio: 'pipe' });
        expect(existsSync(file)).toBe(true);
        // What happens after the backup is undone by the restore.
        const channel = await store.subscriptions.ensureChannel({ platform: 'slack', workspaceId: 'T1', channelId: 'C1' }, { timeZone: 'UTC', now: NOW });
        await store.subscriptions.addSubscription(channel.id, { kind: 'topic', query: 'recsys', authorId: null, externalId: null, createdBy: 'U1' }, NOW);
        expect((await db(store, 'stats', { json: true })).out).not.toBe(dumped);
        execFileSync('sh', ['-c', command('pg_restore')], { env, stdio: 'pipe' });
        expect((await db(store, 'stats', { json: true })).out).toBe(dumped);
        expect((await db(store, 'migrate')).code).toBe(0);
      } finally {
        await store.close();
      }
    });
  }),
);
