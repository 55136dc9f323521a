/**
 * The words `/papers like <id>` searches with: every content word of the paper's title, then the
 * words its abstract leans on most, as an any-word search (bm25 weighs them by rarity).
 *
 * Why the abstract: a title is a handful of words, and papers on the same problem often title it
 * differently. On CSFCube (bench/learning-like.ts, test folds, all facets) title words alone gave
 * MAP 0.278 / NDCG%20 0.454, under a plain FTS5 BM25 of the whole title and abstract (0.324 / 0.523).
 *
 * Why not every abstract word: each word is one more OR term that FTS5 scores for every match, and
 * at 78,736 papers all of them (about 80 distinct words) took 187 ms p50 / 418 ms p95 a `like`
 * against 9 ms for the title's. The abstract words kept are those it repeats most (a paper
 * repeats what it is about), longer first among equals (longer words are the rarer, more telling
 * ones): LIKE_ABSTRACT_WORDS of them reach MAP 0.339 / NDCG%20 0.535 on CSFCube, and 31 ms p50 /
 * 47 ms p95 a `like` at 78,736 papers (2 shared cores at load 4-8). Fewer fall below BM25
 * (12: MAP 0.318 / NDCG%20 0.517; 15: 0.325 / 0.527), more add little (30: 0.334 / 0.522).
 */
import type { Paper } from '../paper.ts';
import { STOPWORDS, tokenize } from './tokenize.ts';

/** Abstract words a `like` search adds to the title's. */
export const LIKE_ABSTRACT_WORDS = 20;

const isContentWord = (word: string) => word.length > 2 && !STOPWORDS.has(word);

/** The title's content words, then up to LIKE_ABSTRACT_WORDS more from the abstract, each once. */
export function likeWords(paper: Pick<Paper, 'title' | 'abstract'>): string[] {
  const titleWords = [...new Set(tokenize(paper.title))].filter(isContentWord);
  const inTitle = new Set(titleWords);
  const counts = new Map<string, number>();
  for (const word of tokenize(paper.abstract)) {
    if (isContentWord(word) && !inTitle.has(word)) counts.set(word, (counts.get(word) ?? 0) + 1);
  }
  const abstractWords = [...counts]
    .sort(([a, m], [b, n]) => n - m || b.length - a.length || a.localeCompare(b))
    .slice(0, LIKE_ABSTRACT_WORDS)
    .map(([word]) => word);
  return [...titleWords, ...abstractWords];
}
