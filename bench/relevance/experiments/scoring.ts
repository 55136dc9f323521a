/**
 * Scoring functions, paperboy's strict-then-relaxed pipeline over precomputed phrase matches,
 * and 5-fold cross-validation. Imported by run-experiments.ts; not a script.
 *
 * Every scorer is "sum over the query's phrases of contrib(phrase, doc)" plus an optional
 * per-document term, which covers FTS5 bm25, BM25F, BM25+, IDF-power variants and Dirichlet
 * query likelihood.
 */
import { ndcgAt } from '../metrics.ts';
import type { Collection, Phrase, QueryFeatures, Term } from './features.ts';

export interface Scorer {
  name: string;
  /** Adds this phrase's contribution for every doc it matches into acc. */
  add(p: Phrase, acc: Float64Array, touched: number[]): void;
  /** Per-document term added once for every candidate (query likelihood's length part); nPhrases = query size. */
  docTerm?(d: number, nPhrases: number): number;
  /** Final per-candidate adjustment that needs all the query's phrases (passage scores). */
  rescore?(phrases: Phrase[], d: number, base: number): number;
}

export interface Stats {
  N: number;
  lenTitle: Float64Array;
  lenAbstract: Float64Array;
  avgTitle: number;
  avgAbstract: number;
  avgDoc: number;
  totalTokens: number;
}

export function stats(c: Collection): Stats {
  let t = 0;
  let a = 0;
  for (let d = 0; d < c.N; d++) {
    t += c.lenTitle[d]!;
    a += c.lenAbstract[d]!;
  }
  return { N: c.N, lenTitle: c.lenTitle, lenAbstract: c.lenAbstract, avgTitle: t / c.N, avgAbstract: a / c.N, avgDoc: (t + a) / c.N, totalTokens: t + a };
}

/** FTS5's bm25 idf (sqlite ext/fts5/fts5_aux.c): log((N - n + 0.5) / (n + 0.5)), floored at 1e-6. */
export function fts5Idf(N: number, n: number): number {
  const idf = Math.log((N - n + 0.5) / (n + 0.5));
  return idf <= 0 ? 1e-6 : idf;
}

function touch(acc: Float64Array, touched: number[], d: number, v: number): void {
  if (acc[d] === 0) touched.push(d);
  acc[d]! += v;
}

export interface Bm25Params {
  k1: number;
  b: number;
  wTitle: number;
  /** BM25+ lower bound added to every matching phrase's tf part. */
  delta?: number;
  /** idf ** idfPower. */
  idfPower?: number;
  /** 'fts5' (default) or 'lucene': log(1 + (N - n + 0.5) / (n + 0.5)). */
  idf?: 'fts5' | 'lucene';
  /** Extra tf for occurrences in the exact (unstemmed) form typed: tf + exact·tfExact. */
  exact?: number;
  /** BM25L (Lv & Zhai 2011): delta added to the length-normalised tf before saturation. */
  lDelta?: number;
  /** Matched-term bonus: + coord · idf^coordPower for every phrase the doc contains (BM25+ is power 1). */
  coord?: number;
  coordPower?: number;
}

/**
 * FTS5's bm25 generalised: tf = wTitle·tfTitle + tfAbstract, one length normalisation over the
 * whole row (D = title + abstract tokens, avgdl over the collection). k1=1.2, b=0.75, wTitle=2.5,
 * no delta, idfPower 1 is exactly what paperboy runs today.
 */
