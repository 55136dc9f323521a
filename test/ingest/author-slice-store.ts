import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importSnapshot } from '../../src/adapters/snapshot/import-snapshot.ts';
import { openDatabase } from '../../src/adapters/store/open-database.ts';
import { createSqlitePaperRepository } from '../../src/adapters/store/sqlite-paper-repository.ts';
import { writeSnapshotSlice } from '../store/arxiv-slice.ts';

/**
 * Papers of the real arXiv cs snapshot in the slice stores: enough for the name statistics to
 * tell a common name (Wei Zhang: commonness 2.3, 15 papers) from a distinctive one (Guangtao Zhai:
 * 0.00, 19 papers), measured with the same code on 10k and on all 78,736 papers.
 */
export const SLICE_PAPERS = 10_000;

/**
 * A store file holding the seeds and the first {@link SLICE_PAPERS} papers of the snapshot, built
 * once per test file; `copy()` gives each test its own copy to open.
 */
export async function buildSliceStore(): Promise<{ copy(): string; close(): void }> {
  const dir = mkdtempSync(join(tmpdir(), 'paperboy-authors-'));
  const slice = join(dir, 'slice.jsonl');
  await writeSnapshotSlice(slice, SLICE_PAPERS);
  const path = join(dir, 'store.db');
  const database = openDatabase(path, { seedsOnCreate: true });
  try {
    // The seeds load with the first app on the store; the slice goes in beside them.
    await importSnapshot(slice, createSqlitePaperRepository(database.sqlite), { seenAt: '2026-07-01T00:00:00.000Z' });
  } finally {
    database.close();
  }
  let copies = 0;
  return {
    copy() {
      const target = join(dir, `copy-${++copies}.db`);
      copyFileSync(path, target);
      return target;
    },
    close: () => rmSync(dir, { recursive: true, force: true }),
  };
}
