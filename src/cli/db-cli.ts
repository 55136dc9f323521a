import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { App } from '../app.ts';
import { loadSeeds } from '../adapters/seeds/load-seeds.ts';

/** Row counts of the store, for `paperboy db stats`. */
export function storeStats(app: App): Record<string, number> {
  const count = (table: string) => (app.database.sqlite.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
  return {
    papers: count('papers'),
    authors: count('authors'),
    workspaces: count('workspaces'),
    channels: count('channels'),
    subscriptions: count('subscriptions'),
    deliveries: count('deliveries'),
  };
}

/** `paperboy db migrate | seed | stats [--json] | backup <path>`. Returns the exit code. */
export async function runDbCli(
  app: App,
  action: string | undefined,
  args: { json: boolean; path: string | undefined },
  out: (line: string) => void,
  err: (line: string) => void,
): Promise<number> {
  switch (action) {
    case 'migrate':
      // Opening the app already applied every pending migration from drizzle/.
      out(`Database ${app.config.DATABASE_PATH} is migrated to the latest schema.`);
      return 0;
    case 'seed': {
      const summary = loadSeeds(app.papers, app.clock.now().toISOString());
      out(`Seed papers: ${summary.inserted} added, ${summary.updated} updated, ${summary.unchanged} already up to date.`);
      return 0;
    }
    case 'stats': {
      const stats = storeStats(app);
      if (args.json) out(JSON.stringify(stats));
      else for (const [name, n] of Object.entries(stats)) out(`${name.padEnd(14)} ${n.toLocaleString('en-US')}`);
      return 0;
    }
    case 'backup': {
      if (!args.path) {
        err('backup needs a destination: paperboy db backup ./backups/paperboy.db');
        return 2;
      }
      if (!existsSync(dirname(resolve(args.path))) || resolve(args.path) === resolve(app.config.DATABASE_PATH)) {
        err(`Cannot back up to ${args.path}: give a new file in an existing folder, not the database itself.`);
        return 2;
      }
      // SQLite's online backup API copies a consistent snapshot while the bot keeps running.
      await app.database.sqlite.backup(args.path);
      out(`Backed up ${app.config.DATABASE_PATH} to ${args.path}.`);
      return 0;
    }
    default:
      err('usage: paperboy db migrate | seed | stats [--json] | backup <path>');
      return 2;
  }
}