export function bm25(s: Stats, p: Bm25Params): Scorer {
  const norm = new Float64Array(s.N);
  for (let d = 0; d < s.N; d++) norm[d] = p.k1 * (1 - p.b + (p.b * (s.lenTitle[d]! + s.lenAbstract[d]!)) / s.avgDoc);
  const delta = p.delta ?? 0;
  const power = p.idfPower ?? 1;
  const ex = p.exact ?? 0;
  const lDelta = p.lDelta ?? 0;
  const lNorm = new Float64Array(s.N);
  for (let d = 0; d < s.N; d++) lNorm[d] = 1 - p.b + (p.b * (s.lenTitle[d]! + s.lenAbstract[d]!)) / s.avgDoc;
  const coord = p.coord ?? 0;
  const coordPower = p.coordPower ?? 2;
  const extra = `${coord ? ` +${coord}·idf^${coordPower}` : ''}${delta ? ` delta=${delta}` : ''}${power !== 1 ? ` idf^${power}` : ''}${p.idf === 'lucene' ? ' lucene-idf' : ''}${ex ? ` exact=${ex}` : ''}${lDelta ? ` L-delta=${lDelta}` : ''}`;
  if (lDelta) {
    return {
      name: `bm25L k1=${p.k1} b=${p.b} wT=${p.wTitle}${extra}`,
      add(ph, acc, touched) {
        const n = ph.docs.length;
        if (n === 0) return;
        const idf = fts5Idf(s.N, n);
        for (let i = 0; i < n; i++) {
          const d = ph.docs[i]!;
          const c = (p.wTitle * ph.tfTitle[i]! + ph.tfAbstract[i]!) / lNorm[d]! + lDelta;
          touch(acc, touched, d, (idf * (p.k1 + 1) * c) / (p.k1 + c));
        }
      },
    };
  }
  return {
    name: `bm25 k1=${p.k1} b=${p.b} wT=${p.wTitle}${extra}`,
    add(ph, acc, touched) {
      const n = ph.docs.length;
      if (n === 0) return;
      const base = p.idf === 'lucene' ? Math.log(1 + (s.N - n + 0.5) / (n + 0.5)) : fts5Idf(s.N, n);
      const idf = power === 1 ? base : base ** power;
      const bonus = coord * base ** coordPower;
      for (let i = 0; i < n; i++) {
        const d = ph.docs[i]!;
        if (bonus) touch(acc, touched, d, bonus);
        const f = p.wTitle * (ph.tfTitle[i]! + ex * ph.exactTitle[i]!) + ph.tfAbstract[i]! + ex * ph.exactAbstract[i]!;
        touch(acc, touched, d, idf * ((f * (p.k1 + 1)) / (f + norm[d]!) + delta));
      }
    },
  };
}

export interface Bm25fParams {
  k1: number;
  wTitle: number;
  bTitle: number;
  bAbstract: number;
}

/** BM25F (Robertson/Zaragoza): per-field length normalisation before one saturation; FTS5 idf. */
export function bm25f(s: Stats, p: Bm25fParams): Scorer {
  const nt = new Float64Array(s.N);
  const na = new Float64Array(s.N);
  for (let d = 0; d < s.N; d++) {
    nt[d] = p.wTitle / (1 - p.bTitle + (p.bTitle * s.lenTitle[d]!) / s.avgTitle);
    na[d] = 1 / (1 - p.bAbstract + (p.bAbstract * s.lenAbstract[d]!) / s.avgAbstract);
  }
  return {
    name: `bm25f k1=${p.k1} wT=${p.wTitle} bT=${p.bTitle} bA=${p.bAbstract}`,
    add(ph, acc, touched) {
      const n = ph.docs.length;
      if (n === 0) return;
      const idf = fts5Idf(s.N, n);
      for (let i = 0; i < n; i++) {
        const d = ph.docs[i]!;
        const f = nt[d]! * ph.tfTitle[i]! + na[d]! * ph.tfAbstract[i]!;
        touch(acc, touched, d, (idf * f * (p.k1 + 1)) / (f + p.k1));
      }
    },
  };
}

/**
 * Query likelihood with Dirichlet smoothing (Zhai & Lafferty), rank-equivalent form over the
 * query's phrases: Σ log(1 + c(q,d) / (mu·P(q|C))) + |Q|·log(mu / (|d| + mu)), with the title
 * counted wTitle times in both c(q,d) and |d|.
 */
