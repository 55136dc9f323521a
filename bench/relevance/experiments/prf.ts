/**
 * Pseudo-relevance feedback over paperboy's ranking (SciFact train only). Imported by
 * run-experiments.ts (steps `prf` and `prf2`, run only when asked for with --only); not a script.
 *
 * The first pass is always paperboy's own ranking (the re-implemented FTS5 bm25 k1 1.2, b 0.75,
 * title 2.5, strict-then-relaxed). From its top fbDocs documents:
 *
 * 1. RM3 (Lavrenko & Croft's relevance model, interpolated as in Abdul-Jaleel et al. 2004 and
 *    Anserini): P(w|R) ∝ Σ_D P(w|D)·weight(D), P(w|D) = tf/|D|, weight(D) = first-pass bm25 score
 *    (Anserini) or uniform. Top fbTerms terms (stopwords, digits and terms in more than maxDf of
 *    the collection dropped), L1-normalised, mixed with the original query (each phrase weight
 *    1/n): λ·original + (1−λ)·expansion. The expanded query is scored with the same bm25 as each
 *    term's weight times its bm25 contribution, over every document matching any term (a second
 *    full OR retrieval).
 * 2. "BM25 PRF" (Robertson's offer weight, as Anserini's BM25PRF): new terms picked by
 *    OW = r·RW with RW the Robertson/Spärck Jones relevance weight (R = fbDocs, r = feedback docs
 *    containing the term); expanded query Σ w_orig·tfpart + β·Σ RW·tfpart, w_orig = fts5 idf or RW.
 * 3. Centroid rerank: paperboy's top `pool` relaxed hits rescored as
 *    (1−γ)·bm25/max bm25 + γ·cos(d, centroid of the top-k docs), tf-idf ((1+ln tf)·idf) vectors
 *    over the stemmed title+abstract tokens.
 *
 * The strict (AND) hits keep their place in front, exactly as in paperboy's pipeline; PRF only
 * re-ranks the relaxed part (all 809 train queries run relaxed).
 */
import Database from 'better-sqlite3';
import { STOPWORDS } from '../../../src/core/search/tokenize.ts';
import { ndcgAt } from '../metrics.ts';
import type { Collection, Phrase } from './features.ts';
import { fts5Idf, rank, type Prepared, type Scorer, type Stats } from './scoring.ts';

const TOKENIZER = 'porter unicode61 remove_diacritics 2';

/** Every document's stemmed term vector and every term's postings, from paperboy's FTS5 index. */
export interface Index {
  terms: string[];
  termId: Map<string, number>;
  /** Per term: docs, tf in title, tf in abstract (aligned). */
  postDocs: Int32Array[];
  postTfT: Float64Array[];
  postTfA: Float64Array[];
  /** Per doc: term ids and title+abstract tf (aligned). */
  docTerms: Int32Array[];
  docTf: Float64Array[];
  /** Term ids not allowed as expansion terms (stemmed stopwords, digits only, one character). */
  banned: Uint8Array;
}

