import type Database from 'better-sqlite3';
import type { TitleSource } from '../../core/search/spelling-vocabulary.ts';

/** A TitleSource that reads on the spot, as the embedded store does. */
export interface SqliteTitleSource extends TitleSource {
  newestSeq(): number;
  titlePages(maxPapers: number, pageSize: number): Iterable<string[]>;
}

/**
 * Paper titles for the did-you-mean vocabulary (core/search/spelling-vocabulary.ts), newest first,
 * a page per read: no read stays open across the pauses between pages, so none holds the
 * write-ahead log back from a checkpoint while the vocabulary is built.
 */
export function createSqliteTitleSource(sqlite: Database.Database): SqliteTitleSource {
  const newest = sqlite.prepare<[], number | null>('SELECT max(seq) FROM papers').pluck();
  const page = sqlite.prepare<[number, number], { seq: number; title: string }>('SELECT seq, title FROM papers WHERE seq < ? ORDER BY seq DESC LIMIT ?');
  return {
    newestSeq: () => newest.get() ?? 0,
    *titlePages(maxPapers, pageSize) {
      let before = Number.MAX_SAFE_INTEGER;
      for (let read = 0; read < maxPapers; ) {
        const rows = page.all(before, Math.min(pageSize, maxPapers - read));
        if (rows.length === 0) return;
        read += rows.length;
        before = rows[rows.length - 1]!.seq;
        yield rows.map((r) => r.title);
      }
    },
  };
}