export function dirichlet(s: Stats, p: { mu: number; wTitle: number }): Scorer {
  const lenTerm = new Float64Array(s.N);
  for (let d = 0; d < s.N; d++) lenTerm[d] = Math.log(p.mu / (p.wTitle * s.lenTitle[d]! + s.lenAbstract[d]! + p.mu));
  return {
    name: `dirichlet mu=${p.mu} wT=${p.wTitle}`,
    add(ph, acc, touched) {
      if (ph.docs.length === 0) return;
      const pc = ph.cf / s.totalTokens;
      for (let i = 0; i < ph.docs.length; i++) {
        const c = p.wTitle * ph.tfTitle[i]! + ph.tfAbstract[i]!;
        touch(acc, touched, ph.docs[i]!, Math.log(1 + c / (p.mu * pc)));
      }
    },
    docTerm: (d, nPhrases) => nPhrases * lenTerm[d]!,
  };
}

/**
 * Divergence-from-randomness models (Amati & van Rijsbergen; formulas as in Terrier): InL2 and
 * PL2 with normalisation 2 (tfn = tf·log2(1 + c·avgdl/dl)), and the parameter-free DPH. Title
 * counted wTitle times in tf and in the document length.
 */
export function dfr(s: Stats, p: { model: 'InL2' | 'PL2' | 'DPH'; c: number; wTitle: number }): Scorer {
  const dl = new Float64Array(s.N);
  let total = 0;
  for (let d = 0; d < s.N; d++) total += dl[d] = p.wTitle * s.lenTitle[d]! + s.lenAbstract[d]!;
  const avgdl = total / s.N;
  const LOG2E = Math.log2(Math.E);
  return {
    name: `${p.model}${p.model === 'DPH' ? '' : ` c=${p.c}`} wT=${p.wTitle}`,
    add(ph, acc, touched) {
      const n = ph.docs.length;
      if (n === 0) return;
      const F = ph.cf * (total / s.totalTokens); // collection frequency on the weighted scale (approx.)
      for (let i = 0; i < n; i++) {
        const d = ph.docs[i]!;
        const tf = p.wTitle * ph.tfTitle[i]! + ph.tfAbstract[i]!;
        let w = 0;
        if (p.model === 'DPH') {
          const f = Math.min(tf / dl[d]!, 0.999999);
          const norm = ((1 - f) * (1 - f)) / (tf + 1);
          w = norm * (tf * Math.log2(((tf * avgdl) / dl[d]!) * (s.N / F)) + 0.5 * Math.log2(2 * Math.PI * tf * (1 - f)));
        } else {
          const tfn = tf * Math.log2(1 + (p.c * avgdl) / dl[d]!);
          if (p.model === 'InL2') w = (tfn / (tfn + 1)) * Math.log2((s.N + 1) / (n + 0.5));
          else {
            const lambda = F / s.N;
            w = (1 / (tfn + 1)) * (tfn * Math.log2(tfn / lambda) + (lambda - tfn) * LOG2E + 0.5 * Math.log2(2 * Math.PI * tfn));
          }
        }
        if (w > 0) touch(acc, touched, d, w);
      }
    },
  };
}

/**
 * Document bm25 plus lambda × the best fixed-width abstract passage (window tokens, half-window
 * stride), each passage scored Σ idf·tf(k1+1)/(tf+k1) with no length normalisation (Callan 1994).
 */
