import type Database from 'better-sqlite3';
import type { Logger } from '../../core/logger.ts';
import { paperSearchAliases, SEARCH_ALIAS_TABLE_VERSION } from '../../core/search/search-aliases.ts';
import { deferFullTextIndexing } from './deferred-indexing.ts';

/** Papers re-aliased per transaction: small enough to keep the write-ahead log short. */
const BATCH = 5_000;

/** True when the store's aliases were computed with another alias table than the code's (or none). */
export function searchAliasesOutdated(sqlite: Database.Database): boolean {
  const state = sqlite.prepare<[], { alias_table: string | null }>('SELECT alias_table FROM fts_sync_state WHERE id = 1').get();
  return state?.alias_table !== SEARCH_ALIAS_TABLE_VERSION;
}

/**
 * Brings every paper's search aliases up to the alias table in the code (core/search/search-aliases.ts).
 * A store made before aliases existed, or with an older abbreviation table, has them computed
 * again here, with the full-text index deferred: the caller's finishDeferredIndexing rebuilds it
 * once. A process that dies midway starts over on the next open (the table version is written
 * last). Returns how many papers were re-aliased; 0 when the store was current.
 */
export function refreshSearchAliases(sqlite: Database.Database, log: Logger): number {
  if (!searchAliasesOutdated(sqlite)) return 0;
  const recordVersion = sqlite.prepare('UPDATE fts_sync_state SET alias_table = ? WHERE id = 1');
  const started = performance.now();
  const total = sqlite.prepare<[], { n: number }>('SELECT count(*) AS n FROM papers').get()!.n;
  if (total === 0) {
    recordVersion.run(SEARCH_ALIAS_TABLE_VERSION);
    return 0;
  }
  // A minute or two at 1,000,000 papers, once per abbreviation-table change: say why start-up waits.
  log.info({ papers: total }, 'indexing the field abbreviations of every paper again (the abbreviation table changed)');
  const page = sqlite.prepare<[number], { seq: number; title: string; abstract: string }>(
    `SELECT seq, title, abstract FROM papers WHERE seq > ? ORDER BY seq LIMIT ${BATCH}`,
  );
  const update = sqlite.prepare<[string, string, number]>('UPDATE papers SET title_aliases = ?, abstract_aliases = ? WHERE seq = ?');
  let papers = 0;
  deferFullTextIndexing(sqlite);
  for (let after = 0; ; ) {
    const rows = page.all(after);
    if (rows.length === 0) break;
    sqlite.transaction(() => {
      for (const row of rows) {
        const aliases = paperSearchAliases(row);
        update.run(aliases.title, aliases.abstract, row.seq);
      }
    })();
    papers += rows.length;
    after = rows[rows.length - 1]!.seq;
  }
  recordVersion.run(SEARCH_ALIAS_TABLE_VERSION);
  log.info({ papers, seconds: Math.round((performance.now() - started) / 100) / 10 }, 'field abbreviations indexed; rebuilding the full-text index');
  return papers;
}
