/**
 * The terms a channel's model reads from a paper: stemmed words and word pairs of the title and
 * the abstract (arxiv-sanity's tf-idf over unigrams and bigrams), each author as one term, each
 * arXiv category as one term. Prefixes keep the kinds apart: the word "graph" and an author
 * called Graph are different evidence.
 */
import { stemmer } from 'stemmer';
import type { Paper } from '../paper.ts';
import { STOPWORDS, tokenize } from '../search/tokenize.ts';
import { authorNameKey } from '../author-name.ts';

/** Words shorter than this carry little topic (and the tokenizer keeps every digit run). */
const MIN_WORD_LENGTH = 3;

/**
 * Stems by word, remembered: a fit reads a thousand abstracts of mostly the same words, and the
 * Porter stemmer was most of its cost (bench/learning-bench.ts). Bounded: cleared when full.
 */
const stems = new Map<string, string>();
const MAX_REMEMBERED_STEMS = 200_000;

function stemOf(word: string): string {
  let stem = stems.get(word);
  if (stem === undefined) {
    if (stems.size >= MAX_REMEMBERED_STEMS) stems.clear();
    stem = stemmer(word);
    stems.set(word, stem);
  }
  return stem;
}

/** Stemmed content words of a text, in order: the unit of the word terms. */
export function contentWords(text: string): string[] {
  const words: string[] = [];
  for (const token of tokenize(text)) {
    if (token.length < MIN_WORD_LENGTH || STOPWORDS.has(token) || /^\d+$/.test(token)) continue;
    words.push(stemOf(token));
  }
  return words;
}

/** Counts of a paper's terms (term → occurrences). */
export function paperTerms(paper: Pick<Paper, 'title' | 'abstract' | 'authors' | 'categories'>): Map<string, number> {
  const counts = new Map<string, number>();
  const add = (term: string) => counts.set(term, (counts.get(term) ?? 0) + 1);
  for (const text of [paper.title, paper.abstract]) {
    const words = contentWords(text);
    for (let i = 0; i < words.length; i++) {
      add(words[i]!);
      if (i > 0) add(`${words[i - 1]} ${words[i]}`);
    }
  }
  // The title says what the paper is about in a dozen words: each of them counts as much again.
  for (const word of contentWords(paper.title)) add(word);
  for (const author of paper.authors) {
    const key = authorNameKey(author);
    if (key) add(`author:${key}`);
  }
  for (const category of paper.categories) add(`cat:${category.toLowerCase()}`);
  return counts;
}

/** How a term reads to a person: a word pair or stem as it is, an author or category without its prefix. */
export function readableTerm(term: string): string {
  if (term.startsWith('author:')) return `author ${term.slice('author:'.length)}`;
  if (term.startsWith('cat:')) return `category ${term.slice('cat:'.length)}`;
  return term;
}