export function passage(s: Stats, base: Scorer, p: { window: number; lambda: number; k1: number }): Scorer {
  return {
    name: `${base.name} + ${p.lambda}×passage(${p.window})`,
    add: base.add,
    rescore(phrases, d, score) {
      const events: Array<[number, number]> = []; // [offset, phrase index]
      const idfs: number[] = [];
      phrases.forEach((ph, j) => {
        idfs.push(fts5Idf(s.N, ph.docs.length));
        // docs are in posting order (not sorted by id): linear search is fine for short lists
        const i = ph.docs.indexOf(d);
        if (i >= 0) for (const off of ph.absOffsets[i]!) events.push([off, j]);
      });
      if (events.length === 0) return score;
      events.sort((a, b) => a[0] - b[0]);
      const step = Math.max(1, p.window >> 1);
      let best = 0;
      const last = events[events.length - 1]![0];
      for (let start = 0; start <= last; start += step) {
        const tf = new Map<number, number>();
        for (const [off, j] of events) if (off >= start && off < start + p.window) tf.set(j, (tf.get(j) ?? 0) + 1);
        let v = 0;
        for (const [j, f] of tf) v += (idfs[j]! * f * (p.k1 + 1)) / (f + p.k1);
        if (v > best) best = v;
      }
      return score + p.lambda * best;
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Pipeline

export const MIN_STRICT_RESULTS = 3;

function termDocs(t: Term): Set<number> {
  const out = new Set<number>();
  for (const ph of t) for (const d of ph.docs) out.add(d);
  return out;
}

/** Per query, what does not depend on the scorer: strict matches, loose candidates in reference order. */
export interface Prepared {
  q: QueryFeatures;
  strictDocs: number[];
  runLoose: boolean;
  /** All OR matches (not excluded), best first by the reference scorer (what FTS5 returns today). */
  looseByReference: number[];
}

export function prepare(c: Collection, reference: Scorer): Prepared[] {
  const acc = new Float64Array(c.N);
  return c.queries.map((q) => {
    if (q.parseError) return { q, strictDocs: [], runLoose: false, looseByReference: [] };
    const excluded = new Set<number>();
    for (const t of q.excluded) for (const d of termDocs(t)) excluded.add(d);
    let strict: number[] | null = null;
    for (const t of q.strict) {
      const docs = termDocs(t);
      strict = strict === null ? [...docs] : strict.filter((d) => docs.has(d));
    }
    const strictDocs = (strict ?? []).filter((d) => !excluded.has(d));
    const runLoose = q.multiWord && strictDocs.length < MIN_STRICT_RESULTS;
    let looseByReference: number[] = [];
    if (runLoose) {
      const touched: number[] = [];
      for (const t of q.loose) for (const ph of t) reference.add(ph, acc, touched);
      looseByReference = touched.filter((d) => !excluded.has(d)).sort((a, b) => acc[b]! - acc[a]! || a - b);
      for (const d of touched) acc[d] = 0;
    }
    return { q, strictDocs, runLoose, looseByReference };
  });
}

function topK(cands: number[], score: (d: number) => number, k: number, skip?: Set<number>): number[] {
  const best: Array<[number, number]> = [];
  for (const d of cands) {
    if (skip?.has(d)) continue;
    const s = score(d);
    if (best.length === k && (s < best[k - 1]![1] || (s === best[k - 1]![1] && d > best[k - 1]![0]))) continue;
    let i = best.length;
    best.push([d, s]);
    while (i > 0 && (best[i - 1]![1] < s || (best[i - 1]![1] === s && best[i - 1]![0] > d))) {
      best[i] = best[i - 1]!;
      i--;
    }
    best[i] = [d, s];
    if (best.length > k) best.pop();
  }
  return best.map(([d]) => d);
}

/**
 * paperboy's ranking of one query with a given scorer: strict (AND) hits first, then, when fewer
 * than 3 and the query has several words, the relaxed hits. pool = how many relaxed candidates
 * (in today's FTS5 order) are rescored; Infinity = every OR match.
 */
export function rank(p: Prepared, scorer: Scorer, pool: number, acc: Float64Array, k = 10): number[] {
  const run = (phrases: Phrase[], cands: number[], skip?: Set<number>): number[] => {
    const touched: number[] = [];
    for (const ph of phrases) scorer.add(ph, acc, touched);
    const nq = phrases.length;
    const score = scorer.rescore
      ? (d: number) => scorer.rescore!(phrases, d, acc[d]!)
      : scorer.docTerm
        ? (d: number) => acc[d]! + scorer.docTerm!(d, nq)
        : (d: number) => acc[d]!;
    const out = topK(cands, score, k, skip);
    for (const d of touched) acc[d] = 0;
    return out;
  };
  const strict = p.strictDocs.length > 0 ? run(p.q.strict.flat(), p.strictDocs) : [];
  if (!p.runLoose || strict.length >= k) return strict.slice(0, k);
  const cands = pool === Infinity ? p.looseByReference : p.looseByReference.slice(0, pool);
  const loose = run(p.q.loose.flat(), cands, new Set(strict));
  return [...strict, ...loose].slice(0, k);
}

/** Per-query nDCG@10 (judged queries only, in a fixed order). */
export function evaluate(prepared: Prepared[], qrels: Collection['qrels'], ids: string[], scorer: Scorer, pool: number): Float64Array {
  const acc = new Float64Array(ids.length);
  const judged = prepared.filter((p) => [...(qrels.get(p.q.id)?.values() ?? [])].some((g) => g > 0));
  return Float64Array.from(judged.map((p) => ndcgAt(rank(p, scorer, pool, acc).map((d) => ids[d]!), qrels.get(p.q.id)!, 10)));
}

export function judgedIds(prepared: Prepared[], qrels: Collection['qrels']): string[] {
  return prepared.filter((p) => [...(qrels.get(p.q.id)?.values() ?? [])].some((g) => g > 0)).map((p) => p.q.id);
}

// ---------------------------------------------------------------------------------------------
// Cross-validation

/** Deterministic fold of each query (seeded shuffle, then round robin). */
export function folds(n: number, k = 5, seed = 20261122): Int32Array {
  const order = Array.from({ length: n }, (_, i) => i);
  let s = seed >>> 0;
  const rnd = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  const fold = new Int32Array(n);
  order.forEach((q, i) => (fold[q] = i % k));
  return fold;
}

export interface CvResult {
  heldOut: number[];
  mean: number;
  chosen: string[];
  /** Held-out per-query nDCG, each query scored by the config chosen without it. */
  perQuery: Float64Array;
}

/** Picks the config with the best mean on 4 folds, scores the 5th; ties go to the earlier config. */
export function crossValidate(configs: Array<{ name: string; ndcg: Float64Array }>, fold: Int32Array, k = 5): CvResult {
  const heldOut: number[] = [];
  const chosen: string[] = [];
  const perQuery = new Float64Array(fold.length);
  for (let f = 0; f < k; f++) {
    let best = -1;
    let bestMean = -Infinity;
    configs.forEach((c, i) => {
      let sum = 0;
      let n = 0;
      for (let q = 0; q < fold.length; q++) if (fold[q] !== f) (sum += c.ndcg[q]!), n++;
      if (sum / n > bestMean + 1e-12) (bestMean = sum / n), (best = i);
    });
    const c = configs[best]!;
    let sum = 0;
    let n = 0;
    for (let q = 0; q < fold.length; q++) if (fold[q] === f) (sum += c.ndcg[q]!), n++, (perQuery[q] = c.ndcg[q]!);
    heldOut.push(sum / n);
    chosen.push(c.name);
  }
  let total = 0;
  for (const v of perQuery) total += v;
  return { heldOut, mean: total / fold.length, chosen, perQuery };
}

export function mean(v: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i]!;
  return s / v.length;
}

export function foldMeans(v: ArrayLike<number>, fold: Int32Array, k = 5): number[] {
  const out: number[] = [];
  for (let f = 0; f < k; f++) {
    let s = 0;
    let n = 0;
    for (let q = 0; q < fold.length; q++) if (fold[q] === f) (s += v[q]!), n++;
    out.push(s / n);
  }
  return out;
}

/** Mean paired difference and its standard error. */
export function paired(a: ArrayLike<number>, b: ArrayLike<number>): { diff: number; se: number; better: number; worse: number } {
  const n = a.length;
  const d = Array.from({ length: n }, (_, i) => a[i]! - b[i]!);
  const m = mean(d);
  const sd = Math.sqrt(d.reduce((s, x) => s + (x - m) ** 2, 0) / (n - 1));
  return { diff: m, se: sd / Math.sqrt(n), better: d.filter((x) => x > 1e-9).length, worse: d.filter((x) => x < -1e-9).length };
}
