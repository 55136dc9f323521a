/**
 * The yardstick the search benchmark divides by (issue 19): a plain SQLite FTS5 table of the same
 * papers, built in the same run, with what FTS5 gives by default: the porter tokenizer over title,
 * authors and abstract, bm25 without column weights, the AND of the query's words, top 10. No
 * aliases, no ranking window, no priors: what a developer gets in an afternoon.
 * https://www.sqlite.org/fts5.html
 */
import Database from 'better-sqlite3';
import { plainFtsExpression, plainTerms } from './plain-terms.ts';

export interface PlainFtsTable {
  /** The top 10 rowids for a benchmark query (its plain words, ANDed). */
  search(query: string): number[];
  close(): void;
}

/** Rows copied per transaction: a long transaction would hold the whole copy in the write-ahead log. */
const COPY_BATCH = 20_000;

/**
 * Builds the plain table in `file` (a file, so its pages stay out of this process's memory, which
 * the search benchmark also reports) from the papers of the store at `sourcePath`.
 */
export function buildPlainFtsTable(sourcePath: string, file: string): PlainFtsTable {
  const plain = new Database(file);
  plain.pragma('journal_mode = WAL');
  plain.exec(`DROP TABLE IF EXISTS plain; CREATE VIRTUAL TABLE plain USING fts5(title, authors, abstract, tokenize='porter')`);
  const source = new Database(sourcePath, { readonly: true });
  try {
    const page = source.prepare<[number, number], { seq: number; title: string; authors: string; abstract: string }>(
      'SELECT seq, title, authors, abstract FROM papers WHERE seq > ? ORDER BY seq LIMIT ?',
    );
    const insert = plain.prepare<[number, string, string, string]>('INSERT INTO plain (rowid, title, authors, abstract) VALUES (?, ?, ?, ?)');
    const copy = plain.transaction((rows: Array<{ seq: number; title: string; authors: string; abstract: string }>) => {
      for (const r of rows) insert.run(r.seq, r.title, (JSON.parse(r.authors) as string[]).join(', '), r.abstract);
    });
    for (let after = 0; ; ) {
      const rows = page.all(after, COPY_BATCH);
      if (rows.length === 0) break;
      copy(rows);
      after = rows[rows.length - 1]!.seq;
    }
  } finally {
    source.close();
  }
  const top10 = plain.prepare<[string], number>('SELECT rowid FROM plain WHERE plain MATCH ? ORDER BY rank LIMIT 10').pluck();
  return {
    search: (query) => {
      const terms = plainTerms(query);
      return terms.length === 0 ? [] : top10.all(plainFtsExpression(terms, 'AND'));
    },
    close: () => plain.close(),
  };
}
