/**
 * The raw FTS5 baseline the issue quotes (nDCG@10 = 0.687 on SciFact test): one FTS5 table over
 * title and text with the porter tokenizer, plain bm25() with no column weights, and each query
 * as the OR of its words. No stopwords, no priors, no relaxation. It runs in memory with
 * better-sqlite3 on the same converted corpus the CLI imports.
 * https://www.sqlite.org/fts5.html#the_bm25_function
 */
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import Database from 'better-sqlite3';

/** Words as the tokenizer sees them, so no query text reaches FTS5 syntax. */
const WORD = /[\p{L}\p{N}]+/gu;

export interface BaselineIndex {
  /** Document ids, best first, for one query. */
  search(text: string, limit: number): string[];
  close(): void;
}

/** Builds the baseline index from a snapshot JSON-lines file (fields id, title, abstract). */
export async function buildBaselineIndex(snapshotPath: string): Promise<BaselineIndex> {
  const sqlite = new Database(':memory:');
  sqlite.exec(`CREATE VIRTUAL TABLE docs USING fts5(doc_id UNINDEXED, title, body, tokenize='porter')`);
  const insert = sqlite.prepare('INSERT INTO docs (doc_id, title, body) VALUES (?, ?, ?)');
  const lines = createInterface({ input: createReadStream(snapshotPath), crlfDelay: Infinity });
  const insertAll = sqlite.transaction((rows: Array<{ id: string; title: string; abstract: string }>) => {
    for (const row of rows) insert.run(row.id, row.title, row.abstract);
  });
  const rows: Array<{ id: string; title: string; abstract: string }> = [];
  for await (const line of lines) if (line.trim() !== '') rows.push(JSON.parse(line) as { id: string; title: string; abstract: string });
  insertAll(rows);
  const select = sqlite.prepare<[string, number], { doc_id: string }>(
    'SELECT doc_id FROM docs WHERE docs MATCH ? ORDER BY bm25(docs) LIMIT ?',
  );
  return {
    search(text, limit) {
      const words = [...new Set(text.toLowerCase().match(WORD) ?? [])];
      if (words.length === 0) return [];
      return select.all(words.map((w) => `"${w}"`).join(' OR '), limit).map((r) => r.doc_id);
    },
    close: () => sqlite.close(),
  };
}
