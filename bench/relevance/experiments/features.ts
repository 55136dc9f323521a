/**
 * Loads everything the scoring experiments need from a database that
 * `node bin/run-ts.js bench/relevance/evaluate.ts --split train --keep` leaves behind:
 *
 * - the documents' tokens exactly as paperboy's FTS5 index holds them (read back through an
 *   fts5vocab 'instance' table, so tokenizer and Porter stemmer are FTS5's own, not a re-implementation);
 * - each query run through paperboy's own query code (parseQuery, relaxedQuery, the "any" mode
 *   stopword rule of compileFtsExpression), its tokens stemmed by an in-memory FTS5 table with the
 *   same tokenizer ('porter unicode61 remove_diacritics 2');
 * - for every phrase of every query, its matches: doc, frequency in title, frequency in abstract.
 *
 * Not a runnable script; imported by run-experiments.ts.
 */
import { readFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { parseQuery } from '../../../src/core/search/parse-query.ts';
import { relaxedQuery } from '../../../src/core/search/relaxed-query.ts';
import type { QueryTerm } from '../../../src/core/search/search-query.ts';
import { STOPWORDS, tokenize } from '../../../src/core/search/tokenize.ts';
import { readQrels } from '../convert-beir.ts';

/** One FTS5 phrase (a quoted string in the MATCH expression) and the rows it matches. */
export interface Phrase {
  stems: string[];
  /** Rows (0-based doc index) containing the phrase in title or abstract. */
  docs: Int32Array;
  tfTitle: Float64Array;
  tfAbstract: Float64Array;
  /** Occurrences in the whole collection (title + abstract). */
  cf: number;
  /**
   * Occurrences in the exact surface form typed (paperboy's tokenize(), no stemming), aligned
   * with docs. Only for one-word phrases; a multi-word phrase copies tfTitle/tfAbstract.
   */
  exactTitle: Float64Array;
  exactAbstract: Float64Array;
  /** Token offsets of the phrase's occurrences in each doc's abstract, aligned with docs. */
  absOffsets: Int32Array[];
}

/** A query term: matches when any of its phrases matches. */
export type Term = Phrase[];

export interface QueryFeatures {
  id: string;
  text: string;
  parseError: boolean;
  /** AND search: every term must match. bm25 sums over every phrase, duplicates included. */
  strict: Term[];
  excluded: Term[];
  multiWord: boolean;
  /** Relaxed ("any word") search: relaxedQuery, stopwords dropped as compileFtsExpression does. */
  loose: Term[];
}

export interface Collection {
  ids: string[];
  lenTitle: Float64Array;
  lenAbstract: Float64Array;
  N: number;
  totalTokens: number;
  queries: QueryFeatures[];
  qrels: Map<string, Map<string, number>>;
}

const TOKENIZER = 'porter unicode61 remove_diacritics 2';

function isStopword(term: QueryTerm): boolean {
  return !term.quoted && term.alternatives.length === 1 && term.alternatives[0]!.length === 1 && STOPWORDS.has(term.alternatives[0]![0]!);
}

export function loadCollection(workDir: string, split: string, qrelsPath: string): Collection {
  const db = new Database(`${workDir}/paperboy.db`, { readonly: true });
  const rows = db.prepare('SELECT seq, id FROM papers ORDER BY seq').all() as Array<{ seq: number; id: string }>;
  const index = new Map<number, number>();
  const ids = rows.map((r, i) => {
    index.set(r.seq, i);
    return r.id;
  });
  const N = ids.length;
  db.exec('CREATE VIRTUAL TABLE temp.vi USING fts5vocab(main, papers_fts, instance)');
  // stem -> doc -> [title offsets, abstract offsets]
  const postings = new Map<string, Map<number, [number[], number[]]>>();
  const lenTitle = new Float64Array(N);
  const lenAbstract = new Float64Array(N);
  for (const r of db.prepare('SELECT term, doc, col, offset FROM temp.vi').iterate() as Iterable<{ term: string; doc: number; col: string; offset: number }>) {
    const d = index.get(r.doc)!;
    if (r.col !== 'title' && r.col !== 'abstract') continue; // authors and categories are empty on BEIR collections
    const c: 0 | 1 = r.col === 'title' ? 0 : 1;
    (c === 0 ? lenTitle : lenAbstract)[d]! += 1;
    let byDoc = postings.get(r.term);
    if (!byDoc) postings.set(r.term, (byDoc = new Map()));
    let entry = byDoc.get(d);
    if (!entry) byDoc.set(d, (entry = [[], []]));
    entry[c]!.push(r.offset);
  }
  // Sanity check against FTS5's own per-row sizes.
  const sizeCheck = db.prepare("SELECT count(*) AS n FROM temp.vi").get() as { n: number };
  // Unstemmed surface forms, by paperboy's tokenize(): word -> doc -> [title count, abstract count].
  const surface = new Map<string, Map<number, [number, number]>>();
  for (const r of db.prepare('SELECT seq, title, abstract FROM papers').iterate() as Iterable<{ seq: number; title: string; abstract: string }>) {
    const d = index.get(r.seq)!;
    [r.title, r.abstract].forEach((text, col) => {
      for (const w of tokenize(text)) {
        let byDoc = surface.get(w);
        if (!byDoc) surface.set(w, (byDoc = new Map()));
        let e = byDoc.get(d);
        if (!e) byDoc.set(d, (e = [0, 0]));
        e[col]!++;
      }
    });
  }
  db.close();
  let totalTokens = 0;
  for (let d = 0; d < N; d++) totalTokens += lenTitle[d]! + lenAbstract[d]!;
  if (totalTokens !== sizeCheck.n) throw new Error('token count mismatch');

  // Queries, through paperboy's own parser.
  const texts = readFileSync(`${workDir}/queries-${split}.txt`, 'utf8').split('\n');
  const qids = readFileSync(`${workDir}/queries-${split}.ids.txt`, 'utf8').split('\n').filter((l) => l !== '');
  const parsed = qids.map((id, i) => ({ id, text: texts[i]!, result: parseQuery(texts[i]!) }));

  // Stem every query token with FTS5's tokenizer.
  const stemmer = new Database(':memory:');
  stemmer.exec(`CREATE VIRTUAL TABLE s USING fts5(x, tokenize='${TOKENIZER}'); CREATE VIRTUAL TABLE sv USING fts5vocab(s, instance);`);
  const tokens = new Set<string>();
  for (const p of parsed) {
    if (!p.result.ok) continue;
    const q = p.result.value;
    for (const t of [...q.terms, ...q.excluded, ...relaxedQuery(q).terms]) for (const alt of t.alternatives) for (const tok of alt) tokens.add(tok);
  }
  const tokenList = [...tokens];
  const ins = stemmer.prepare('INSERT INTO s(rowid, x) VALUES (?, ?)');
  stemmer.transaction(() => tokenList.forEach((t, i) => ins.run(i + 1, t)))();
  const stemsOf = new Map<string, string[]>();
  for (const r of stemmer.prepare('SELECT term, doc FROM sv ORDER BY doc, offset').all() as Array<{ term: string; doc: number }>) {
    const tok = tokenList[r.doc - 1]!;
    const list = stemsOf.get(tok) ?? [];
    list.push(r.term);
    stemsOf.set(tok, list);
  }
  stemmer.close();

  const phraseCache = new Map<string, Phrase>();
  function phrase(tokensOfAlt: string[]): Phrase {
    const stems = tokensOfAlt.flatMap((t) => stemsOf.get(t) ?? []);
    const key = tokensOfAlt.join(' ');
    const cached = phraseCache.get(key);
    if (cached) return cached;
    const docs: number[] = [];
    const tfT: number[] = [];
    const tfA: number[] = [];
    let cf = 0;
    const offsets: Int32Array[] = [];
    const first = stems.length > 0 ? postings.get(stems[0]!) : undefined;
    if (first) {
      for (const [d, cols] of first) {
        const counts = [0, 0];
        const absAt: number[] = [];
        for (let c = 0; c < 2; c++) {
          for (const off of cols[c]!) {
            let ok = true;
            for (let k = 1; k < stems.length && ok; k++) {
              const e = postings.get(stems[k]!)?.get(d);
              ok = e !== undefined && e[c]!.includes(off + k);
            }
            if (ok) counts[c]!++;
            if (ok && c === 1) absAt.push(off);
          }
        }
        if (counts[0]! + counts[1]! > 0) {
          docs.push(d);
          tfT.push(counts[0]!);
          tfA.push(counts[1]!);
          cf += counts[0]! + counts[1]!;
          offsets.push(Int32Array.from(absAt));
        }
      }
    }
    const exact = tokensOfAlt.length === 1 ? surface.get(tokensOfAlt[0]!) : undefined;
    const exT = docs.map((d, i) => (tokensOfAlt.length === 1 ? Math.min(exact?.get(d)?.[0] ?? 0, tfT[i]!) : tfT[i]!));
    const exA = docs.map((d, i) => (tokensOfAlt.length === 1 ? Math.min(exact?.get(d)?.[1] ?? 0, tfA[i]!) : tfA[i]!));
    const p: Phrase = {
      stems,
      docs: Int32Array.from(docs),
      tfTitle: Float64Array.from(tfT),
      tfAbstract: Float64Array.from(tfA),
      cf,
      exactTitle: Float64Array.from(exT),
      exactAbstract: Float64Array.from(exA),
      absOffsets: offsets,
    };
    phraseCache.set(key, p);
    return p;
  }
  const term = (t: QueryTerm): Term => t.alternatives.map(phrase);

  const queries: QueryFeatures[] = parsed.map(({ id, text, result }) => {
    if (!result.ok) return { id, text, parseError: true, strict: [], excluded: [], multiWord: false, loose: [] };
    const q = result.value;
    let looseTerms = relaxedQuery(q).terms;
    const meaningful = looseTerms.filter((t) => !isStopword(t));
    if (meaningful.length > 0) looseTerms = meaningful;
    return {
      id,
      text,
      parseError: false,
      strict: q.terms.map(term),
      excluded: q.excluded.map(term),
      multiWord: q.terms.length > 1,
      loose: looseTerms.map(term),
    };
  });
  return { ids, lenTitle, lenAbstract, N, totalTokens, queries, qrels: readQrels(qrelsPath) };
}
