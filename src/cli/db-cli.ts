/**
 * `paperboy db migrate | seed | stats [--json] | backup [path]` on either engine: the store's
 * StoreAdmin (sqlite-store-admin.ts, postgres/pg-store-admin.ts) answers, this prints.
 */
import { readSeeds, seedToPaperInput } from '../adapters/seeds/load-seeds.ts';
import type { BackupOutcome, StoreAdmin } from '../adapters/store/store-admin.ts';
import type { Clock, PaperRepository } from '../core/ports.ts';

/** What `paperboy db` works on: the opened store's admin, its papers (for `seed`), and the clock. */
export interface DbCliTarget {
  admin: StoreAdmin;
  papers: Pick<PaperRepository, 'upsertPapers'>;
  clock: Clock;
}

const USAGE = 'usage: paperboy db migrate | seed | stats [--json] | backup <path>';

function describeStore(admin: StoreAdmin): string {
  return admin.engine === 'sqlite' ? `Database ${admin.location}` : `PostgreSQL ${admin.location} (schema ${admin.schema})`;
}

function printBackup(admin: StoreAdmin, outcome: BackupOutcome, out: (line: string) => void, err: (line: string) => void): number {
  switch (outcome.kind) {
    case 'refused':
      err(outcome.reason);
      return 2;
    case 'copied':
      out(`Backed up ${admin.location} to ${outcome.to}.`);
      return 0;
    case 'instructions':
      out(`${describeStore(admin)} is backed up with pg_dump, not by copying a file. Nothing was copied. To take a dump:`);
      out('');
      out(`  ${outcome.dump}`);
      out('');
      out('To restore it:');
      out('');
      out(`  ${outcome.restore}`);
      out('');
      for (const note of outcome.notes) out(note);
      return 0;
  }
}

/** Runs one `paperboy db` action. Returns the exit code. */
export async function runDbCli(
  target: DbCliTarget,
  action: string | undefined,
  args: { json: boolean; path: string | undefined },
  out: (line: string) => void,
  err: (line: string) => void,
): Promise<number> {
  const { admin } = target;
  switch (action) {
    case 'migrate': {
      // Opening the store applied every pending migration (on PostgreSQL once across replicas,
      // under an advisory lock): this says what the store records.
      const state = await admin.migrations();
      if (state.pending.length > 0) {
        err(`${describeStore(admin)} lacks ${state.pending.length} migration(s): ${state.pending.join(', ')}.`);
        return 1;
      }
      if (state.unknown > 0) {
        out(`${describeStore(admin)} was migrated by a newer paperboy: ${state.unknown} of its migrations are not in this version.`);
        out('A rolling upgrade under way looks like this; otherwise this binary is older than the store: run the newer version.');
      } else {
        out(`${describeStore(admin)} is migrated to the latest schema.`);
      }
      out(`${state.applied.length} migrations applied (recorded in ${state.journalTable}), the latest ${state.applied.at(-1) ?? 'none'}.`);
      return 0;
    }
    case 'seed': {
      const summary = await target.papers.upsertPapers(readSeeds().map(seedToPaperInput), target.clock.now().toISOString());
      out(`Seed papers: ${summary.inserted} added, ${summary.updated} updated, ${summary.unchanged} already up to date.`);
      return 0;
    }
    case 'stats': {
      const stats = await admin.stats();
      if (args.json) out(JSON.stringify(stats));
      else for (const [name, n] of Object.entries(stats)) out(`${name.padEnd(14)} ${n.toLocaleString('en-US')}`);
      return 0;
    }
    case 'backup':
      return printBackup(admin, await admin.backup(args.path, target.clock.now()), out, err);
    default:
      err(USAGE);
      return 2;
  }
}