export function loadIndex(workDir: string, c: Collection): Index {
  const db = new Database(`${workDir}/paperboy.db`, { readonly: true });
  const rows = db.prepare('SELECT seq FROM papers ORDER BY seq').all() as Array<{ seq: number }>;
  const index = new Map<number, number>();
  rows.forEach((r, i) => index.set(r.seq, i));
  if (rows.length !== c.N) throw new Error('doc count mismatch');
  db.exec('CREATE VIRTUAL TABLE temp.vi2 USING fts5vocab(main, papers_fts, instance)');
  const termId = new Map<string, number>();
  const terms: string[] = [];
  // per term: doc -> [tfT, tfA]
  const post: Array<Map<number, [number, number]>> = [];
  for (const r of db.prepare('SELECT term, doc, col FROM temp.vi2').iterate() as Iterable<{ term: string; doc: number; col: string }>) {
    if (r.col !== 'title' && r.col !== 'abstract') continue;
    const d = index.get(r.doc)!;
    let t = termId.get(r.term);
    if (t === undefined) {
      t = terms.length;
      termId.set(r.term, t);
      terms.push(r.term);
      post.push(new Map());
    }
    const m = post[t]!;
    let e = m.get(d);
    if (!e) m.set(d, (e = [0, 0]));
    e[r.col === 'title' ? 0 : 1]++;
  }
  db.close();
  const postDocs: Int32Array[] = [];
  const postTfT: Float64Array[] = [];
  const postTfA: Float64Array[] = [];
  const perDoc: Array<Array<[number, number]>> = Array.from({ length: c.N }, () => []);
  post.forEach((m, t) => {
    const docs = [...m.keys()].sort((a, b) => a - b);
    postDocs.push(Int32Array.from(docs));
    postTfT.push(Float64Array.from(docs.map((d) => m.get(d)![0])));
    postTfA.push(Float64Array.from(docs.map((d) => m.get(d)![1])));
    for (const d of docs) perDoc[d]!.push([t, m.get(d)![0] + m.get(d)![1]]);
  });
  const docTerms = perDoc.map((l) => Int32Array.from(l.map((x) => x[0])));
  const docTf = perDoc.map((l) => Float64Array.from(l.map((x) => x[1])));

  // Stem the stopword list with the same tokenizer.
  const stemmer = new Database(':memory:');
  stemmer.exec(`CREATE VIRTUAL TABLE s USING fts5(x, tokenize='${TOKENIZER}'); CREATE VIRTUAL TABLE sv USING fts5vocab(s, row);`);
  const ins = stemmer.prepare('INSERT INTO s(x) VALUES (?)');
  stemmer.transaction(() => [...STOPWORDS].forEach((w) => ins.run(w)))();
  const stopStems = new Set((stemmer.prepare('SELECT term FROM sv').all() as Array<{ term: string }>).map((r) => r.term));
  stemmer.close();
  const banned = new Uint8Array(terms.length);
  terms.forEach((t, i) => {
    if (stopStems.has(t) || /^\d+$/.test(t) || t.length < 2) banned[i] = 1;
  });
  return { terms, termId, postDocs, postTfT, postTfA, docTerms, docTf, banned };
}

// ---------------------------------------------------------------------------------------------

/** What PRF needs of one query, computed once: the first pass and the candidate pools. */
interface QueryCtx {
  p: Prepared;
  /** Strict hits in paperboy's order (they stay in front). */
  strictTop: number[];
  /** paperboy's final ranking (strict then relaxed), top 100, and the relaxed bm25 score of each. */
  first: number[];
  firstScore: Float64Array;
  excluded: Set<number>;
  phrases: Phrase[];
  /** Original phrases as term ids when one-stem (for "is this term already in the query"). */
  queryTermIds: Set<number>;
}

const K1 = 1.2;
const B = 0.75;
const WT = 2.5;

export interface PrfResult {
  family: string;
  configs: Array<{ name: string; ndcg: Float64Array }>;
}

/** Grids. DEFAULT_GRID is the first sweep; FINE_GRID (step prf2) was drawn up after seeing it, around its best points. */
export interface PrfGrid {
  rm3: { fbDocs: number[]; fbTerms: number[]; lambda: number[]; maxDf: number[]; docWeight: Array<'score' | 'uniform'> } | null;
  bm25prf: { fbDocs: number[]; fbTerms: number[]; beta: number[] } | null;
  centroid: { pool: number[]; topK: number[]; gamma: number[] } | null;
}
export const DEFAULT_GRID: PrfGrid = {
  rm3: { fbDocs: [5, 10, 20], fbTerms: [10, 20, 30], lambda: [0.3, 0.4, 0.5, 0.6, 0.7, 0.8], maxDf: [0.1, 0.25], docWeight: ['score', 'uniform'] },
  bm25prf: { fbDocs: [3, 5, 10, 20], fbTerms: [5, 10, 20, 30], beta: [0.1, 0.2, 0.3, 0.5, 1] },
  centroid: { pool: [100], topK: [3, 5, 10, 20], gamma: [0.05, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5] },
};
export const FINE_GRID: PrfGrid = {
  rm3: { fbDocs: [3, 5, 10, 20], fbTerms: [30, 50], lambda: [0.8, 0.85, 0.9, 0.95], maxDf: [0.25], docWeight: ['score'] },
  bm25prf: { fbDocs: [3, 5, 10, 20], fbTerms: [5, 10, 20], beta: [0.02, 0.05, 0.1] },
  centroid: { pool: [30, 100], topK: [1, 2, 3, 4, 5], gamma: [0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6] },
};

