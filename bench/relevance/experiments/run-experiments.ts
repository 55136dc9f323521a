/**
 * Scoring experiments for issue 2 (see README.md in this folder). Train split only; the test
 * labels are never read.
 *
 *   node bin/run-ts.js bench/relevance/evaluate.ts --split train --keep     # prints "kept DIR"
 *   cp bench/out/relevance-train.paperboy.run bench/out/relevance-train.json DIR/
 *   node bin/run-ts.js bench/relevance/experiments/run-experiments.ts --work DIR [--only verify|bm25|bm25f|plus|idf|ql|pool]
 *   node bin/run-ts.js bench/relevance/experiments/run-experiments.ts --work DIR --only prf,prf2   # pseudo-relevance feedback, prf.ts
 *
 * 1. verify: the in-memory re-implementation of FTS5 bm25 (k1 1.2, b 0.75, title 2.5) against the
 *    CLI's own run file: identical top-10 lists, nDCG agreement.
 * 2. Grids per scoring family, each query ranked by paperboy's strict-then-relaxed pipeline with the
 *    scorer swapped in; 5-fold CV on train (best config on 4 folds, scored on the 5th).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadCollection } from './features.ts';
import { DEFAULT_GRID, FINE_GRID, loadIndex, prfFamilies } from './prf.ts';
import {
  bm25,
  bm25f,
  crossValidate,
  dfr,
  dirichlet,
  evaluate,
  foldMeans,
  folds,
  judgedIds,
  mean,
  paired,
  passage,
  prepare,
  rank,
  stats,
  type Scorer,
} from './scoring.ts';

const { values } = parseArgs({
  options: {
    work: { type: 'string', default: '/tmp/relev-data' },
    split: { type: 'string', default: 'train' },
    dataset: { type: 'string', default: join(import.meta.dirname, '..', '..', '..', '..', 'shared', 'datasets', 'scifact') },
    only: { type: 'string' },
  },
});
if (values.split === 'test') throw new Error('train split only: the test labels are withheld');
const want = (step: string) => values.only === undefined || values.only.split(',').includes(step);
const out = (s: string) => process.stdout.write(`${s}\n`);
const f4 = (n: number) => n.toFixed(4);

const t0 = performance.now();
const c = loadCollection(values.work, values.split, join(values.dataset, 'qrels', `${values.split}.tsv`));
const s = stats(c);
const reference = bm25(s, { k1: 1.2, b: 0.75, wTitle: 2.5 });
const prepared = prepare(c, reference);
const qids = judgedIds(prepared, c.qrels);
const fold = folds(qids.length);
out(`loaded ${c.N} docs, ${c.queries.length} queries (${qids.length} judged), avgdl ${s.avgDoc.toFixed(1)} (title ${s.avgTitle.toFixed(1)}, abstract ${s.avgAbstract.toFixed(1)}) in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
out(`queries with a parse error: ${c.queries.filter((q) => q.parseError).length}; relaxed: ${prepared.filter((p) => p.runLoose).length}`);

// Current paperboy and the raw FTS5 baseline, per query, from the CLI's report (same judged queries).
const report = JSON.parse(readFileSync(join(values.work, 'relevance-train.json'), 'utf8')) as {
  perQueryNdcg10: { paperboy: Record<string, number>; baseline: Record<string, number> };
};
const cliPaperboy = Float64Array.from(qids.map((id) => report.perQueryNdcg10.paperboy[id]!));
const cliBaseline = Float64Array.from(qids.map((id) => report.perQueryNdcg10.baseline[id]!));
out(`CLI paperboy ${f4(mean(cliPaperboy))}  raw FTS5 baseline ${f4(mean(cliBaseline))}`);
out(`  folds paperboy ${foldMeans(cliPaperboy, fold).map(f4).join(' ')}`);
out(`  folds baseline ${foldMeans(cliBaseline, fold).map(f4).join(' ')}`);

const refNdcg = evaluate(prepared, c.qrels, c.ids, reference, Infinity);

if (want('verify')) {
  const cliRun = new Map<string, string[]>();
  for (const line of readFileSync(join(values.work, 'relevance-train.paperboy.run'), 'utf8').split('\n')) {
    const [q, , d] = line.split(' ');
    if (q && d) cliRun.set(q, [...(cliRun.get(q) ?? []), d]);
  }
  const acc = new Float64Array(c.N);
  let same = 0;
  let sameSet = 0;
  for (const p of prepared) {
    const mine = rank(p, reference, Infinity, acc).map((d) => c.ids[d]!);
    const theirs = cliRun.get(p.q.id) ?? [];
    if (mine.join() === theirs.join()) same++;
    if ([...mine].sort().join() === [...theirs].sort().join()) sameSet++;
  }
  const agree = refNdcg.filter((v, i) => Math.abs(v - cliPaperboy[i]!) < 1e-3).length;
  out(`\n[verify] re-implementation (FTS5 bm25 k1=1.2 b=0.75 wT=2.5): nDCG@10 ${f4(mean(refNdcg))} vs CLI ${f4(mean(cliPaperboy))}`);
  out(`  identical top-10 lists ${same}/${prepared.length}, same top-10 sets ${sameSet}/${prepared.length}, per-query nDCG equal ${agree}/${qids.length}`);
}

interface Row {
  family: string;
  configs: number;
  bestAll: string;
  bestAllNdcg: number;
  cv: ReturnType<typeof crossValidate>;
}
const rows: Row[] = [];
const allConfigs: Array<{ name: string; ndcg: Float64Array }> = [];

function family(name: string, scorers: Scorer[], pool = Infinity): Row {
  const started = performance.now();
  const configs = scorers.map((sc) => ({ name: sc.name, ndcg: evaluate(prepared, c.qrels, c.ids, sc, pool) }));
  return reportFamily(name, configs, started);
}

function reportFamily(name: string, configs: Array<{ name: string; ndcg: Float64Array }>, started: number): Row {
  allConfigs.push(...configs);
  const best = configs.reduce((a, b) => (mean(b.ndcg) > mean(a.ndcg) + 1e-12 ? b : a));
  const cv = crossValidate(configs, fold);
  const row = { family: name, configs: configs.length, bestAll: best.name, bestAllNdcg: mean(best.ndcg), cv };
  rows.push(row);
  const vsPb = paired(cv.perQuery, cliPaperboy);
  out(`\n[${name}] ${configs.length} configs, ${((performance.now() - started) / 1000).toFixed(1)} s`);
  out(`  best on all train: ${best.name} = ${f4(mean(best.ndcg))}`);
  out(`  5-fold CV held-out mean ${f4(cv.mean)}  folds ${cv.heldOut.map(f4).join(' ')}`);
  out(`  vs CLI paperboy ${vsPb.diff >= 0 ? '+' : ''}${f4(vsPb.diff)} ± ${f4(vsPb.se)} (better ${vsPb.better}, worse ${vsPb.worse}); vs baseline ${f4(cv.mean - mean(cliBaseline))}`);
  out(`  chosen per fold: ${[...new Set(cv.chosen)].map((n) => `${n} ×${cv.chosen.filter((x) => x === n).length}`).join('; ')}`);
  const top = [...configs].sort((a, b) => mean(b.ndcg) - mean(a.ndcg)).slice(0, 5);
  out(`  top 5 on all train: ${top.map((t) => `${t.name} ${f4(mean(t.ndcg))}`).join(' | ')}`);
  return row;
}

const K1 = [0.6, 0.8, 1.0, 1.2, 1.4, 1.6, 1.8, 2.0];
const B = [0.3, 0.4, 0.5, 0.6, 0.7, 0.75, 0.8, 0.9, 1.0];
const WT = [1, 1.5, 2, 2.5, 3, 4];

if (want('bm25')) {
  const sc: Scorer[] = [];
  for (const wTitle of WT) for (const k1 of K1) for (const b of B) sc.push(bm25(s, { k1, b, wTitle }));
  family('FTS5-form bm25: k1 × b × title weight', sc);
}
if (want('bm25f')) {
  const sc: Scorer[] = [];
  for (const wTitle of [1, 2, 2.5, 3, 4]) for (const k1 of [0.6, 0.9, 1.2, 1.5, 2.0]) for (const bTitle of [0, 0.25, 0.5, 0.75, 1]) for (const bAbstract of [0.3, 0.5, 0.6, 0.75, 0.9, 1.0]) sc.push(bm25f(s, { k1, wTitle, bTitle, bAbstract }));
  family('BM25F: k1 × title weight × b_title × b_abstract', sc);
}
if (want('plus')) {
  const sc: Scorer[] = [];
  for (const delta of [0, 0.25, 0.5, 1]) for (const wTitle of [2, 2.5, 3]) for (const k1 of [0.8, 1.2, 1.6]) for (const b of [0.5, 0.75, 0.9]) sc.push(bm25(s, { k1, b, wTitle, delta }));
  family('BM25+ (delta) × k1 × b × title weight', sc);
}
if (want('idf')) {
  const sc: Scorer[] = [];
  for (const idfPower of [0.5, 1, 1.5, 2, 3]) for (const wTitle of [2, 2.5, 3]) for (const k1 of [0.8, 1.2, 1.6]) for (const b of [0.5, 0.75, 0.9]) sc.push(bm25(s, { k1, b, wTitle, idfPower }));
  for (const wTitle of [2, 2.5, 3]) for (const k1 of [0.8, 1.2, 1.6]) for (const b of [0.5, 0.75, 0.9]) sc.push(bm25(s, { k1, b, wTitle, idf: 'lucene' }));
  family('bm25 with idf^p (p 0.5–3) or Lucene idf', sc);
}
if (want('ql')) {
  const sc: Scorer[] = [];
  for (const wTitle of [1, 2, 3, 4]) for (const mu of [25, 50, 100, 200, 300, 500, 750, 1000, 1500, 2000, 3000]) sc.push(dirichlet(s, { mu, wTitle }));
  family('Dirichlet query likelihood: mu × title weight', sc);
}
if (want('exact')) {
  const sc: Scorer[] = [];
  for (const exact of [0, 0.25, 0.5, 1, 2]) for (const wTitle of [2.5, 3]) for (const k1 of [1.2, 1.6]) for (const b of [0.75, 0.9]) for (const delta of [0, 0.25]) sc.push(bm25(s, { k1, b, wTitle, exact, delta }));
  family('bm25 + exact-form (unstemmed) tf bonus × delta', sc);
}
if (want('bm25l')) {
  const sc: Scorer[] = [];
  for (const lDelta of [0.1, 0.25, 0.5, 1]) for (const wTitle of [2, 2.5, 3]) for (const k1 of [0.8, 1.2, 1.6]) for (const b of [0.5, 0.75, 0.9]) sc.push(bm25(s, { k1, b, wTitle, lDelta }));
  family('BM25L × k1 × b × title weight', sc);
}
if (want('dfr')) {
  const sc: Scorer[] = [];
  for (const wTitle of [1, 2, 2.5, 3, 4]) {
    sc.push(dfr(s, { model: 'DPH', c: 1, wTitle }));
    for (const c of [0.5, 1, 2, 4, 7, 10]) for (const model of ['InL2', 'PL2'] as const) sc.push(dfr(s, { model, c, wTitle }));
  }
  family('DFR: InL2 / PL2 (c) / DPH × title weight', sc);
}
if (want('plusfine')) {
  const sc: Scorer[] = [];
  for (const delta of [0, 0.1, 0.2, 0.3, 0.4, 0.5]) for (const wTitle of [2.5, 3, 3.5, 4]) for (const k1 of [1.2, 1.4, 1.6, 1.8, 2.0]) for (const b of [0.6, 0.75, 0.9]) sc.push(bm25(s, { k1, b, wTitle, delta }));
  family('BM25+ finer grid', sc);
}
if (want('pool')) {
  // The product would rescore a pool fetched from FTS5 in today's order: does a pool lose anything?
  const best = bm25(s, { k1: 1.6, b: 0.75, wTitle: 3, delta: 0.25 });
  for (const pool of [40, 100, 200, Infinity]) {
    const v = evaluate(prepared, c.qrels, c.ids, best, pool);
    const d = paired(v, cliPaperboy);
    out(`[pool] ${best.name}, pool ${pool}: ${f4(mean(v))} folds ${foldMeans(v, fold).map(f4).join(' ')}; vs paperboy ${f4(d.diff)} ± ${f4(d.se)} (better ${d.better}, worse ${d.worse})`);
  }
  const sc: Scorer[] = [];
  for (const delta of [0, 0.25, 0.5]) for (const wTitle of [2.5, 3]) for (const k1 of [1.2, 1.6]) sc.push(bm25(s, { k1, b: 0.75, wTitle, delta }));
  family('BM25+ small grid, rescoring only the FTS5 top 200', sc, 200);
}
if (want('passage')) {
  const sc: Scorer[] = [reference];
  for (const window of [20, 40, 80]) for (const lambda of [0.1, 0.25, 0.5, 1]) sc.push(passage(s, reference, { window, lambda, k1: 1.2 }));
  family('bm25 (as today) + best-passage bm25, rescoring the FTS5 top 100', sc, 100);
}
if (want('coord')) {
  const sc: Scorer[] = [reference];
  for (const coordPower of [1, 2]) for (const coord of [0.05, 0.1, 0.2, 0.3, 0.5]) for (const wTitle of [2.5, 3]) for (const k1 of [1.2, 1.6]) sc.push(bm25(s, { k1, b: 0.75, wTitle, coord: coordPower === 2 ? coord / 3 : coord, coordPower }));
  family('bm25 + idf-weighted matched-term bonus (idf or idf²)', sc);
}
if (want('seeds')) {
  // How much does the CV figure depend on the fold split? Same grids, 5 different fold seeds.
  const grids: Array<[string, Scorer[]]> = [];
  const g1: Scorer[] = [];
  for (const wTitle of WT) for (const k1 of K1) for (const b of B) g1.push(bm25(s, { k1, b, wTitle }));
  grids.push(['bm25 k1×b×wT', g1]);
  const g2: Scorer[] = [];
  for (const delta of [0, 0.1, 0.2, 0.3, 0.4, 0.5]) for (const wTitle of [2.5, 3, 3.5, 4]) for (const k1 of [1.2, 1.4, 1.6, 1.8, 2.0]) for (const b of [0.6, 0.75, 0.9]) g2.push(bm25(s, { k1, b, wTitle, delta }));
  grids.push(['BM25+ fine', g2]);
  for (const [name, sc] of grids) {
    const configs = sc.map((x) => ({ name: x.name, ndcg: evaluate(prepared, c.qrels, c.ids, x, Infinity) }));
    const res = [1, 2, 3, 4, 5].map((seed) => crossValidate(configs, folds(qids.length, 5, seed * 7919)));
    out(`[seeds] ${name}: CV means over 5 fold seeds ${res.map((r) => f4(r.mean)).join(' ')} (paperboy ${f4(mean(cliPaperboy))})`);
  }
}
const prfSteps = (values.only?.split(',') ?? []).filter((x) => x === 'prf' || x === 'prf2');
if (prfSteps.length > 0) {
  // Pseudo-relevance feedback (prf.ts); only when asked for, so the default run stays as before.
  // prf: first grid; prf2: finer grid drawn up around prf's best points.
  const started = performance.now();
  const ix = loadIndex(values.work, c);
  out(`\n[prf] index: ${ix.terms.length} terms in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  for (const step of prfSteps) {
    const t = performance.now();
    const fams = prfFamilies(c, s, ix, prepared, reference, out, step === 'prf' ? DEFAULT_GRID : FINE_GRID);
    out(`[${step}] computed in ${((performance.now() - t) / 1000).toFixed(1)} s`);
    for (const r of fams) {
      reportFamily(`${step}: ${r.family}`, r.configs, performance.now());
      const res = [1, 2, 3, 4, 5].map((seed) => paired(crossValidate(r.configs, folds(qids.length, 5, seed * 7919)).perQuery, cliPaperboy));
      out(`  CV vs paperboy over 5 other fold seeds: ${res.map((d) => `${d.diff >= 0 ? '+' : ''}${f4(d.diff)}±${f4(d.se)}`).join(' ')}`);
    }
  }
}
if (rows.length > 1) {
  const cv = crossValidate(allConfigs, fold);
  const vsPb = paired(cv.perQuery, cliPaperboy);
  out(`\n[all families together] ${allConfigs.length} configs: CV ${f4(cv.mean)} folds ${cv.heldOut.map(f4).join(' ')}; vs paperboy ${f4(vsPb.diff)} ± ${f4(vsPb.se)}`);
  out(`  chosen: ${cv.chosen.join('; ')}`);
}
out(`\nreference re-implementation ${f4(mean(refNdcg))}, folds ${foldMeans(refNdcg, fold).map(f4).join(' ')}`);
out(`total ${((performance.now() - t0) / 1000).toFixed(1)} s`);