export function prfFamilies(c: Collection, s: Stats, ix: Index, prepared: Prepared[], reference: Scorer, log: (s: string) => void, grid: PrfGrid = DEFAULT_GRID): PrfResult[] {
  const N = c.N;
  const norm = new Float64Array(N);
  for (let d = 0; d < N; d++) norm[d] = K1 * (1 - B + (B * (s.lenTitle[d]! + s.lenAbstract[d]!)) / s.avgDoc);
  const docLen = new Float64Array(N);
  for (let d = 0; d < N; d++) docLen[d] = s.lenTitle[d]! + s.lenAbstract[d]!;
  const termIdf = Float64Array.from(ix.postDocs, (docs) => fts5Idf(N, docs.length));
  const judged = prepared.filter((p) => [...(c.qrels.get(p.q.id)?.values() ?? [])].some((g) => g > 0));

  const acc = new Float64Array(N);
  const touched: number[] = [];
  const addPosting = (docs: Int32Array, tfT: Float64Array, tfA: Float64Array, w: number) => {
    if (docs.length === 0 || w === 0) return;
    const wi = w;
    for (let i = 0; i < docs.length; i++) {
      const d = docs[i]!;
      const f = WT * tfT[i]! + tfA[i]!;
      if (acc[d] === 0) touched.push(d);
      acc[d]! += (wi * f * (K1 + 1)) / (f + norm[d]!);
    }
  };
  const reset = () => {
    for (const d of touched) acc[d] = 0;
    touched.length = 0;
  };

  // First pass per query.
  const ctxs: QueryCtx[] = judged.map((p) => {
    const first = rank(p, reference, Infinity, acc, 100);
    const strictSet = new Set(p.strictDocs);
    const strictTop = first.filter((d) => strictSet.has(d));
    const phrases = p.q.loose.flat();
    for (const ph of phrases) addPosting(ph.docs, ph.tfTitle, ph.tfAbstract, fts5Idf(N, ph.docs.length));
    const firstScore = Float64Array.from(first, (d) => acc[d]!);
    reset();
    const excluded = new Set<number>();
    for (const t of p.q.excluded) for (const ph of t) for (const d of ph.docs) excluded.add(d);
    const queryTermIds = new Set<number>();
    for (const ph of phrases) for (const st of ph.stems) {
      const id = ix.termId.get(st);
      if (id !== undefined) queryTermIds.add(id);
    }
    return { p, strictTop, first, firstScore, excluded, phrases, queryTermIds };
  });
  log(`[prf] first pass ready for ${ctxs.length} queries; strict hits in front for ${ctxs.filter((x) => x.strictTop.length > 0).length}`);

  const finish = (x: QueryCtx): number[] => {
    const k = 10 - x.strictTop.length;
    const skip = new Set(x.strictTop);
    const cands = touched.filter((d) => !skip.has(d) && !x.excluded.has(d));
    cands.sort((a, b) => acc[b]! - acc[a]! || a - b);
    const out = [...x.strictTop, ...cands.slice(0, Math.max(0, k))];
    reset();
    return out;
  };
  const score = (x: QueryCtx, ranking: number[]) => ndcgAt(ranking.map((d) => c.ids[d]!), c.qrels.get(x.p.q.id)!, 10);

  const results: PrfResult[] = [];
  {
    // Sanity: the expanded-query machinery with no expansion must give paperboy's ranking.
    const ndcg = Float64Array.from(ctxs, (x) => {
      for (const ph of x.phrases) addPosting(ph.docs, ph.tfTitle, ph.tfAbstract, fts5Idf(N, ph.docs.length));
      return score(x, finish(x));
    });
    const firstNdcg = Float64Array.from(ctxs, (x) => score(x, x.first.slice(0, 10)));
    const m = (v: Float64Array) => v.reduce((a, b) => a + b, 0) / v.length;
    log(`[prf] sanity: no expansion ${m(ndcg).toFixed(4)}, first pass ${m(firstNdcg).toFixed(4)}`);
  }

  // ---------------- RM3
  if (grid.rm3) {
    const configs: PrfResult['configs'] = [];
    const { fbDocs: FB_DOCS, fbTerms: FB_TERMS, lambda: LAMBDA, maxDf: MAX_DF, docWeight: DOC_WEIGHT } = grid.rm3;
    // Relevance model per query, per (fbDocs, docWeight, maxDf): sorted [termId, weight] list.
    for (const maxDf of MAX_DF)
      for (const dw of DOC_WEIGHT)
        for (const fbDocs of FB_DOCS) {
          const models = ctxs.map((x) => {
            const fb = x.first.slice(0, fbDocs);
            const w = new Map<number, number>();
            let total = 0;
            fb.forEach((d, i) => (total += dw === 'score' ? x.firstScore[i]! : 1));
            fb.forEach((d, i) => {
              const pd = (dw === 'score' ? x.firstScore[i]! : 1) / (total || 1);
              const ts = ix.docTerms[d]!;
              const tf = ix.docTf[d]!;
              for (let j = 0; j < ts.length; j++) {
                const t = ts[j]!;
                if (ix.banned[t] || ix.postDocs[t]!.length > maxDf * N) continue;
                w.set(t, (w.get(t) ?? 0) + (pd * tf[j]!) / docLen[d]!);
              }
            });
            return [...w].sort((a, b) => b[1] - a[1] || a[0] - b[0]);
          });
          for (const fbTerms of FB_TERMS)
            for (const lambda of LAMBDA) {
              const ndcg = Float64Array.from(ctxs, (x, qi) => {
                const top = models[qi]!.slice(0, fbTerms);
                const z = top.reduce((s2, [, v]) => s2 + v, 0) || 1;
                const n = x.phrases.length;
                for (const ph of x.phrases) addPosting(ph.docs, ph.tfTitle, ph.tfAbstract, (lambda / n) * fts5Idf(N, ph.docs.length));
                for (const [t, v] of top) addPosting(ix.postDocs[t]!, ix.postTfT[t]!, ix.postTfA[t]!, ((1 - lambda) * v) / z * termIdf[t]!);
                return score(x, finish(x));
              });
              configs.push({ name: `rm3 fbDocs=${fbDocs} fbTerms=${fbTerms} λ=${lambda} docW=${dw} maxDf=${maxDf}`, ndcg });
            }
        }
    results.push({ family: 'RM3 (full OR re-retrieval)', configs });
  }

  // ---------------- BM25 PRF, Robertson offer weight
  if (grid.bm25prf) {
    const configs: PrfResult['configs'] = [];
    const { fbDocs: FB_DOCS, fbTerms: FB_TERMS, beta: BETA } = grid.bm25prf;
    const rw = (r: number, n: number, R: number) => Math.log(((r + 0.5) * (N - n - R + r + 0.5)) / ((n - r + 0.5) * (R - r + 0.5)));
    for (const fbDocs of FB_DOCS) {
      const sel = ctxs.map((x) => {
        const fb = x.first.slice(0, fbDocs);
        const R = fb.length;
        const r = new Map<number, number>();
        for (const d of fb) for (const t of ix.docTerms[d]!) if (!ix.banned[t] && !x.queryTermIds.has(t)) r.set(t, (r.get(t) ?? 0) + 1);
        const cand = [...r].map(([t, rt]) => {
          const w = rw(rt, ix.postDocs[t]!.length, R);
          return { t, w, ow: rt * w };
        });
        cand.sort((a, b) => b.ow - a.ow || a.t - b.t);
        const fbSet = new Set(fb);
        const origRw = x.phrases.map((ph) => {
          let rt = 0;
          for (const d of ph.docs) if (fbSet.has(d)) rt++;
          return Math.max(rw(rt, ph.docs.length, R), 1e-6);
        });
        return { cand, origRw };
      });
      for (const orig of ['idf', 'rsj'] as const)
        for (const fbTerms of FB_TERMS)
          for (const beta of BETA) {
            const ndcg = Float64Array.from(ctxs, (x, qi) => {
              const { cand, origRw } = sel[qi]!;
              x.phrases.forEach((ph, j) => addPosting(ph.docs, ph.tfTitle, ph.tfAbstract, orig === 'idf' ? fts5Idf(N, ph.docs.length) : origRw[j]!));
              for (const { t, w } of cand.slice(0, fbTerms)) if (w > 0) addPosting(ix.postDocs[t]!, ix.postTfT[t]!, ix.postTfA[t]!, beta * w);
              return score(x, finish(x));
            });
            configs.push({ name: `bm25prf fbDocs=${fbDocs} fbTerms=${fbTerms} β=${beta} orig=${orig}`, ndcg });
          }
    }
    results.push({ family: 'BM25 PRF (offer-weight term selection)', configs });
  }

  // ---------------- Centroid rerank of the top `pool`
  if (grid.centroid) {
    const configs: PrfResult['configs'] = [];
    const vecCache = new Map<number, { t: Int32Array; w: Float64Array }>();
    const vec = (d: number) => {
      let v = vecCache.get(d);
      if (v) return v;
      const ts = ix.docTerms[d]!;
      const tf = ix.docTf[d]!;
      const w = new Float64Array(ts.length);
      let nrm = 0;
      for (let j = 0; j < ts.length; j++) {
        w[j] = ix.banned[ts[j]!] ? 0 : (1 + Math.log(tf[j]!)) * termIdf[ts[j]!]!;
        nrm += w[j]! ** 2;
      }
      nrm = Math.sqrt(nrm) || 1;
      for (let j = 0; j < w.length; j++) w[j]! /= nrm;
      vecCache.set(d, (v = { t: ts, w }));
      return v;
    };
    const centroid = new Float64Array(ix.terms.length);
    const { pool: POOLS, topK: TOPK, gamma: GAMMA } = grid.centroid;
    const POOL = Math.max(...POOLS);
    for (const k of TOPK) {
      // cosine of each pool doc with the centroid, per query
      const cos = ctxs.map((x) => {
        const fb = x.first.slice(0, k);
        const used: number[] = [];
        for (const d of fb) {
          const v = vec(d);
          for (let j = 0; j < v.t.length; j++) {
            if (centroid[v.t[j]!] === 0) used.push(v.t[j]!);
            centroid[v.t[j]!]! += v.w[j]!;
          }
        }
        let cn = 0;
        for (const t of used) cn += centroid[t]! ** 2;
        cn = Math.sqrt(cn) || 1;
        const out = Float64Array.from(x.first.slice(0, POOL), (d) => {
          const v = vec(d);
          let dot = 0;
          for (let j = 0; j < v.t.length; j++) dot += v.w[j]! * centroid[v.t[j]!]!;
          return dot / cn;
        });
        for (const t of used) centroid[t] = 0;
        return out;
      });
      for (const pool of POOLS) for (const gamma of GAMMA) {
        const ndcg = Float64Array.from(ctxs, (x, qi) => {
          const nStrict = x.strictTop.length;
          const loose = x.first.slice(nStrict, pool).map((d, i) => i + nStrict);
          let max = 0;
          for (const i of loose) max = Math.max(max, x.firstScore[i]!);
          const sc = (i: number) => (1 - gamma) * (x.firstScore[i]! / (max || 1)) + gamma * cos[qi]![i]!;
          loose.sort((a, b) => sc(b) - sc(a) || a - b);
          return score(x, [...x.strictTop, ...loose.map((i) => x.first[i]!)]);
        });
        configs.push({ name: `centroid pool=${pool} k=${k} γ=${gamma}`, ndcg });
      }
    }
    results.push({ family: `Centroid rerank of top ${POOLS.join('/')}`, configs });
  }
  return results;
}
